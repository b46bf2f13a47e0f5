"""The run controls without a browser: step, play, pause, reset and errors on a small firm."""

from __future__ import annotations

import logging
import threading
import time

import ipyvuetify as v
import pytest
import solara

from promosim import PromoterModel
from promosim.app.controller import RunControls


def firm(months: int = 3) -> PromoterModel:
    return PromoterModel(months=months, n_teams=2, team_size=3, spinup_months=0, rng=1)


@pytest.fixture
def controls():
    """The controls on a reactive firm; returns (model, months per step, button finder)."""
    model = solara.reactive(firm())
    months_per_step = solara.reactive(1)

    @solara.component
    def Host():  # noqa: N802
        RunControls(model, firm, months_per_step, threading.Lock(), interval=0.02)

    _, rc = solara.render(Host(), handle_error=False)

    def button(index: int):
        return rc.find(v.Btn).widgets[index]  # Reset, ▶/❚❚, Step

    yield model, months_per_step, button, rc
    rc.close()


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_step_to_the_horizon_disables_play_and_step_and_reset_starts_again(controls):
    model, _, button, _ = controls
    for _ in range(3):
        assert not button(2).disabled
        button(2).click()
    assert model.value.steps == 3
    assert button(1).disabled and button(2).disabled
    button(0).click()
    assert model.value.steps == 0
    assert not button(1).disabled and not button(2).disabled


def test_pause_stops_before_the_next_month_even_inside_a_long_step(controls, monkeypatch):
    model, months_per_step, button, _ = controls
    step = PromoterModel.step
    monkeypatch.setattr(PromoterModel, "step", lambda self: (time.sleep(0.03), step(self)))
    model.set(firm(months=60))  # Mesa binds a model's step when it is built
    months_per_step.set(12)
    button(1).click()  # play
    wait_until(lambda: model.value.steps >= 2)
    button(1).click()  # pause, inside the first 12-month step
    paused_at = model.value.steps
    time.sleep(0.3)
    assert model.value.steps <= paused_at + 1 < 12
    assert button(1).children == ["▶"]


def test_play_runs_to_the_horizon_and_stops(controls):
    model, _, button, _ = controls
    button(1).click()
    wait_until(lambda: button(1).children == ["▶"] and not model.value.running)
    assert model.value.steps == 3 and button(1).disabled


def test_an_error_in_a_step_is_logged_and_the_page_gets_a_short_message(controls, monkeypatch,
                                                                          caplog):
    model, _, button, rc = controls
    monkeypatch.setattr(PromoterModel, "step", lambda self: 1 / 0)
    model.set(firm())
    with caplog.at_level(logging.ERROR, logger="promosim.app"):
        button(2).click()
    shown = str(rc.find(v.Alert).widget.children)
    assert "simulation stopped because of an error" in shown
    assert "division" not in shown and "Traceback" not in shown and "/" not in shown
    assert "ZeroDivisionError" in caplog.text  # the cause, with its traceback, in the log
