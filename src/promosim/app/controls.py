"""The dashboard's policy controls: levers by theme (slider and number each), presets, undo, saving.

Every lever has a slider and a number box beside it, so a value such as 0.9 or 24 months is typed
exactly. Theme panels stay open or closed as the student left them. Rows re-render only when their
own lever changes (their arguments are the lever's value and baseline, and callbacks that never
change), so a lever moved sends one row, not the whole sidebar.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import solara

from promosim.app import inputs
from promosim.app.export import DESCRIPTION_LIMIT, NAME_LIMIT, file_name, lever_value, policy_toml
from promosim.app.handin import (
    COULD_NOT_SAVE,
    HandInLimitError,
    HandIns,
    HandInWriteError,
    team_mark,
)
from promosim.app.session import Session
from promosim.parameters import BY_NAME, LEVERS, Parameter

#: Levers grouped for the sidebar; a lever missing here is shown under "Other levers".
THEMES: dict[str, tuple[str, ...]] = {
    "Supervision": ("supervision_base", "supervision_reactivity", "supervision_legitimacy"),
    "Pay": ("pay_level", "fixed_share", "relationship_bonus_share", "bonus_horizon"),
    "Goals, feedback and recognition": ("goal_clarity", "feedback_frequency",
                                        "feedback_constructiveness", "social_recognition",
                                        "material_recognition"),
    "Backing and development": ("backing", "contact_budget", "formal_duty_release",
                                "participation", "career_linkage", "orientation_talks",
                                "manager_hours"),
    "Customers, succession and hiring": ("customer_promoter_support", "matching",
                                         "succession_handover", "succession_rule",
                                         "hiring_social_weight"),
}
CUSTOM = "custom"
LOG = logging.getLogger(__name__)


def themes() -> dict[str, tuple[str, ...]]:
    """Every lever under a theme, in the sidebar's order."""
    listed = {name for names in THEMES.values() for name in names}
    other = tuple(name for name in LEVERS if name not in listed)
    return {**THEMES, **({"Other levers": other} if other else {})}


def slider_step(spec: Parameter) -> float:
    """A round step (1, 2 or 5 × 10ᵏ) that gives at most a hundred positions across the range."""
    if spec.integer:
        return 1.0
    span = spec.high - spec.low
    for exponent in range(math.floor(math.log10(span / 100.0)), 6):
        for mantissa in (1.0, 2.0, 5.0):
            step = mantissa * 10.0 ** exponent
            if span / step <= 100.0:
                return step
    return span


def parse_number(text: object) -> object:
    """A number typed in a box (a comma may be the decimal mark), or the input unchanged."""
    if isinstance(text, str) and len(text) <= 40:
        cleaned = text.strip().replace(",", ".")
        try:
            return float(cleaned)
        except ValueError:
            return text
    return text


def range_note(spec: Parameter) -> str:
    """What a lever's box accepts, e.g. "a number from 0 to 1"."""
    kind = "a whole number" if spec.integer else "a number"
    return f"{kind} from {spec.low:g} to {spec.high:g}"


def browser_team() -> str | None:
    """The team mark of this browser (from its session, which a reload keeps), if it has one."""
    try:
        return team_mark(solara.get_session_id())
    except RuntimeError:  # no browser session: rendered outside a server (tests, notebooks)
        return None


@solara.component
def LeverRow(session: Session, name: str, value: float, baseline: float) -> None:  # noqa: N802
    """One lever: its business label, a slider, a number box and its help text."""
    spec = BY_NAME[name]
    error = solara.use_reactive("")
    moved = lever_value(name, value) != lever_value(name, baseline)

    def take(data: object) -> None:
        try:
            new = inputs.lever(name, data)
        except inputs.InputError as refusal:
            inputs.refused(refusal)
            error.set(range_note(spec))
            return
        error.set("")
        session.set_lever(name, new)

    with solara.Column(gap="0px", classes=[f"lever lever-{name}"]):
        solara.Text(spec.label + (f"  (baseline {lever_value(name, baseline):g})" if moved
                                  else ""),
                    classes=["lever-label", *(["moved"] if moved else [])])
        with solara.Row(gap="8px", style={"align-items": "center"}):
            slider = solara.v.Slider(v_model=value, min=spec.low, max=spec.high,
                                     step=slider_step(spec), hide_details=True, dense=True,
                                     class_="lever-slider")
            box = solara.v.TextField(v_model=f"{lever_value(name, value):g}", dense=True,
                                     hide_details=True, outlined=True, class_="lever-number",
                                     error=bool(error.value))
        solara.v.use_event(slider, "change", lambda _w, _e, data: take(data))
        solara.v.use_event(box, "change", lambda _w, _e, data: take(parse_number(data)))
        if error.value:
            solara.Text(f"Type {error.value}.", classes=["lever-error"])
        solara.Text(spec.help, classes=["lever-help"])


