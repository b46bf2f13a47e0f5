"""Running a plan on any ``concurrent.futures.Executor`` and streaming its chunks to a folder.

Backends: a local process pool (default), this process (``workers=0``), or Dask ``distributed``
(a scheduler address, or a ``LocalCluster`` started here). Workers get one chunk of plain data
and return its tables as Parquet files in memory; the parent writes each chunk as it arrives, so
memory holds only the chunks in flight and an interruption loses at most those. Ctrl-C and
SIGTERM stop the loop between chunks, a full disk ends it with one line, and either way the
folder resumes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing import connection
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from promosim.batch import ensure_compiled
from promosim.errors import ConfigError, RunError, Stopped, cut, shown
from promosim.experiments.lifecycle import StopRequest, start_worker
from promosim.experiments.plan import Plan
from promosim.experiments.store import ResultsFolder
from promosim.experiments.worker import run_chunk

#: Seconds between two looks at a stop request while chunks are in flight.
POLL_SECONDS = 0.2
#: Local worker processes per core at most (more only add memory; a cluster adds cores).
WORKERS_PER_CORE = 4


def most_workers() -> int:
    """The largest number of local worker processes allowed on this machine."""
    return WORKERS_PER_CORE * (os.cpu_count() or 1)


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
    """An executor, how many tasks it runs at once, its name for messages, and how to end it now.

    ``stop`` ends the tasks in flight at once (used when an experiment is stopped); by default it
    does nothing and the executor's own shutdown waits for them. ``lost`` says whether a worker
    has ended, so that the executor cannot finish its tasks (by default never: the executor's
    futures say so).
    """

    executor: Executor
    workers: int
    name: str
    stop: Callable[[], None] = lambda: None
    lost: Callable[[], bool] = lambda: False


@contextmanager
def open_backend(workers: int | None = None, scheduler: str | None = None,
                 dask_local: int | None = None) -> Iterator[Backend]:
    """The executor to run on: local processes, this process, or Dask.

    Pool workers end when this process ends, however it ends. Local workers load the compiled
    engine from the cache this process has made sure of first
    (:func:`promosim.batch.ensure_compiled`), so no worker compiles; workers of a remote Dask
    scheduler compile once each, on their own machine.

    Args:
        workers: a process pool of this many processes (None: one per core; 0: this process).
        scheduler: run on the Dask ``distributed`` scheduler at this address instead.
        dask_local: start a Dask ``LocalCluster`` of this many worker processes instead.

    Yields:
        The backend, until the block ends (then its workers end).

    Raises:
        ConfigError: the Dask scheduler cannot be reached.
    """
    if scheduler is None:
        ensure_compiled()
    if scheduler is not None or dask_local is not None:
        from distributed import Client, LocalCluster

        if scheduler is not None:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError, TypeError) as error:
                raise ConfigError(f"--scheduler: cannot connect to {shown(scheduler)}: "
                                  f"{cut(str(error), 120)}") from None
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
                               initializer=start_worker, initargs=(os.getpid(),))
    try:
        yield Backend(pool, count, f"{count} local worker process{'es' if count > 1 else ''}",
                      stop=lambda: _kill_workers(pool), lost=lambda: _worker_ended(pool))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers now (their chunks are discarded; the parent saves what is done)."""
    processes = _processes(pool)
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        kill()
    else:
        for process in processes:
            process.kill()
    _close_results_pipe(pool, processes)


def _processes(pool: ProcessPoolExecutor) -> list:
    return list((getattr(pool, "_processes", None) or {}).values())


def _worker_ended(pool: ProcessPoolExecutor) -> bool:
    """Whether a worker process of the pool has ended (seen from its sentinel; nothing reaped)."""
    processes = _processes(pool)
    return bool(processes) and bool(connection.wait([p.sentinel for p in processes], timeout=0))


def _close_results_pipe(pool: ProcessPoolExecutor, processes: list, seconds: float = 5.0,
                        ) -> None:
    """Close this process's end of the pipe workers send results on, once every worker ended.

    A worker killed half-way through sending its result leaves the pool's manager thread
    waiting for the rest of the message, and the pool's shutdown waiting for that thread, for
    ever (the pipe's write end stays open here). With every worker gone, closing it turns that
    wait into the end of the pipe, which the thread takes for a broken pool, as it is.
    """
    deadline = time.monotonic() + seconds
    waiting = {p.sentinel for p in processes}
    while waiting and time.monotonic() < deadline:
        waiting -= set(connection.wait(list(waiting), timeout=deadline - time.monotonic()))
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if not waiting and writer is not None:
        with suppress(OSError):
            writer.close()


