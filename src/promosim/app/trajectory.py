"""What the dashboard shows of one run: its monthly series and the retention of its first promoters.

The same :class:`Trajectory` comes from the firm stepped month by month in the browser (a
:class:`~promosim.model.PromoterModel`) and from a projection (a
:class:`~promosim.batch.BatchResult`), so live and projected runs are drawn and compared alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from promosim.batch import BatchResult
from promosim.model import PromoterModel
from promosim.outcomes import SERIES_NAMES as SERIES
from promosim.summary import summarise_series


@dataclass(frozen=True)
class Trajectory:
    """Monthly series (month 0 first) and retention of one run, up to its current month."""

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


def retention(events: pd.DataFrame, starting: float, months: int) -> np.ndarray:
    """Share of the promoters employed at month 0 still employed at each month ``0..months``.

    They are the people who quit without having been hired during the run; ``starting`` is their
    number (the occupied positions at month 0).
    """
    hired = events.loc[events["event"] == "hire", "person"]
    quits = events[(events["event"] == "quit") & ~events["person"].isin(hired)]
    left = np.bincount(quits["month"].to_numpy(dtype=int), minlength=months + 1)[:months + 1]
    return 1.0 - np.cumsum(left) / max(starting, 1.0)


def from_model(model: PromoterModel) -> Trajectory:
    """The trajectory of a model so far."""
    frame = model.datacollector.get_model_vars_dataframe()
    series = {name: frame[name].to_numpy(dtype=np.float64) for name in SERIES}
    return Trajectory(series, retention(model.events, series["promoters"][0], model.steps))


def from_batch(result: BatchResult, run: int = 0) -> Trajectory:
    """The trajectory of one run of a batch."""
    series = {name: values[run] for name, values in result.series.items()}
    events = result.events[result.events["run"] == run]
    months = len(series["promoters"]) - 1
    return Trajectory(series, retention(events, series["promoters"][0], months))
