"""95% confidence intervals: t intervals for means over replicates, Wilson intervals for shares."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    """An estimate with its 95% interval and the number of values behind it."""

    estimate: float
    low: float
    high: float
    n: int

    def clip(self, low: float, high: float) -> Interval:
        """The interval cut to the range ``low .. high`` a quantity can take (e.g. a rate ≥ 0)."""
        return Interval(self.estimate, float(np.clip(self.low, low, high)),
                        float(np.clip(self.high, low, high)), self.n)


def mean_interval(values, axis: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mean and t interval along ``axis``, ignoring NaN: ``(mean, low, high, n)``.

    With fewer than two values the interval is NaN.
    """
    x = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(x)
    n = finite.sum(axis=axis)
    total = np.where(finite, x, 0.0).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
        deviation = np.where(finite, x - np.expand_dims(mean, axis), 0.0)
        sd = np.sqrt((deviation ** 2).sum(axis=axis) / (n - 1))
        half = stats.t.ppf(0.5 + LEVEL / 2, np.maximum(n - 1, 1)) * sd / np.sqrt(n)
    half = np.where(n > 1, half, np.nan)
    return mean, mean - half, mean + half, n


def t_interval(values) -> Interval:
    """The mean of ``values`` (NaN ignored) with its t interval."""
    mean, low, high, n = mean_interval(np.asarray(values, dtype=np.float64).reshape(-1))
    return Interval(float(mean), float(low), float(high), int(n))


def paired_difference(values, reference) -> Interval:
    """Mean of ``values - reference`` over pairs (replicates) with a paired t interval.

    Pairs where either value is NaN are dropped.
    """
    return t_interval(np.asarray(values, dtype=np.float64) - np.asarray(reference, np.float64))


def welch_difference(values, reference) -> Interval:
    """Difference of means ``values - reference`` with Welch's unequal-variance t interval."""
    a = np.asarray(values, dtype=np.float64)
    b = np.asarray(reference, dtype=np.float64)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if a.size < 2 or b.size < 2:
        estimate = float(a.mean() - b.mean()) if a.size and b.size else float("nan")
        return Interval(estimate, float("nan"), float("nan"), min(a.size, b.size))
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = np.sqrt(va + vb)
    estimate = float(a.mean() - b.mean())
    if se == 0.0:
        return Interval(estimate, estimate, estimate, min(a.size, b.size))
    df = (va + vb) ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1))
    half = float(stats.t.ppf(0.5 + LEVEL / 2, df) * se)
    return Interval(estimate, estimate - half, estimate + half, min(a.size, b.size))


def wilson(successes: int, trials: int) -> Interval:
    """A share with its Wilson score interval (NaN when there are no trials)."""
    if trials == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    ci = stats.binomtest(int(successes), int(trials)).proportion_ci(LEVEL, method="wilson")
    return Interval(successes / trials, float(ci.low), float(ci.high), int(trials))
