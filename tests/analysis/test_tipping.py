"""The tipping-point experiment: the lock-in rule on a constructed log, the grid, the script."""

import importlib.util

import numpy as np
import pandas as pd
import pytest

from promosim.analysis.tipping import LockIn, locked_in, tipping_grid

from .conftest import ROOT, SMALL

RULE = LockIn(shock_month=5, shock_months=2, within=4, persist=6)  # horizon 5 + 4 − 1 + 6 = 14
COLUMNS = ["run", "month", "event", "position", "person", "duration", "detail"]


def test_lock_in_rule_on_a_constructed_log():
    dyads = pd.DataFrame({"run": [0] * 6, "position": [0, 1, 2, 3, 4, 5],
                          "person": [10, 11, 12, 13, 14, 15]})
    events = pd.DataFrame([
        (0, 6, "spiral_start", 0, 10, np.nan, ""),  # still running at the horizon: locked
        (0, 5, "spiral_start", 1, 11, np.nan, ""),  # recovers within 6 months: not locked
        (0, 11, "spiral_end", 1, 11, 6.0, "recovery"),
        (0, 7, "spiral_start", 2, 12, np.nan, ""),  # recovers only after 7 months: locked
        (0, 14, "spiral_end", 2, 12, 7.0, "recovery"),
        (0, 6, "spiral_start", 3, 13, np.nan, ""),  # ends with the promoter's quit: locked
        (0, 8, "spiral_end", 3, 13, 2.0, "quit"),
        (0, 9, "spiral_start", 4, 14, np.nan, ""),  # starts after the window (5..8): not locked
        (0, 6, "spiral_start", 5, 99, np.nan, ""),  # another promoter in the position: not locked
    ], columns=COLUMNS)
    assert RULE.months == 14
    assert locked_in(events, dyads, RULE).tolist() == [True, False, True, True, False, False]


def test_without_supervision_reactivity_nothing_locks_in():
    grid = tipping_grid(("supervision_reactivity", [0.0, 3.0]), ("goal_clarity", [0.0]),
                        replicates=3, rule=LockIn(shock_share=1.0), base=SMALL)
    assert grid[["x_value", "y_value"]].values.tolist() == [[0.0, 0.0], [3.0, 0.0]]
    calm = grid.iloc[0]
    assert calm["dyads"] > 10
    # supervision never rises above its base, so no spiral can start, shock or not
    assert calm["p_shock"] == calm["p_none"] == calm["excess"] == 0.0
    for column in ("p_shock", "p_none"):
        assert grid[column].between(0, 1).all()
        assert (grid[f"{column}_low"] <= grid[column]).all()
        assert (grid[column] <= grid[f"{column}_high"]).all()


def test_the_experiment_script_writes_both_maps(tmp_path):
    spec = importlib.util.spec_from_file_location("tipping_point",
                                                  ROOT / "experiments" / "tipping_point.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--quick", "--out", str(tmp_path)]) == 0
    for stem in ("tipping-supervision_reactivity-goal_clarity",
                 "tipping-feedback_constructiveness-supervision_legitimacy"):
        assert (tmp_path / f"{stem}.png").read_bytes()[:4] == b"\x89PNG"
        grid = pd.read_csv(tmp_path / f"{stem}.csv")
        assert len(grid) == 9 and grid["dyads"].gt(0).all()


@pytest.mark.slow
def test_reactive_supervision_raises_lock_in_after_a_failure():
    grid = tipping_grid(("supervision_reactivity", [0.5, 3.0]), ("goal_clarity", [0.5]),
                        replicates=4).set_index("x_value")
    assert grid.loc[3.0, "excess_low"] > 0
    assert grid.loc[3.0, "p_shock"] > grid.loc[0.5, "p_shock"]
