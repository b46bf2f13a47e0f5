import numpy as np
import pandas as pd
import pytest

from promosim.cli import main
from promosim.errors import ConfigError
from promosim.experiments.compare import (
    compare_plan,
    find_policy,
    independent_differences,
    paired_differences,
)
from promosim.experiments.store import load_events, load_results, load_series, read_manifest
from promosim.scenario import scenario_from

SMALL = ["--set", "n_teams=2", "--set", "team_size=3", "--set", "spinup_months=12",
         "--months", "24"]


def test_plan_puts_baseline_first_and_shares_seeds():
    policies = [find_policy("tight-control"), find_policy("configs/policies/commission-heavy.toml")]
    plan = compare_plan(scenario_from({"n_teams": 2}), policies, replicates=4, base_seed=9)
    assert list(plan.points["label"]) == ["baseline", "tight-control", "commission-heavy"]
    assert plan.points.loc[1, "supervision_base"] == 0.6
    assert plan.series and plan.events and plan.runs == 12
    seeds = {}
    for task in plan.tasks():
        for point, replicate in zip(task.points, task.replicates, strict=True):
            seeds.setdefault(replicate, set()).add(point)
    assert all(points == {0, 1, 2} for points in seeds.values())


def test_unknown_policy_names_the_choices():
    with pytest.raises(ConfigError, match=r"did you mean 'tight-control'.*named policies are"):
        find_policy("tight-contrl")


def test_paired_differences_are_within_replicates():
    results = pd.DataFrame({
        "label": ["baseline"] * 3 + ["a"] * 3, "replicate": [0, 1, 2] * 2,
        "profit": [10.0, 20.0, 30.0, 11.0, 22.0, 33.0]})
    table = paired_differences(results, ["profit"])
    row = table.iloc[0]
    assert row.label == "a" and row.pairs == 3
    assert row.difference == pytest.approx(2.0)
    half = 4.302652729911275 * 1.0 / np.sqrt(3)
    assert (row.low, row.high) == pytest.approx((2.0 - half, 2.0 + half))
    unpaired = independent_differences(results[results.label == "a"],
                                       results[results.label == "baseline"], ["profit"])
    assert unpaired.iloc[0].difference == pytest.approx(2.0)
    assert unpaired.iloc[0].high - unpaired.iloc[0].low > row.high - row.low


def test_compare_command_writes_the_folder_and_prints_intervals(tmp_path, capsys):
    out = tmp_path / "cmp"
    status = main(["compare", "tight-control", "relationship-bonus", "--replicates", "4",
                   "--seed", "2", "--out", str(out), "--workers", "0", *SMALL])
    printed = capsys.readouterr().out
    assert status == 0
    assert "tight-control" in printed and "relationship-bonus" in printed
    assert "Promoter turnover" in printed and "[" in printed
    manifest = read_manifest(out)
    assert manifest["kind"] == "compare" and manifest["replicates"] == 4
    assert manifest["base_seed"] == 2 and manifest["months"] == 24 and manifest["points"] == 3
    results = load_results(out)
    assert sorted(set(results["label"])) == ["baseline", "relationship-bonus", "tight-control"]
    assert len(load_series(out)["run"].unique()) == 12
    assert set(load_events(out)["run"]) <= set(results["run"])
    by_replicate = results.groupby("replicate")["seed"].nunique()
    assert (by_replicate == 1).all()
    assert main(["compare", "tight-control", "--replicates", "4", "--seed", "2", "--out",
                 str(out), "--workers", "0", *SMALL]) == 2
    assert "different experiment" in capsys.readouterr().err


def test_compare_bad_input_is_one_line(tmp_path, capsys):
    assert main(["compare", "no-such-policy", "--out", str(tmp_path / "x"), "--workers",
                 "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("promosim compare: error: policy 'no-such-policy'")
    assert err.count("\n") == 1
