"""``promosim sweep``: run a sweep file's design into a results folder that streams and resumes.

A wrapper of :func:`promosim.sweep`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from promosim.commands.common import positive_int, replicate_count, said, seed_number
from promosim.commands.experiment_options import (
    ExamplesFormatter,
    add_execution_options,
    execution_from_args,
)
from promosim.experiments.sweepfile import Sweep, load_sweep
from promosim.scenario import parse_assignment
from promosim.workflows.sweep import sweep as run_sweep


def add_parser(commands, summary: str) -> None:
    """Register ``sweep`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "sweep", help=summary,
        description="Run every design point of a sweep file for its replicates (replicate k of "
                    "every point shares its seed) and stream per-run outcomes to a results "
                    "folder as Parquet parts with a manifest. Re-running the same command on "
                    "the same folder resumes where it stopped. The sweep file format is in "
                    "docs/experiments.md.",
        epilog="examples:\n  promosim sweep configs/sweeps/supervision-goal-clarity.toml "
               "--out results/supervision\n  promosim sweep configs/sweeps/pay-mix.toml "
               "--replicates 50 --series --dask-local 2\n"
               "load the results in Python: promosim.experiments.load_results(DIR)",
        formatter_class=ExamplesFormatter,
    )
    parser.add_argument("sweep", metavar="SWEEP", help="sweep file (TOML), e.g. "
                        "configs/sweeps/pay-mix.toml")
    add_sweep_options(parser)
    parser.add_argument("--series", action="store_true", default=None,
                        help="also write the monthly series of every run")
    parser.add_argument("--events", action="store_true", default=None,
                        help="also write the event log of every run")
    parser.add_argument("--samples", type=positive_int, metavar="N",
                        help="points of a Latin hypercube or Sobol design (default: the file's)")
    parser.set_defaults(func=run)


def add_sweep_options(parser: argparse.ArgumentParser) -> None:
    """Options that change a sweep file's settings, plus --out and where to run."""
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="results folder (default: results/NAME, NAME from the sweep file)")
    parser.add_argument("--replicates", type=replicate_count, metavar="R",
                        help="replicates per design point (default: the file's)")
    parser.add_argument("--seed", type=seed_number, metavar="S",
                        help="base seed of designs and replicates (default: the file's)")
    parser.add_argument("--months", type=positive_int, metavar="N",
                        help="horizon in months (default: the file's)")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", default=[],
                        dest="assignments", help="fix a parameter for every run (repeatable)")
    add_execution_options(parser)


def sweep_from_args(args: argparse.Namespace) -> Sweep:
    """The sweep file with the command line's changes."""
    sweep = load_sweep(args.sweep)
    assignments = dict(parse_assignment(text) for text in args.assignments)
    if args.months is not None:
        assignments["months"] = args.months
    return sweep.with_options(assignments, replicates=args.replicates, seed=args.seed,
                              samples=getattr(args, "samples", None),
                              series=getattr(args, "series", None),
                              events=getattr(args, "events", None), chunk_runs=args.chunk_runs)


def run(args: argparse.Namespace) -> int:
    """Run the sweep and print a short summary of its outputs."""
    sweep = sweep_from_args(args)
    out = args.out or Path("results") / sweep.name
    with said("sweep"):
        result = run_sweep(sweep, out=out, **execution_from_args(args))
    print(f"promosim sweep: {result.report()}")
    result.save()
    print(f"results: {out}/ (manifest.json, points, runs"
          + (", series" if sweep.series else "") + (", events" if sweep.events else "")
          + f"; the mean outputs per point in {out / 'means.csv'})")
    return 0
