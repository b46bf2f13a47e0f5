"""``promosim firm-check``: check a firm folder and say what calibration would read from it.

A wrapper of :func:`promosim.firm_check`.
"""

from __future__ import annotations

import argparse
import sys

from promosim.errors import ConfigError


def add_parser(commands, summary: str) -> None:
    """Register ``firm-check`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "firm-check", help=summary,
        description="Check a firm folder (firm.toml, teams.csv, people.csv, accounts.csv, "
                    "assignments.csv and optionally surveys.csv; docs/firm-data.md). A good "
                    "folder prints what it holds, the structure it gives the simulated firm and "
                    "the summary statistics calibration fits. Every problem is one line naming "
                    "the file, row and column (rows count the header as row 1); any problem "
                    "gives exit status 2.",
        epilog="example: promosim firm-check examples/firm")
    parser.add_argument("folder", metavar="DIR", help="the firm folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the folder; print its summary, or every problem (exit status 2)."""
    from promosim.workflows.firm_check import firm_check

    result = firm_check(args.folder)
    if not result.ok:
        for line in result.problem_lines():
            print(line, file=sys.stderr)
        raise ConfigError(result.verdict())
    print(result.report())
    return 0
