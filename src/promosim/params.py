"""The parameter values of a batch of runs: one record per run, and when its levers change.

The parameter *table* (names, ranges, sources) is :mod:`promosim.parameters`; this module holds
the values of a batch of runs while they are simulated. A run's record has one field per
parameter (integers as floats), so model code reads ``P.supervision_base`` whether it runs
compiled or in a Mesa agent.

During the spin-up (months ``1 - spinup_months .. 0``) the levers hold their baseline defaults:
every run starts month 1 from a firm with the same history. At month 1 each run's own levers
take over, then its schedule applies. Lever changes are kept per run, ordered by month, and
applied at the start of their month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from promosim.errors import ConfigError
from promosim.jit import kernel
from promosim.parameters import DEFAULTS, LEVERS, PARAMETERS, STRUCTURAL

#: A policy schedule: (month, {lever: value}) pairs; a change applies from the start of its month.
Schedule = Sequence[tuple[int, Mapping[str, float]]]

#: The record of one run's parameter values: one float field per parameter, in table order.
RECORD = np.dtype([(p.name, np.float64) for p in PARAMETERS])
INDEX: dict[str, int] = {p.name: i for i, p in enumerate(PARAMETERS)}
#: Columns of the change table: run, month, parameter index, value.
RUN, MONTH, PARAMETER, VALUE = range(4)


def record(values: Mapping[str, float]) -> np.record:
    """One run's parameters as a record (as model code sees them)."""
    row = np.zeros(1, RECORD).view(np.recarray)
    for name, value in values.items():
        row[name] = value
    return row[0]


class RunParameters:
    """Parameters of ``runs`` runs: current values (``values``) and lever changes (``changes``).

    ``values`` holds the levers' baseline defaults until the changes of month 1 apply.
    """

    def __init__(self, points: Sequence[Mapping[str, float]],
                 schedules: Sequence[Schedule | None] | None = None):
        if not points:
            raise ValueError("at least one parameter point is needed")
        for name in (*STRUCTURAL, "spinup_months"):
            if len({pt[name] for pt in points}) > 1:
                raise ValueError(f"runs batched together must share '{name}'")
        self.points = [dict(pt) for pt in points]
        self.values = np.zeros(len(points), RECORD)
        for name in RECORD.names:
            self.values[name] = [DEFAULTS[name] if name in LEVERS else float(pt[name])
                                 for pt in points]
        first = points[0]
        self.runs = len(points)
        self.teams = int(first["n_teams"])
        self.team_size = int(first["team_size"])
        self.accounts = int(first["accounts_per_position"])
        self.positions = self.teams * self.team_size
        self.spinup = int(first["spinup_months"])
        self._rows: list[tuple[int, int, int, float]] = [
            (run, 1, INDEX[name], float(pt[name])) for run, pt in enumerate(points)
            for name in LEVERS]
        for run, schedule in enumerate(schedules or [None] * self.runs):
            for month, levers in schedule or ():
                for name, value in levers.items():
                    self.add_change(month, run, name, value)

    def add_change(self, month: int, run: int, name: str, value: float) -> None:
        """Set lever ``name`` of ``run`` to ``value`` from the start of ``month``."""
        if name not in LEVERS:
            raise ConfigError(f"'{name}' is not a policy lever")
        self._rows.append((run, int(month), INDEX[name], float(value)))
        self._table = None

    @property
    def changes(self) -> np.ndarray:
        """The lever changes as a table ``(changes, 4)``, ordered by run and month (stable)."""
        if getattr(self, "_table", None) is None:
            order = sorted(range(len(self._rows)), key=lambda i: self._rows[i][:2])
            self._table = np.array([self._rows[i] for i in order],
                                   dtype=np.float64).reshape(-1, 4)
        return self._table

    def flat(self) -> np.ndarray:
        """The values as a float array ``(runs, parameters)`` sharing memory with ``values``."""
        return self.values.view(np.float64).reshape(self.runs, len(RECORD.names))

    def offsets(self) -> np.ndarray:
        """Where each run's rows begin in :attr:`changes` (ordered by run), plus the end."""
        return np.searchsorted(self.changes[:, RUN], np.arange(self.runs + 1)).astype(np.int64)

    def scalar(self, name: str, run: int = 0) -> float:
        """The current value of a parameter in one run."""
        return float(self.values[name][run])


@kernel
def apply_changes(flat, changes, offsets, run: int, month: int) -> None:
    """Set the levers that ``run``'s schedule changes at the start of ``month``."""
    for k in range(offsets[run], offsets[run + 1]):
        if int(changes[k, MONTH]) == month:
            flat[run, int(changes[k, PARAMETER])] = changes[k, VALUE]
