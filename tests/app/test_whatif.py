"""The instant what-if: the overlay is exactly a fresh simulation from the cached spin-up."""

from __future__ import annotations

import numpy as np
import pytest

from promosim import PromoterModel
from promosim.app import live, whatif
from promosim.app.setup import Setup
from promosim.app.trajectory import from_model
from promosim.batch import simulate
from promosim.parameters import LEVERS

SETUP = Setup()
TIGHT = {**SETUP.values, "supervision_base": 0.6, "supervision_reactivity": 2.5}


def test_projection_equals_a_fresh_simulation():
    projected = whatif.project(TIGHT, 5)
    fresh = simulate([TIGHT], [5])
    for name, values in fresh.series.items():
        np.testing.assert_array_equal(projected[name], values[0], err_msg=name)


def test_the_spin_up_is_cached_per_firm_and_seed_not_per_policy():
    assert whatif.checkpoint(TIGHT, 5) is whatif.checkpoint(SETUP.values, 5)
    assert whatif.checkpoint(SETUP.values, 6) is not whatif.checkpoint(SETUP.values, 5)
    bigger = {**SETUP.values, "n_teams": 5}
    assert whatif.checkpoint(bigger, 5) is not whatif.checkpoint(SETUP.values, 5)


def test_the_live_firm_follows_the_projection_of_its_levers():
    model = PromoterModel(**SETUP.model_kwargs({k: TIGHT[k] for k in LEVERS}, 5))
    for _ in range(30):
        model.step()
    now, projected = from_model(model), whatif.project(TIGHT, 5)
    for name in ("mean_customer_trust", "quits", "spirals_active", "revenue"):
        np.testing.assert_array_equal(now[name], projected[name][:31], err_msg=name)
    np.testing.assert_array_equal(now.retention, projected.retention[:31])


def test_a_lever_moved_mid_run_acts_like_a_scheduled_policy_change():
    moved = PromoterModel(**SETUP.model_kwargs(SETUP.baseline, 2))
    for _ in range(12):
        moved.step()
    changed = live.change_levers(moved, {**SETUP.baseline, "supervision_base": 0.7,
                                         "goal_clarity": 0.9})
    assert changed == {"supervision_base": 0.7, "goal_clarity": 0.9}
    assert live.change_levers(moved, {**SETUP.baseline, "supervision_base": 0.7,
                                      "goal_clarity": 0.9}) == {}
    scheduled = PromoterModel(**{**SETUP.model_kwargs(SETUP.baseline, 2),
                                 "policy_schedule": [(13, changed)]})
    for _ in range(30):
        moved.step()
    for _ in range(42):
        scheduled.step()
    np.testing.assert_array_equal(from_model(moved)["mean_supervision"],
                                  from_model(scheduled)["mean_supervision"])
    assert moved.policy_schedule == scheduled.policy_schedule


def test_retention_counts_only_the_promoters_of_month_0():
    result = whatif.project(TIGHT, 5)
    model = PromoterModel(**SETUP.model_kwargs({k: TIGHT[k] for k in LEVERS}, 5)).run()
    events = model.events
    hired = set(events.loc[events["event"] == "hire", "person"])
    first = set(events.loc[events["event"] == "quit", "person"]) - hired
    still = model.snapshot()["promoters"]["person"]
    starting = result["promoters"][0]
    assert len(first) + (~still.isin(hired)).sum() == starting
    assert result.retention[0] == 1.0
    assert result.retention[-1] == pytest.approx((starting - len(first)) / starting)
    assert np.all(np.diff(result.retention) <= 0)
