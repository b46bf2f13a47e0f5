"""Robust comparison: the analysis on made-up worlds, scenario discovery, and the command."""

import json

import numpy as np
import pandas as pd
import pytest

from promosim.cli import main
from promosim.experiments.store import load_results
from promosim.outcomes import KINDS, OUTCOMES
from promosim.uncertainty import robust
from promosim.uncertainty.compare import summary_lines
from promosim.uncertainty.discovery import prim
from promosim.uncertainty.robust import analyse_robust, two_way
from promosim.workflows import RobustResult


def test_two_way_variance_components():
    rng = np.random.default_rng(4)
    n, r = 600, 40
    d = (1.0 + rng.normal(0, 2.0, (n, 1)) + rng.normal(0, 0.5, (1, r))
         + rng.normal(0, 1.0, (n, r)))
    variance, world, replicate, rest = two_way(d)
    assert world == pytest.approx(4.0, rel=0.15)
    assert replicate == pytest.approx(0.25, rel=0.6)
    assert rest == pytest.approx(1.0, rel=0.05)
    assert variance == pytest.approx(4.0 / n + 0.25 / r + 1.0 / (n * r), rel=0.6)


def test_prim_finds_the_box_of_failures():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.random((400, 6)), columns=list("abcdef"))
    failing = ((x.a < 0.3) & (x.c > 0.5)).to_numpy() | (rng.random(400) < 0.03)
    box = prim(x, failing)
    assert box is not None and set(box.limits) == {"a", "c"}
    assert box.describe().startswith("a < 0.") and " and c > 0." in box.describe()
    assert box.density > 0.9 and box.coverage > 0.7
    assert prim(x, np.zeros(400, bool)) is None


def _made_up(worlds=80, replicates=4, seed=2):
    """Worlds where policy 'good' lowers turnover unless x < 0.25; 'bad' raises it."""
    rng = np.random.default_rng(seed)
    x = rng.random(worlds)
    noise = rng.random(worlds)
    rows = []
    labels = ["baseline", "good", "bad"]
    for w in range(worlds):
        for k, label in enumerate(labels):
            effect = {0: 0.0, 1: -0.05 if x[w] >= 0.25 else 0.03, 2: 0.04}[k]
            for r in range(replicates):
                rows.append({"point": w * 3 + k, "replicate": r, "label": label,
                             "turnover_rate": 0.2 + effect + 0.01 * rng.normal(),
                             "trust_gain": x[w], "trust_loss": noise[w]})
    design = {"labels": labels, "worlds": worlds, "drawn": ["trust_gain", "trust_loss"]}
    return pd.DataFrame(rows), design, x


def test_the_analysis_of_made_up_worlds():
    results, design, x = _made_up()
    a = analyse_robust(results, design, 4, outcomes=("turnover_rate",))
    good = a.summary[(a.summary.label == "good")].iloc[0]
    assert good.p_beats_reference == pytest.approx(np.mean(x >= 0.25))
    assert good.low < good.difference < good.high
    assert good.world_5 < 0 < good.world_95
    assert good.top_parameter == "trust_gain" and good.top_rho < -0.5  # more x, fewer quits
    assert good.rule.startswith("trust_gain < 0.2") and good.rule_density > 0.8
    # worlds: 0.08² · 0.78 · 0.22 = 0.0011; luck: 2 · 0.01² = 0.0002 → 0.85 due to parameters
    assert good.share_parameters == pytest.approx(0.85, abs=0.08)
    bad = a.summary[(a.summary.label == "bad")].iloc[0]
    assert bad.p_beats_reference == 0.0 and bad.rule == ""
    ranks = a.ranks.groupby(["label"])["share"].sum()
    assert np.allclose(ranks, 1.0)
    pairs = a.pairs.set_index(["label", "other"])["probability"]
    assert pairs["good", "bad"] + pairs["bad", "good"] == pytest.approx(1.0)
    assert (a.summary.regret_worst >= 0).all()
    sense = a.sensitivity[a.sensitivity.label == "good"].iloc[0]
    assert sense.parameter == "trust_gain" and sense.significant


