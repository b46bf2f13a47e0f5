"""``promosim firm-check``: check a firm folder and say what calibration would read from it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from promosim.errors import ConfigError, one_line

#: Most problems listed (the count of the rest follows).
LISTED = 200


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
    """Check the folder; print its summary or every problem."""
    from promosim.firm.check import check_firm
    from promosim.firm.records import records_of
    from promosim.firm.statistics import BY_NAME, firm_statistics
    from promosim.firm.structure import firm_parameters

    data, problems = check_firm(args.folder)
    if not Path(args.folder).is_dir():
        raise ConfigError(problems[0])
    if problems or data is None:
        for problem in problems[:LISTED]:
            print(one_line(f"{args.folder}/{problem}"), file=sys.stderr)
        if len(problems) > LISTED:
            print(f"… and {len(problems) - LISTED:,} more", file=sys.stderr)
        count = len(problems)
        raise ConfigError(f"{args.folder}: {count} problem{'s' if count != 1 else ''}; the firm "
                          "data format is in docs/firm-data.md")
    structure = firm_parameters(data)
    print(f"{args.folder}: ok: {data.name!r}, observed {data.observed_from} to "
          f"{data.observed_to} ({data.months} months)")
    print(f"  {len(data.teams)} teams, {int(data.teams['positions'].sum())} positions, "
          f"{len(data.people):,} people, {len(data.accounts):,} accounts, "
          f"{len(data.assignments):,} assignments, {len(data.surveys):,} survey answers")
    print("  the simulated firm: " + ", ".join(f"{k} = {v:g}" for k, v in structure.items()))
    print("  summary statistics (what calibration fits):")
    for name, value in firm_statistics(records_of(data)).items():
        stat = BY_NAME[name]
        shown = "not in the data" if value != value else f"{value:.3f} {stat.unit}"
        print(f"    {name:<24} {shown:<20} {stat.label}")
    return 0
