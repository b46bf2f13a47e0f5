"""The teaching guide's exercises as guided steps in the dashboard.

Each :class:`Exercise` of ``docs/teaching.md`` is a few :class:`Step` s: what to do (with a button
that sets it up: a preset, levers, a reset, the reference to compare with), what to watch, and the
rows of the projection table that hold the numbers the guide asks about (``reads``, outcomes of
the registry's "app" place), then the exercise's questions. ``tests/app`` checks that every
exercise is in the guide and that every number it reads is on the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

import solara

from promosim.app.session import PREVIOUS, Session

CLEAR_GOALS = {"goal_clarity": 0.9, "feedback_frequency": 1.0, "feedback_constructiveness": 0.85,
               "supervision_reactivity": 0.5}


@dataclass(frozen=True)
class Step:
    """One step: what to do, what the set-up button does, what to watch and which rows to read."""

    do: str
    watch: str
    preset: str | None = None
    levers: Mapping[str, float] = field(default_factory=dict)
    reset: bool = False
    reference: str | None = None
    reads: tuple[str, ...] = ()

    @property
    def sets_up(self) -> bool:
        """Whether the step has a set-up button."""
        return bool(self.preset or self.levers or self.reset or self.reference)


@dataclass(frozen=True)
class Exercise:
    """An exercise of the teaching guide: title, minutes, steps and questions."""

    number: int
    title: str
    minutes: int
    steps: tuple[Step, ...]
    questions: tuple[str, ...]

    @property
    def heading(self) -> str:
        """``"1. Cause a spiral, then stop it (30 minutes)"``."""
        return f"{self.number}. {self.title} ({self.minutes} minutes)"


EXERCISES: tuple[Exercise, ...] = (
    Exercise(1, "Cause a spiral, then stop it", 30, (
        Step("Play the baseline for two years (▶, or Step with 12 months per step).",
             "The organisation view and the narrator: hardly any card carries a SPIRAL badge.",
             preset="baseline", reset=True),
        Step("Reset, choose tight-control and play again.",
             "When two or three cards carry a SPIRAL badge, pause and read the narrator: which "
             "manager tightened supervision of whom, after what? The table compares the "
             "projection with the baseline.",
             preset="tight-control", reset=True, reference="preset:baseline",
             reads=("first_spiral", "spiral_share", "spiral_quit_share", "turnover_rate",
                    "mean_customer_trust")),
        Step("While the firm runs, lower only Base supervision back to 0.3 and play a year.",
             "The spirals chart: the spirals hardly become fewer, because the managers still "
             "distrust the promoters they doubt and keep the supervision they added for them.",
             levers={"supervision_base": 0.3}, reference="preset:tight-control",
             reads=("spiral_share",)),
        Step("Reset to tight-control and play to the same month as before.",
             "The spirals start again as they did.", preset="tight-control", reset=True),
        Step("Now set Goal clarity 0.9, Feedback talks per month 1, Feedback constructiveness "
             "0.85 and Supervision reactivity 0.5, and play on.",
             "The running spirals end within about a year and no new ones start; managers' "
             "trust recovers (trust chart) and fewer promoters quit (spirals and quits chart).",
             levers=CLEAR_GOALS, reference="preset:tight-control",
             reads=("spiral_share", "mean_management_trust", "turnover_rate")),
    ), ("How does a spiral start: what does the manager see, what does the manager do, what "
        "does the promoter do then?",
        "Why doesn't loosening the base supervision stop the spirals that are already running?",
        "What ends them?")),
    Exercise(2, "Pay mix and short-termism", 20, (
        Step("Choose the relationship-bonus preset.",
             "The projection under a pay mix that rewards long customer relationships.",
             preset="relationship-bonus"),
        Step("Now choose commission-heavy: the table compares it with relationship-bonus.",
             "Thin against dashed lines in the revenue, trust and spirals charts; in the table "
             "revenue in the first and in the last year, trust, churn, turnover, the share of "
             "relationship promoters and profit.",
             preset="commission-heavy", reference="preset:relationship-bonus",
             reads=("revenue_first_year", "revenue_last_year", "mean_customer_trust",
                    "churn_rate", "turnover_rate", "role_share", "profit")),
        Step("Move Bonus horizon and Relationship bonus one at a time (Pay levers).",
             "The projection after each move, compared with before your last change.",
             reference=PREVIOUS, reads=("revenue", "profit")),
    ), ("Why does commission raise revenue at first?",
        "What happens to terms, trust and the managers' view of their promoters?",
        "Who becomes a relationship promoter under each pay mix?")),
    Exercise(3, "Why the customer's promoter matters", 20, (
        Step("On the baseline, count the black-ringed dots (customer-side promoters) in the "
             "organisation view and read the narrator's line on customer-side promoters who "
             "over-use their power.",
             "The table: relationships with a customer-side promoter, the share of them who "
             "face no promoter of yours and over-use their power, and the adaptations they "
             "demand.",
             preset="baseline", reset=True,
             reads=("customer_promoter_share", "overuse_share", "adaptation_cost")),
        Step("Set Matching promoters to 0.8.",
             "Adaptations and profit against the baseline.",
             levers={"matching": 0.8}, reference="preset:baseline",
             reads=("overuse_share", "adaptation_cost", "profit")),
        Step("Also set Support for the customer's key person to 0.7.",
             "Customer-side promoters, churn, revenue and profit against the baseline.",
             levers={"customer_promoter_support": 0.7}, reference="preset:baseline",
             reads=("customer_promoter_share", "churn_rate", "revenue", "profit")),
    ), ("Who is the customer's promoter and what does the supplier gain from one?",
        "Why is a customer-side promoter without a counterpart at the supplier costly?",
        "What does matching change?")),
    Exercise(4, "When a promoter leaves", 15, (
        Step("Play until the narrator reports a quit; look at that position's customer dots "
             "before and after.",
             "The card turns into a dashed vacancy, then a new hire ramps up; the customers' "
             "dots fade and some of them leave.",
             preset="baseline", reset=True),
        Step("Set Succession handover to 0.",
             "The projection without any handover.", levers={"succession_handover": 0.0},
             reference=PREVIOUS, reads=("mean_customer_trust", "churn_rate")),
        Step("Now set Succession handover to 0.9: the table compares it with no handover.",
             "Customers' trust and churn with a good handover against none.",
             levers={"succession_handover": 0.9}, reference=PREVIOUS,
             reads=("mean_customer_trust", "churn_rate")),
        Step("Try the Succession rule (0 wait for the new hire, 1 the best-standing colleague, "
             "2 the colleague with the most similar experience).",
             "What one exit costs its customers changes more than the firm's yearly averages: "
             "colleagues have room for only some of a leaver's customers.",
             levers={"succession_rule": 2.0}, reference=PREVIOUS,
             reads=("mean_customer_trust", "churn_rate")),
    ), ("What leaves with a promoter?", "What can a firm do about it?")),
    Exercise(5, "Generous is not the same as profitable", 15, (
        Step("Choose clear-goals-feedback.",
             "Turnover, trust, revenue and profit against the baseline.",
             preset="clear-goals-feedback", reference="preset:baseline",
             reads=("turnover_rate", "mean_customer_trust", "revenue", "profit")),
        Step("Choose promoter-friendly: the table compares it with clear-goals-feedback.",
             "Turnover, revenue, resource cost and profit of the two presets.",
             preset="promoter-friendly", reference="preset:clear-goals-feedback",
             reads=("turnover_rate", "revenue", "resource_cost", "profit")),
    ), ("Which preset keeps promoters longest?", "Which earns most?",
        "Why are they not the same?")),
)

NONE = "none: explore freely"


def set_up(session: Session, step: Step) -> None:
    """Do what a step's set-up button says: preset, levers, reference, reset."""
    if step.preset is not None:
        session.choose_preset(step.preset)
    if step.levers:
        session.change({**session.levers.value, **step.levers})
    if step.reference is not None:
        session.choose_reference(step.reference)
    if step.reset:
        session.reset()


