"""Run controls for one tab's firm: Reset, play/pause, Step, play speed and seed, thread-safe.

Play runs in a background thread. The session's lock covers every step, reset and lever change,
and the thread checks under it that play is still on before each month: a month is never
half-stepped under new levers, Pause stops before the next month, and a Reset shows month 0.
(Mesa's ``ModelController`` steps once more when Pause comes during its wait between months, and
has no lock for lever changes.) Play draws at most :data:`FRAMES` pictures a second and steps as
many months per picture as its speed asks, so a fast play costs the server no more than a slow
one. Views re-render on Mesa's update counter.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import solara
from mesa.visualization.utils import force_update, update_counter

from promosim.app import inputs
from promosim.app.session import Session

LOG = logging.getLogger(__name__)
STOPPED = "The simulation stopped because of an error. Press Reset to start again."
#: The most months one press of Step runs.
MONTHS_PER_STEP = 12
#: Play speeds offered, in months a second.
SPEEDS = (1, 2, 4, 12)
#: Pictures a second that play draws at most.
FRAMES = 2.0


def pace(speed: float, frames: float = FRAMES) -> tuple[float, int]:
    """Seconds between two pictures and months per picture for a play ``speed`` (months/s).

    Play draws at most ``frames`` pictures a second.
    """
    interval = max(1.0 / speed, 1.0 / frames)
    return interval, max(1, round(speed * interval))


@solara.component
def RunControls(session: Session, frames: float = FRAMES) -> None:  # noqa: N802
    """Reset, ▶/❚❚, Step, months per step, play speed and the seed box."""
    update_counter.get()  # re-render after each step: the buttons follow the firm's horizon
    playing = solara.use_reactive(False)
    error = solara.use_reactive("")
    months_per_step = solara.use_reactive(1)
    speed = solara.use_reactive(SPEEDS[1])

    def advance(months: int, stop: Callable[[], bool] = lambda: False) -> None:
        firm = session.model.value
        with session.batch:
            for _ in range(months):
                if stop():
                    break
                if not firm.running:
                    playing.set(False)
                    break
                firm.step()
            force_update()

    def guarded(action: Callable[[], None]) -> None:
        try:
            action()
        except Exception:  # the cause goes to the server's log, a short message to the page
            LOG.exception("the simulation stopped")
            playing.set(False)
            error.set(STOPPED)

    def play(cancel: threading.Event) -> None:
        # Pause sets ``cancel``: play stops before the next month, never halfway through one.
        def paused() -> bool:
            return cancel.is_set() or not playing.value

        interval, months = pace(speed.value, frames)
        due = time.monotonic() + interval
        while not paused() and not cancel.wait(max(0.0, due - time.monotonic())):
            due = max(due + interval, time.monotonic())
            with session.lock:
                if paused():
                    return
                guarded(lambda: advance(months, paused))

    solara.use_thread(play, dependencies=[playing.value, speed.value], intrusive_cancel=False)

    def step() -> None:
        with session.lock:
            guarded(lambda: advance(months_per_step.value))

    def reset() -> None:
        with session.batch:
            playing.set(False)
            error.set("")
            guarded(session.reset)

    def set_months(new: object) -> None:
        try:
            months_per_step.set(inputs.whole(new, 1, MONTHS_PER_STEP, "months per step"))
        except inputs.InputError as refusal:
            inputs.refused(refusal)

    def set_speed(new: object) -> None:
        try:
            value = inputs.whole(new, min(SPEEDS), max(SPEEDS), "play speed")
        except inputs.InputError as refusal:
            inputs.refused(refusal)
            return
        if value in SPEEDS:
            speed.set(value)
        else:
            inputs.refused(inputs.InputError(f"play speed: {value} is not offered"))

    running = session.model.value.running
    with solara.Row(justify="space-between"):
        solara.Button("Reset", color="primary", on_click=reset)
        solara.Button("❚❚" if playing.value else "▶", color="primary",
                      on_click=lambda: playing.set(not playing.value), disabled=not running,
                      classes=["play"])
        solara.Button("Step", color="primary", on_click=step,
                      disabled=playing.value or not running)
    solara.SliderInt(f"Months per step: {months_per_step.value}", value=months_per_step.value,
                     on_value=set_months, min=1, max=MONTHS_PER_STEP)
    solara.Select("Play speed (months/s)", values=list(SPEEDS), value=speed.value,
                  on_value=set_speed, dense=True, classes=["speed"])
    solara.InputText("Seed (same seed, same luck)", value=str(session.seed.value),
                     on_value=session.set_seed, continuous_update=False, dense=True,
                     error=session.seed_note.value or False, classes=["seed"])
    if not running:
        solara.Text("The horizon is reached: Reset to run again.", classes=["lever-help"])
    if error.value:
        solara.Error(error.value)

