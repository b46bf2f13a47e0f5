"""A tab's session: levers and their history (undo), presets, pins and references, seed, reset."""

from __future__ import annotations

import numpy as np

from promosim.app import whatif
from promosim.app.session import PREVIOUS, SEED_NOTE, describe

from .conftest import make_session


def test_changes_are_remembered_and_undone_in_order():
    session = make_session()
    baseline = dict(session.levers.value)
    session.set_lever("goal_clarity", 0.9)
    session.set_lever("feedback_frequency", 1.0)
    session.set_lever("feedback_frequency", 1.0)  # no change: nothing remembered
    assert len(session.history.value) == 2
    assert session.preset_name() == "custom"
    session.undo()
    assert session.levers.value == {**baseline, "goal_clarity": 0.9}
    session.undo()
    assert session.levers.value == baseline and session.preset_name() == "baseline"
    session.undo()  # nothing left to undo
    assert session.levers.value == baseline


def test_a_preset_is_recognised_from_the_levers():
    session = make_session()
    session.choose_preset("tight-control")
    assert session.preset_name() == "tight-control"
    session.set_lever("backing", 0.9)
    assert session.preset_name() == "custom"
    session.choose_preset("no-such-preset")  # refused: nothing changes
    assert session.preset_name() == "custom"


def test_before_the_first_month_new_levers_rebuild_the_firm_after_it_they_take_effect_next():
    session = make_session()
    first = session.model.value
    session.set_lever("supervision_base", 0.7)
    rebuilt = session.model.value
    assert rebuilt is not first and rebuilt.values["supervision_base"] == 0.7
    for _ in range(3):
        rebuilt.step()
    session.set_lever("goal_clarity", 0.9)
    assert session.model.value is rebuilt
    assert rebuilt.policy_schedule[-1] == (4, {"goal_clarity": 0.9})


def test_the_reference_is_the_last_change_a_preset_or_a_pin():
    session = make_session()
    assert session.reference.value == PREVIOUS and session.reference_levers() is None
    session.choose_preset("tight-control")
    assert session.reference_levers() == session.presets["baseline"]
    session.set_lever("goal_clarity", 0.9)
    assert session.reference_levers() == session.presets["tight-control"]  # the last change
    session.pin()
    pinned = dict(session.levers.value)
    assert session.reference_label().startswith("pinned: goal clarity 0.9")
    for value in (0.5, 0.6, 0.7, 0.8):  # four more changes: the pin stays the reference
        session.set_lever("backing", value)
    assert session.reference_levers() == pinned
    session.pin()
    session.pin()  # the same policy twice: one pin
    assert len(session.pins.value) == 2
    session.choose_reference("preset:promoter-friendly")
    assert session.reference_levers() == session.presets["promoter-friendly"]
    session.choose_reference("pin:99")  # no such reference: refused
    assert session.reference.value == "preset:promoter-friendly"


def test_the_projections_are_those_of_the_levers_and_seed():
    session = make_session()
    session.set_lever("goal_clarity", 0.9)
    projected = session.project(session.levers.value)
    fresh = whatif.project({**session.setup.values, **session.levers.value}, session.seed.value)
    np.testing.assert_array_equal(projected["revenue"], fresh["revenue"])
    assert session.project(session.levers.value) is projected  # cached


def test_the_seed_box_takes_whole_numbers_only_and_says_so():
    session = make_session()
    seed, firm = session.seed.value, session.model.value
    for text in ("abc", "-3", "1.5", "1e400", "9" * 30, None, [1]):
        session.set_seed(text)
        assert session.seed_note.value == SEED_NOTE
        assert session.seed.value == seed and session.model.value is firm
    session.set_seed(" 42 ")
    assert session.seed.value == 42 and session.seed_note.value == ""
    assert session.model.value is not firm and session.model.value.steps == 0


def test_reset_builds_the_firm_anew_under_the_current_levers():
    session = make_session()
    session.set_lever("goal_clarity", 0.9)
    for _ in range(5):
        session.model.value.step()
    session.reset()
    assert session.model.value.steps == 0
    assert session.model.value.values["goal_clarity"] == 0.9


def test_a_policy_is_described_by_its_first_changes():
    baseline = make_session().setup.baseline
    assert describe(baseline, baseline) == "the baseline levers"
    text = describe({**baseline, "goal_clarity": 0.9, "backing": 0.8, "matching": 0.5,
                     "pay_level": 1.2}, baseline)
    assert text.endswith("and 1 more") and "goal clarity 0.9" in text
