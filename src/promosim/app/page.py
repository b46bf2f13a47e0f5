"""The dashboard page: one firm per browser tab, its views, and the instant what-if.

Each tab builds its own :class:`~promosim.app.session.Session` (a firm, levers, their history and
the reference), so classmates never share a firm. The page is two columns side by side at any
width a projector gives it: the controls (run, exercises, policy levers, saving) on the left, the
firm on the right (month, organisation, narrator, comparison, charts, projection table). Each view
is a component that reads only the reactive variables it shows, so a month stepped redraws the
firm's views and a lever moved redraws that lever's row and the projection: the server's work and
the bytes it sends per action stay small (``benchmarks/classroom.py`` measures both).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd
import reacton.core
import solara
from mesa.visualization.utils import update_counter

from promosim.app import charts, narrator, organisation, trajectory
from promosim.app.controller import RunControls
from promosim.app.controls import ExportPanel, LeverPanel, PolicyPicker
from promosim.app.exercises import Exercises
from promosim.app.server import TITLE
from promosim.app.session import PREVIOUS, Session
from promosim.app.setup import Setup
from promosim.app.trajectory import Trajectory
from promosim.model import PromoterModel
from promosim.outcomes import Outcome, shown_in

SETUP = Setup.from_environment()
LOG = logging.getLogger(__name__)
PAGE_FAILED = ("Something went wrong on this page. Press \"Start again\"; if it happens again, "
               "tell your teacher.")
STYLE_KEY = ("Thick lines: your firm so far. Thin lines: the whole horizon under your current "
             "levers (same firm, same luck). Dashed lines: the reference you compare with. "
             "Across: months.")
#: Outcomes of the projection table (the outcome registry's "app" place).
OUTCOMES = shown_in("app")
#: Outcomes of the summary at the end of the horizon.
ENDING = ("turnover_rate", "churn_rate", "mean_customer_trust", "profit")

STYLE = """
.promosim { font-size: 16px; }
.promosim .dash { display: flex; align-items: flex-start; gap: 12px; padding: 6px; }
.promosim .side { flex: 0 0 340px; width: 340px; max-height: calc(100vh - 12px);
                  overflow-y: auto; position: sticky; top: 6px; }
.promosim .main { flex: 1 1 0; min-width: 0; }
.promosim .v-card__title { font-size: 18px; padding: 8px 12px; }
.promosim .v-card { margin-bottom: 8px; }
.promosim .v-btn { font-size: 15px; }
.promosim .v-label, .promosim .v-select__selection, .promosim input { font-size: 16px; }
.promosim .v-messages, .promosim .v-messages__message { font-size: 14px; }
.promosim .v-text-field .v-label--active, .promosim .v-select .v-label--active {
    transform: translateY(-20px) scale(0.875); }
.promosim .month { font-size: 22px; font-weight: 500; margin: 2px 4px 6px; }
.promosim .lever { margin: 4px 0 10px; }
.promosim .lever-label { font-size: 15px; display: block; }
.promosim .lever-label.moved { font-weight: bold; }
.promosim .lever-help, .promosim .preset-description { font-size: 14px; color: #444;
                                                       display: block; }
.promosim .lever-error { font-size: 14px; color: #b00020; display: block; }
.promosim .lever-slider { flex: 1 1 auto; }
.promosim .lever-number { flex: 0 0 5.2em; max-width: 5.2em; }
.promosim .lever-number input { font-size: 15px; padding: 2px 0; }
.promosim .v-expansion-panel-header { font-size: 15px; min-height: 40px; padding: 8px 12px; }
.promosim .v-expansion-panel-content__wrap { padding: 0 12px 8px; }
.promosim .firm { display: flex; flex-wrap: wrap; gap: 10px; }
.promosim .firm > :first-child { flex: 3 1 460px; min-width: 0; }
.promosim .firm > :last-child { flex: 2 1 260px; min-width: 0; }
.promosim .narrator p { margin: 0 0 8px; font-size: 15px; }
.promosim .narrator { max-height: 520px; overflow-y: auto; }
.promosim .key-line { font-size: 14px; color: #333; margin: 4px 4px 8px; }
.promosim .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr));
                    gap: 10px; }
