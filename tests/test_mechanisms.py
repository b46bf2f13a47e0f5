"""The core loop's mechanisms, equation by equation: control, legitimacy, handover, satisfaction."""

import numpy as np
import pytest

from promosim import equations as eq
from promosim.parameters import DEFAULTS
from promosim.params import record

P = record(DEFAULTS)


def with_values(**values: float):
    return record({**DEFAULTS, **values})


def test_the_managers_reaction_to_distrust_does_not_depend_on_the_rule():
    """Supervision beyond the rule is the same under any base, up to full control."""
    for trust in (0.3, 0.45, 0.55):  # below the cap at full control
        reactions = [eq.supervision_target(with_values(supervision_base=b), trust) - b
                     for b in (0.0, 0.2, 0.4)]
        assert np.allclose(reactions, reactions[0]) and reactions[0] > 0
    assert eq.supervision_target(P, 0.9) == DEFAULTS["supervision_base"]
    assert eq.supervision_target(with_values(supervision_base=0.9,
                                             supervision_reactivity=3.0), 0.0) == 1.0


def test_legitimacy_removes_most_hidden_cost_of_the_rule_for_the_control_averse_only():
    averse, raiser = 0.6, -0.2
    rule = 0.5
    for legitimacy in (0.0, 1.0):
        Q = with_values(supervision_legitimacy=legitimacy)
        felt = eq.felt_control(Q, averse, rule, rule)
        expected = averse * rule * (1.0 - DEFAULTS["legitimacy_relief"] * legitimacy)
        assert felt == pytest.approx(expected)
        # those who work harder under control keep their full response
        assert eq.felt_control(Q, raiser, rule, rule) == pytest.approx(raiser * rule)
    full = with_values(supervision_legitimacy=1.0)
    assert eq.felt_control(full, averse, rule, rule) < 0.15 * averse * rule


def test_the_managers_personal_tightening_is_felt_in_full_whatever_its_legitimacy():
    full = with_values(supervision_legitimacy=1.0)
    rule, personal = 0.3, 0.4
    felt = eq.felt_control(full, 0.5, rule + personal, rule)
    assert felt == pytest.approx(0.5 * (personal + (1 - DEFAULTS["legitimacy_relief"]) * rule))
    assert eq.personal_control(P, rule + personal, rule) == pytest.approx(personal)
    assert eq.personal_control(P, rule - 0.1, rule) == 0.0


def test_distrust_shown_by_personal_control_lowers_trust_in_the_manager_and_exhausts():
    base = eq.leader_trust_target(P, 0.5, 0.3, 0.7, 0.0)
    assert eq.leader_trust_target(P, 0.5, 0.3, 0.7, 0.4) < base
    calm = eq.stress_target(P, 0.2, 0.0, 0.0)
    assert eq.stress_target(P, 0.2, 0.0, 0.4) == pytest.approx(
        calm + DEFAULTS["stress_distrust"] * 0.4)


def test_a_successor_of_similar_experience_inherits_more_trust():
    same = eq.handover_share(P, 60.0, 60.0)
    assert same == pytest.approx(DEFAULTS["succession_handover"])
    shares = [eq.handover_share(P, 60.0, t) for t in (60.0, 40.0, 20.0, 0.0)]
    assert shares == sorted(shares, reverse=True)
    far = eq.handover_share(P, 0.0, 10 * DEFAULTS["handover_experience_months"])
    assert far == pytest.approx(DEFAULTS["succession_handover"]
                                * (1 - DEFAULTS["handover_mismatch"]))


def test_satisfaction_maps_the_signal_to_the_unit_interval_and_raises_wins():
    assert [eq.customer_satisfaction_target(s) for s in (-1.0, 0.0, 1.0)] == [0.0, 0.5, 1.0]
    low = eq.win_probability(P, 0.6, 0.5, 0.3, 0.5, 0.5, False, 0.4)
    high = eq.win_probability(P, 0.6, 0.5, 0.3, 0.5, 0.5, False, 0.9)
    assert high > low


def test_colleagues_quits_raise_the_quit_hazard():
    args = (0.55, 0.2, 0.55, 0.6, 1.0, 1.0, False)
    typical = eq.quit_probability(P, *args, DEFAULTS["typical_peer_quits"])
    assert eq.quit_probability(P, *args, 0.3) > typical > eq.quit_probability(P, *args, 0.0)
    off = with_values(quit_contagion=0.0)
    assert eq.quit_probability(off, *args, 0.3) == eq.quit_probability(off, *args, 0.0)
