"""Instant what-if: re-simulate the horizon from a cached spin-up whenever a lever moves.

The spin-up runs under the baseline levers, so it depends only on the seed and the non-lever
parameters (:func:`promosim.batch.history_key`): one :class:`~promosim.batch.Checkpoint` per firm
and seed serves every policy and every browser session, and a what-if only simulates the horizon.
Projections themselves are cached too (:data:`PROJECTIONS` of them, for all sessions): a class
that tries the presets, or a tab that goes back to a setting, simulates each policy once.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from promosim.app.trajectory import Trajectory, from_batch
from promosim.batch import Checkpoint, history_key, simulate, spin_up
from promosim.parameters import resolve
from promosim.params import Schedule

#: Projections kept (about 40 kB each).
PROJECTIONS = 256


@lru_cache(maxsize=16)
def _spun_up(seed: int, others: tuple[tuple[str, float], ...]) -> Checkpoint:
    return spin_up([resolve(dict(others))], [seed])


def checkpoint(values: Mapping[str, float], seed: int) -> Checkpoint:
    """The firm of ``values`` and ``seed`` after its spin-up (computed once, then cached)."""
    return _spun_up(seed, history_key(values, seed)[2])


@lru_cache(maxsize=PROJECTIONS)
def _projected(values: tuple[tuple[str, float], ...], seed: int,
               schedule: tuple[tuple[int, tuple[tuple[str, float], ...]], ...]) -> Trajectory:
    plan = [(month, dict(levers)) for month, levers in schedule] or None
    parameters = dict(values)
    result = simulate([parameters], [seed], [plan], start=checkpoint(parameters, seed))
    return from_batch(result)


def project(values: Mapping[str, float], seed: int, schedule: Schedule | None = None) -> Trajectory:
    """The whole horizon of this firm and seed under the levers in ``values`` (cached)."""
    plan = tuple((int(month), tuple(sorted(levers.items()))) for month, levers in schedule or ())
    return _projected(tuple(sorted(values.items())), seed, plan)