def test_an_outcome_some_worlds_leave_undefined_says_how_many_define_it():
    results, design, _ = _made_up()
    results["first_spiral"] = np.where(results["point"] // 3 < 60, 30.0, np.nan)
    a = analyse_robust(results, design, 4, outcomes=("turnover_rate", "first_spiral"))
    worlds = a.summary.set_index(["label", "outcome"])["worlds"]
    assert worlds["good", "turnover_rate"] == 80 and worlds["good", "first_spiral"] == 60
    lines = summary_lines(a)
    assert [line for line in lines if "worlds where every run defines it" in line] == [
        line for line in lines if OUTCOMES["first_spiral"].yearly_heading in line]
    assert len([line for line in lines if "(in the 60 of 80 worlds" in line]) == 2


def test_plausible_worlds_are_screened_in_order(monkeypatch):
    from promosim.scenario import load_scenario

    scenario = load_scenario("configs/baseline.toml").with_overrides(
        n_teams=2, team_size=3, months=12, spinup_months=12)
    monkeypatch.setattr(robust, "PLAUSIBLE", {"turnover_rate": (0.0, 5.0)})
    worlds = robust.prior_worlds(scenario, 3, seed=5)
    assert len(worlds.draws) == 3 and worlds.about["screened"] == 6
    monkeypatch.setattr(robust, "PLAUSIBLE", {"turnover_rate": (9.0, 10.0)})
    with pytest.raises(Exception, match="keep the baseline's turnover and churn"):
        robust.prior_worlds(scenario, 2, seed=5)


def test_compare_with_uncertainty_end_to_end(tmp_path, capsys):
    out = tmp_path / "cmp"
    argv = ["compare", "tight-control", "--months", "24", "--replicates", "2",
            "--set", "n_teams=2", "--set", "team_size=3", "--set", "spinup_months=12",
            "--uncertainty", "4", "--world-replicates", "2", "--unfiltered", "--workers", "0",
            "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "Over 4 worlds drawn from the priors (unscreened) × 2 replicates" in printed
    assert RobustResult(out / "uncertainty").report() + "\n" in printed  # the library's words
    summary = pd.read_csv(out / "uncertainty" / "robust.csv")
    assert set(summary.label) == {"baseline", "tight-control"}
    assert json.loads((out / "uncertainty" / "robust.json").read_text())["worlds"] == 4
    page = (out / "report.html").read_text()
    assert page.index("How sure") < page.index('id="summary"')
    # money a year, as on the rest of the page: the runs' 2-year totals halved
    runs = load_results(out / "uncertainty")
    profit = summary.set_index(["label", "outcome"]).loc[("tight-control", "profit")]
    assert profit["unit"] == "k€ a year"
    assert profit["reference_mean"] == pytest.approx(
        runs.loc[runs["label"] == "baseline", "profit"].mean() / 2)
    expected = OUTCOMES["profit"].format_difference(profit["difference"])
    assert f"expected {expected} a year" in page
    assert f"Profit (a year) {expected}" in " ".join(printed.split())
    assert set(summary["unit"]) >= {"k€ a year", "a year, as a fraction (0.2 = 20%)"}
    assert main(argv) == 0  # resumes: nothing new to run, the same answer
    assert pd.read_csv(out / "uncertainty" / "robust.csv").equals(summary)
    # a robust.csv of an earlier version (totals, no unit) is analysed again for the report
    summary.drop(columns="unit").assign(difference=2 * summary["difference"]).to_csv(
        out / "uncertainty" / "robust.csv", index=False)
    assert main(["report", str(out)]) == 0
    assert f"expected {expected} a year" in (out / "report.html").read_text()


def test_posterior_needs_uncertainty(tmp_path, capsys):
    assert main(["compare", "tight-control", "--posterior", str(tmp_path / "p.parquet"),
                 "--out", str(tmp_path / "o")]) == 2
    assert "--posterior needs --uncertainty N" in capsys.readouterr().err


def test_every_kind_of_outcome_has_a_unit_in_the_tables():
    assert set(robust.UNITS) == set(KINDS)
