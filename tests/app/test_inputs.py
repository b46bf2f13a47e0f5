"""Values from the browser: forged or out-of-range values are refused, logged, change nothing."""

from __future__ import annotations

import logging
import math

import pytest

from promosim.app import inputs
from promosim.app.inputs import InputError
from promosim.parameters import BY_NAME


@pytest.mark.parametrize("data", ["0.5", None, True, [0.5], {"v": 1}, math.nan, math.inf,
                                  -math.inf, 1e308, -1.0, 10**400])
def test_a_forged_lever_value_is_refused(data):
    with pytest.raises(InputError):
        inputs.lever("supervision_base", data)


def test_lever_values_in_range_are_taken():
    spec = BY_NAME["supervision_base"]
    assert inputs.lever("supervision_base", spec.low) == spec.low
    assert inputs.lever("supervision_base", spec.high) == spec.high
    assert inputs.lever("supervision_base", 0.5) == 0.5
    with pytest.raises(InputError, match="unknown lever"):
        inputs.lever("n_teams", 3)  # a parameter, but not a lever
    with pytest.raises(InputError, match="unknown lever"):
        inputs.lever("x" * 10_000, 0.5)


def test_whole_numbers():
    assert inputs.whole(7, *inputs.SEED_RANGE, "seed") == 7
    assert inputs.whole(7.0, 1, 12, "months") == 7
    for data in (-1, 10**30, 2.5, "3", None):
        with pytest.raises(InputError):
            inputs.whole(data, *inputs.SEED_RANGE, "seed")


def test_text_is_kept_as_typed_but_bounded(caplog):
    stored = []
    handle = inputs.text_to(stored.append, 10)
    handle("Team Blue ")
    handle("x" * 600_000)
    handle(None)
    with caplog.at_level(logging.WARNING, logger="promosim.app"):
        handle({"forged": 1})
    assert stored == ["Team Blue ", "x" * 10, ""]
    assert "not text" in caplog.text


def test_a_refusal_is_one_short_log_line(caplog):
    with caplog.at_level(logging.WARNING, logger="promosim.app"):
        inputs.refused(InputError("x" * 5_000))
    assert len(caplog.records) == 1 and len(caplog.records[0].getMessage()) < 300