@solara.component
def LeverPanel(session: Session) -> None:  # noqa: N802
    """All levers, one panel per theme; panels stay open or closed as the student left them.

    A theme whose levers differ from the baseline says how many. The rows of a closed panel are
    made when it opens, so a new page starts with few widgets.
    """
    levers, baseline = session.levers.value, session.setup.baseline
    groups = themes()
    opened = solara.use_reactive([0])

    def keep_open(data: object) -> None:
        if isinstance(data, list) and all(isinstance(i, int) and 0 <= i < len(groups)
                                          for i in data):
            opened.set(list(data))

    with solara.v.ExpansionPanels(v_model=opened.value, multiple=True, accordion=True,
                                  on_v_model=keep_open, class_="themes"):
        for index, (theme, names) in enumerate(groups.items()):
            moved = sum(lever_value(n, levers[n]) != lever_value(n, baseline[n]) for n in names)
            with solara.v.ExpansionPanel():
                solara.v.ExpansionPanelHeader(
                    children=[theme + (f" ({moved} changed)" if moved else "")],
                    class_="theme-header")
                with solara.v.ExpansionPanelContent():
                    if index in opened.value:
                        for name in names:
                            LeverRow(session, name, levers[name], baseline[name]).key(name)


@solara.component
def PolicyPicker(session: Session) -> None:  # noqa: N802
    """The preset in force (or "custom"), undo, and the preset's description."""
    levers = session.levers.value
    preset = session.preset_name(levers)
    choices = [*session.presets, *([CUSTOM] if preset == CUSTOM else [])]
    with solara.Row(gap="8px", style={"align-items": "center"}):
        solara.Select("Preset", values=choices, value=preset,
                      on_value=lambda name: session.choose_preset(name) if name != CUSTOM
                      else None, classes=["preset"])
        solara.Button("Undo", on_click=session.undo, disabled=not session.history.value,
                      outlined=True, color="primary", classes=["undo"])
    described = session.setup.descriptions().get(preset, "")
    if described:
        solara.Text(described, classes=["preset-description"])


@solara.component
def ExportPanel(session: Session) -> None:  # noqa: N802
    """Name the policy, download it as a policy file or hand it in to the teacher's folder.

    The student sees only the file's name or a short message; why a hand-in failed goes to the
    server's log.
    """
    setup, levers = session.setup, session.levers.value
    name = solara.use_reactive("my-policy")
    description = solara.use_reactive("")
    handed = solara.use_reactive(("", ""))  # (kind of message, message)
    hand_in = setup.hand_in
    hand_ins = solara.use_memo(lambda: HandIns(Path(hand_in), team=browser_team())
                               if hand_in else None, [hand_in])
    note = (f"Designed in the promosim dashboard (scenario {setup.scenario}, seed "
            f"{session.seed.value}).\nCompare a class's files on equal luck with "
            "`promosim compare`.")
    text = policy_toml(name.value, description.value, levers, setup.baseline, note)
    solara.InputText(f"Policy name (up to {NAME_LIMIT} characters)", value=name.value,
                     on_value=inputs.text_to(name.set, NAME_LIMIT), continuous_update=True)
    solara.InputText("What it does, in a sentence", value=description.value,
                     on_value=inputs.text_to(description.set, DESCRIPTION_LIMIT),
                     continuous_update=True)
    with solara.Row():
        solara.FileDownload(text, filename=file_name(name.value), label="Download policy file",
                            mime_type="application/toml")
        if hand_ins is not None:
            def hand() -> None:
                try:
                    path = hand_ins.hand_in(name.value, description.value, levers,
                                            setup.baseline, note)
                except HandInLimitError as refusal:
                    handed.set(("warning", str(refusal)))
                except HandInWriteError:
                    LOG.exception("a hand-in could not be written")
                    handed.set(("error", COULD_NOT_SAVE))
                else:
                    handed.set(("success", f"Handed in as {path.name}"))
            solara.Button("Hand in", on_click=hand, color="primary", outlined=True)
    kind, message = handed.value
    if message:
        {"success": solara.Success, "warning": solara.Warning, "error": solara.Error}[kind](
            message, dense=True, classes=["hand-in-message"])
    solara.Preformatted(text, class_="policy-file")

