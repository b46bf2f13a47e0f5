"""What ``docs/teaching.md`` tells students they will observe is what the model shows.

Each exercise's claims are checked as directions on the classroom firm (4 teams × 6 positions of
``configs/baseline.toml``) over ten seeds with common random numbers, so a recalibration that
changes a lesson fails here rather than in the classroom.
"""

from __future__ import annotations

import numpy as np
import pytest

from promosim.batch import simulate
from promosim.scenario import load_policy, load_scenario
from promosim.summary import summarise_series

SEEDS = list(range(1, 11))
pytestmark = pytest.mark.slow  # about 20 s: ten seeds of a dozen policies


@pytest.fixture(scope="module")
def run():
    base = load_scenario("configs/baseline.toml").with_overrides(n_teams=4, team_size=6).values
    done = {}

    def outcome(levers=(), schedule=None):
        key = (tuple(sorted(dict(levers).items())), repr(schedule))
        if key not in done:
            series = simulate([{**base, **dict(levers)}] * len(SEEDS), SEEDS,
                              [schedule] * len(SEEDS), events=False).series
            done[key] = series, summarise_series(series)
        return done[key]
    return outcome


def preset(name: str) -> dict[str, float]:
    return load_policy(f"configs/policies/{name}.toml").levers


def mean(x) -> float:
    return float(np.mean(x))


def test_exercise_1_cause_a_spiral_then_stop_it(run):
    _, base = run()
    tight_series, tight = run(preset("tight-control"))
    assert mean(tight.spiral_incidence) > 3 * mean(base.spiral_incidence)
    assert mean(tight.spiral_share) > 3 * mean(base.spiral_share)
    assert np.nanmean(tight.spiral_quit_share) > 0.75
    assert mean(tight.turnover_rate) > mean(base.turnover_rate)
    assert mean(tight.mean_customer_trust) < mean(base.mean_customer_trust) - 0.1
    stop = {**preset("clear-goals-feedback"), "supervision_reactivity": 0.5}
    stopped_series, _ = run(preset("tight-control"), [(37, stop)])
    before = tight_series["spirals_active"][:, 25:37].mean()
    assert stopped_series["spirals_active"][:, 49:73].mean() < 0.25 * before
    assert tight_series["spirals_active"][:, 49:73].mean() > before
    assert (stopped_series["mean_management_trust"][:, 72].mean()
            > tight_series["mean_management_trust"][:, 72].mean() + 0.1)
    assert stopped_series["quits"][:, 49:].sum() < 0.8 * tight_series["quits"][:, 49:].sum()
    loosened, _ = run(preset("tight-control"), [(37, {"supervision_base": 0.3})])
    # the base alone helps little: the managers' personal tightening of those they doubt stays
    assert loosened["spirals_active"][:, 37:49].mean() > 0.75 * before


def test_exercise_2_pay_mix_and_short_termism(run):
    _, commission = run(preset("commission-heavy"))
    _, bonus = run(preset("relationship-bonus"))
    assert mean(commission.revenue_first_year) > mean(bonus.revenue_first_year)
    assert mean(commission.revenue_last_year) < 0.95 * mean(bonus.revenue_last_year)
    assert mean(commission.mean_customer_trust) < mean(bonus.mean_customer_trust) - 0.1
    assert mean(commission.churn_rate) > mean(bonus.churn_rate)
    assert mean(commission.turnover_rate) > mean(bonus.turnover_rate)
    assert mean(commission.role_share) < mean(bonus.role_share)
    assert mean(commission.profit) < mean(bonus.profit)


def test_exercise_3_why_the_customers_promoter_matters(run):
    base_series, base = run()
    matched_series, matched = run({"matching": 0.8})
    _, supported = run({"customer_promoter_support": 0.7, "matching": 0.8})
    overuse = base_series["power_overuse"][:, 1:].mean()
    assert overuse > 2 * matched_series["power_overuse"][:, 1:].mean()
    assert mean(matched.adaptation_cost) < 0.5 * mean(base.adaptation_cost)
    customer_promoters = mean(base.customer_promoter_share * base.active_relationships)
    assert 0.6 * customer_promoters < overuse < 0.85 * customer_promoters  # "three quarters"
    assert mean(matched.profit) > mean(base.profit)
    assert mean(supported.customer_promoter_share) > 1.5 * mean(base.customer_promoter_share)
    assert mean(supported.churn_rate) < mean(base.churn_rate)
    assert mean(supported.revenue) > mean(base.revenue)


def test_exercise_4_when_a_promoter_leaves(run):
    _, kept = run({"succession_handover": 0.9})
    _, lost = run({"succession_handover": 0.0})
    assert mean(kept.mean_customer_trust) > mean(lost.mean_customer_trust) + 0.05
    assert mean(kept.churn_rate) < mean(lost.churn_rate)


def test_exercise_5_generous_is_not_the_same_as_profitable(run):
    _, base = run()
    _, clear = run(preset("clear-goals-feedback"))
    _, friendly = run(preset("promoter-friendly"))
    assert mean(friendly.turnover_rate) < mean(clear.turnover_rate) < mean(base.turnover_rate)
    assert mean(friendly.revenue) > mean(clear.revenue) > mean(base.revenue)
    assert mean(clear.profit) > mean(friendly.profit)
    assert mean(clear.profit) > mean(base.profit)
    assert mean(friendly.resource_cost) > 2 * mean(base.resource_cost)
    assert mean(friendly.profit) < mean(base.profit) + 0.05 * abs(mean(base.profit))
