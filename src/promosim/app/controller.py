"""Run controls for one session's firm: Reset, play/pause and Step, safe across threads.

Play runs in a background thread. One lock per session covers every step, reset and lever
change, and the thread checks under it that play is still on before each month: a month is
never half-stepped under new levers, Pause stops before the next month, and a Reset shows
month 0. (Mesa's ``ModelController`` steps once more when Pause comes during its wait between
months, and has no lock for lever changes.) Views re-render on Mesa's update counter.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import solara
from mesa.visualization.utils import force_update, update_counter

from promosim.model import PromoterModel

LOG = logging.getLogger(__name__)
STOPPED = "The simulation stopped because of an error. Press Reset to start again."


@solara.component
def RunControls(model: solara.Reactive[PromoterModel], rebuild: Callable[[], PromoterModel],  # noqa: N802
                months_per_step: solara.Reactive[int], lock: threading.Lock,
                interval: float = 0.4) -> None:
    """Reset (a new firm from ``rebuild``), ▶/❚❚ and Step (``months_per_step`` months).

    ``lock`` is the session's: whoever changes the firm (a step, a reset, a new lever) holds it.
    """
    update_counter.get()  # re-render after each step: the buttons follow the firm's horizon
    playing = solara.use_reactive(False)
    error = solara.use_reactive("")

    def advance(stop: Callable[[], bool] = lambda: False) -> None:
        firm = model.value
        for _ in range(months_per_step.value):
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

        while not paused() and not cancel.wait(interval):
            with lock:
                if paused():
                    return
                guarded(lambda: advance(paused))

    solara.use_thread(play, dependencies=[playing.value], intrusive_cancel=False)

    def step() -> None:
        with lock:
            guarded(advance)

    def reset() -> None:
        with lock:
            playing.set(False)
            error.set("")
            guarded(lambda: model.set(rebuild()))
            force_update()

    running = model.value.running
    with solara.Row(justify="space-between"):
        solara.Button("Reset", color="primary", on_click=reset)
        solara.Button("❚❚" if playing.value else "▶", color="primary",
                      on_click=lambda: playing.set(not playing.value), disabled=not running)
        solara.Button("Step", color="primary", on_click=step,
                      disabled=playing.value or not running)
    if error.value:
        solara.Error(error.value)
