"""promosim.compare: the command's numbers and words, results of earlier folders, report, chart."""

import pandas as pd
import pytest

import promosim
from promosim.cli import main
from promosim.errors import ConfigError
from promosim.experiments.compare import paired_differences
from promosim.experiments.store import load_results
from promosim.outcomes import OUTCOMES
from promosim.workflows import ComparisonResult

from .conftest import FIRM

SMALL = ["--set", "n_teams=2", "--set", "team_size=3", "--set", "spinup_months=12",
         "--months", "24"]


def test_the_command_prints_the_result_of_the_library(comparison, tmp_path, capsys):
    out = tmp_path / "cmd"
    assert main(["compare", "tight-control", "relationship-bonus", "--replicates", "3", "--seed",
                 "2", "--workers", "0", "--out", str(out), *SMALL]) == 0
    printed = capsys.readouterr()
    assert comparison.report() in printed.out
    assert printed.out.rstrip().endswith(f"report: {out / 'report.html'}")
    assert printed.err.startswith("promosim compare: baseline and 2 policies × 3 replicates, "
                                  "24 months = 9 runs in 1 chunk, about ")
    pd.testing.assert_frame_equal(ComparisonResult(out).to_frame(), comparison.to_frame())


def test_the_differences_are_the_paired_differences_of_the_runs(comparison):
    table = comparison.to_frame()
    assert list(dict.fromkeys(table["label"])) == ["tight-control", "relationship-bonus"]
    assert (table.loc[table["outcome"] == "turnover_rate", "pairs"] == 3).all()
    pd.testing.assert_frame_equal(table, paired_differences(load_results(comparison.folder)))
    table.loc[0, "difference"] = 99.0  # a copy: the result is unchanged
    assert comparison.to_frame().loc[0, "difference"] != 99.0
    assert comparison.reference == "baseline"
    assert (comparison.replicates, comparison.months) == (3, 24)
    assert str(comparison) == comparison.report()
    assert comparison.report().startswith("Difference from baseline (policy − baseline), mean "
                                          "and 95% interval over 3 paired replicates, 24 months; "
                                          "ranked by profit, best first:")


def test_the_policies_are_ranked_best_first_by_the_outcome_named(comparison):
    for outcome in ("profit", "turnover_rate"):
        ranked = comparison.ranked(outcome)
        rows = ranked[ranked["outcome"] == outcome]
        better = OUTCOMES[outcome].better
        assert list(rows["rank"]) == [1, 2]
        assert better * rows["difference"].iloc[0] >= better * rows["difference"].iloc[1]
        first = rows["label"].iloc[0]
        assert f"  1. {first}\n" in comparison.report(outcome)
    with pytest.raises(ConfigError, match="cannot rank by 'spin'; choose one of"):
        comparison.ranked("spin")


def test_calling_again_finds_the_comparison_done(comparison):
    again = promosim.compare(["tight-control", "relationship-bonus"], overrides=FIRM, months=24,
                             replicates=3, seed=2, workers=0, progress=False,
                             out=comparison.folder)
    pd.testing.assert_frame_equal(again.to_frame(), comparison.to_frame())


def test_save_writes_the_report_and_copies_it(comparison, tmp_path):
    assert comparison.save() == comparison.folder
    assert (comparison.folder / "report.html").stat().st_size > 10_000
    handout = comparison.save(tmp_path / "handout")
    names = sorted(path.name for path in handout.iterdir())
    assert "report.html" in names and "report.csv" in names and len(names) == 10
    assert (handout / "report.csv").read_bytes() == (comparison.folder / "report.csv").read_bytes()


