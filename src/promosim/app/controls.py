"""The dashboard's controls: lever sliders by theme, presets, seed, and saving a policy."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from pathlib import Path

import solara

from promosim.app import inputs
from promosim.app.export import DESCRIPTION_LIMIT, NAME_LIMIT, file_name, lever_value, policy_toml
from promosim.app.handin import COULD_NOT_SAVE, HandInLimitError, HandIns, HandInWriteError
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
                                         "succession_handover", "hiring_social_weight"),
}
CUSTOM = "custom"
LOG = logging.getLogger(__name__)


def themes() -> dict[str, tuple[str, ...]]:
    """Every lever under a theme, in the sidebar's order."""
    listed = {name for names in THEMES.values() for name in names}
    other = tuple(name for name in LEVERS if name not in listed)
    return {**THEMES, **({"Other levers": other} if other else {})}


def slider_step(spec: Parameter) -> float:
    """A step that gives about a hundred positions across the lever's range."""
    if spec.integer:
        return 1.0
    return 10.0 ** math.floor(math.log10((spec.high - spec.low) / 100.0))


def matching_preset(levers: Mapping[str, float], presets: Mapping[str, Mapping[str, float]]) -> str:
    """The name of the preset these levers equal, or ``"custom"``."""
    def same(a: Mapping[str, float], b: Mapping[str, float]) -> bool:
        return all(lever_value(n, a[n]) == lever_value(n, b[n]) for n in LEVERS)
    return next((name for name, values in presets.items() if same(levers, values)), CUSTOM)


@solara.component
def LeverSlider(name: str, value: float, baseline: float,  # noqa: N802
                on_change: Callable[[str, float], None]) -> None:
    """One lever: its business label, a slider, and its help text."""
    spec = BY_NAME[name]
    moved = lever_value(name, value) != lever_value(name, baseline)
    with solara.Column(gap="0px", classes=[f"lever lever-{name}"]):
        solara.Text(f"{spec.label}: {lever_value(name, value):g}"
                    + (f"  (baseline {lever_value(name, baseline):g})" if moved else ""),
                    style={"font-weight": "bold" if moved else "normal", "font-size": "0.9em"})
        slider = solara.v.Slider(v_model=value, min=spec.low, max=spec.high,
                                 step=slider_step(spec), thumb_label=True, hide_details=True,
                                 dense=True, class_="lever-slider")

        def change(_widget, _event, data) -> None:
            try:
                on_change(name, inputs.lever(name, data))
            except inputs.InputError as error:
                inputs.refused(error)

        solara.v.use_event(slider, "change", change)
        solara.Text(spec.help, style={"font-size": "0.78em", "color": "#555"})


@solara.component
def LeverPanel(levers: Mapping[str, float], baseline: Mapping[str, float],  # noqa: N802
               on_change: Callable[[str, float], None]) -> None:
    """All levers, one collapsible section per theme (sections with moved levers say how many)."""
    for number, (theme, names) in enumerate(themes().items()):
        moved = sum(lever_value(n, levers[n]) != lever_value(n, baseline[n]) for n in names)
        summary = theme + (f" ({moved} changed)" if moved else "")
        with solara.Details(summary=summary, expand=number == 0):
            for name in names:
                LeverSlider(name, levers[name], baseline[name], on_change)


@solara.component
def ExportPanel(levers: Mapping[str, float], baseline: Mapping[str, float], seed: int,  # noqa: N802
                scenario: str, hand_in: str | None) -> None:
    """Name the policy, download it as a policy file or hand it in to the teacher's folder.

    The student sees only the file's name or a short message; why a hand-in failed goes to the
    server's log.
    """
    name = solara.use_reactive("my-policy")
    description = solara.use_reactive("")
    handed = solara.use_reactive(("", ""))  # (kind of message, message)
    hand_ins = solara.use_memo(lambda: HandIns(Path(hand_in)) if hand_in else None, [hand_in])
    note = (f"Designed in the promosim dashboard (scenario {scenario}, seed {seed}).\n"
            "Compare a class's files on equal luck with `promosim compare`.")
    text = policy_toml(name.value, description.value, levers, baseline, note)
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
                    path = hand_ins.hand_in(name.value, description.value, levers, baseline,
                                            note)
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
    solara.Preformatted(text, class_="policy-file",
                        style_="font-size: 0.78em; white-space: pre-wrap; margin: 0")
