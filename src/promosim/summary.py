"""Per-run outcomes: one row per run, the tidy unit of sweeps and policy comparisons.

The outcomes and how each is summarised from the monthly series are declared in the outcome
registry (:data:`promosim.outcomes.OUTCOMES`). Rates are per year over the reported horizon
(months 1..T); means are over months 1..T; money is in k€ over the whole horizon unless the name
says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from promosim.outcomes import HORIZON, OUTCOMES, Months, Window

if TYPE_CHECKING:
    from promosim.batch import BatchResult

__all__ = ["OUTCOMES", "summarise", "summarise_series"]


def summarise(result: BatchResult) -> pd.DataFrame:
    """One row per run of ``result`` with the outcomes of :data:`OUTCOMES`."""
    return summarise_series(result.series)


def summarise_series(series: Mapping[str, np.ndarray], window: Window = HORIZON) -> pd.DataFrame:
    """Outcomes from monthly series shaped ``(runs, months + 1)`` (month 0 first).

    ``window`` restricts them to part of the horizon (e.g. ``outcomes.STEADY_STATE``); ``years``
    is the length of the part.
    """
    months = Months(series, window)
    frame = pd.DataFrame({name: outcome.summary(months) for name, outcome in OUTCOMES.items()})
    frame.insert(0, "years", months.years)
    return frame
