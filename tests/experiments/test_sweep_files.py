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
     "be a whole number of at least 1"),
    ("design = 'grid'\noutputs = ['turnover']\n[parameters]\ngoal_clarity = [0.1]\n",
     "unknown outcome 'turnover'"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = { low = 0.9, high = 0.1, levels = 2 }\n",
     "'low' (0.9) must be below 'high' (0.1)"),
    ("design = 'grid'\n[parameters]\ngoal_clarity = [0.1]\n[set]\ngoal_clarity = 0.5\n",
     "also varied"),
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
    assert "\n" not in str(error.value)
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
