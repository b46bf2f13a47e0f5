"""``promosim report``: the HTML report and CSV tables of a results folder.

A wrapper of :func:`promosim.report`.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from promosim.analysis.report import TABLES
from promosim.errors import one_line
from promosim.experiments.store import PartialResultsWarning
from promosim.workflows.compare import report


def add_parser(commands, summary: str) -> None:
    """Register ``report`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "report", help=summary,
        description="Write report.html into a results folder of 'promosim compare': policies "
                    "against the baseline with 95% intervals, plain-language findings, retention "
                    "and relationship curves, trajectories, spirals and costs. The page embeds "
                    "its figures, so it can be mailed, opened offline and printed. The same "
                    f"numbers are written as CSV ({', '.join(t + '.csv' for t in TABLES)}). An "
                    "unfinished or damaged experiment is reported on the replicates finished "
                    "under every policy, with a warning at the top of the page.",
        epilog="example: promosim report results/compare",
    )
    parser.add_argument("results", metavar="RESULTS", type=Path,
                        help="results folder written by 'promosim compare'")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the report and print its path (and a note if the experiment is incomplete)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PartialResultsWarning)
        print(report(args.results))
    for warning in caught:
        if issubclass(warning.category, PartialResultsWarning):
            print(one_line(f"promosim report: note: {warning.message}"), file=sys.stderr)
    return 0
