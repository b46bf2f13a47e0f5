"""What the experiment commands (compare, sweep, sensitivity) share: where to run, and starting.

Before anything runs, an experiment says how many runs it has and about how much disk it needs;
a large one starts only when confirmed (``--yes``, or an answer on a terminal). The workflow
(:mod:`promosim.workflows.running`) locks and checks the results folder before workers start.
"""

from __future__ import annotations

import argparse
import sys

from promosim.commands.common import whole_number
from promosim.errors import ConfigError
from promosim.experiments.execution import WORKERS_PER_CORE, most_workers
from promosim.experiments.limits import (
    CONFIRM_BYTES,
    CONFIRM_RUNS,
    MAX_CHUNK_RUNS,
    estimate_bytes,
    needs_confirmation,
    size_text,
)
from promosim.experiments.plan import Plan

__all__ = ["ExamplesFormatter", "add_execution_options", "chunk_size", "confirm_size",
           "dask_worker_count", "execution_from_args", "most_workers", "worker_count"]


class ExamplesFormatter(argparse.HelpFormatter):
    """Help formatter that wraps the description but keeps an ``examples:`` epilog as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("examples:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def worker_count(text: str) -> int:
    """An argparse type: local worker processes, 0 to :func:`most_workers`."""
    return whole_number(text, 0, most=most_workers())


def dask_worker_count(text: str) -> int:
    """An argparse type: Dask LocalCluster workers, 1 to :func:`most_workers`."""
    return whole_number(text, 1, most=most_workers())


def chunk_size(text: str) -> int:
    """An argparse type: runs per chunk, 1 to :data:`MAX_CHUNK_RUNS`."""
    return whole_number(text, 1, most=MAX_CHUNK_RUNS)


def add_execution_options(parser: argparse.ArgumentParser) -> None:
    """--workers | --scheduler | --dask-local, --chunk-runs, --force and --yes."""
    group = parser.add_argument_group("where to run (default: a local process per core)")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--workers", type=worker_count, metavar="N",
                       help="local worker processes (default: one per core; 0 = run in this "
                            f"process; at most {WORKERS_PER_CORE} per core)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--dask-local", type=dask_worker_count, metavar="N",
                       help="start a Dask LocalCluster of N worker processes on this machine")
    parser.add_argument("--chunk-runs", type=chunk_size, metavar="N",
                        help="runs per chunk, the unit of work, saving and resuming (default: "
                             f"32; at most {MAX_CHUNK_RUNS:,})")
    parser.add_argument("--force", action="store_true",
                        help="replace the results in --out even if they come from a different "
                             "experiment or model version, or their manifest is damaged "
                             "(otherwise a re-run resumes them)")
    parser.add_argument("--yes", action="store_true",
                        help=f"start without asking even if the experiment has more than "
                             f"{CONFIRM_RUNS:,} runs or needs more than "
                             f"{size_text(CONFIRM_BYTES)} on disk")


def execution_from_args(args: argparse.Namespace) -> dict:
    """The workflow's execution options from the arguments (the size confirmed as --yes says)."""
    def confirmed(plan: Plan) -> bool:
        confirm_size(plan, args)
        return True

    return {"workers": args.workers, "scheduler": args.scheduler, "dask_local": args.dask_local,
            "force": args.force, "confirm": confirmed}


def confirm_size(plan: Plan, args: argparse.Namespace) -> None:
    """Go on with a large plan only if confirmed by ``--yes`` or on the terminal.

    Raises:
        ConfigError: the plan is large, not confirmed, and there is no terminal to ask on.

    """
    if not needs_confirmation(plan) or args.yes:
        return
    size = f"{plan.runs:,} runs, about {size_text(estimate_bytes(plan))} on disk"
    if not sys.stdin.isatty():
        raise ConfigError(f"{size}: add --yes to start an experiment of more than "
                          f"{CONFIRM_RUNS:,} runs or {size_text(CONFIRM_BYTES)}")
    print(f"promosim {args.command}: {size}. Start? [y/N] ", end="", file=sys.stderr,
          flush=True)
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise ConfigError(f"{size}: not started (add --yes to start without asking)")
