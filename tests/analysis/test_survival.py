"""Kaplan–Meier, median, restricted mean, log-rank against hand computations; spells from logs."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from promosim.analysis.survival import (
    annual_rates,
    kaplan_meier,
    logrank,
    median,
    relationship_spells,
    restricted_mean,
    tenure_spells,
)
from promosim.batch import simulate
from promosim.parameters import resolve

# Six spells: events at 1, 2, 3 and 6; censored at 2 (tied with an event) and at 5.
DURATION = [1, 2, 2, 3, 5, 6]
OBSERVED = [True, False, True, True, False, True]


def test_kaplan_meier_matches_the_hand_computation():
    curve = kaplan_meier(DURATION, OBSERVED)
    # t=1: 6 at risk, 1 event; t=2: 5 at risk (the spell censored at 2 still counts), 1 event;
    # t=3: 3 at risk, 1 event; t=5: censored, no step; t=6: 1 at risk, 1 event.
    expected = {0: 1.0, 1: 5 / 6, 2: 5 / 6 * 4 / 5, 3: 5 / 6 * 4 / 5 * 2 / 3, 4: 4 / 9, 5: 4 / 9,
                6: 0.0}
    for t, s in expected.items():
        assert curve.at(t) == pytest.approx(s)
    assert curve.at(0.5) == 1.0 and curve.at(2.5) == pytest.approx(2 / 3)
    assert (curve.subjects, curve.events) == (6, 4)


def test_the_band_is_greenwood_on_the_log_log_scale():
    curve = kaplan_meier(DURATION, OBSERVED)
    z = stats.norm.ppf(0.975)
    s = 4 / 9  # at t = 3
    greenwood = 1 / (6 * 5) + 1 / (5 * 4) + 1 / (3 * 2)
    se = math.sqrt(greenwood) / abs(math.log(s))
    low = s ** math.exp(z * se)
    high = s ** math.exp(-z * se)
    i = int(np.flatnonzero(curve.time == 3)[0])
    assert (curve.low[i], curve.high[i]) == pytest.approx((low, high))
    assert np.all(curve.low[:-1] <= curve.survival[:-1])
    assert np.all(curve.survival[:-1] <= curve.high[:-1])


def test_median_and_its_interval():
    result = median(kaplan_meier(DURATION, OBSERVED))
    # survival first falls to ≤ 0.5 at t=3; the band's lower edge at t=1 (0.27), the upper edge
    # (0.78 at t=3 and 5) only where survival reaches 0 at t=6.
    assert (result.estimate, result.low, result.high) == (3.0, 1.0, 6.0)
    never = median(kaplan_meier([4, 5, 6], [True, False, False]))
    assert math.isnan(never.estimate) and math.isnan(never.high)


def test_restricted_mean_matches_the_hand_computation():
    result = restricted_mean(DURATION, OBSERVED, tau=4)
    area = 1 + 5 / 6 + 2 / 3 + 4 / 9  # survival on [0,1), [1,2), [2,3), [3,4)
    # variance: Σ A_i² d_i / (n_i (n_i − d_i)) over event times ≤ 4, A_i = area from t_i to 4
    parts = [(5 / 6 + 2 / 3 + 4 / 9, 6), (2 / 3 + 4 / 9, 5), (4 / 9, 3)]
    variance = sum(a * a / (n * (n - 1)) for a, n in parts)
    half = stats.norm.ppf(0.975) * math.sqrt(variance)
    assert result.estimate == pytest.approx(area)
    assert (result.low, result.high) == pytest.approx((area - half, area + half))
    everyone = restricted_mean([10, 12], [False, False], tau=8)
    assert (everyone.estimate, everyone.low, everyone.high) == (8.0, 8.0, 8.0)


def test_logrank_matches_the_hand_computation():
    a = pd.DataFrame({"duration": [1.0, 2.0, 3.0], "observed": [True, True, True]})
    b = pd.DataFrame({"duration": [4.0, 5.0, 6.0], "observed": [True, True, False]})
    observed, expected, variance = 0.0, 0.0, 0.0
    times = np.concatenate([a["duration"], b["duration"]])
    ended = np.concatenate([a["observed"], b["observed"]])
    group = np.r_[np.zeros(3, bool), np.ones(3, bool)]
    for t in np.unique(times[ended]):
        at_risk = times >= t
        n, n_a = at_risk.sum(), (at_risk & ~group).sum()
        d = (ended & (times == t)).sum()
        observed += (ended & (times == t) & ~group).sum()
        expected += d * n_a / n
        variance += d * n_a * (n - n_a) * (n - d) / (n * n * (n - 1)) if n > 1 else 0.0
    chi2 = (observed - expected) ** 2 / variance
    assert chi2 == pytest.approx(3.4225 / 0.6775)  # O − E = 3 − 1.15
    assert logrank(a, b) == pytest.approx((chi2, stats.chi2.sf(chi2, 1)))
    assert logrank(a, a)[0] == pytest.approx(0.0)


def test_spells_from_a_constructed_log():
    events = pd.DataFrame([
        # run, month, event, position, person, account, duration, detail
        (0, 3, "hire", 1, 10, -1, np.nan, ""),
        (0, 9, "quit", 1, 10, -1, 6.0, "role holder"),
        (0, 4, "hire", 2, 11, -1, np.nan, ""),  # still there at month 12: censored at 8
        (0, 5, "quit", 3, 2, -1, 140.0, ""),  # hired in the spin-up: not followed
        (1, 2, "relationship_start", 0, 5, 40, np.nan, ""),
        (1, 7, "relationship_end", 0, 5, 40, 5.0, ""),
        (1, 11, "relationship_start", 0, 5, 41, np.nan, ""),
        (1, 6, "relationship_end", 0, 5, 3, 200.0, ""),  # started before month 1
    ], columns=["run", "month", "event", "position", "person", "account", "duration", "detail"])
    jobs = tenure_spells(events, months=12)
    assert jobs[["person", "start", "duration", "observed", "role_holder"]].values.tolist() == [
        [10, 3, 6.0, True, True], [11, 4, 8.0, False, False]]
    ties = relationship_spells(events, months=12)
    assert ties[["account", "start", "duration", "observed"]].values.tolist() == [
        [40, 2, 5.0, True], [41, 11, 1.0, False]]


@pytest.fixture(scope="module")
def small_run():
    point = resolve({"n_teams": 2, "team_size": 4, "accounts_per_position": 4, "months": 48,
                     "spinup_months": 24})
    return simulate([point] * 3, [1, 2, 3])


def test_spell_lengths_agree_with_the_durations_the_model_logs(small_run):
    events = small_run.events
    jobs = tenure_spells(events, 48)
    ended = jobs[jobs["observed"]]
    quits = events[events["event"] == "quit"].set_index(["run", "person"])["duration"]
    assert len(ended) > 0
    assert ended.set_index(["run", "person"])["duration"].equals(quits.loc[ended.set_index(
        ["run", "person"]).index].astype(float))
    ongoing = jobs[~jobs["observed"]]
    assert np.array_equal(ongoing["duration"].to_numpy(),
                          small_run.state.tenure[ongoing["run"], ongoing["position"]])
    ties = relationship_spells(events, 48)
    ends = events[events["event"] == "relationship_end"].set_index(["run", "account"])["duration"]
    done = ties[ties["observed"]].set_index(["run", "account"])
    assert len(done) > 0 and (done["duration"] == ends.loc[done.index]).all()


def test_annual_rates_agree_with_the_per_run_summary(small_run):
    series = small_run.series_frame().assign(label="x")
    one_year = series[series["month"] <= 12]
    rates = annual_rates(one_year, ["x"]).set_index("measure")
    quits = small_run.series["quits"][:, 1:13].sum(axis=1)
    years = small_run.series["promoters"][:, 1:13].sum(axis=1) / 12
    assert rates.loc["turnover", "mean"] == pytest.approx(np.mean(quits / years))
    assert rates.loc["turnover", "runs"] == 3
    churn = small_run.series["defections"][:, 1:13].sum(axis=1) / (
        small_run.series["active_relationships"][:, 1:13].sum(axis=1) / 12)
    assert rates.loc["churn", "mean"] == pytest.approx(np.mean(churn))
    whole = annual_rates(series, ["x"])
    assert sorted(whole["year"].unique()) == [1, 2, 3, 4]
