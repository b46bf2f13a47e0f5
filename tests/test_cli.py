"""`promosim run` prints a summary and writes series, agents, events and a manifest."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from promosim.cli import main
from promosim.outcomes import shown_in
from promosim.version import model_version

ROOT = Path(__file__).resolve().parents[1]
BASELINE = str(ROOT / "configs" / "baseline.toml")
SMALL_SET = ["--set", "n_teams=2", "--set", "team_size=4", "--set", "spinup_months=12"]


def test_run_writes_results(tmp_path, capsys):
    out = tmp_path / "run"
    status = main(["run", BASELINE, "--months", "24", "--seed", "3", "--out", str(out),
                   "--policy", str(ROOT / "configs/policies/tight-control.toml"), *SMALL_SET])
    assert status == 0
    printed = capsys.readouterr().out
    for outcome in shown_in("printed"):
        assert outcome.heading in printed
    series = pd.read_parquet(out / "series.parquet")
    assert len(series) == 25 and series["month"].tolist() == list(range(25))
    assert len(pd.read_parquet(out / "promoters.parquet")) == series["promoters"].iloc[-1]
    assert len(pd.read_parquet(out / "counterparts.parquet")) == series[
        "active_relationships"].iloc[-1]
    events = pd.read_parquet(out / "events.parquet")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 3
    assert manifest["parameters"]["supervision_base"] == 0.6
    assert manifest["parameters"]["months"] == 24
    assert "mesa" in manifest["versions"] and "numpy" in manifest["versions"]
    assert manifest["model_version"] == model_version()
    assert manifest["outcomes"]["quits"] == (events.event == "quit").sum()
    umask = os.umask(0)
    os.umask(umask)
    for path in out.iterdir():
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path
    capsys.readouterr()
    assert main(["report", str(out)]) == 2  # one run is no experiment to report on
    err = capsys.readouterr().err
    assert "holds one run (written by 'promosim run')" in err and "damaged" not in err
    assert main(["compare", "tight-control", "--replicates", "2", "--out", str(out),
                 "--workers", "0", *SMALL_SET]) == 2  # nor a folder to write one into
    err = capsys.readouterr().err
    assert f"{out}: holds one run (written by 'promosim run'), not an experiment of many runs; " \
           "use a new --out folder, or --force to replace them" in err
    assert "manifest.json is" not in err and err.count("\n") == 1


def test_csv_format(tmp_path):
    out = tmp_path / "csv"
    assert main(["run", BASELINE, "--months", "6", "--format", "csv", "--out", str(out),
                 *SMALL_SET]) == 0
    assert (out / "series.csv").exists() and (out / "events.csv").exists()


def test_same_command_same_numbers(tmp_path):
    for name in ("a", "b"):
        main(["run", BASELINE, "--months", "12", "--seed", "5", "--out", str(tmp_path / name),
              *SMALL_SET])
    a = pd.read_parquet(tmp_path / "a" / "series.parquet")
    b = pd.read_parquet(tmp_path / "b" / "series.parquet")
    assert a.equals(b)


def test_help_is_useful(capsys):
    with pytest.raises(SystemExit) as done:
        main(["run", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for words in ("CONFIG", "--policy", "--months", "--seed", "--set", "--out"):
        assert words in out


def test_usage_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as done:
        main(["run", "--months", "0"])
    assert done.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--months" in err[0] and "at least 1" in err[0]


def test_help_and_workers_start_without_mesa_or_scipy_stats():
    # Start-up is paid by every command and every worker process of a sweep: `promosim --help`
    # and a worker import neither the Mesa model nor SciPy's statistics (benchmarks/workers.py).
    code = ("import sys, promosim.cli, promosim.experiments.worker, promosim.experiments.sweepfile;"
            "promosim.cli.parser().format_help();"
            "print(sorted(m for m in ('mesa', 'scipy.stats') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_python_dash_m_promosim_is_the_command_line():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "promosim", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("usage: promosim")
