from pathlib import Path

import pytest

from promosim.cli import main
from promosim.errors import ConfigError
from promosim.experiments.sweep import sweep_plan
from promosim.experiments.sweepfile import load_sweep

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "configs" / "sweeps").glob("*.toml"))


def test_tiny_sweep_loads(sweep_file):
    sweep = load_sweep(sweep_file())
    assert sweep.design == "grid" and sweep.replicates == 3 and sweep.seed == 5
    assert sweep.varied == ("supervision_base", "goal_clarity")
    assert sweep.scenario.values["months"] == 24 and sweep.scenario.values["n_teams"] == 2
    plan = sweep_plan(sweep)
    assert plan.runs == 18 and list(plan.points["label"]) == [f"p{i}" for i in range(6)]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_sweeps_load_and_plan(path):
    sweep = load_sweep(path)
    plan = sweep_plan(sweep)
    assert plan.runs == len(plan.points) * sweep.replicates > 0


def test_shipped_sweeps_cover_the_issue():
    names = {p.stem for p in SHIPPED}
    assert {"supervision-goal-clarity", "pay-mix", "policy-levers"} <= names
    levers = load_sweep(ROOT / "configs" / "sweeps" / "policy-levers.toml")
    from promosim.parameters import LEVERS
    assert set(levers.varied) == set(LEVERS)


