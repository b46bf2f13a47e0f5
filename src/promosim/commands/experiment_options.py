"""What the experiment commands (compare, sweep, sensitivity) share: where to run, and starting.

Before anything runs, an experiment says how many runs it has and about how much disk it needs;
a large one starts only when confirmed (``--yes``, or an answer on a terminal). The results
folder is locked and checked before workers start, and stays locked until the command ends.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from promosim.commands.common import whole_number
from promosim.errors import ConfigError
from promosim.experiments.execution import open_backend
from promosim.experiments.limits import (
    CONFIRM_BYTES,
    CONFIRM_RUNS,
    MAX_CHUNK_RUNS,
    estimate_bytes,
    needs_confirmation,
    size_text,
)
from promosim.experiments.plan import Plan
from promosim.experiments.store import ResultsFolder

#: Local worker processes per core at most (more only add memory; a cluster adds cores).
WORKERS_PER_CORE = 4


class ExamplesFormatter(argparse.HelpFormatter):
    """Help formatter that wraps the description but keeps an ``examples:`` epilog as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("examples:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def most_workers() -> int:
    """The largest number of local worker processes allowed on this machine."""
    return WORKERS_PER_CORE * (os.cpu_count() or 1)


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


def backend_from_args(args: argparse.Namespace):
    """The execution backend the arguments ask for (a context manager yielding a Backend)."""
    return open_backend(workers=args.workers, scheduler=args.scheduler,
                        dask_local=args.dask_local)


def size_line(plan: Plan) -> str:
    """The plan's size for the start line: ``288 runs in 9 chunks, about 2.1 MB on disk``."""
    return (f"{plan.runs:,} runs in {plan.chunks:,} chunk{'s' if plan.chunks != 1 else ''}, "
            f"about {size_text(estimate_bytes(plan))} on disk")


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


@contextmanager
def experiment_folder(plan: Plan, out: Path, args: argparse.Namespace) -> Iterator[ResultsFolder]:
    """The results folder of ``plan``, size confirmed, locked and checked, until the block ends.

    Raises:
        ConfigError: not confirmed, another process is writing to the folder, or it holds
            other results (unless ``--force``).

    """
    confirm_size(plan, args)
    folder = ResultsFolder(out)
    with folder.writing():
        folder.check(plan, args.force)
        yield folder
