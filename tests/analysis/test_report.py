"""The report: its numbers agree with a recomputation from the raw folder; it is one file."""

import base64
import json
import re
from html import unescape

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from promosim.analysis import wording
from promosim.analysis.report import TABLES, restricted_horizon, write_report
from promosim.cli import main
from promosim.outcomes import SERIES_NAMES as SERIES
from promosim.summary import OUTCOMES, summarise_series

from .conftest import SMALL, make_folder, shipped


@pytest.fixture(scope="module")
def raw(compare_folder):
    """The raw folder, read without promosim: runs with labels, series, events, horizon."""
    points = pd.read_parquet(compare_folder / "points.parquet")
    runs = pd.concat(pd.read_parquet(p) for p in sorted((compare_folder / "runs").glob("*")))
    runs = runs.merge(points[["point", "label"]], on="point")
    series = pd.concat(pd.read_parquet(p) for p in sorted((compare_folder / "series").glob("*")))
    events = pd.concat(pd.read_parquet(p) for p in sorted((compare_folder / "events").glob("*")))
    months = json.loads((compare_folder / "manifest.json").read_text())["months"]
    return runs, series, events, months


def test_the_folder_is_consistent_with_its_monthly_series(raw):
    runs, series, _, _ = raw
    wide = {name: series.pivot(index="run", columns="month", values=name).to_numpy()
            for name in SERIES}
    again = summarise_series(wide)
    for name in OUTCOMES:
        assert np.allclose(runs.sort_values("run")[name], again[name], equal_nan=True), name


def test_compared_outcomes_agree_with_a_recomputation(report, raw):
    runs, _, _, _ = raw
    table = pd.read_csv(report.parent / "report.csv")
    assert set(table["label"]) == set(runs["label"])
    for row in table.itertuples():
        own = runs[runs["label"] == row.label].set_index("replicate")[row.outcome]
        assert row.mean == pytest.approx(np.nanmean(own), nan_ok=True)
        if row.label == "baseline":
            continue
        base = runs[runs["label"] == "baseline"].set_index("replicate")[row.outcome]
        d = (own - base.loc[own.index]).dropna()
        assert row.method == "paired t" and row.pairs == len(d)
        assert row.difference == pytest.approx(d.mean(), nan_ok=True)
        if len(d) > 1 and d.std() > 0:
            ci = stats.ttest_1samp(d, 0.0).confidence_interval(0.95)
            assert (row.difference_low, row.difference_high) == pytest.approx((ci.low, ci.high))


def spells_by_hand(events: pd.DataFrame, months: int, start: str, end: str, key: str):
    """(label, duration, ended) of spells that start in months 1..T, built with plain loops."""
    ends = {(r.run, getattr(r, key)): r.month for r in events[events["event"] == end].itertuples()}
    out = []
    for r in events[events["event"] == start].itertuples():
        stop = ends.get((r.run, getattr(r, key)))
        out.append((r.label, (stop if stop is not None else months) - r.month, stop is not None))
    return pd.DataFrame(out, columns=["label", "duration", "ended"])


@pytest.mark.parametrize("measure, start, end, key", [
    ("tenure", "hire", "quit", "person"),
    ("relationship", "relationship_start", "relationship_end", "account")])
def test_survival_numbers_agree_with_a_recomputation(report, raw, measure, start, end, key):
    runs, _, events, months = raw
    events = events.merge(runs[["run", "label"]], on="run")
    spells = spells_by_hand(events, months, start, end, key)
    table = pd.read_csv(report.parent / "report-survival.csv")
    table = table[table["measure"] == measure].set_index("label")
    tau = restricted_horizon(months)
    for label, own in spells.groupby("label"):
        fit = stats.ecdf(stats.CensoredData.right_censored(own["duration"], ~own["ended"]))
        survival = fit.sf.evaluate(np.arange(tau))  # durations are whole months
        row = table.loc[label]
        assert (row["spells"], row["ended"]) == (len(own), own["ended"].sum())
        assert row["restricted_mean"] == pytest.approx(survival.sum())
        below = fit.sf.quantiles[fit.sf.probabilities <= 0.5]
        assert row["median"] == pytest.approx(below[0] if below.size else np.nan, nan_ok=True)
        if label != "baseline":
            base = spells[spells["label"] == "baseline"]
            test = stats.logrank(
                stats.CensoredData.right_censored(own["duration"], ~own["ended"]),
                stats.CensoredData.right_censored(base["duration"], ~base["ended"]))
            assert row["logrank_p"] == pytest.approx(test.pvalue)


