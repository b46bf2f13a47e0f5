"""The summary statistics of a firm's records, the same for a firm's files and for the model.

Rates are per year of exposure inside the observation window; survival quantiles come from
Kaplan–Meier curves that allow for people and relationships that began before the window (left
truncation) or go on after it (censoring). A statistic the records cannot give (no revenue, no
survey, nobody at risk) is NaN; calibration leaves such statistics of the firm out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from promosim.firm.records import FirmRecords


@dataclass(frozen=True)
class Statistic:
    """A summary statistic: its name, what it says, and its unit."""

    name: str
    label: str
    unit: str


#: Tenure bands of the turnover rates, in months (lower bound included, upper excluded).
BANDS = ((0, 12), (12, 36), (36, 60), (60, 1 << 30))
#: Quantiles of the tenure and relationship survival curves: the share that has ended.
TENURE_QUANTILES = (0.25, 0.5, 0.75)
RELATIONSHIP_QUANTILES = (0.25, 0.5)
#: How long after its promoter left an account counts as "after the exit" (months).
AFTER_EXIT = 12
TOP_SHARE = 0.2
SURVEYED = {"customer_trust": "customers' trust (or recommendation), rescaled to 0–1",
            "engagement": "promoters' engagement, rescaled to 0–1",
            "trust_in_manager": "promoters' trust in their manager, rescaled to 0–1"}


def _band(lo: int, hi: int) -> str:
    return f"{lo // 12}+ years" if hi > 600 else f"{lo // 12}–{hi // 12} years"


STATISTICS: tuple[Statistic, ...] = (
    *(Statistic(f"turnover_{lo // 12}y", f"turnover of people with tenure {_band(lo, hi)}",
                "per year") for lo, hi in BANDS),
    *(Statistic(f"tenure_q{round(q * 100)}", f"tenure by which {q:.0%} of people have left",
                "years") for q in TENURE_QUANTILES),
    Statistic("churn", "relationships ended", "per year"),
    *(Statistic(f"relationship_q{round(q * 100)}",
                f"duration by which {q:.0%} of relationships have ended", "years")
      for q in RELATIONSHIP_QUANTILES),
    Statistic("churn_after_exit", f"relationships ended within {AFTER_EXIT} months after their "
              "promoter left", "per year"),
    Statistic("revenue_top20", "share of the last year's revenue from the top 20% of accounts",
              "share"),
    *(Statistic(f"survey_{measure}", label, "0–1") for measure, label in SURVEYED.items()),
)
NAMES: tuple[str, ...] = tuple(s.name for s in STATISTICS)
BY_NAME: dict[str, Statistic] = {s.name: s for s in STATISTICS}


def firm_statistics(records: FirmRecords) -> dict[str, float]:
    """Every statistic of :data:`STATISTICS` for one firm's records (NaN where undefined)."""
    r, w = records, records.months
    values: dict[str, float] = {}
    for lo, hi in BANDS:
        exposure = _overlap(np.maximum(r.hired, 0), np.minimum(r.left, w), r.hired + lo,
                            r.hired + hi)
        tenure = r.left - r.hired
        exits = (r.left < w) & (r.left >= 0) & (tenure >= lo) & (tenure < hi)
        values[f"turnover_{lo // 12}y"] = _rate(exits.sum(), exposure.sum())
    for q, value in zip(TENURE_QUANTILES, _quantiles(r.hired, r.left, w, TENURE_QUANTILES),
                        strict=True):
        values[f"tenure_q{round(q * 100)}"] = value
    active = _overlap(np.maximum(r.started, 0), np.minimum(r.ended, w), 0, w)
    values["churn"] = _rate(((r.ended >= 0) & (r.ended < w)).sum(), active.sum())
    for q, value in zip(RELATIONSHIP_QUANTILES,
                        _quantiles(r.started, r.ended, w, RELATIONSHIP_QUANTILES), strict=True):
        values[f"relationship_q{round(q * 100)}"] = value
    values["churn_after_exit"] = _after_exit(r)
    values["revenue_top20"] = _top_share(r.revenue)
    for measure in SURVEYED:
        waves = r.surveys.get(measure)
        values[f"survey_{measure}"] = float(np.mean(waves[1])) if waves and len(waves[1]) \
            else float("nan")
    return values


def _overlap(a: np.ndarray, b: np.ndarray, lo, hi) -> np.ndarray:
    """Months in both ``a..b - 1`` and ``lo..hi - 1`` (elementwise)."""
    return np.maximum(0, np.minimum(b, hi) - np.maximum(a, lo))


def _rate(count: float, months: float) -> float:
    return float(count) / (months / 12.0) if months > 0 else float("nan")


def _quantiles(begin: np.ndarray, end: np.ndarray, window: int,
               quantiles: tuple[float, ...]) -> list[float]:
    """Durations (years) by which the shares ``quantiles`` have ended (Kaplan–Meier).

    Spans that began before the window enter the curve late (left truncation). A curve that never
    reaches a share gives the longest follow-up instead (a lower bound).
    """
    seen = (end > 0) & (begin < window)  # some part of the span lies in the window
    begin, end = begin[seen], end[seen]
    entry = np.maximum(-begin, 0).astype(np.float64)  # observed from this duration on
    event = end < window
    stop = np.where(event, end - begin + 0.5, window - begin).astype(np.float64)
    if not len(stop):
        return [float("nan")] * len(quantiles)
    times = np.unique(stop[event])
    at_risk = ((entry[None, :] < times[:, None]) & (times[:, None] <= stop[None, :])).sum(axis=1)
    ended = (event[None, :] & (stop[None, :] == times[:, None])).sum(axis=1)
    survival = np.cumprod(1.0 - ended / np.maximum(at_risk, 1))
    longest = float(stop.max()) / 12.0
    result = []
    for q in quantiles:
        reached = np.flatnonzero(survival <= 1.0 - q)
        result.append(float(times[reached[0]]) / 12.0 if len(reached) else longest)
    return result


def _after_exit(r: FirmRecords) -> float:
    """Churn of the accounts a leaver looked after, in the months after they left."""
    w = r.months
    left = r.left[r.person]  # the assigned person's exit month
    handed = (r.end == left) & (left >= 0) & (left < w)
    accounts, since = r.account[handed], left[handed]
    ended = r.ended[accounts]
    until = np.minimum(np.minimum(since + AFTER_EXIT, ended), w)
    exposure = np.maximum(until - since, 0).sum()
    count = ((ended >= since) & (ended < since + AFTER_EXIT) & (ended < w)).sum()
    return _rate(count, exposure)


def _top_share(revenue: np.ndarray) -> float:
    """The share of revenue earned by the top 20% of accounts with revenue."""
    earning = np.sort(revenue[np.isfinite(revenue) & (revenue > 0)])[::-1]
    if len(earning) < 5:
        return float("nan")
    top = int(np.ceil(TOP_SHARE * len(earning)))
    return float(earning[:top].sum() / earning.sum())
