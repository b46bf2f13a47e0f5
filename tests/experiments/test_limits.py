"""Experiment sizes: the disk estimate, the confirmation of large experiments, the bounds."""

import argparse
import io

import pytest

from promosim.cli import main
from promosim.commands.experiment_options import confirm_size, most_workers
from promosim.errors import ConfigError
from promosim.experiments.execution import execute, open_backend
from promosim.experiments.limits import CONFIRM_RUNS, estimate_bytes, needs_confirmation, size_text
from promosim.experiments.sweep import sweep_plan
from promosim.experiments.sweepfile import load_sweep

LARGE = """\
design = "lhs"
samples = 20000
replicates = 6
[parameters]
goal_clarity = { low = 0.1, high = 0.9 }
"""


def test_the_disk_estimate_is_within_a_factor_of_two(sweep_file, tmp_path):
    plan = sweep_plan(load_sweep(sweep_file()))
    with open_backend(workers=0) as backend:
        execute(plan, tmp_path / "out", backend, progress=False)
    used = sum(f.stat().st_size for f in (tmp_path / "out").rglob("*.parquet"))
    assert used / 2 < estimate_bytes(plan) < used * 2


def test_size_text():
    assert [size_text(n) for n in (12, 1_500, 2_345_678, 45e9)] == ["12 bytes", "1.5 kB",
                                                                    "2.3 MB", "45 GB"]


def test_a_large_sweep_needs_confirmation(sweep_file, capsys, monkeypatch):
    path = sweep_file(LARGE, "large.toml")
    plan = sweep_plan(load_sweep(path))
    assert plan.runs > CONFIRM_RUNS and needs_confirmation(plan)
    assert not needs_confirmation(sweep_plan(load_sweep(sweep_file())))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["sweep", str(path), "--workers", "0", "--out", str(path.parent / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "120,000 runs, about" in err and "add --yes" in err
    assert not (path.parent / "o").exists()
    confirm_size(plan, argparse.Namespace(yes=True, command="sweep"))


@pytest.mark.parametrize(("answer", "starts"), [("y\n", True), ("yes\n", True), ("\n", False),
                                                ("n\n", False)])
def test_a_terminal_is_asked(sweep_file, monkeypatch, answer, starts):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    plan = sweep_plan(load_sweep(sweep_file(LARGE, "large.toml")))
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    args = argparse.Namespace(yes=False, command="sweep")
    if starts:
        confirm_size(plan, args)
    else:
        with pytest.raises(ConfigError, match="not started"):
            confirm_size(plan, args)


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--workers", str(most_workers() + 1), f"must be at most {most_workers()}"),
    ("--dask-local", "0", "must be at least 1"),
    ("--chunk-runs", "10001", "must be at most 10,000"),
    ("--replicates", "100001", "must be at most 100,000"),
    ("--seed", str(2**63), "must be at most 9,223,372,036,854,775,807"),
    ("--seed", "9" * 5000, "expected a whole number"),
])
def test_options_are_bounded(sweep_file, capsys, option, value, said):
    with pytest.raises(SystemExit) as stop:
        main(["sweep", str(sweep_file()), option, value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err and len(err) < 300
