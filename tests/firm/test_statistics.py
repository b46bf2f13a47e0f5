"""Summary statistics: hand-computed cases, and the same numbers from files as from the model."""

import datetime as dt
import math

import numpy as np
import pytest

from promosim.firm.check import read_firm
from promosim.firm.records import OPEN, FirmRecords, records_of
from promosim.firm.simulated import simulate_firms
from promosim.firm.statistics import NAMES, firm_statistics
from promosim.firm.synthetic import write_synthetic_firm
from promosim.parameters import resolve


def _records(months, hired, left, started=(), ended=(), revenue=(), surveys=None):
    empty = np.zeros(0, np.int64)
    return FirmRecords(months, np.zeros(len(hired), np.int64), np.array(hired), np.array(left),
                       np.array(started, np.int64), np.array(ended, np.int64),
                       np.array(revenue, np.float64), empty, empty, empty, empty,
                       surveys or {})


def test_turnover_by_tenure_band():
    # A: tenure 36 at the start, stays; B: hired at 0, leaves at 6; C: tenure 6, leaves at 12
    stats = firm_statistics(_records(24, [-36, 0, -6], [OPEN, 6, 12]))
    assert stats["turnover_0y"] == pytest.approx(1 / (12 / 12))  # B's exit; 6 + 6 months
    assert stats["turnover_1y"] == pytest.approx(1 / (6 / 12))  # C's exit at tenure 18
    assert stats["turnover_3y"] == 0.0
    assert math.isnan(stats["turnover_5y"])  # nobody at risk


def test_survival_quantiles_with_and_without_late_entry():
    stats = firm_statistics(_records(60, [0, 0, 0, 0], [12, 24, 36, 48]))
    assert stats["tenure_q25"] == pytest.approx(12.5 / 12)
    assert stats["tenure_q50"] == pytest.approx(24.5 / 12)
    assert stats["tenure_q75"] == pytest.approx(36.5 / 12)
    # someone seen only from tenure 30 on is at risk from then: at 36 the curve falls by 1/3
    # (0.5 · 2/3), not by 1/2, so three quarters have left only at 48
    late = firm_statistics(_records(60, [0, 0, 0, 0, -30], [12, 24, 36, 48, OPEN]))
    assert late["tenure_q50"] == pytest.approx(24.5 / 12)
    assert late["tenure_q75"] == pytest.approx(48.5 / 12)
    never = firm_statistics(_records(24, [0, 0], [OPEN, OPEN]))
    assert never["tenure_q50"] == pytest.approx(24 / 12)  # a lower bound: the longest follow-up


def test_churn_revenue_share_and_surveys():
    stats = firm_statistics(_records(
        24, [0], [OPEN], started=[-10, 0, 5], ended=[12, OPEN, 6], revenue=np.arange(1, 11.0),
        surveys={"engagement": (np.array([3, 15]), np.array([0.5, 0.7]))}))
    assert stats["churn"] == pytest.approx(2 / ((12 + 24 + 1) / 12))
    assert stats["revenue_top20"] == pytest.approx(19 / 55)
    assert stats["survey_engagement"] == pytest.approx(0.6)
    assert math.isnan(stats["survey_customer_trust"])


def test_the_tiny_firm(tiny_firm):
    stats = firm_statistics(records_of(read_firm(tiny_firm)))
    assert set(stats) == set(NAMES)
    assert stats["turnover_0y"] == pytest.approx(1 / (9 / 12 + 10 / 12))  # P2 (9 months), P4
    assert stats["churn_after_exit"] == 0.0 or math.isnan(stats["churn_after_exit"])
    assert stats["survey_customer_trust"] == pytest.approx(((4 - 1) / 4 + (2 - 1) / 4) / 2)


def test_a_firm_reads_the_same_from_its_files_as_from_the_model(tmp_path):
    point = resolve({"n_teams": 2, "team_size": 4, "accounts_per_position": 3})
    [(direct, _)] = simulate_firms([point], [5], 36, threads=1)
    folder = write_synthetic_firm(tmp_path / "firm", point, 5, dt.date(2020, 1, 1), 36)
    from_files = firm_statistics(records_of(read_firm(folder)))
    expected = firm_statistics(direct)
    for name in NAMES:
        if name.startswith("survey"):
            continue
        if name == "revenue_top20":
            assert from_files[name] == pytest.approx(expected[name], abs=1e-4)
        else:
            assert from_files[name] == pytest.approx(expected[name], nan_ok=True), name
