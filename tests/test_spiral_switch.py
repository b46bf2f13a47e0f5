"""Spiral detection that a policy switch cannot fool.

A spiral is judged against the dyad's own history (its trust three months before, the supervision
the manager added above the dyad's rule supervision), never against the policy in force. So a
switch of any lever, in either direction, makes no burst of spiral starts in the months right
after it: their rate is no higher than the larger of the rate of the same firms without the switch
and the rate the switched firms settle at (years 3–5), beyond chance. (Before, a loosening of base
supervision counted every dyad whose supervision was still falling towards the new base as over-
controlled: some sixteen times the usual starts in the month after the switch.)
"""

import numpy as np
import pytest

from points import random_point
from promosim.agents import Row
from promosim.context import Month
from promosim.parameters import BY_NAME, LEVERS
from promosim.params import record
from promosim.state import POSITION, RECORDS
from promosim.validation.core import Runner, Settings, mean_interval
from promosim.world import observe_spiral

FIRST, SETTLED, HORIZON = 3, (25, 60), 60
SWITCHED = ("supervision_base", "supervision_reactivity", "supervision_legitimacy",
            "goal_clarity", "feedback_frequency", "feedback_constructiveness", "fixed_share",
            "bonus_horizon", "backing", "manager_hours")


def start_rates(runner: Runner, **levers: float) -> tuple[np.ndarray, np.ndarray]:
    """Per replicate: spiral starts per 100 promoter-months right after month 1 and settled."""
    series = runner.run(months=HORIZON, **levers).series
    starts, staff = series["spirals_started"][:, 1:], series["promoters"][:, 1:]

    def rate(first: int, last: int) -> np.ndarray:
        return 100 * starts[:, first - 1:last].sum(axis=1) / staff[:, first - 1:last].sum(axis=1)

    return rate(1, FIRST), rate(*SETTLED)


def burst(runner: Runner, unswitched: np.ndarray, lever: str, value: float) -> tuple:
    """Mean excess of the first months' rate over the larger reference, with its interval."""
    first, settled = start_rates(runner, **{lever: value})
    return mean_interval(first - np.maximum(unswitched, settled))


def check_no_burst(replicates: int, levers: tuple[str, ...]) -> None:
    runner = Runner(Settings(replicates=replicates))
    unswitched, _ = start_rates(runner)
    assert unswitched.mean() > 0.1  # spirals do start at the baseline: the test can see bursts
    for lever in levers:
        for value in (BY_NAME[lever].low, BY_NAME[lever].high):
            mean, low, high = burst(runner, unswitched, lever, value)
            assert low <= 0.0 and mean <= 0.1, (lever, value, mean, low, high)


def test_a_switch_of_supervision_makes_no_burst_of_spirals():
    check_no_burst(30, ("supervision_base", "supervision_reactivity"))


@pytest.mark.slow
def test_a_switch_of_any_lever_makes_no_burst_of_spirals():
    check_no_burst(50, SWITCHED)


@pytest.mark.parametrize("draw", range(20))
def test_the_verdict_reads_no_lever(draw):
    """The observer's verdict on a dyad is the same whatever the levers' current values."""
    rng = np.random.default_rng(draw)
    dyad = np.zeros(1, RECORDS[POSITION])[0]
    dyad["occupied"] = True
    dyad["in_spiral"] = rng.random() < 0.3
    dyad["mgmt_trust"], dyad["trust_lag3"] = rng.uniform(0.3, 0.7, 2)
    dyad["rule_supervision"] = rng.uniform(0.0, 0.8)
    dyad["supervision"] = dyad["rule_supervision"] + rng.uniform(0.0, 0.2)
    dyad["failure"], dyad["failure_lag1"], dyad["failure_lag2"] = rng.random(3) < 0.7
    verdicts = set()
    for _ in range(5):
        point = random_point(rng, {"n_teams": 1, "team_size": 1, "accounts_per_position": 1,
                                   "months": 12, "spinup_months": 0})
        fixed = {name: BY_NAME[name].default for name in BY_NAME if name not in LEVERS}
        row = dyad.copy()
        observe_spiral(Month(record({**point, **fixed}), 1, (0, 0)), Row(row))
        verdicts.add((bool(row["spiral_started"]), bool(row["spiral_recovered"]),
                      bool(row["in_spiral"])))
    assert len(verdicts) == 1