def test_the_chart_shows_every_difference(comparison):
    chart = comparison.plot(["turnover_rate", "churn_rate"])
    assert [axis.get_title() for axis in chart.axes] == ["Promoter turnover (a year)",
                                                         "Customer churn (a year)"]
    assert chart._repr_png_().startswith(b"\x89PNG")
    everything = comparison.plot(["profit", "hires"])  # outcomes beyond the printed ones
    assert [axis.get_title() for axis in everything.axes] == ["Profit (a year)", "Hires"]
    profit = comparison.differences.set_index(["label", "outcome"]).loc[
        ("tight-control", "profit"), "difference"]
    dots = everything.axes[0].lines[0].get_xdata()  # tight-control's, in M€ a year
    assert dots[0] == pytest.approx(profit / 2 * 0.001)
    with pytest.raises(ConfigError, match=r"unknown outcome 'turnover' \(did you mean "
                                          r"'turnover_rate'\?\)"):
        comparison.plot(["turnover"])


def test_policies_are_names_files_or_objects(tmp_path):
    from promosim.scenario import load_policy

    policy = load_policy("configs/policies/commission-heavy.toml")
    result = promosim.compare(policy, {**FIRM, "months": 12}, replicates=2, workers=0,
                              progress=False, out=tmp_path / "one")
    assert list(result.points()["label"]) == ["baseline", "commission-heavy"]


@pytest.mark.parametrize(("call", "message"), [
    ({"policies": []}, "'policies' must name at least one policy"),
    ({"policies": ["no-such-policy"]}, "policy 'no-such-policy': no such file or named policy"),
    ({"replicates": 1}, "promosim.compare: 'replicates' must be a whole number from 2 to"),
    ({"seed": -1}, "promosim.compare: 'seed' must be a whole number from 0"),
    ({"months": 0}, "promosim.compare: overrides: 'months' = 0 is out of range"),
    ({"overrides": {"n_team": 2}}, "unknown parameter 'n_team' (did you mean 'n_teams'?)"),
    ({"scenario": 3}, "'scenario' must be a scenario file, a Scenario or a mapping"),
    ({"workers": 1, "dask_local": 1}, "give one of workers, scheduler and dask_local"),
    ({"chunk_runs": 0}, "'chunk_runs' must be a whole number from 1 to 10,000"),
])
def test_bad_arguments_are_one_clear_line(tmp_path, call, message):
    arguments = {"policies": ["tight-control"], "out": tmp_path / "x", "workers": 0, **call}
    with pytest.raises(ConfigError) as error:
        promosim.compare(**arguments)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert not (tmp_path / "x").exists()


def test_a_result_of_a_missing_folder_says_so(tmp_path):
    result = ComparisonResult(tmp_path / "none")
    with pytest.raises(ConfigError, match="no such results folder"):
        result.save()
    with pytest.raises(ConfigError, match=r"not a results folder \(no manifest.json\)"):
        result.to_frame()
    assert not (tmp_path / "none").exists()


@pytest.fixture(scope="module")
def three_years(tmp_path_factory) -> ComparisonResult:
    """One policy against the baseline: 3 replicates of the small firm, 36 months."""
    return promosim.compare("clear-goals-feedback", overrides=FIRM, months=36, replicates=3,
                            seed=4, workers=0, progress=False,
                            out=tmp_path_factory.mktemp("compare") / "three")


def span_differences(result: ComparisonResult, months: range) -> pd.DataFrame:
    """Turnover and profit a year within ``months``, policy − baseline by replicate, from series."""
    runs = result.runs().set_index("run")
    sums = result.series().query("month in @months").groupby("run")[
        ["quits", "promoters", "profit"]].sum()
    years = len(months) / 12
    table = pd.DataFrame({"turnover_rate": sums["quits"] / (sums["promoters"] / 12),
                          "profit": sums["profit"] / years,
                          "label": runs["label"], "replicate": runs["replicate"]})
    wide = table.pivot(index="replicate", columns="label")
    return pd.DataFrame({name: wide[name]["clear-goals-feedback"] - wide[name]["baseline"]
                         for name in ("turnover_rate", "profit")})


