"""Spiral detection that a policy switch cannot fool.

A spiral is judged against the dyad's own history (its trust three months before, the supervision
the manager added above the dyad's rule supervision), never against the policy in force. So a
switch of any lever, in either direction, makes no burst of spiral starts in the months right
after it: their rate is no higher than the larger of the rate of the same firms without the switch
and the rate the switched firms settle at (years 3–5), beyond chance. The settled reference is
needed because some policies genuinely raise spiral starts at once and for good (commission-heavy
pay, unclear goals, tight reactive control): against the same firms alone they show more starts
in the first months, as they should (``docs/validation.md``). (Before, a loosening of base
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
from promosim.validation.switches import burst, start_rates
from promosim.world import observe_spiral


def check_no_burst(replicates: int, levers: tuple[str, ...]) -> None:
    runner = Runner(Settings(replicates=replicates))
    unswitched, _ = start_rates(runner)
    assert unswitched.mean() > 0.1  # spirals do start at the baseline: the test can see bursts
    for lever in levers:
        for value in (BY_NAME[lever].low, BY_NAME[lever].high):
            first, settled = start_rates(runner, **{lever: value})
            mean, low, high = mean_interval(burst(first, unswitched, settled))
            assert low <= 0.0 and mean <= 0.1, (lever, value, mean, low, high)


def test_a_switch_of_supervision_makes_no_burst_of_spirals():
    check_no_burst(30, ("supervision_base", "supervision_reactivity"))


@pytest.mark.slow
def test_a_switch_of_any_lever_makes_no_burst_of_spirals():
    check_no_burst(50, LEVERS)


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

