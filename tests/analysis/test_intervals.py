"""The intervals from SciPy equal the hand-written formulas they replaced (numbers pinned)."""

import math

import numpy as np
import pytest

from promosim.analysis.intervals import (
    mean_interval,
    paired_difference,
    t_interval,
    welch_difference,
)

NAN = float("nan")
#: Replicates in rows; columns: a plain case, one missing value, a single value, no spread.
VALUES = np.array([[0.12, 0.31, NAN, 2.0], [0.18, 0.27, 4.0, 2.0], [0.15, NAN, NAN, 2.0],
                   [0.22, 0.35, NAN, 2.0], [0.09, 0.30, NAN, 2.0]])


def close(x, expected):
    return x == pytest.approx(expected, rel=1e-12, abs=1e-15, nan_ok=True)


def test_means_along_an_axis_keep_the_earlier_numbers():
    mean, low, high, n = mean_interval(VALUES, axis=0)
    assert close(mean, [0.15199999999999997, 0.3075, 4.0, 2.0])
    assert close(low, [0.08905363572851191, 0.25492538342848997, NAN, 2.0])
    assert close(high, [0.21494636427148803, 0.36007461657151, NAN, 2.0])
    assert n.tolist() == [5, 4, 1, 5]
    assert close(mean_interval(VALUES.T, axis=1)[1], low)


def test_an_axis_without_values_gives_nan():
    mean, low, high, n = mean_interval(np.full((3, 2), NAN), axis=0)
    assert np.isnan(mean).all() and np.isnan(low).all() and np.isnan(high).all()
    assert n.tolist() == [0, 0]
    assert math.isnan(t_interval([]).estimate)


@pytest.mark.parametrize("interval, expected", [
    (lambda: t_interval([0.18, 0.21, NAN, 0.25, 0.19]),
     (0.20750000000000002, 0.15824056951769708, 0.256759430482303, 4)),
    (lambda: t_interval([np.inf, 1.0, 2.0]), (1.5, -4.853102368087347, 7.853102368087347, 2)),
    (lambda: paired_difference([0.18, 0.21, 0.30, 0.25, NAN], [0.20, 0.22, 0.26, 0.27, 0.5]),
     (-0.002500000000000016, -0.04820440542486438, 0.043204405424864346, 4)),
    (lambda: welch_difference([0.18, 0.21, 0.30, 0.25, NAN], [0.20, 0.22, 0.26]),
     (0.008333333333333304, -0.07311695972223682, 0.08978362638890343, 3)),
    (lambda: welch_difference([1.0, 3.0, 4.0, 10.0], [2.0, 2.5]),
     (2.25, -3.853920525453561, 8.35392052545356, 2)),
    (lambda: welch_difference([1.0, 1.0, 1.0], [2.0, 2.0]), (-1.0, -1.0, -1.0, 2)),
    (lambda: welch_difference([1.0], [2.0, 2.0]), (-1.0, NAN, NAN, 1)),
    (lambda: welch_difference([], [2.0, 2.0]), (NAN, NAN, NAN, 0)),
])
def test_intervals_keep_the_earlier_numbers(interval, expected):
    result = interval()
    assert close((result.estimate, result.low, result.high), expected[:3])
    assert result.n == expected[3]


def test_no_warning_for_the_cases_reported_as_nan(recwarn):
    mean_interval(VALUES, axis=0)
    t_interval([4.0])
    welch_difference([1.0, 1.0, 1.0], [2.0, 2.0])
    assert not recwarn.list