def execute(plan: Plan, out: Path | str | ResultsFolder, backend: Backend, *,
            force: bool = False, about: dict[str, Any] | None = None,
            progress: bool = True, opened: Callable[[set[int]], None] | None = None,
            ) -> ResultsFolder:
    """Run every chunk of ``plan`` not yet completed in ``out`` and write it there as it ends.

    Re-running the same plan on the same folder resumes it (and runs again any chunk whose
    parts were found damaged or missing). The folder is locked while this runs.

    Args:
        plan: the runs.
        out: the results folder.
        backend: where the chunks run (:func:`open_backend`, or any executor in a
            :class:`Backend`).
        force: replace the results of another plan in ``out``.
        about: extra manifest entries.
        progress: show a progress bar (on a terminal or in a notebook: ``tqdm.auto``).
        opened: called with the chunks already completed (intact, so not run again) once the
            folder is open, before any chunk runs.

    Returns:
        The results folder, complete.

    Raises:
        ConfigError: the folder holds another plan's results (unless ``force``), or another
            process is writing to it.
        Stopped: Ctrl-C or SIGTERM; chunks in flight are finished or discarded, the manifest
            is written, and the message says how many chunks are saved.
        RunError: the disk is full (or another write failed) or a worker was lost; what is
            saved is consistent and resumes.
    """
    folder = out if isinstance(out, ResultsFolder) else ResultsFolder(out)
    stop = StopRequest()
    with folder.writing(), stop.catching():
        pending: dict[Future, int] = {}
        try:
            done = folder.open(plan, force=force, about=about)
            if opened is not None:
                opened(set(done))
            if folder.repairs:
                count = len(folder.repairs)
                print(f"{folder.path}: repairing {count} damaged or missing "
                      f"file{'s' if count != 1 else ''} (" + "; ".join(folder.repairs[:3])
                      + ("; …" if count > 3 else "") + ")", file=sys.stderr)
            _run(plan, folder, backend, done, pending, stop, progress)
            folder.finish()
        except OSError as error:
            raise RunError(f"{folder.path}: cannot write: {error.strerror or error}; "
                           f"{_saved(folder, plan)}; make room and run the same command again "
                           "to resume") from None
        finally:
            with suppress(OSError):  # record what is saved before waiting for the workers
                folder.flush()
            if pending:
                for future in pending:
                    future.cancel()
                backend.stop()
    if stop:
        raise Stopped(stop.signum, f"{_saved(folder, plan)}; run the same command again to "
                                   "resume")
    return folder


def _run(plan: Plan, folder: ResultsFolder, backend: Backend, done: set[int],
         pending: dict[Future, int], stop: StopRequest, progress: bool) -> None:
    """Submit the chunks not done, at most two per worker in flight; save each as it ends."""
    left = sum(len(plan.chunk_runs_of(c)) for c in range(plan.chunks) if c not in done)
    bar = tqdm(total=plan.runs, initial=plan.runs - left, unit="run", file=sys.stderr,
               desc=f"{plan.kind} {cut(folder.path.name, 30)}",
               disable=None if progress else True, dynamic_ncols=True)

    def collect() -> None:
        finished, _ = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        if not finished and not stop and backend.lost():  # the futures may never say so
            raise RunError(_lost(BrokenExecutor("a worker ended"), plan, folder))
        for future in finished:
            chunk = pending.pop(future)
            try:
                tables = future.result()
            except Exception as error:
                if stop:  # stopping: a chunk that failed is discarded like any in flight
                    continue
                if isinstance(error, BrokenExecutor | MemoryError) or _lost_worker(error):
                    raise RunError(_lost(error, plan, folder)) from None
                raise
            folder.save_chunk(chunk, tables)
            bar.update(len(plan.chunk_runs_of(chunk)))

    try:
        for task in plan.tasks(skip=done):
            while len(pending) >= 2 * backend.workers and not stop:
                collect()
            if stop:
                return
            try:
                pending[backend.executor.submit(run_chunk, task)] = task.chunk
            except BrokenExecutor as error:  # a worker died since the last chunk was collected
                if stop:
                    return
                raise RunError(_lost(error, plan, folder)) from None
            if isinstance(backend.executor, InlineExecutor):
                collect()
        while pending and not stop:
            collect()
    finally:
        bar.close()


def _lost_worker(error: BaseException) -> bool:
    """Whether a task failed because its Dask worker died (not because of the task)."""
    return type(error).__name__ == "KilledWorker"


def _lost(error: BaseException, plan: Plan, folder: ResultsFolder) -> str:
    what = ("a worker ran out of memory (try a smaller --chunk-runs)"
            if isinstance(error, MemoryError)
            else "a worker process ended unexpectedly (killed, or out of memory"
            f"{_unguarded_hint()})")
    return f"{what}; {_saved(folder, plan)}; run the same command again to resume"


def _unguarded_hint() -> str:
    """A hint for a user's own script, whose unguarded calls the new workers run again, or ""."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    spec = getattr(main, "__spec__", None)
    if not path or Path(path).stem == "promosim" or (spec and spec.name.startswith("promosim")):
        return ""
    return (f"; or, if {Path(path).name} does not keep its calls under "
            "'if __name__ == \"__main__\":', the workers, which import it again, ran them too")


def _saved(folder: ResultsFolder, plan: Plan) -> str:
    """How many chunks the manifest lists (written first if it lags behind, when it can be)."""
    with suppress(OSError):
        folder.flush()
    return f"{len(folder.saved)} of {plan.chunks} chunks are saved in {folder.path}"
