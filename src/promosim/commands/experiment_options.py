"""Options shared by the experiment commands (compare, sweep, sensitivity): where to run them."""

from __future__ import annotations

import argparse

from promosim.commands.common import non_negative_int, positive_int
from promosim.experiments.execution import open_backend


class ExamplesFormatter(argparse.HelpFormatter):
    """Help formatter that wraps the description but keeps an ``examples:`` epilog as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("examples:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def add_execution_options(parser: argparse.ArgumentParser) -> None:
    """--workers | --scheduler | --dask-local, --chunk-runs and --force."""
    group = parser.add_argument_group("where to run (default: a local process per core)")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--workers", type=non_negative_int, metavar="N",
                       help="local worker processes (default: one per core; 0 = run in this "
                            "process)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--dask-local", type=positive_int, metavar="N",
                       help="start a Dask LocalCluster of N worker processes on this machine")
    parser.add_argument("--chunk-runs", type=positive_int, metavar="N",
                        help="runs per chunk, the unit of work, saving and resuming (default: "
                             "32)")
    parser.add_argument("--force", action="store_true",
                        help="replace the results in --out even if they come from a different "
                             "experiment (otherwise a re-run resumes them)")


def backend_from_args(args: argparse.Namespace):
    """The execution backend the arguments ask for (a context manager yielding a Backend)."""
    return open_backend(workers=args.workers, scheduler=args.scheduler,
                        dask_local=args.dask_local)
