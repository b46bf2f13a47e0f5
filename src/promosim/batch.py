"""Batched runs: many runs (replications, parameter points) at once, as a leading array dimension.

A run's numbers depend only on its parameters and seed: every run has its own random key, every
uniform is addressed by row, month and purpose, and the engine works through one run at a time.
So a run gives the same numbers alone, inside any batch and in any worker (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from promosim import engine, jit
from promosim import events as ev
from promosim.outcomes import SERIES_NAMES, SERIES_RECORD
from promosim.parameters import LEVERS, STRUCTURAL, resolve
from promosim.params import RunParameters, Schedule
from promosim.randomness import SeedLike, run_keys, seed_sequence
from promosim.state import State


@dataclass
class BatchResult:
    """What a batch of runs produced: monthly series, the event log and the final state."""

    series: dict[str, np.ndarray]
    events: pd.DataFrame
    state: State
    params: RunParameters

    @property
    def runs(self) -> int:
        """Number of runs in the batch."""
        return self.params.runs

    def series_frame(self, runs: np.ndarray | None = None) -> pd.DataFrame:
        """The monthly series as a tidy DataFrame: one row per run and month (month 0 = start).

        ``runs`` numbers the runs (default: their index in the batch).
        """
        count, months = next(iter(self.series.values())).shape
        runs = np.arange(count) if runs is None else np.asarray(runs)
        columns = {"run": np.repeat(runs, months), "month": np.tile(np.arange(months), count)}
        return pd.DataFrame({**columns, **{n: v.reshape(-1) for n, v in self.series.items()}})


def batch_key(point: Mapping[str, float]) -> tuple[float, ...]:
    """Runs can share a batch when they share the firm's structure, horizon and spin-up."""
    return tuple(point[name] for name in (*STRUCTURAL, "months", "spinup_months"))


def history_key(point: Mapping[str, float], seed: SeedLike) -> tuple:
    """What a run's spin-up depends on: its seed and every parameter except the levers."""
    sequence = seed_sequence(seed)
    others = tuple(sorted((k, v) for k, v in point.items() if k not in LEVERS and k != "months"))
    return (sequence.entropy, tuple(sequence.spawn_key), others)


@dataclass
class Checkpoint:
    """Firms at the end of the spin-up, ready to continue under any levers.

    The spin-up runs under the baseline levers, so it depends only on a run's seed and its
    other parameters: one checkpoint serves every policy (the dashboard re-simulates from it).
    The random numbers need no saving: they are addressed, not drawn from a stream.
    """

    state: State
    history: list[tuple]

    def select(self, rows: Sequence[int] | np.ndarray) -> Checkpoint:
        """The checkpoint of the runs ``rows`` (in that order; a row may repeat)."""
        rows = np.asarray(rows)
        return Checkpoint(self.state.select(rows), [self.history[i] for i in rows])

    def matches(self, points: Sequence[Mapping[str, float]], seeds: Sequence[SeedLike]) -> bool:
        """Whether these runs have exactly this history."""
        return self.history == [history_key(pt, s) for pt, s in zip(points, seeds, strict=True)]


def _check(points: Sequence[Mapping[str, float]], seeds: Sequence[SeedLike]) -> None:
    if len(points) != len(seeds):
        raise ValueError("one seed per parameter point is needed")
    if len({batch_key(pt) for pt in points}) > 1:
        raise ValueError("runs in one batch must share structure and horizon; group them first")


def _founded(prm: RunParameters, seeds: Sequence[SeedLike]) -> State:
    """The first firms of a batch, keyed by their seeds."""
    st = State.empty(prm.runs, prm.teams, prm.team_size, prm.accounts)
    keys = run_keys(seeds)
    st.firms["key0"], st.firms["key1"] = keys[:, 0], keys[:, 1]
    engine.found_firms(st, prm)
    return st


def spin_up(points: Sequence[Mapping[str, float]], seeds: Sequence[SeedLike],
            threads: int | None = None) -> Checkpoint:
    """Set up the firms of a batch and run their spin-up (months ``1 - spinup_months .. 0``).

    ``threads``: how many runs at once (default :func:`promosim.engine.default_threads`).
    """
    _check(points, seeds)
    prm = RunParameters(points)
    st = _founded(prm, seeds)
    engine.run(st, prm, 1 - prm.spinup, 0, ev.new_log(1, enabled=False),
               np.empty((prm.runs, 0), SERIES_RECORD), 1,
               threads or engine.default_threads())
    return Checkpoint(st, [history_key(pt, s) for pt, s in zip(points, seeds, strict=True)])


def simulate(
    points: Sequence[Mapping[str, float]],
    seeds: Sequence[SeedLike],
    schedules: Sequence[Schedule | None] | None = None,
    events: bool = True,
    start: Checkpoint | None = None,
    observe: Callable[[State, int], None] | None = None,
    threads: int | None = None,
) -> BatchResult:
    """Run every (parameter point, seed) pair for its horizon with the compiled engine.

    ``points`` are complete, validated parameter sets (see :func:`promosim.parameters.resolve`)
    that share structure and horizon; ``seeds`` has one entry per point. ``start`` continues from
    a :class:`Checkpoint` of the same runs' spin-up instead of repeating it. ``observe(state,
    month)`` is called after month 0 and after every reported month (for experiments that need
    more than the series; the batch then advances month by month). ``threads``: how many runs
    at once (default :func:`promosim.engine.default_threads`; the numbers do not depend on it).
    """
    _check(points, seeds)
    threads = threads or engine.default_threads()
    if start is None:
        start = spin_up(points, seeds, threads)
    elif not start.matches(points, seeds):
        raise ValueError("the checkpoint was made for other seeds or non-lever parameters")
    prm = RunParameters(points, schedules)
    st = start.state.select(slice(None))
    months = int(points[0]["months"])
    series = np.zeros((prm.runs, months + 1), SERIES_RECORD)
    month0 = np.zeros(prm.runs, SERIES_RECORD)
    engine.measure(st.promoters, st.accounts, prm.values, month0)
    series[:, 0] = month0
    log = ev.new_log(enabled=events)
    if observe is None:
        log = engine.run(st, prm, 1, months, log, series, 0, threads)
    else:
        observe(st, 0)
        for month in range(1, months + 1):
            log = engine.run(st, prm, month, month, log, series, 0, threads)
            observe(st, month)
    return BatchResult({name: series[name] for name in SERIES_NAMES},
                       ev.frame(log, prm.team_size), st, prm)


def warm_up() -> None:
    """Load the compiled engine into this process, compiling it first if no cache has it.

    The first run after installing compiles the engine (tens of seconds) and caches it on disk;
    every later process loads it (about a second). Call this before starting worker processes,
    so that they load rather than each compile, and after installing (``make`` does).
    """
    point = resolve({"n_teams": 1, "team_size": 2, "accounts_per_position": 2, "months": 1,
                     "spinup_months": 1})
    simulate([point], [0])
    jit.mark_complete()


def ensure_compiled() -> None:
    """Make sure the compiled engine is in the on-disk cache, loading it only to put it there.

    Before starting worker processes: they then load the engine rather than each compile it,
    and a process that runs nothing itself (it hands chunks to workers) does not spend a second
    loading an engine it never calls when the cache is known to hold it (:func:`jit.cache_complete
    <promosim.jit.cache_complete>`). Where no cache can be written, every process compiles its
    own, so this does nothing.
    """
    if jit.cache_dir() is not None and not jit.cache_complete():
        warm_up()
