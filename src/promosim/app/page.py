"""The dashboard page: one firm per browser session, its views, and the instant what-if.

Each session (browser tab) builds its own :class:`~promosim.model.PromoterModel` inside the page
component, so classmates never share a firm. :mod:`promosim.app.controller` steps, plays and resets
it; every view re-renders on Mesa's update counter. Moving a lever re-simulates the horizon from the
cached spin-up (:mod:`promosim.app.whatif`) and puts the lever into force in the running firm from
its next month (:mod:`promosim.app.live`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

import solara
from mesa.visualization.utils import force_update, update_counter

from promosim.app import charts, inputs, live, narrator, trajectory, whatif
from promosim.app.controller import RunControls
from promosim.app.controls import CUSTOM, ExportPanel, LeverPanel, matching_preset
from promosim.app.organisation import organisation_svg
from promosim.app.setup import BASELINE, Setup
from promosim.app.trajectory import Trajectory
from promosim.model import PromoterModel

SETUP = Setup.from_environment()
LOG = logging.getLogger(__name__)
#: The most months one press of Step runs.
MONTHS_PER_STEP = 12
SEED_NOTE = (f"A seed is a whole number from {inputs.SEED_RANGE[0]} to "
             f"{inputs.SEED_RANGE[1]:,}.")
PAGE_FAILED = ("Something went wrong on this page. Press \"Start again\"; if it happens again, "
               "tell your teacher.")
STYLE_KEY = ("Thick lines: your firm so far. Thin lines: the whole horizon under the current "
             "levers (same firm, same luck). Dashed lines: the same before your last change.")
#: Outcomes of the projection table: column of ``Trajectory.summary()``, label, format.
OUTCOMES = (
    ("turnover_rate", "Promoter turnover a year", "{:.0%}"),
    ("spiral_incidence", "Spirals per promoter-year", "{:.2f}"),
    ("mean_customer_trust", "Customers' trust (mean)", "{:.2f}"),
    ("mean_management_trust", "Managers' trust (mean)", "{:.2f}"),
    ("churn_rate", "Customers lost a year", "{:.0%}"),
    ("revenue", "Revenue (M€)", "{:,.1f}"),
    ("profit", "Profit (M€)", "{:,.1f}"),
)


def build(setup: Setup, levers: Mapping[str, float], seed: int) -> PromoterModel:
    """A new firm under these levers and seed."""
    return PromoterModel(**setup.model_kwargs(levers, seed))


def projection(setup: Setup, levers: Mapping[str, float], seed: int) -> Trajectory:
    """The horizon under these levers (from the cached spin-up)."""
    return whatif.project({**setup.values, **levers}, seed, setup.schedule)


@solara.component
def MonthHeader(model: PromoterModel, preset: str, seed: int) -> None:  # noqa: N802
    """Where the firm is: month, year, policy and seed."""
    update_counter.get()
    solara.Text(f"Month {model.steps} of {model.months} (year {(model.steps + 11) // 12}) · "
                f"policy: {preset} · seed {seed}", classes=["month"],
                style={"font-size": "1.4em", "font-weight": "500", "margin": "4px 8px"})


@solara.component
def Narrator(model: PromoterModel) -> None:  # noqa: N802
    """What is happening, in plain words."""
    update_counter.get()
    with solara.Card("What is happening", classes=["narrator"], margin=0,
                     style={"max-height": "560px", "overflow-y": "auto"}):
        for line in narrator.narrate(model):
            solara.Text(line, style={"display": "block", "margin-bottom": "6px"})


@solara.component
def Organisation(model: PromoterModel) -> None:  # noqa: N802
    """Managers → promoters → accounts, coloured by trust."""
    update_counter.get()
    with solara.Card("Organisation", classes=["organisation"], margin=0):
        solara.HTML(tag="div", unsafe_innerHTML=organisation_svg(model))


@solara.component
def Charts(model: PromoterModel, current: Trajectory, previous: Trajectory | None) -> None:  # noqa: N802
    """Every chart with the firm so far and the two projections, and the projection's outcomes."""
    update_counter.get()
    now = trajectory.from_model(model)
    solara.Text(STYLE_KEY, style={"font-size": "0.85em", "color": "#555", "margin": "0 8px"})
    with solara.ColumnsResponsive(12, large=4, medium=6):
        for chart in charts.CHARTS:
            with solara.Card(classes=["chart"], margin=0):
                solara.HTML(tag="div", unsafe_innerHTML=charts.chart_svg(chart, now, current,
                                                                         previous))
        ProjectionTable(current, previous)


@solara.component
def ProjectionTable(current: Trajectory, previous: Trajectory | None) -> None:  # noqa: N802
    """The horizon's outcomes under the current levers and before the last change."""
    now, before = current.summary(), previous.summary() if previous is not None else None
    years = current.month / 12
    head = "<th>this policy</th>" + ("<th>before your last change</th>" if before is not None
                                     else "")
    rows = "".join(
        f"<tr><td>{label}</td><td>{fmt.format(_scale(key, now[key]))}</td>"
        + (f"<td>{fmt.format(_scale(key, before[key]))}</td>" if before is not None else "")
        + "</tr>" for key, label, fmt in OUTCOMES)
    with solara.Card(f"Projection over {years:g} years", classes=["projection"], margin=0):
        solara.HTML(tag="table", unsafe_innerHTML=f"<tr><th></th>{head}</tr>{rows}",
                    style="width: 100%; font-size: 0.9em; text-align: left")