@solara.component
def Exercises(session: Session) -> None:  # noqa: N802
    """Choose an exercise and follow it step by step."""
    chosen = solara.use_reactive(NONE)
    at = solara.use_reactive(0)
    by_heading = {e.heading: e for e in EXERCISES}

    def choose(heading: str) -> None:
        if heading == NONE or heading in by_heading:
            chosen.set(heading)
            at.set(0)

    solara.Select("Exercise", values=[NONE, *by_heading], value=chosen.value, on_value=choose,
                  classes=["exercise-choice"])
    exercise = by_heading.get(chosen.value)
    if exercise is None:
        return
    index = min(at.value, len(exercise.steps))
    with solara.Div(classes=["exercise"]):
        if index < len(exercise.steps):
            step = exercise.steps[index]
            solara.HTML(tag="p", unsafe_innerHTML=f"<b>Step {index + 1} of "
                        f"{len(exercise.steps)}.</b> {escape(step.do)}")
            if step.sets_up:
                solara.Button("Set this up", on_click=lambda: set_up(session, step),
                              outlined=True, color="primary", classes=["set-up"])
            solara.HTML(tag="p", unsafe_innerHTML=f"<b>Watch:</b> {escape(step.watch)}")
        else:
            items = "".join(f"<li>{escape(q)}</li>" for q in exercise.questions)
            solara.HTML(tag="div", unsafe_innerHTML=f"<p><b>Questions</b></p><ul>{items}</ul>")
        with solara.Row():
            solara.Button("Back", on_click=lambda: at.set(max(index - 1, 0)),
                          disabled=index == 0, text=True)
            solara.Button("Next" if index < len(exercise.steps) else "Start over",
                          on_click=lambda: at.set(index + 1 if index < len(exercise.steps)
                                                  else 0), text=True, classes=["next"])

