"""Running a plan on any ``concurrent.futures.Executor`` and streaming its chunks to a folder.

Backends: a local process pool (default), this process (``workers=0``), or Dask ``distributed``
(a scheduler address, or a ``LocalCluster`` started here). Workers get one chunk of plain data
and return plain DataFrames; the parent writes each chunk as it arrives, so memory holds only the
chunks in flight and an interruption loses at most those.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from promosim.errors import ConfigError
from promosim.experiments.plan import Plan
from promosim.experiments.store import ResultsFolder
from promosim.experiments.worker import run_task


class InlineExecutor(Executor):
    """An executor that runs each task at once in this process (no parallelism, no overhead)."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn`` now; return its outcome as a completed future."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            future.set_exception(error)
        return future


@dataclass
class Backend:
    """An executor, how many tasks it runs at once, and its name for messages."""

    executor: Executor
    workers: int
    name: str


def _ignore_interrupts() -> None:
    """Worker initialiser: Ctrl-C is the parent's to handle (it saves what is done)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def open_backend(workers: int | None = None, scheduler: str | None = None,
                 dask_local: int | None = None) -> Iterator[Backend]:
    """The executor to run on, chosen from the command line's options.

    Dask at ``scheduler``, a Dask ``LocalCluster`` of ``dask_local`` workers, this process
    (``workers=0``) or a process pool of ``workers`` processes (default: one per core).
    """
    if scheduler is not None or dask_local is not None:
        from distributed import Client, LocalCluster

        if scheduler is not None:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as error:
                raise ConfigError(f"--scheduler: cannot connect to '{scheduler}': "
                                  f"{error}") from None
            name = f"Dask scheduler {scheduler}"
            cluster = None
        else:
            cluster = LocalCluster(n_workers=dask_local, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
            name = f"Dask LocalCluster ({dask_local} workers)"
        try:
            slots = sum(client.nthreads().values()) or 1
            yield Backend(client.get_executor(pure=False), slots, name)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return
    if workers == 0:
        yield Backend(InlineExecutor(), 1, "this process")
        return
    count = workers or os.cpu_count() or 1
    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_interrupts)
    try:
        yield Backend(pool, count, f"{count} local worker process{'es' if count > 1 else ''}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def execute(plan: Plan, out: Path | str, backend: Backend, *, force: bool = False,
            about: dict[str, Any] | None = None, progress: bool = True) -> ResultsFolder:
    """Run every chunk of ``plan`` not yet completed in ``out`` and write it there as it ends.

    Re-running the same plan on the same folder resumes it. A folder holding another plan's
    results is refused (:class:`ConfigError`) unless ``force``.
    """
    folder = ResultsFolder(out)
    done = folder.open(plan, force=force, about=about)
    left = sum(len(plan.chunk_runs_of(c)) for c in range(plan.chunks) if c not in done)
    bar = tqdm(total=plan.runs, initial=plan.runs - left, unit="run", file=sys.stderr,
               desc=f"{plan.kind} {Path(out).name}", disable=None if progress else True,
               dynamic_ncols=True)
    pending: dict[Future, int] = {}

    def collect() -> None:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            chunk = pending.pop(future)
            folder.save_chunk(chunk, future.result())
            bar.update(len(plan.chunk_runs_of(chunk)))

    try:
        for task in plan.tasks(skip=done):
            while len(pending) >= 2 * backend.workers:
                collect()
            pending[backend.executor.submit(run_task, task)] = task.chunk
            if isinstance(backend.executor, InlineExecutor):
                collect()
        while pending:
            collect()
    except KeyboardInterrupt:
        for future in pending:
            future.cancel()
        print(f"\n{len(folder.completed)} of {plan.chunks} chunks are saved in {out}; run the "
              "same command again to resume", file=sys.stderr)
        raise
    finally:
        bar.close()
    folder.finish()
    return folder
