"""The run controls without a browser: step, play, pause, reset, speed, errors on a small firm."""

from __future__ import annotations

import logging
import time

import ipyvuetify as v
import pytest
import solara

from promosim import PromoterModel
from promosim.app.controller import SPEEDS, RunControls, pace
from promosim.app.setup import Setup
from promosim.parameters import resolve

from .conftest import make_session

SMALL = Setup(values=resolve({"months": 3, "n_teams": 2, "team_size": 3, "spinup_months": 0}))


@pytest.fixture
def controls():
    """The controls on a small firm; returns (session, button finder, render context)."""
    session = make_session(SMALL)

    @solara.component
    def Host():  # noqa: N802
        RunControls(session, frames=50)

    _, rc = solara.render(Host(), handle_error=False)
    rc.find(v.Select, label="Play speed (months/s)").widget.v_model = max(SPEEDS)

    def button(index: int):
        return rc.find(v.Btn).widgets[index]  # Reset, ▶/❚❚, Step

    yield session, button, rc
    rc.close()


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_play_draws_a_few_pictures_a_second_whatever_its_speed():
    assert pace(1) == (1.0, 1) and pace(2) == (0.5, 1)
    assert pace(4) == (0.5, 2) and pace(12) == (0.5, 6)


def test_step_to_the_horizon_disables_play_and_step_and_reset_starts_again(controls):
    session, button, rc = controls
    for _ in range(3):
        assert not button(2).disabled
        button(2).click()
    assert session.model.value.steps == 3
    assert button(1).disabled and button(2).disabled
    assert "The horizon is reached" in str([w.children for w in rc.find(v.Html).widgets])
    button(0).click()
    assert session.model.value.steps == 0
    assert not button(1).disabled and not button(2).disabled


def test_pause_stops_before_the_next_month_even_inside_a_long_step(controls, monkeypatch):
    session, button, rc = controls
    step = PromoterModel.step
    monkeypatch.setattr(PromoterModel, "step", lambda self: (time.sleep(0.03), step(self)))
    session.model.set(PromoterModel(**{**SMALL.model_kwargs(SMALL.baseline, 1), "months": 60}))
    rc.find(v.Slider).widget.v_model = 12  # months per step (play uses its own pace)
    button(1).click()  # play
    wait_until(lambda: session.model.value.steps >= 2)
    button(1).click()  # pause
    paused_at = session.model.value.steps
    time.sleep(0.3)
    assert session.model.value.steps <= paused_at + 1
    assert button(1).children == ["▶"]


def test_play_runs_to_the_horizon_and_stops(controls):
    session, button, _ = controls
    button(1).click()
    wait_until(lambda: button(1).children == ["▶"] and not session.model.value.running)
    assert session.model.value.steps == 3 and button(1).disabled


def test_forged_speeds_and_months_are_refused(controls, caplog):
    _, _, rc = controls
    with caplog.at_level(logging.WARNING, logger="promosim.app"):
        rc.find(v.Select, label="Play speed (months/s)").widget.v_model = 3
        rc.find(v.Slider).widget.v_model = 10**9
    assert caplog.text.count("refused a value") == 2


def test_an_error_in_a_step_is_logged_and_the_page_gets_a_short_message(controls, monkeypatch,
                                                                          caplog):
    session, button, rc = controls
    monkeypatch.setattr(PromoterModel, "step", lambda self: 1 / 0)
    session.model.set(PromoterModel(**SMALL.model_kwargs(SMALL.baseline, 1)))
    with caplog.at_level(logging.ERROR, logger="promosim.app"):
        button(2).click()
    shown = str(rc.find(v.Alert).widget.children)
    assert "simulation stopped because of an error" in shown
    assert "division" not in shown and "Traceback" not in shown and "/" not in shown
    assert "ZeroDivisionError" in caplog.text  # the cause, with its traceback, in the log
