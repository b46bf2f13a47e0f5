"""Batched runs: many runs (replications, parameter points) at once, as a leading array dimension.

A run's numbers depend only on its parameters and seed: every run has its own random stream and
draws it in fixed shapes, and every equation is elementwise or reduces within a run. So a run gives
the same numbers alone, inside any batch and in any worker (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from promosim import engine, metrics
from promosim.events import EventLog
from promosim.param_arrays import Params, Schedule
from promosim.parameters import LEVERS, STRUCTURAL
from promosim.randomness import SeedLike, Streams, seed_sequence
from promosim.state import State


@dataclass
class BatchResult:
    """What a batch of runs produced: monthly series, the event log and the final state."""

    series: dict[str, np.ndarray]
    events: pd.DataFrame
    state: State
    params: Params

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


@dataclass
class Checkpoint:
    """Firms at the end of the spin-up, ready to continue under any levers.

    The spin-up runs under the baseline levers, so it depends only on a run's seed and its
    other parameters: one checkpoint serves every policy (the dashboard re-simulates from it).
    """

    state: State
    generators: list[dict]
    history: list[tuple]

    def select(self, rows: Sequence[int] | np.ndarray) -> Checkpoint:
        """The checkpoint of the runs ``rows`` (in that order; a row may repeat)."""
        rows = np.asarray(rows)
        return Checkpoint(self.state.select(rows), [self.generators[i] for i in rows],
                          [self.history[i] for i in rows])

    def matches(self, points: Sequence[Mapping[str, float]], seeds: Sequence[SeedLike]) -> bool:
        """Whether these runs have exactly this history."""
        return self.history == [history_key(pt, s) for pt, s in zip(points, seeds, strict=True)]


def history_key(point: Mapping[str, float], seed: SeedLike) -> tuple:
    """What a run's spin-up depends on: its seed and every parameter except the levers."""
    sequence = seed_sequence(seed)
    others = tuple(sorted((k, v) for k, v in point.items() if k not in LEVERS and k != "months"))
    return (sequence.entropy, tuple(sequence.spawn_key), others)


def spin_up(points: Sequence[Mapping[str, float]], seeds: Sequence[SeedLike]) -> Checkpoint:
    """Initialise the firms of a batch and run their spin-up."""
    _check(points, seeds)
    prm = Params(points)
    streams = Streams([seed_sequence(s) for s in seeds], prm.positions, prm.accounts, prm.teams)
    st = State.empty(prm.runs, prm.teams, prm.team_size, prm.accounts)
    engine.initialise(st, prm, streams.initial())
    engine.spin_up(st, prm, streams, engine.VECTORISED)
    return Checkpoint(st, [g.bit_generator.state for g in streams.generators],
                      [history_key(pt, s) for pt, s in zip(points, seeds, strict=True)])


def _check(points: Sequence[Mapping[str, float]], seeds: Sequence[SeedLike]) -> None:
    if len(points) != len(seeds):
        raise ValueError("one seed per parameter point is needed")
    if len({batch_key(pt) for pt in points}) > 1:
        raise ValueError("runs in one batch must share structure and horizon; group them first")


def simulate(
    points: Sequence[Mapping[str, float]],
    seeds: Sequence[SeedLike],
    schedules: Sequence[Schedule | None] | None = None,
    events: bool = True,
    start: Checkpoint | None = None,
    observe: Callable[[State, int], None] | None = None,
    driver: engine.Driver = engine.VECTORISED,
) -> BatchResult:
    """Run every (parameter point, seed) pair for its horizon with the vectorised driver.

    ``points`` are complete, validated parameter sets (see :func:`promosim.parameters.resolve`)
    that share structure and horizon; ``seeds`` has one entry per point. ``start`` continues from
    a :class:`Checkpoint` of the same runs' spin-up instead of repeating it. ``observe(state,
    month)`` is called after month 0 and after every reported month (for experiments that need
    more than the series); ``driver`` replaces the agents' behaviour for the reported months (for
    interventions; a driver of whole columns such as a subclass of
    :class:`~promosim.engine.VectorisedDriver`).
    """
    _check(points, seeds)
    prm = Params(points, schedules)
    months = int(points[0]["months"])
    streams = Streams([seed_sequence(s) for s in seeds], prm.positions, prm.accounts, prm.teams)
    if start is None:
        st = State.empty(prm.runs, prm.teams, prm.team_size, prm.accounts)
        engine.initialise(st, prm, streams.initial())
        engine.spin_up(st, prm, streams, engine.VECTORISED)
    else:
        if not start.matches(points, seeds):
            raise ValueError("the checkpoint was made for other seeds or non-lever parameters")
        st = start.state.select(slice(None))
        for generator, saved in zip(streams.generators, start.generators, strict=True):
            generator.bit_generator.state = saved
    log = EventLog(enabled=events)
    first = metrics.monthly(st, prm)
    series = {name: np.empty((prm.runs, months + 1)) for name in first}
    for name, values in first.items():
        series[name][:, 0] = values
    if observe is not None:
        observe(st, 0)
    for month in range(1, months + 1):
        engine.month(st, prm, streams.month(), log, month, driver)
        for name, values in metrics.monthly(st, prm).items():
            series[name][:, month] = values
        if observe is not None:
            observe(st, month)
    return BatchResult(series, log.frame(prm.team_size), st, prm)
