"""The exercises in the app are the teaching guide's, and every number they ask for is on screen."""

from __future__ import annotations

from promosim.app.exercises import EXERCISES, set_up
from promosim.outcomes import names_in
from promosim.parameters import BY_NAME, LEVERS

from .conftest import ROOT, make_session

GUIDE = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")


def test_every_exercise_is_the_guide_s():
    exercises = GUIDE.split("## Exercises")[1].split("\n## ")[0]
    headings = [line[4:] for line in exercises.splitlines() if line.startswith("### ")]
    assert len(headings) == len(EXERCISES)
    for exercise, heading in zip(EXERCISES, headings, strict=True):
        assert heading.startswith(exercise.heading.removesuffix(")")), heading
    for exercise in EXERCISES:
        section = exercises.split(f"### {exercise.heading.removesuffix(')')}")[1].split("###")[0]
        words = " ".join(section.split())
        for question in exercise.questions:
            assert question in words, question


def test_every_step_sets_up_what_exists_and_reads_rows_of_the_table():
    session = make_session()
    shown = set(names_in("app"))
    for exercise in EXERCISES:
        for step in exercise.steps:
            assert set(step.reads) <= shown, (exercise.number, step.reads)
            assert step.preset is None or step.preset in session.presets
            for name, value in step.levers.items():
                spec = BY_NAME[name]
                assert name in LEVERS and spec.low <= value <= spec.high
            set_up(session, step)
            if step.reference is not None:
                assert session.reference.value == step.reference
            if step.preset is not None and not step.levers:
                assert session.preset_name() == step.preset
            if step.reset:
                assert session.model.value.steps == 0
