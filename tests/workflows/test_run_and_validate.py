"""promosim.run_scenario and promosim.validate: the model's numbers, files, words and figures."""

import json

import pandas as pd
import pytest

import promosim
from promosim import PromoterModel
from promosim.cli import main
from promosim.errors import ConfigError
from promosim.outcomes import OUTCOMES, shown_in
from promosim.scenario import load_policy

from .conftest import FIRM


@pytest.fixture(scope="module")
def run():
    """The small firm under tight control, seed 3, 24 months."""
    return promosim.run_scenario(policy="tight-control", seed=3, months=24, overrides=FIRM,
                                 progress=False)


def test_a_run_is_the_models_run(run):
    levers = load_policy("configs/policies/tight-control.toml").levers
    model = PromoterModel(rng=3, months=24, **levers, **FIRM).run()
    expected = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    series = run.to_frame()
    assert list(series["month"]) == list(range(25))
    pd.testing.assert_frame_equal(series.drop(columns="month"), expected)
    assert len(run.promoters) == series["promoters"].iloc[-1]
    assert run.outcomes["quits"] == (run.events["event"] == "quit").sum()
    assert run.title() == "baseline + tight-control" and run.model.steps == 24


def test_the_report_says_every_printed_outcome(run):
    text = run.report()
    assert text.startswith("baseline + tight-control, seed 3, 24 months (")
    for outcome in shown_in("printed"):
        assert outcome.heading in text
    assert str(run) == text
    revenue, profit = OUTCOMES["revenue"], OUTCOMES["profit"]  # money a year, as compare's
    assert f"  Revenue (a year){' ' * 24} {revenue.format(run.outcomes['revenue'] / 2)}\n" in text
    assert f"  Profit (a year){' ' * 25} {profit.format(run.outcomes['profit'] / 2)}\n" in text
    assert text.endswith("\n  (money is a year's: the total over 24 months divided by 2)")


def test_save_writes_what_the_command_writes(run, tmp_path, capsys):
    folder = run.save(tmp_path / "lib", "csv")
    assert main(["run", "--months", "24", "--seed", "3", "--out", str(tmp_path / "cmd"),
                 "--format", "csv", "--policy", "configs/policies/tight-control.toml",
                 *(f"--set={k}={v}" for k, v in FIRM.items())]) == 0
    printed = capsys.readouterr().out
    assert "\n".join("  " + line for line in run.summary_lines()) in printed
    for name in ("series", "promoters", "counterparts", "events"):
        assert (folder / f"{name}.csv").read_bytes() == (tmp_path / "cmd" / f"{name}.csv"
                                                         ).read_bytes(), name
    mine = json.loads((folder / "manifest.json").read_text())
    theirs = json.loads((tmp_path / "cmd" / "manifest.json").read_text())
    for key in ("parameters", "outcomes", "seed", "policy", "policy_schedule", "files"):
        assert mine[key] == theirs[key], key


def test_the_chart_has_a_panel_per_series(run):
    chart = run.plot(["quits", "mean_customer_trust"])
    assert [axis.get_xlabel() for axis in chart.axes] == ["month", "month"]
    assert chart._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(ConfigError, match="unknown series 'trust'"):
        run.plot(["trust"])


@pytest.mark.parametrize(("call", "message"), [
    ({"policy": "no-such"}, "policy 'no-such': no such file or named policy"),
    ({"seed": -1}, "promosim.run_scenario: 'seed' must be a whole number from 0"),
    ({"driver": "fast"}, "'driver' must be one of compiled, agents"),
    ({"overrides": {"n_team": 2}}, "unknown parameter 'n_team'"),
    ({"overrides": [("n_teams", 2)]}, "'overrides' must map parameter names to values"),
])
def test_bad_arguments_are_one_clear_line(call, message):
    with pytest.raises(ConfigError) as error:
        promosim.run_scenario(**call)
    assert message in str(error.value)


def test_validate_runs_the_patterns_named(tmp_path):
    result = promosim.validate(["P4", "P1"], quick=True, progress=False)
    table = result.to_frame()
    assert list(table["code"]) == ["P4", "P1"]
    assert list(table.columns) == ["code", "title", "criterion", "measured", "passed"]
    assert result.passed == table["passed"].all()
    assert result.report().endswith(
        f"({result.settings.replicates} replicates per arm, seed 2026, {result.seconds:.0f} s)\n"
        "This quick run uses a smaller firm and fewer runs than the full run, so its figures and "
        "verdicts can differ from the full run's; the reference is 'promosim validate' (default "
        "firm, 50 replicates per arm).")
    assert "patterns reproduced" in result.report()
    folder = result.save(tmp_path / "v")
    assert sorted(p.name for p in folder.iterdir()) == ["P1.png", "P4.png", "validation.csv"]
    assert result.plot("P1").get_suptitle().startswith("P1: ")
    with pytest.raises(ConfigError, match="pattern 'P2' was not run"):
        result.plot("P2")
    with pytest.raises(ConfigError, match=r"unknown pattern 'P99' \(did you mean 'P9'\?\)"):
        promosim.validate("P99")
    with pytest.raises(ConfigError, match="'replicates' must be a whole number from 2 to 1,000"):
        promosim.validate(replicates=1)
