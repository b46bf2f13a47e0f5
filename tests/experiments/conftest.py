"""Fixtures for the experiment tests: tiny sweep files of a small, fast firm."""

from pathlib import Path

import pytest

TINY = """\
name = "tiny"
design = "grid"
replicates = 3
seed = 5
months = 24
chunk_runs = 4
series = true
events = true

[parameters]
supervision_base = { low = 0.1, high = 0.7, levels = 3 }
goal_clarity = [0.2, 0.8]

[set]
n_teams = 2
team_size = 3
spinup_months = 12
"""


@pytest.fixture(scope="session")
def tiny() -> str:
    """The text of the tiny grid sweep file."""
    return TINY


@pytest.fixture
def sweep_file(tmp_path: Path):
    """Write a sweep file (the tiny grid unless ``text`` is given) and return its path."""
    def write(text: str = TINY, name: str = "sweep.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write
