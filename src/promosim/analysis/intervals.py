"""95% confidence intervals: t intervals for means over replicates, Wilson intervals for shares.

The intervals are SciPy's: ``ttest_1samp(...).confidence_interval()`` for a mean (and for a
paired difference, the mean of the differences), ``ttest_ind(..., equal_var=False)`` for Welch's
difference of means and ``binomtest(...).proportion_ci(method="wilson")`` for a share. Values
that are NaN are left out; an interval that cannot be computed (fewer than two values) is NaN.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
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


def _finite(values: ArrayLike) -> np.ndarray:
    """``values`` as floats with every non-finite value turned into NaN (left out)."""
    x = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(x), x, np.nan)


def mean_interval(values: ArrayLike, axis: int = 0,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Means and t intervals along an axis, NaN left out.

    Args:
        values: numbers, e.g. one row per replicate.
        axis: the axis the means are taken over.

    Returns:
        ``(mean, low, high, n)``, arrays of the other axes' shape: the mean, its 95% t interval
        (NaN with fewer than two values; of zero width when the values do not vary) and the
        number of values behind it.
    """
    x = _finite(values)
    n = np.isfinite(x).sum(axis=axis)
    with warnings.catch_warnings():
        # Slices with fewer than two values or without spread are NaN or zero-width: expected.
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(x, axis=axis)
        ci = stats.ttest_1samp(x, 0.0, axis=axis, nan_policy="omit").confidence_interval(LEVEL)
    low, high = (np.where(n > 1, bound, np.nan) for bound in (ci.low, ci.high))
    return mean, low, high, n


def t_interval(values: ArrayLike) -> Interval:
    """The mean of ``values`` (NaN left out) with its t interval."""
    mean, low, high, n = mean_interval(np.ravel(values))
    return Interval(float(mean), float(low), float(high), int(n))


def paired_difference(values: ArrayLike, reference: ArrayLike) -> Interval:
    """Mean of ``values - reference`` over pairs (replicates) with a paired t interval.

    Pairs where either value is NaN are dropped.
    """
    return t_interval(_finite(values) - _finite(reference))


def welch_difference(values: ArrayLike, reference: ArrayLike) -> Interval:
    """Difference of means ``values - reference`` with Welch's unequal-variance t interval.

    Args:
        values: one sample (NaN left out).
        reference: the other, independent sample (NaN left out).

    Returns:
        The difference of means with its interval (NaN when either sample has fewer than two
        values; of zero width when neither varies) and the size of the smaller sample.
    """
    a, b = _finite(values), _finite(reference)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    n = min(a.size, b.size)
    estimate = float(a.mean() - b.mean()) if a.size and b.size else float("nan")
    if n < 2:
        return Interval(estimate, float("nan"), float("nan"), n)
    if a.var() == 0.0 and b.var() == 0.0:  # no spread at all: SciPy's interval is undefined
        return Interval(estimate, estimate, estimate, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # precision loss on near-constant data
        ci = stats.ttest_ind(a, b, equal_var=False).confidence_interval(LEVEL)
    return Interval(estimate, float(ci.low), float(ci.high), n)


def wilson(successes: int, trials: int) -> Interval:
    """A share with its Wilson score interval (NaN when there are no trials)."""
    if trials == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    ci = stats.binomtest(int(successes), int(trials)).proportion_ci(LEVEL, method="wilson")
    return Interval(successes / trials, float(ci.low), float(ci.high), int(trials))