def test_the_first_year_and_the_steady_state_are_computed_from_the_series(three_years):
    windows = three_years.windows
    assert list(dict.fromkeys(windows["window"])) == ["first_year", "steady_state"]
    for window, months in (("first_year", range(1, 13)), ("steady_state", range(25, 37))):
        expected = span_differences(three_years, months).mean()
        rows = windows[windows["window"] == window].set_index("outcome")
        assert rows.loc["turnover_rate", "difference"] == pytest.approx(expected["turnover_rate"])
        assert rows.loc["profit", "difference"] == pytest.approx(expected["profit"])  # 1 year


def test_the_printout_shows_both_spans_a_year_and_says_the_ranking_is_over_the_horizon(
        three_years):
    text = three_years.report()
    lines = text.splitlines()
    spans = lines.index("    Transition and steady state        first year after the switch     "
                        "steady state (year 3 on)")
    profit = OUTCOMES["profit"]
    first, steady = (span_differences(three_years, months)["profit"].mean()
                     for months in (range(1, 13), range(25, 37)))
    line = next(x for x in lines[spans:] if x.startswith("    Profit (a year)"))
    assert profit.format_difference(first) in line.split("[")[0]
    assert line.index(profit.format_difference(steady)) > 70
    whole = three_years.differences.set_index("outcome").loc["profit"]
    assert any(x.startswith("    Profit (a year)") and profit.format(whole["reference"] / 3) in x
               for x in lines[:spans])  # money a year over the horizon too
    said = " ".join(text.split())
    assert ("The ranking and each policy's first lines cover the whole horizon (36 months, the "
            "transition included); the first year after the switch and the steady state (year 3 "
            "on) are shown apart below them. Money is a year's, for the firm simulated.") in said


def test_a_horizon_without_a_steady_state_says_so(comparison):
    assert set(comparison.windows["window"]) == {"first_year"}
    said = " ".join(comparison.report().split())
    assert ("the first year after the switch is shown apart below them; the steady state (year 3 "
            "on) is not reached in 24 months.") in said


def test_report_writes_the_page_the_command_writes(comparison, tmp_path, capsys):
    page = promosim.report(comparison.folder)
    assert page == comparison.folder / "report.html" and page.stat().st_size > 10_000
    assert main(["report", str(comparison.folder)]) == 0
    assert capsys.readouterr().out.strip() == str(page)
    copied = promosim.report(comparison.folder, out=tmp_path / "handout")
    assert copied == tmp_path / "handout" / "report.html" and copied.is_file()
    assert (tmp_path / "handout" / "report.csv").read_bytes() == (
        comparison.folder / "report.csv").read_bytes()


@pytest.mark.parametrize(("call", "message"), [
    ({"results": "no-such-folder"}, "no-such-folder: no such results folder"),
    ({"results": 3}, "promosim.report: 'results' must be a results folder, got 3"),
    ({"results": ".", "out": 3}, "promosim.report: 'out' must be a folder, got 3"),
])
def test_report_of_what_is_no_results_folder_is_one_clear_line(call, message):
    with pytest.raises(ConfigError) as error:
        promosim.report(**call)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_difference_without_an_interval_is_printed_as_such():
    import math

    from promosim.outcomes import OUTCOMES
    from promosim.workflows.compare import _difference

    share = OUTCOMES["spiral_quit_share"]
    assert _difference(share, 0.0, math.nan, math.nan).endswith("[no interval]")
    assert _difference(share, math.nan, math.nan, math.nan).strip() == "n/a"
    assert "nan" not in _difference(share, -0.05, -0.08, -0.02)


def test_money_a_year_leaves_a_single_year_s_revenue_as_it_is():
    from promosim.experiments.compare import money_a_year

    table = pd.DataFrame({"label": "x", "outcome": ["profit", "revenue_first_year"],
                          **{c: [100.0, 60.0] for c in ("reference", "policy", "difference",
                                                         "low", "high")}})
    scaled = money_a_year(table, years=2.0)
    assert scaled["policy"].tolist() == [50.0, 60.0]
