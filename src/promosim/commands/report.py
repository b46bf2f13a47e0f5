"""``promosim report``: the HTML report and CSV tables of a results folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from promosim.analysis.report import TABLES, write_report


def add_parser(commands, summary: str) -> None:
    """Register ``report`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "report", help=summary,
        description="Write report.html into a results folder of 'promosim compare': policies "
                    "against the baseline with 95% intervals, plain-language findings, retention "
                    "and relationship curves, trajectories, spirals and costs. The page embeds "
                    "its figures, so it can be mailed, opened offline and printed. The same "
                    f"numbers are written as CSV ({', '.join(t + '.csv' for t in TABLES)}).",
        epilog="example: promosim report results/compare",
    )
    parser.add_argument("results", metavar="RESULTS", type=Path,
                        help="results folder written by 'promosim compare'")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the report and print its path."""
    print(write_report(args.results))
    return 0
