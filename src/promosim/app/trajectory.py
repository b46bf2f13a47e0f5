"""What the dashboard shows of one run: its monthly series and the retention of its first promoters.

The same :class:`Trajectory` comes from the firm stepped month by month in the browser (a
:class:`~promosim.model.PromoterModel`) and from a projection (a
:class:`~promosim.batch.BatchResult`), so live and projected runs are drawn and compared alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from promosim.batch import BatchResult
from promosim.model import PromoterModel
from promosim.outcomes import OUTCOMES, Months
from promosim.outcomes import SERIES_NAMES as SERIES
from promosim.summary import summarise_series


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Monthly series (month 0 first) and retention of one run, up to its current month.

    Trajectories are compared by identity: the what-if cache hands out one object per policy.
    """

    series: dict[str, np.ndarray]
    retention: np.ndarray

    @property
    def month(self) -> int:
        """The last month simulated (0 before the first step)."""
        return len(self.retention) - 1

    def __getitem__(self, name: str) -> np.ndarray:
        return self.series[name]

    def summary(self) -> pd.Series:
        """The run's outcomes over its months (see :data:`promosim.summary.OUTCOMES`)."""
        return summarise_series({k: v[None, :] for k, v in self.series.items()}).iloc[0]

    @cached_property
    def outcomes(self) -> dict[str, float]:
        """The outcomes of :meth:`summary` by name, computed once (a trajectory does not change)."""
        months = Months({name: values[None, :] for name, values in self.series.items()})
        return {name: float(o.summary(months)[0]) for name, o in OUTCOMES.items()}


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
    """The trajectory of one run of a batch."""
    series = {name: values[run] for name, values in result.series.items()}
    events = result.events[result.events["run"] == run]
    months = len(series["promoters"]) - 1
    return Trajectory(series, retention(events, series["promoters"][0], months))
