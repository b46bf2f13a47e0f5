"""``promosim validate``: run the patterns P1–P12 and print the table of results.

A wrapper of :func:`promosim.validate`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from promosim.commands.common import ensure_folder, seed_number, whole_number
from promosim.validation import PATTERNS
from promosim.workflows.validate import MAX_ARM_REPLICATES, validate


def arm_replicates(text: str) -> int:
    """An argparse type: replicates per arm of a pattern, 2 to :data:`MAX_ARM_REPLICATES`."""
    return whole_number(text, 2, " for an interval", MAX_ARM_REPLICATES)


def add_parser(commands, summary: str) -> None:
    """Register ``validate`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "validate", help=summary,
        description="Run the pattern-oriented validation: each pattern of DESIGN.md (P1–P12) is "
                    "an experiment with a pass criterion taken from the literature; print the "
                    "table of criteria, measured values with 95% intervals, and pass/fail.",
        epilog="The full run (default firm, 50 replicates) takes about 20 seconds; --quick runs "
               "a small firm with 12 replicates in about 4 seconds, and its figures and verdicts "
               "can differ from the full run's. Methods: docs/validation.md.",
    )
    parser.add_argument("--pattern", "-p", action="append", choices=list(PATTERNS),
                        metavar="CODE", help="run only this pattern (repeatable), e.g. -p P3")
    parser.add_argument("--quick", action="store_true",
                        help="small firm, 12 replicates (what the test suite runs)")
    parser.add_argument("--replicates", type=arm_replicates,
                        help=f"replicates per arm, 2 to {MAX_ARM_REPLICATES:,}")
    parser.add_argument("--seed", type=seed_number, default=2026,
                        help="base seed (default: 2026)")
    parser.add_argument("--figures", type=Path, metavar="DIR",
                        help="also draw each pattern's figure into DIR")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 if any pattern fails")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the patterns and print the table."""
    folder = ensure_folder(args.figures) if args.figures else None
    result = validate(args.pattern, quick=args.quick, replicates=args.replicates, seed=args.seed)
    print(result.report())
    if folder is not None:
        result.save_figures(folder)
        print(f"figures: {folder}/")
    return 1 if args.strict and not result.passed else 0
