"""Every script in benchmarks/, experiments/ and examples/ answers --help without running."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(path.relative_to(ROOT) for folder in ("benchmarks", "experiments", "examples")
                 for path in (ROOT / folder).rglob("*.py"))
#: Scripts whose --help answers within a second (the others import the library's heavy parts;
#: their check is in the slow suite).
QUICK = {"benchmarks/engine_profile.py", "benchmarks/startup.py", "examples/firm/make_firm.py"}


def test_the_scripts_are_found():
    assert len(SCRIPTS) >= 30 and {Path(x) for x in QUICK} <= set(SCRIPTS)


@pytest.mark.parametrize("script", [
    pytest.param(script, id=str(script),
                 marks=() if str(script) in QUICK else pytest.mark.slow)
    for script in SCRIPTS])
def test_help_prints_the_usage_and_runs_nothing(script, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / script), "--help"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {script.name} "), done.stdout[:200]
    assert list(tmp_path.iterdir()) == []  # no folder named --help, no results