.promosim .chart { padding: 6px 8px; }
.promosim .chart-title { font-size: 17px; font-weight: bold; }
.promosim .chart-title .unit { font-size: 14px; font-weight: normal; color: #333; }
.promosim .keys { font-size: 14px; display: flex; flex-wrap: wrap; gap: 2px 12px; }
.promosim .keys i { display: inline-block; width: 18px; height: 5px; margin: 0 5px 3px 0;
                    vertical-align: middle; }
.promosim .chart-view svg.frame { display: block; width: 100%; height: auto; }
.promosim .chart-view .current path.line { stroke-width: 1.6px; opacity: 0.85; }
.promosim .chart-view .reference path.line { stroke-width: 2px; stroke-dasharray: 7 4;
                                             opacity: 0.8; }
.promosim .chart-view .live path.line { stroke-width: 4px; }
.promosim .projection { grid-column: 1 / -1; }
.promosim .projection table { width: 100%; border-collapse: collapse; font-size: 15px; }
.promosim .projection td { white-space: nowrap; }
.promosim .projection th, .promosim .projection td { text-align: right; padding: 3px 6px;
                                                     border-bottom: 1px solid #ddd; }
.promosim .projection th:first-child, .promosim .projection td:first-child { text-align: left; }
.promosim .projection td.group { font-weight: bold; text-align: left; background: #f4f6f8; }
.promosim .ending { font-size: 16px; }
.promosim .policy-file { font-size: 14px; white-space: pre-wrap; margin: 0; }
.promosim .exercise p, .promosim .exercise li { font-size: 15px; }
""" + organisation.stylesheet()


@dataclass(frozen=True)
class Live:
    """The firm as it stands: its month, event log and trajectory so far."""

    month: int
    events: pd.DataFrame
    trajectory: Trajectory


def live_view(session: Session, cache: dict[str, Live]) -> Live:
    """The firm's month, events and trajectory, computed once per month for every view."""
    with session.lock:
        firm = session.model.value
        known = cache.get("live")
        if known is None or cache.get("firm") is not firm or known.month != firm.steps:
            events = firm.events
            known = Live(firm.steps, events, trajectory.from_model(firm, events))
            cache.update(live=known, firm=firm)
        return known


@solara.component
def MonthHeader(session: Session) -> None:  # noqa: N802
    """Where the firm is: month, year, policy and seed."""
    update_counter.get()
    firm = session.model.value
    solara.Text(f"Month {firm.steps} of {firm.months} (year {(firm.steps + 11) // 12}) · "
                f"policy: {session.preset_name()} · seed {session.seed.value}",
                classes=["month"])


@solara.component
def EndOfHorizon(session: Session, cache: dict) -> None:  # noqa: N802
    """At the horizon: that the run is over, what it came to, and what to do next."""
    update_counter.get()
    firm = session.model.value
    if firm.running:
        return
    outcomes = live_view(session, cache).trajectory.outcomes
    said = ", ".join(f"{o.label.lower()} {format_value(o, outcomes[o.name])}"
                     for o in OUTCOMES if o.name in ENDING)
    solara.Info(f"The {firm.months // 12} years are over: {said}. Press Reset to run the firm "
                "again, or move levers and compare the projections.", classes=["ending"])


@solara.component
def Organisation(session: Session) -> None:  # noqa: N802
    """Managers → promoters → accounts, coloured by trust."""
    update_counter.get()
    with solara.Card("Organisation", classes=["organisation"], margin=0):
        organisation.OrganisationWidget(**organisation.organisation_data(session.model.value))
        solara.HTML(tag="div", unsafe_innerHTML=organisation.legend_html())


@solara.component
def Narrator(session: Session, cache: dict) -> None:  # noqa: N802
    """What is happening, in plain words."""
    update_counter.get()
    lines = narrator.narrate(session.model.value, events=live_view(session, cache).events)
    with solara.Card("What is happening", margin=0):
        solara.HTML(tag="div", classes=["narrator"],
                    unsafe_innerHTML="".join(f"<p>{escape(line)}</p>" for line in lines))


@solara.component
def ChartView(session: Session, chart: charts.Chart, cache: dict) -> None:  # noqa: N802
    """One chart: the firm so far, the projection and the reference, as data for the browser."""
    update_counter.get()
    now = live_view(session, cache).trajectory
    current = session.project(session.levers.value)
    levers = session.reference_levers()
    reference = session.project(levers) if levers is not None else None
    axes = charts.scale(chart, (now, current, reference))
    slots = cache.setdefault("slots", charts.Slots())
    current_at, reference_at = slots.place(current, reference)
    drawn = [solara.use_memo(lambda run=run: charts.lines_data(chart, run, axes), [run, axes])
             for run in slots.held]
    with solara.Card(classes=["chart", f"chart-{chart.key}"], margin=0):
        charts.ChartWidget(
            title=chart.title, unit=chart.unit,
            lines=[{"label": line.label, "colour": line.colour} for line in chart.lines],
            frame=charts.FRAME, axes=solara.use_memo(lambda: charts.axes_data(axes), [axes]),
            slot_a=drawn[0], slot_b=drawn[1], current=current_at, reference=reference_at,
            live=charts.lines_data(chart, now, axes), month=now.month)


@solara.component
def Comparison(session: Session) -> None:  # noqa: N802
    """What the projection is compared with: choose a reference, or pin the current policy."""
    choices = session.references()
    labels = list(choices.values())
    chosen = choices.get(session.reference.value, choices[PREVIOUS])

    def choose(label: str) -> None:
        key = next((k for k, v in choices.items() if v == label), None)
        session.choose_reference(key if key is not None else str(label))

    with solara.Row(gap="10px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Select("Compare with", values=labels, value=chosen, on_value=choose,
                      classes=["reference"], style={"min-width": "20em"})
        solara.Button("Pin this policy", on_click=session.pin, outlined=True, color="primary",
                      classes=["pin"])
    solara.Text(STYLE_KEY, classes=["key-line"])


def format_value(outcome: Outcome, value: float) -> str:
    """A value as the page shows it ("none" for a month that never came)."""
    if outcome.kind == "month" and not np.isfinite(value):
        return "none"
    return outcome.format(value)


def difference(outcome: Outcome, own: float, other: float) -> str:
    """The difference between two values, or "" when one of them is undefined."""
    if not (np.isfinite(own) and np.isfinite(other)):
        return ""
    return outcome.format_difference(own - other)


@solara.component
def ProjectionTable(session: Session) -> None:  # noqa: N802
    """The horizon's outcomes under the current levers, the reference and their difference."""
    current = session.project(session.levers.value)
    levers = session.reference_levers()
    reference = session.project(levers) if levers is not None else None
    now = current.outcomes
    other = reference.outcomes if reference is not None else None
    head = "<th>this policy</th>" + (
        f"<th>{escape(session.reference_label())}</th><th>difference</th>" if other is not None
        else "")
    rows, group = [], None
    for o in OUTCOMES:
        if o.group != group:
            group = o.group
            rows.append(f'<tr><td class="group" colspan="4">{escape(group)}</td></tr>')
        cells = f"<td>{format_value(o, now[o.name])}</td>"
        if other is not None:
            cells += (f"<td>{format_value(o, other[o.name])}</td>"
                      f"<td>{difference(o, now[o.name], other[o.name])}</td>")
        rows.append(f'<tr data-outcome="{o.name}"><td>{escape(o.heading)}</td>{cells}</tr>')
    years = current.month / 12
    with solara.Card(f"Projection over {years:g} years", classes=["projection"], margin=0):
        solara.HTML(tag="table", unsafe_innerHTML=f"<tr><th></th>{head}</tr>{''.join(rows)}")


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
    """The dashboard: the tab's session and its views (it reads no reactive value itself)."""
    setup = SETUP
    presets = solara.use_memo(setup.presets_by_name, [])
    levers = solara.use_reactive(setup.baseline)
    seed = solara.use_reactive(setup.seed)
    model = solara.use_reactive(solara.use_memo(
        lambda: PromoterModel(**setup.model_kwargs(setup.baseline, setup.seed)), []))
    history = solara.use_reactive(())
    pins = solara.use_reactive(())
    reference = solara.use_reactive(PREVIOUS)
    seed_note = solara.use_reactive("")
    render_context = reacton.core.get_render_context(required=False)
    session = solara.use_memo(lambda: Session(setup, presets, levers, seed, model, history,
                                              pins, reference, seed_note, render_context), [])
    cache = solara.use_memo(dict, [])  # the live firm's views, once per month

    solara.Title(TITLE)
    solara.Style(STYLE)
    with solara.Div(classes=["promosim"]), solara.Div(classes=["dash"]):
        with solara.Div(classes=["side"]):
            with solara.Card("Run the firm", margin=0):
                RunControls(session)
            with solara.Card("Policy", margin=0):
                PolicyPicker(session)
                LeverPanel(session)
            with solara.Card("Exercises", margin=0):
                Exercises(session)
            with solara.Card("Save your policy", margin=0):
                ExportPanel(session)
        with solara.Div(classes=["main"]):
            MonthHeader(session)
            EndOfHorizon(session, cache)
            with solara.Div(classes=["firm"]):
                Organisation(session)
                Narrator(session, cache)
            Comparison(session)
            with solara.Div(classes=["charts"]):
                for chart in charts.CHARTS:
                    ChartView(session, chart, cache).key(chart.key)
                ProjectionTable(session)

