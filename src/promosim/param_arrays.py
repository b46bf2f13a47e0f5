"""Parameter values of a batch of runs as arrays that broadcast against the state columns.

The parameter *table* (names, ranges, sources) is :mod:`promosim.parameters`; this module holds
the values of a batch of runs while they are simulated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from promosim.errors import ConfigError
from promosim.parameters import DEFAULTS, LEVERS, PARAMETERS, STRUCTURAL

#: A policy schedule: (month, {lever: value}) pairs; a change applies from the start of its month.
Schedule = Sequence[tuple[int, Mapping[str, float]]]


class Values:
    """Attribute access to one array per parameter."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.__dict__.update(arrays)


class Params:
    """Parameters of ``runs`` runs: ``p`` shaped ``(runs, 1)`` for positions, ``a`` for accounts.

    During the spin-up (months ``1 - spinup_months .. 0``) the levers hold their baseline
    defaults: every run starts month 1 from a firm with the same history. At month 1 each run's
    own levers take over, then its schedule applies. ``a.x`` is a view of ``p.x``, so a change of
    a lever reaches both.
    """

    def __init__(self, points: Sequence[Mapping[str, float]],
                 schedules: Sequence[Schedule | None] | None = None):
        if not points:
            raise ValueError("at least one parameter point is needed")
        for name in (*STRUCTURAL, "spinup_months"):
            if len({pt[name] for pt in points}) > 1:
                raise ValueError(f"runs batched together must share '{name}'")
        self.points = [dict(pt) for pt in points]
        columns = {s.name: np.array([[float(pt[s.name])] for pt in points]) for s in PARAMETERS}
        own_levers = {name: columns[name].copy() for name in LEVERS}
        for name in LEVERS:
            columns[name][:] = DEFAULTS[name]
        self.p = Values(columns)
        self.a = Values({name: col[:, :, None] for name, col in columns.items()})
        first = points[0]
        self.runs = len(points)
        self.teams = int(first["n_teams"])
        self.team_size = int(first["team_size"])
        self.accounts = int(first["accounts_per_position"])
        self.positions = self.teams * self.team_size
        self.spinup = int(first["spinup_months"])
        self._changes: dict[int, list[tuple[int, str, float]]] = {1: [
            (run, name, float(own_levers[name][run, 0])) for run in range(self.runs)
            for name in LEVERS]}
        for run, schedule in enumerate(schedules or [None] * self.runs):
            for month, levers in schedule or ():
                for name, value in levers.items():
                    self.add_change(month, run, name, value)

    def add_change(self, month: int, run: int, name: str, value: float) -> None:
        """Set lever ``name`` of ``run`` to ``value`` from the start of ``month``."""
        if name not in LEVERS:
            raise ConfigError(f"'{name}' is not a policy lever")
        self._changes.setdefault(int(month), []).append((run, name, float(value)))

    def apply_schedule(self, month: int) -> None:
        """Set the levers that the schedules change at the start of ``month``."""
        for run, name, value in self._changes.get(month, ()):
            getattr(self.p, name)[run, 0] = value

    def scalar(self, name: str, run: int = 0) -> float:
        """The current value of a parameter in one run."""
        return float(getattr(self.p, name)[run, 0])
