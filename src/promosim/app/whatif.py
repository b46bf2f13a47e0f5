"""Instant what-if: re-simulate the horizon from a cached spin-up whenever a lever moves.

The spin-up runs under the baseline levers, so it depends only on the seed and the non-lever
parameters (:func:`promosim.batch.history_key`): one :class:`~promosim.batch.Checkpoint` per firm
and seed serves every policy and every browser session, and a what-if only simulates the horizon.
Projections themselves are cached too (:data:`PROJECTIONS` of them, for all sessions): a class
that tries the presets, or a tab that goes back to a setting, simulates each policy once.

A projection is kept under a digest of its parameters, seed and schedule, and its series in one
record array (:class:`~promosim.app.trajectory.Record`): a key of the firm's 291 names and values
and a dict of 39 arrays were some 360 small Python objects per projection, about 90,000 for a full
cache, made while a class ran and kept long after its tabs had closed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache

from promosim.app.trajectory import Trajectory, from_batch
from promosim.batch import Checkpoint, history_key, simulate, spin_up
from promosim.parameters import resolve
from promosim.params import Schedule

#: Projections kept (about 40 kB each, the series in one record array).
PROJECTIONS = 256

_projections: OrderedDict[bytes, Trajectory] = OrderedDict()
_lock = threading.Lock()


@lru_cache(maxsize=16)
def _spun_up(seed: int, others: tuple[tuple[str, float], ...]) -> Checkpoint:
    return spin_up([resolve(dict(others))], [seed])


def checkpoint(values: Mapping[str, float], seed: int) -> Checkpoint:
    """The firm of ``values`` and ``seed`` after its spin-up (computed once, then cached)."""
    return _spun_up(seed, history_key(values, seed)[2])


def project(values: Mapping[str, float], seed: int, schedule: Schedule | None = None) -> Trajectory:
    """The whole horizon of this firm and seed under the levers in ``values`` (cached).

    The same parameters, seed and schedule give the same :class:`Trajectory` object while it is
    among the :data:`PROJECTIONS` used last.
    """
    plan = tuple((int(month), tuple(sorted(levers.items()))) for month, levers in schedule or ())
    parameters = dict(sorted(values.items()))
    key = _digest(parameters, seed, plan)
    with _lock:
        known = _projections.get(key)
        if known is not None:
            _projections.move_to_end(key)
            return known
    result = simulate([parameters], [seed], [[(month, dict(levers)) for month, levers in plan]
                                             or None], start=checkpoint(parameters, seed))
    projected = from_batch(result)
    with _lock:  # another session may have projected the same meanwhile: hand out one object
        known = _projections.setdefault(key, projected)
        _projections.move_to_end(key)
        while len(_projections) > PROJECTIONS:
            _projections.popitem(last=False)
    return known


def cached() -> int:
    """The number of projections in the cache."""
    with _lock:
        return len(_projections)


def clear() -> None:
    """Forget every cached projection and spin-up."""
    with _lock:
        _projections.clear()
    _spun_up.cache_clear()


def _digest(parameters: Mapping[str, float], seed: int, plan: tuple) -> bytes:
    """A projection's key: a digest of the exact values (``repr`` of a float is exact)."""
    text = repr((sorted(parameters.items()), int(seed), plan))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()