def test_spiral_counts_and_annual_turnover_agree_with_a_recomputation(report, raw):
    runs, series, events, _ = raw
    events = events.merge(runs[["run", "label"]], on="run")
    spirals = pd.read_csv(report.parent / "report-spirals.csv").set_index("label")
    for label, own in events.groupby("label"):
        starts = own[own["event"] == "spiral_start"]
        ends = own[(own["event"] == "spiral_end") & (own["month"] - own["duration"] >= 1)]
        row = spirals.loc[label]
        assert row["spirals"] == len(starts)
        assert row["quit"] == (ends["detail"] == "quit").sum()
        assert row["recovered"] == (ends["detail"] == "recovery").sum()
        assert row["incidence"] == pytest.approx(runs.loc[runs["label"] == label,
                                                          "spiral_incidence"].mean())
    annual = pd.read_csv(report.parent / "report-annual.csv")
    first = annual[(annual["measure"] == "turnover") & (annual["year"] == 1)].set_index("label")
    year = series[series["month"].between(1, 12)].merge(runs[["run", "label"]], on="run")
    per_run = year.groupby(["label", "run"]).apply(
        lambda f: f["quits"].sum() / (f["promoters"].sum() / 12), include_groups=False)
    for label, rates in per_run.groupby("label"):
        assert first.loc[label, "mean"] == pytest.approx(rates.mean())


def table_rows(page: str) -> dict[str, str]:
    rows = re.findall(r'<tr data-outcome="(\w+)">(.*?)</tr>', page, flags=re.S)
    return {name: unescape(re.sub(r"<[^>]+>", " ", body)) for name, body in rows}


def test_the_page_shows_the_recomputed_numbers(report, raw):
    runs, _, _, _ = raw
    rows = table_rows(report.read_text(encoding="utf-8"))
    assert {"turnover_rate", "churn_rate", "mean_customer_trust", "profit"} <= set(rows)
    kinds = {"turnover_rate": "rate", "churn_rate": "rate", "mean_customer_trust": "index",
             "profit": "money", "pay_cost": "money"}
    base = runs[runs["label"] == "baseline"].set_index("replicate")
    years = raw[3] / 12  # money is shown a year
    for name, kind in kinds.items():
        scale = 1 / years if kind == "money" else 1
        for label, own in runs.groupby("label"):
            own = own.set_index("replicate")
            assert wording.value_text(own[name].mean() * scale, kind) in rows[name], (name, label)
            if label != "baseline":
                shown = wording.difference_text((own[name] - base[name]).mean() * scale, kind)
                assert shown in rows[name], (name, label)


