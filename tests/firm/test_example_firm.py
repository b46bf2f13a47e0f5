"""The shipped example firm: it passes the check, and its script makes exactly these files."""

import runpy
from pathlib import Path

from promosim.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "firm"


def test_the_example_firm_passes_the_check(capsys):
    assert main(["firm-check", str(EXAMPLE)]) == 0
    assert "6 teams, 48 positions" in capsys.readouterr().out


def test_the_script_makes_the_shipped_files(tmp_path):
    script = runpy.run_path(str(EXAMPLE / "make_firm.py"))
    script["main"](str(tmp_path))
    for path in [*sorted(EXAMPLE.glob("*.csv")), EXAMPLE / "firm.toml", EXAMPLE / "made-with.toml"]:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