def _scale(key: str, value: float) -> float:
    return value / 1000.0 if key in ("revenue", "profit") else value


@solara.component
def Page() -> None:  # noqa: N802
    """The dashboard, inside a guard that keeps errors off the page."""
    Guarded(Dashboard)


@solara.component
def Guarded(content: Callable[[], solara.Element]) -> None:  # noqa: N802
    """``content``, or, after an error in it, a short message (the error goes to the server's log).

    No traceback or server path reaches the browser; "Start again" shows the content anew.
    """
    error, clear = solara.use_exception()
    attempt = solara.use_reactive(0)

    def log() -> None:
        if error is not None:
            LOG.error("the page failed", exc_info=error)

    def start_again() -> None:
        attempt.set(attempt.value + 1)  # a new key: the content starts from scratch
        clear()

    solara.use_effect(log, [error])
    if error is None:
        content().key(f"content-{attempt.value}")
        return
    with solara.Column(style={"padding": "24px", "max-width": "40em"}):
        solara.Error(PAGE_FAILED)
        solara.Button("Start again", color="primary", on_click=start_again)


@solara.component
def Dashboard() -> None:  # noqa: N802
    """The dashboard."""
    setup = SETUP
    policies = solara.use_memo(setup.policies, [])
    presets = {BASELINE: setup.baseline,
               **{name: setup.preset_levers(policy) for name, policy in policies.items()}}
    seed = solara.use_reactive(setup.seed)
    levers = solara.use_reactive(setup.baseline)
    model = solara.use_reactive(solara.use_memo(lambda: build(setup, setup.baseline, setup.seed),
                                                []))
    projected = solara.use_reactive(solara.use_memo(
        lambda: (projection(setup, setup.baseline, setup.seed), None), []))
    months_per_step = solara.use_reactive(1)
    seed_note = solara.use_reactive("")
    lock = solara.use_memo(threading.Lock, [])  # one firm, stepped by one thread at a time

    def set_levers(new: dict[str, float]) -> None:
        projected.set((projection(setup, new, seed.value), projected.value[0]))
        levers.set(new)
        with lock:
            if model.value.steps == 0:
                model.set(build(setup, new, seed.value))
            else:
                live.change_levers(model.value, new)
                force_update()

    def set_seed(new: int | None) -> None:
        try:
            new = inputs.whole(new, *inputs.SEED_RANGE, "seed")
        except inputs.InputError:
            seed_note.set(SEED_NOTE)
            return
        seed_note.set("")
        seed.set(new)
        projected.set((projection(setup, levers.value, new), None))
        with lock:
            model.set(build(setup, levers.value, new))

    def choose(name: str) -> None:
        if name in presets:
            set_levers(dict(presets[name]))
        else:
            inputs.refused(inputs.InputError(f"preset: no preset {str(name)[:40]!r}"))

    def set_months_per_step(new: int) -> None:
        try:
            months_per_step.set(inputs.whole(new, 1, MONTHS_PER_STEP, "months per step"))
        except inputs.InputError as error:
            inputs.refused(error)

    preset = matching_preset(levers.value, presets)
    current, previous = projected.value

    solara.Title("promosim · teaching dashboard")
    with solara.AppBar():
        solara.AppBarTitle("promosim: relationship promoters in B2B")
    with solara.Sidebar(), solara.Column():
        with solara.Card("Run the firm"):
            RunControls(model, lambda: build(setup, levers.value, seed.value), months_per_step,
                        lock).key(f"controls-{seed.value}")  # a new seed stops play
            solara.SliderInt(f"Months per step: {months_per_step.value}",
                             value=months_per_step.value, on_value=set_months_per_step, min=1,
                             max=MONTHS_PER_STEP)
            solara.InputInt("Seed (same seed, same luck)", value=seed.value, on_value=set_seed)
            if seed_note.value:
                solara.Warning(seed_note.value, dense=True)
        with solara.Card("Policy"):
            solara.Select("Preset", values=[*presets, *([CUSTOM] if preset == CUSTOM else [])],
                          value=preset, on_value=choose)
            if preset != BASELINE and preset in policies and policies[preset].description:
                solara.Text(policies[preset].description, style={"font-size": "0.8em"})
            LeverPanel(levers.value, setup.baseline,
                       lambda name, value: set_levers({**levers.value, name: value}))
        with solara.Card("Save your policy"):
            ExportPanel(levers.value, setup.baseline, seed.value, setup.scenario, setup.hand_in)
    with solara.Column(style={"padding": "8px"}):
        MonthHeader(model.value, preset, seed.value)
        with solara.ColumnsResponsive(12, large=[8, 4]):
            Organisation(model.value)
            Narrator(model.value)
        Charts(model.value, current, previous)
