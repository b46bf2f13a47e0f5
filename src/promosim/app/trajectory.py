"""What the dashboard shows of one run: its monthly series and the retention of its first promoters.

The same :class:`Trajectory` comes from the firm stepped month by month in the browser (a
:class:`~promosim.model.PromoterModel`) and from a projection (a
:class:`~promosim.batch.BatchResult`), so live and projected runs are drawn and compared alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from promosim.batch import BatchResult
from promosim.model import PromoterModel
from promosim.outcomes import OUTCOMES, Months
from promosim.outcomes import SERIES_NAMES as SERIES
from promosim.summary import summarise_series


class Record(Mapping[str, np.ndarray]):
    """The monthly series of one run held in one record array (a field per series), read-only.

    A projection keeps its series this way for as long as the server caches it: one array and
    two small objects, not a dict of one array per series (some eighty Python objects, which a
    class's worth of cached projections scattered through the allocator's memory).
    """

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray):
        self.array = array

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.array.dtype.names:
            raise KeyError(name)
        return self.array[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.array.dtype.names)

    def __len__(self) -> int:
        return len(self.array.dtype.names)


@dataclass(frozen=True, eq=False, slots=True)
class Trajectory:
    """Monthly series (month 0 first) and retention of one run, up to its current month.

    Trajectories are compared by identity: the what-if cache hands out one object per policy.
    """

    series: Mapping[str, np.ndarray]
    retention: np.ndarray
    _outcomes: np.ndarray | None = field(default=None, init=False, repr=False)

    @property
    def month(self) -> int:
        """The last month simulated (0 before the first step)."""
        return len(self.retention) - 1

    def __getitem__(self, name: str) -> np.ndarray:
        return self.series[name]

    def summary(self) -> pd.Series:
        """The run's outcomes over its months (see :data:`promosim.summary.OUTCOMES`)."""
        return summarise_series({k: v[None, :] for k, v in self.series.items()}).iloc[0]

    @property
    def outcomes(self) -> dict[str, float]:
        """The outcomes of :meth:`summary` by name, computed once (a trajectory does not change)."""
        if self._outcomes is None:
            months = Months({name: values[None, :] for name, values in self.series.items()})
            values = np.array([o.summary(months)[0] for o in OUTCOMES.values()], np.float64)
            object.__setattr__(self, "_outcomes", values)
        return dict(zip(OUTCOMES, self._outcomes.tolist(), strict=True))


def retention(events: pd.DataFrame, starting: float, months: int) -> np.ndarray:
    """Share of the promoters employed at month 0 still employed at each month ``0..months``.

    They are the people who quit without having been hired during the run; ``starting`` is their
    number (the occupied positions at month 0).
    """
    kind, person = events["event"].to_numpy(), events["person"].to_numpy()
    first = (kind == "quit") & ~np.isin(person, person[kind == "hire"])
    left = np.bincount(events["month"].to_numpy(dtype=int)[first], minlength=months + 1)
    return 1.0 - np.cumsum(left[:months + 1]) / max(starting, 1.0)


def from_model(model: PromoterModel, events: pd.DataFrame | None = None) -> Trajectory:
    """The trajectory of a model so far (``events``: its event log, if already at hand)."""
    collected = model.datacollector.model_vars
    series = {name: np.asarray(collected[name], dtype=np.float64) for name in SERIES}
    log = model.events if events is None else events
    return Trajectory(series, retention(log, series["promoters"][0], model.steps))


def from_batch(result: BatchResult, run: int = 0) -> Trajectory:
    """The trajectory of one run of a batch: its series copied into one read-only record array."""
    months = len(result.series["promoters"][run]) - 1
    record = np.empty(months + 1, _record_type(tuple((name, values.dtype.str)
                                                     for name, values in result.series.items())))
    for name, values in result.series.items():
        record[name] = values[run]
    record.flags.writeable = False
    series = Record(record)
    events = result.events[result.events["run"] == run]
    kept = retention(events, series["promoters"][0], months)
    kept.flags.writeable = False
    return Trajectory(series, kept)


@cache
def _record_type(fields: tuple[tuple[str, str], ...]) -> np.dtype:
    """The record type of these fields, made once (each type made anew is fifty Python objects)."""
    return np.dtype(list(fields))