def test_the_page_is_self_contained_and_printable(report):
    page = report.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:|//|file:)', page)
    assert "<link" not in page and "<script" not in page
    images = re.findall(r'<img src="([^"]+)"', page)
    assert len(images) >= 6
    for source in images:
        assert source.startswith("data:image/png;base64,")
        assert base64.b64decode(source.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "@media print" in page
    for section in ("summary", "what-this-says", "cost-retention", "retention", "relationships",
                    "trajectories", "spirals"):
        assert f'<section id="{section}">' in page
    for policy in ("tight-control", "promoter-friendly", "commission-heavy"):
        assert f"<strong>{policy}</strong>" in page
    assert page.count("What it means:") >= 6
    for stem in TABLES:
        assert (report.parent / f"{stem}.csv").stat().st_size > 0


def test_without_common_seeds_the_report_uses_welch_intervals(tmp_path):
    folder = make_folder(tmp_path / "unpaired", shipped("tight-control"), replicates=3,
                         base=SMALL, paired=False)
    page = write_report(folder).read_text(encoding="utf-8")
    table = pd.read_csv(folder / "report.csv")
    assert set(table.loc[table["label"] == "tight-control", "method"]) == {"Welch t"}
    assert "Welch" in page


def test_report_command(compare_folder, capsys):
    assert main(["report", str(compare_folder)]) == 0
    assert capsys.readouterr().out.strip() == str(compare_folder / "report.html")


def test_report_command_explains_a_wrong_folder(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("promosim report: error: ") and "missing" in error
    assert "\n" not in error
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty")]) == 2
    assert "manifest.json" in capsys.readouterr().err


def test_a_folder_with_almost_nothing_to_follow_still_reports(tmp_path):
    tiny = {**SMALL, "n_teams": 1, "team_size": 2, "months": 4}
    folder = make_folder(tmp_path / "tiny", shipped("promoter-friendly"), replicates=2, base=tiny)
    page = write_report(folder).read_text(encoding="utf-8")
    survival = pd.read_csv(folder / "report-survival.csv")
    assert (survival.loc[survival["measure"] == "tenure", "spells"] == 0).any()
    text = re.sub(r'src="data:[^"]*"', "", page)
    assert "none to follow" in text and not re.search(r"\bnan\b", text, flags=re.I)


def test_the_first_year_and_the_steady_state_are_compared_apart(report, raw):
    """Turnover in each window agrees with a recomputation from the raw monthly series."""
    runs, series, _, months = raw
    table = pd.read_csv(report.parent / "report-windows.csv")
    assert set(table["window"]) == {"first_year", "steady_state"}
    for window, (first, last) in {"first_year": (1, 12), "steady_state": (25, months)}.items():
        inside = series[series["month"].between(first, last)].groupby("run")
        rate = inside["quits"].sum() / (inside["promoters"].sum() / 12)
        by_run = runs.set_index("run")["label"]
        rows = table[(table.window == window) & (table.outcome == "turnover_rate")]
        for row in rows.itertuples():
            assert row.mean == pytest.approx(rate[by_run == row.label].mean()), (window, row.label)
    page = unescape(report.read_text(encoding="utf-8"))
    assert "Transition and steady state" in page and "first year after the switch" in page


def test_a_class_of_many_policies_is_reported_with_the_first_ten_charted(tmp_path):
    tiny = {**SMALL, "n_teams": 1, "team_size": 3, "months": 6, "spinup_months": 6}
    policies = {"baseline": {}, **{f"team {i:02d}": {"goal_clarity": 0.2 + i / 40}
                                   for i in range(1, 15)}}
    folder = make_folder(tmp_path / "class", policies, replicates=2, base=tiny)
    page = write_report(folder).read_text(encoding="utf-8")
    assert ("The charts draw the baseline and the first 10 policies; the other 4 are in the "
            "tables") in page
    assert set(pd.read_csv(folder / "report.csv")["label"]) == set(policies)
    assert "team 14</strong>" in page


def test_a_span_the_horizon_does_not_reach_is_left_out_and_said(tmp_path):
    short = {**SMALL, "n_teams": 1, "team_size": 3, "months": 14, "spinup_months": 6}
    folder = make_folder(tmp_path / "short", shipped("tight-control"), replicates=2, base=short)
    page = unescape(write_report(folder).read_text(encoding="utf-8"))
    assert set(pd.read_csv(folder / "report-windows.csv")["window"]) == {"first_year"}
    assert "The steady state (year 3 on) is not reached in a horizon of 14 months." in page