BAD = [
    ("design = 'grid'\nfoo = 1\n[parameters]\ngoal_clarity = [0.1]\n", "unknown key 'foo'"),
    ("design = 'cube'\n[parameters]\ngoal_clarity = [0.1]\n", "'design' must be one of grid, lhs, "
     "sobol"),
    ("[parameters]\ngoal_clarity = [0.1]\n", "missing 'design'"),
    ("design = 'grid'\n", "[parameters] must name at least one"),
    ("design = 'grid'\n[parameters]\ngoal_clarty = [0.1]\n", "did you mean 'goal_clarity'"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = [0.1, 2.0]\n", "out of range: allowed a number "
     "from 0 to 1"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = { low = 0.1, high = 0.9 }\n", "missing "
     "'levels'"),
    ("design = 'lhs'\nsamples = 8\n[parameters]\ngoal_clarity = [0.1, 0.2]\n", "needs a range"),
    ("design = 'lhs'\n[parameters]\ngoal_clarity = { low = 0.1, high = 0.9 }\n", "missing "
     "'samples'"),
    ("design = 'sobol'\nsamples = 10\n[parameters]\ngoal_clarity = { low = 0.1, high = 0.9 }\n",
     "power of 2"),
    ("design = 'grid'\nreplicates = 0\n[parameters]\ngoal_clarity = [0.1]\n", "'replicates' must "
     "be a whole number from 1 to 100,000"),
    ("design = 'grid'\nreplicates = 1000000000000\n[parameters]\ngoal_clarity = [0.1]\n",
     "'replicates' must be a whole number from 1 to 100,000, got 1000000000000"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = { low = 0.1, high = 0.9, levels = "
     "9223372036854775808 }\n", "'levels' must be a whole number from 2 to 100,000"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = { low = 0.1, high = 0.9, levels = 1000 }\n"
     "backing = { low = 0.1, high = 0.9, levels = 1000 }\n", "1,000,000 design points; at most "
     "100,000"),
    ("design = 'sobol'\nsamples = 1073741824\n[parameters]\ngoal_clarity = { low = 0.1, high = "
     "0.9 }\n", "'samples' must be a whole number from 1 to 100,000"),
    ("design = 'lhs'\nsamples = 100000\nreplicates = 100000\n[parameters]\ngoal_clarity = "
     "{ low = 0.1, high = 0.9 }\n", "= 10,000,000,000 runs; at most 10,000,000"),
    ("design = 'grid'\nseed = -1\n[parameters]\ngoal_clarity = [0.1]\n", "'seed' must be a "
     "whole number from 0 to"),
    ("design = 'grid'\nmonths = inf\n[parameters]\ngoal_clarity = [0.1]\n", "'months' must be "
     "an integer from 1 to 600, got inf"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = [nan]\n", "'goal_clarity' = nan is out of "
     "range"),
    ("design = 'grid'\n[parameters]\nn_teams = [1e400]\n", "'n_teams' must be an integer from 1 "
     "to 200, got inf"),
    ("design = 'grid'\n[parameters]\nn_teams = [" + "9" * 5000 + "]\n", "invalid TOML"),
    ("design = 'grid'\n[parameters]\nn_teams = [" + "9" * 400 + "]\n", "'n_teams' = a whole "
     "number of about 400 digits is out of range"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = " + "[" * 3000 + "]" * 3000 + "\n",
     "nested too deeply"),
    ("design = 'grid'\nscenario = '" + "x" * 4000 + "'\n[parameters]\ngoal_clarity = [0.1]\n",
     "'scenario': no such file"),
    ("design = 'grid'\nname = '../../elsewhere'\n[parameters]\ngoal_clarity = [0.1]\n",
     "'name' must be a plain folder name"),
    ("design = 'grid'\nname = '" + "n" * 101 + "'\n[parameters]\ngoal_clarity = [0.1]\n",
     "'name' is 101 characters long; at most 100"),
    ("design = 'grid'\noutputs = ['turnover']\n[parameters]\ngoal_clarity = [0.1]\n",
     "unknown outcome 'turnover'"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = { low = 0.9, high = 0.1, levels = 2 }\n",
     "'low' (0.9) must be below 'high' (0.1)"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = [0.1]\n[set]\ngoal_clarity = 0.5\n",
     "and also varied in [parameters]"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = [0.1]\n[sensitivity]\nmethod = 'fast'\n",
     "'method' must be one of sobol, morris"),
    ("design = 'grid'\n[parameters]\nshare_a_accounts = [0.9]\n[set]\nshare_b_accounts = 0.5\n",
     "must not exceed 1"),
    ("design = 'grid'\nscenario = 'missing.toml'\n[parameters]\ngoal_clarity = [0.1]\n",
     "no such file"),
    ("design = 'grid'\n[parameters\n", "invalid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_sweep_files_give_one_line_naming_file_and_key(sweep_file, text, message, capsys):
    path = sweep_file(text)
    with pytest.raises(ConfigError) as error:
        sweep_plan(load_sweep(path))
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value) and len(str(error.value)) < 1000
    status = main(["sweep", str(path), "--out", str(path.parent / "out"), "--workers", "0"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("promosim sweep: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (path.parent / "out" / "runs").exists()


def test_command_line_options_are_checked(sweep_file, capsys):
    path = sweep_file()
    assert main(["sweep", str(path), "--set", "goal_clarity=0.5", "--workers", "0"]) == 2
    assert "'goal_clarity' is varied by" in capsys.readouterr().err
    sobol = sweep_file("design = 'sobol'\nsamples = 8\n[parameters]\n"
                       "goal_clarity = { low = 0.2, high = 0.8 }\n", "sobol.toml")
    assert main(["sweep", str(sobol), "--samples", "6", "--workers", "0"]) == 2
    assert "--samples must be a power of 2" in capsys.readouterr().err


def test_a_schedule_must_fit_every_points_horizon(sweep_file, tmp_path, capsys):
    (tmp_path / "scenario.toml").write_text("months = 120\n[[schedule]]\nmonth = 40\n"
                                            "goal_clarity = 0.9\n")
    varied = sweep_file("design = 'grid'\nscenario = 'scenario.toml'\n[parameters]\n"
                        "months = [48, 12, 60]\n", "months.toml")
    with pytest.raises(ConfigError, match=r"design point 1 runs 12 months, but the "
                                          r"\[\[schedule\]\] of .*scenario.toml changes levers "
                                          r"at month 40"):
        sweep_plan(load_sweep(varied))
    assert main(["validate-config", str(varied)]) == 2
    assert "design point 1 runs 12 months" in capsys.readouterr().err
    longer = sweep_file("design = 'grid'\nscenario = 'scenario.toml'\nmonths = 24\n"
                        "[parameters]\nmonths = [48, 60]\n", "longer.toml")
    with pytest.raises(ConfigError, match=r"'months' is set .* and also varied"):
        load_sweep(longer)
    fits = sweep_file("design = 'grid'\nscenario = 'scenario.toml'\n[parameters]\n"
                      "months = [48, 60]\n", "fits.toml")
    plan = sweep_plan(load_sweep(fits))
    assert plan.schedules == [[[40, {"goal_clarity": 0.9}]]] * 2
