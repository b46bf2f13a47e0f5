"""Spiral episodes from the event log and the cumulative incidence of their two ends."""

import numpy as np
import pandas as pd
import pytest

from promosim.analysis.spirals import cumulative_incidence, spiral_spells, spiral_table
from promosim.analysis.survival import kaplan_meier

COLUMNS = ["run", "month", "event", "position", "person", "duration", "detail"]


def log(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def test_spiral_spells_pair_starts_with_their_ends():
    events = log(
        (0, 3, "spiral_start", 1, 7, np.nan, ""),
        (0, 8, "spiral_end", 1, 7, 5.0, "recovery"),
        (0, 10, "spiral_start", 1, 7, np.nan, ""),  # the same dyad again: ends with a quit
        (0, 14, "spiral_end", 1, 7, 4.0, "quit"),
        (0, 2, "spiral_end", 2, 9, 30.0, "quit"),  # started in the spin-up: not followed
        (1, 20, "spiral_start", 0, 3, np.nan, ""),  # still running at month 24
    )
    spells = spiral_spells(events, months=24)
    assert spells[["run", "position", "start", "duration", "outcome"]].values.tolist() == [
        [0, 1, 3, 5.0, "recovery"], [0, 1, 10, 4.0, "quit"], [1, 0, 20, 4.0, "ongoing"]]


def test_cumulative_incidence_matches_the_hand_computation():
    duration = [2, 3, 3, 5, 6]
    outcome = ["recovery", "quit", "recovery", "ongoing", "recovery"]
    ends = cumulative_incidence(duration, outcome, [1, 2, 3, 5, 6])
    # t=2: 5 at risk, one recovery → 0.2, all-cause survival 0.8;
    # t=3: 4 at risk, one recovery and one quit → +0.8/4 each, survival 0.4;
    # t=5: censored; t=6: 1 at risk, one recovery → +0.4.
    assert ends["recovery"] == pytest.approx([0.0, 0.2, 0.4, 0.4, 0.8])
    assert ends["quit"] == pytest.approx([0.0, 0.0, 0.2, 0.2, 0.2])


def test_with_one_end_the_incidence_is_one_minus_kaplan_meier():
    rng = np.random.default_rng(3)
    duration = rng.integers(1, 20, 60).astype(float)
    ended = rng.random(60) < 0.7
    outcome = np.where(ended, "recovery", "ongoing")
    times = np.arange(0, 21)
    ends = cumulative_incidence(duration, outcome, times)
    curve = kaplan_meier(duration, ended)
    assert ends["recovery"] == pytest.approx([1 - curve.at(t) for t in times])
    assert not ends["quit"].any()


def test_spiral_table_counts_and_shares():
    runs = pd.DataFrame({"label": ["a", "a"], "spiral_incidence": [0.1, 0.3]})
    spells = pd.DataFrame({
        "label": "a", "duration": [2.0, 4.0, 6.0, 3.0],
        "outcome": ["recovery", "quit", "quit", "ongoing"]})
    row = spiral_table(runs, spells, ["a"], within=5).iloc[0]
    assert (row["spirals"], row["recovered"], row["quit"], row["ongoing"]) == (4, 1, 2, 1)
    assert row["quit_share"] == pytest.approx(2 / 3)
    assert row["quit_share_low"] < 2 / 3 < row["quit_share_high"]
    assert row["incidence"] == pytest.approx(0.2) and row["incidence_low"] == 0.0
    assert row["mean_duration"] == pytest.approx(4.0)
    # by month 5: recovery at 2 (4 at risk) → 0.25; the spell censored at 3 leaves 2 at risk
    # at 4, where one quits → 0.75 × 1/2
    assert row["recovered_within"] == pytest.approx(0.25)
    assert row["quit_within"] == pytest.approx(0.375)
