"""Paired and Welch intervals on constructed examples, and the comparison table."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from promosim.analysis.comparison import COMPARED, compare
from promosim.intervals import paired_difference, t_interval, welch_difference, wilson
from promosim.summary import OUTCOMES


def test_paired_interval_on_a_constructed_example():
    policy, baseline = [3.0, 5.0, 4.0, 6.0], [1.0, 2.0, 2.0, 3.0]
    result = paired_difference(policy, baseline)
    # differences 2, 3, 2, 3: mean 2.5, sd 0.57735, se 0.288675, t(0.975, 3) = 3.182446
    assert result.estimate == pytest.approx(2.5)
    assert (result.low, result.high) == pytest.approx((2.5 - 0.918693, 2.5 + 0.918693), abs=1e-6)
    assert result.n == 4
    # pairing removes the spread the two share: the unpaired interval is much wider
    unpaired = welch_difference(policy, baseline)
    assert unpaired.high - unpaired.low > 2 * (result.high - result.low)


def test_pairs_with_a_missing_value_are_dropped():
    result = paired_difference([1.0, np.nan, 3.0, 5.0], [0.0, 1.0, np.nan, 4.0])
    assert result.n == 2 and result.estimate == pytest.approx(1.0)
    assert (result.low, result.high) == (1.0, 1.0)


def test_welch_interval_agrees_with_scipy():
    a, b = [3.1, 4.5, 2.2, 5.0, 4.1], [1.0, 2.5, 1.7]
    expected = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    result = welch_difference(a, b)
    assert (result.low, result.high) == pytest.approx((expected.low, expected.high))


def test_t_and_wilson_intervals():
    single = t_interval([4.0])
    assert single.estimate == 4.0 and math.isnan(single.low)
    share = wilson(3, 10)
    # Wilson: (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)
    z, n, p = stats.norm.ppf(0.975), 10, 0.3
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert (share.low, share.high) == pytest.approx((centre - half, centre + half))


def runs_table(paired: bool) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for label, shift in (("baseline", 0.0), ("better", -0.05)):
        for replicate in range(6):
            values = {name: rng.random() for name in OUTCOMES}
            values["turnover_rate"] = 0.2 + 0.01 * replicate + shift
            seed = replicate if paired else f"{label}{replicate}"
            rows.append({"label": label, "replicate": replicate, "seed": seed, **values})
    return pd.DataFrame(rows)


def test_compare_pairs_by_replicate_when_seeds_match():
    table = compare(runs_table(paired=True), ["baseline", "better"], "baseline")
    assert set(table["outcome"]) == set(COMPARED)
    row = table[(table["label"] == "better") & (table["outcome"] == "turnover_rate")].iloc[0]
    assert row["method"] == "paired t"
    assert (row["difference"], row["difference_low"], row["difference_high"]) == pytest.approx(
        (-0.05, -0.05, -0.05))
    assert row["reference_mean"] == pytest.approx(0.225)
    assert row["relative"] == pytest.approx(-0.05 / 0.225)
    base = table[table["label"] == "baseline"]
    assert (base["method"] == "reference").all() and base["difference"].isna().all()


def test_compare_falls_back_to_welch_without_common_seeds():
    table = compare(runs_table(paired=False), ["baseline", "better"], "baseline")
    row = table[(table["label"] == "better") & (table["outcome"] == "turnover_rate")].iloc[0]
    assert row["method"] == "Welch t"
    assert row["difference"] == pytest.approx(-0.05)
    assert row["difference_low"] < -0.05 < row["difference_high"]


def test_level_intervals_stay_in_the_range_of_the_outcome():
    runs = runs_table(paired=True)
    runs.loc[runs["label"] == "baseline", "spiral_incidence"] = [0, 0, 0, 0, 0, 0.6]
    table = compare(runs, ["baseline", "better"], "baseline").set_index(["label", "outcome"])
    assert table.loc[("baseline", "spiral_incidence"), "low"] == 0.0
