"""Fixtures for the library's workflows: a small firm, a tiny sweep file, results made once."""

from pathlib import Path

import pytest

import promosim
from promosim.workflows import ComparisonResult, SweepResult

#: A small firm with a short spin-up (the horizon is set per test).
FIRM = {"n_teams": 2, "team_size": 3, "spinup_months": 12}

TINY = """\
name = "tiny"
design = "grid"
replicates = 2
seed = 5
months = 24
chunk_runs = 4

[parameters]
supervision_base = { low = 0.1, high = 0.7, levels = 3 }
goal_clarity = [0.2, 0.8]

[set]
n_teams = 2
team_size = 3
spinup_months = 12

[sensitivity]
samples = 4
outputs = ["turnover_rate", "mean_customer_trust"]
"""


@pytest.fixture(scope="session")
def tiny_file(tmp_path_factory) -> Path:
    """The tiny grid sweep file (6 points × 2 replicates of a small firm, 24 months)."""
    path = tmp_path_factory.mktemp("sweeps") / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def comparison(tmp_path_factory) -> ComparisonResult:
    """Two policies against the baseline: 3 replicates of the small firm, 24 months."""
    return promosim.compare(["tight-control", "relationship-bonus"], overrides=FIRM, months=24,
                            replicates=3, seed=2, workers=0, progress=False,
                            out=tmp_path_factory.mktemp("compare") / "cmp")


@pytest.fixture(scope="session")
def swept(tiny_file, tmp_path_factory) -> SweepResult:
    """The tiny sweep, run."""
    return promosim.sweep(tiny_file, out=tmp_path_factory.mktemp("sweep") / "tiny", workers=0,
                          progress=False)
