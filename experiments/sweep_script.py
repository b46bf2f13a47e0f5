"""What the experiment scripts share: their options, a shipped sweep run into a folder, its figure.

The scripts call the library (``promosim.sweep``, ``promosim.sensitivity``), never the command
line. A mistake in an option or file is one line and exit status 2, as with ``promosim``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

import promosim
from promosim.errors import ConfigError, RunError, Stopped, one_line
from promosim.scenario import parse_assignment


def options(description: str, out: str) -> argparse.ArgumentParser:
    """The options every script takes: where the results go, sweep settings, where to run."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=Path(out), help=f"results folder ({out})")
    parser.add_argument("--replicates", type=int, help="replicates per point (the file's)")
    parser.add_argument("--seed", type=int, help="base seed (the file's)")
    parser.add_argument("--months", type=int, help="horizon in months (the file's)")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", default=[],
                        dest="assignments", help="fix a parameter for every run (repeatable)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, help="local worker processes (one per core)")
    where.add_argument("--dask-local", type=int, help="a Dask LocalCluster of N workers")
    where.add_argument("--scheduler", help="a Dask scheduler's address")
    parser.add_argument("--force", action="store_true",
                        help="replace other results in --out (else they are refused)")
    return parser


def settings(args: argparse.Namespace) -> dict[str, Any]:
    """The library's keyword arguments from the script's options."""
    return {"replicates": args.replicates, "seed": args.seed, "months": args.months,
            "overrides": dict(parse_assignment(text) for text in args.assignments),
            "workers": args.workers, "dask_local": args.dask_local,
            "scheduler": args.scheduler, "force": args.force, "confirm": True}


def guarded(work: Callable[[], None]) -> int:
    """Run ``work``, saying what runs where; a mistake or a stop is one line and a status."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    name = Path(sys.argv[0]).name
    try:
        work()
    except ConfigError as error:
        return _say(f"{name}: error: {error}", 2)
    except RunError as error:
        return _say(f"{name}: error: {error}", 1)
    except Stopped as stop:
        return _say(f"{name}: stopped: {stop}", stop.status)
    except KeyboardInterrupt:
        return _say(f"{name}: interrupted", 130)
    return 0


def run_and_draw(description: str, sweep: str, out: str,
                 draw: Callable[[pd.DataFrame, Path], Path], figure: str) -> int:
    """Run a shipped sweep into ``--out`` (resuming it), then ``draw(runs, OUT/figure)``."""
    args = options(description, out).parse_args()

    def work() -> None:
        result = promosim.sweep(sweep, out=args.out, **settings(args))
        print(result.report())
        print(f"figure: {draw(result.to_frame(), args.out / figure)}")

    return guarded(work)


def _say(line: str, status: int) -> int:
    print(one_line(line), file=sys.stderr)
    return status


if __name__ == "__main__":  # a helper, not a script: say so (and show --help)
    argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Run one of the scripts that use it, e.g. experiments/pay_mix.py --help.",
    ).parse_args()
    print("sweep_script.py is shared by the experiment scripts; run one of them, e.g. "
          "python experiments/pay_mix.py --help")
