"""The whole page without a browser: levers, number boxes, undo, references, exercises, the end of
the horizon; forged widget messages change nothing and show no traceback."""

from __future__ import annotations

import logging
import math
import re

import ipyvuetify as v
import pytest
import solara

from promosim.app.controls import themes
from promosim.app.exercises import EXERCISES
from promosim.app.page import OUTCOMES, PAGE_FAILED, Guarded, Page
from promosim.app.session import SEED_NOTE


@pytest.fixture
def page():
    """The dashboard rendered in this process, every theme panel open; yields its context."""
    _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    rc.find(v.ExpansionPanels, class_="themes").widget.v_model = list(range(len(themes())))
    yield rc
    rc.close()


def forge(widget, event: str, data) -> None:
    """A websocket message as a browser (or anyone) could send it: ``event`` with ``data``."""
    widget._handle_event(None, {"event": event, "data": data}, [])


def shown(rc) -> str:
    """Every text, HTML and alert of the page."""
    texts = [str(w.children) for w in rc.find(v.Alert).widgets]
    texts += html(rc)
    texts += [str(getattr(w, "children", "")) for w in rc.find(v.Html).widgets]
    return "\n".join(texts)


def header(rc) -> str:
    return rc.find(v.Html, class_="month").widget.children[0]


def html(rc) -> list[str]:
    """The markup of every HTML element of the page."""
    return [w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets]


def table(rc) -> str:
    return next(text for text in html(rc) if text.startswith("<tr><th></th>"))


def lever_index(lever: str) -> int:
    return [name for names in themes().values() for name in names].index(lever)


def slider(rc, lever: str) -> v.Slider:
    return rc.find(v.Slider, class_="lever-slider").widgets[lever_index(lever)]


def number_box(rc, lever: str) -> v.TextField:
    return rc.find(v.TextField, class_="lever-number").widgets[lever_index(lever)]


def select(rc, label: str) -> v.Select:
    return rc.find(v.Select, label=label).widget


FORGED = ["0.5", None, True, [1], {"a": 1}, math.nan, math.inf, -1.0, 1e308, 10**400,
          "x" * 100_000]


def test_forged_lever_values_are_refused_and_logged(page, caplog):
    before = header(page)
    with caplog.at_level(logging.WARNING, logger="promosim.app"):
        for data in FORGED:
            forge(slider(page, "supervision_base"), "change", data)
    assert header(page) == before and "policy: baseline" in before
    assert caplog.text.count("refused a value") == len(FORGED)
    text = shown(page)
    assert "Traceback" not in text and "Error" not in text and PAGE_FAILED not in text
    forge(slider(page, "supervision_base"), "change", 0.9)  # a real slider value still works
    assert "policy: custom" in header(page)


def test_a_number_box_takes_an_exact_value_with_a_comma_or_says_what_it_takes(page):
    box = number_box(page, "goal_clarity")
    forge(box, "change", "0,9")
    assert number_box(page, "goal_clarity").v_model == "0.9"
    assert slider(page, "goal_clarity").v_model == 0.9
    forge(number_box(page, "bonus_horizon"), "change", "24")
    assert slider(page, "bonus_horizon").v_model == 24.0
    forge(number_box(page, "goal_clarity"), "change", "90")
    assert "Type a number from 0 to 1." in shown(page)
    assert slider(page, "goal_clarity").v_model == 0.9


def test_theme_panels_stay_as_the_student_left_them(page):
    panels = page.find(v.ExpansionPanels, class_="themes").widget
    panels.v_model = [1, 2]  # the student opens Pay and Goals, closes Supervision
    assert len(page.find(v.Slider, class_="lever-slider").widgets) == sum(
        len(names) for names in list(themes().values())[1:3])  # closed panels: no rows
    pay = page.find(v.Slider, class_="lever-slider").widgets[0]
    forge(pay, "change", 1.2)
    assert page.find(v.ExpansionPanels, class_="themes").widget.v_model == [1, 2]
    headers = [w.children[0] for w in page.find(v.ExpansionPanelHeader).widgets]
    assert "Pay (1 changed)" in headers


def test_undo_goes_back_and_the_table_compares_with_the_chosen_reference(page):
    select(page, "Preset").v_model = "tight-control"
    assert "before your last change" in table(page)
    forge(slider(page, "goal_clarity"), "change", 0.9)
    page.find(v.Btn, children=["Pin this policy"]).widget.click()
    assert "pinned: tight-control" not in table(page)
    assert "pinned: goal clarity 0.9" in table(page)
    for value in (0.5, 0.6, 0.7, 0.8):
        forge(slider(page, "backing"), "change", value)
    assert "pinned: goal clarity 0.9" in table(page)  # four changes later, still the reference
    rows = re.findall(r'<tr data-outcome="(\w+)">', table(page))
    assert rows == [o.name for o in OUTCOMES]
    assert re.search(r'data-outcome="profit"><td>Profit</td><td>[^<]+</td><td>[^<]+</td>'
                     r"<td>[+−±]", table(page))
    undo = page.find(v.Btn, children=["Undo"]).widget
    for _ in range(5):
        undo.click()
    assert "policy: tight-control" in header(page)
    select(page, "Compare with").v_model = "preset promoter-friendly"
    assert "preset promoter-friendly" in table(page)


def test_the_end_of_the_horizon_says_so_with_a_summary(page):
    page.find(v.Slider, label="Months per step: 1").widget.v_model = 12
    step = page.find(v.Btn, children=["Step"]).widget
    while not step.disabled:
        step.click()
    assert re.search(r"Month 120 of 120", header(page))
    ending = str(page.find(v.Alert).widget.children)
    assert "The 10 years are over: promoter turnover" in ending and "Press Reset" in ending


def test_an_exercise_sets_itself_up_and_shows_the_numbers_it_asks_for(page):
    exercise = EXERCISES[1]  # pay mix
    select(page, "Exercise").v_model = exercise.heading
    page.find(v.Btn, children=["Next"]).widget.click()
    page.find(v.Btn, children=["Set this up"]).widget.click()
    assert "policy: commission-heavy" in header(page)
    assert "preset relationship-bonus" in table(page)
    for name in exercise.steps[1].reads:
        assert f'data-outcome="{name}"' in table(page)
    for _ in exercise.steps[1:]:
        page.find(v.Btn, children=["Next"]).widget.click()
    assert exercise.questions[0] in shown(page)


def test_forged_seeds_months_presets_and_references_change_nothing(page, caplog):
    seed = page.find(v.TextField, label="Seed (same seed, same luck)").widget
    for text in ("-5", "1e400", "abc", "9" * 5000, "9" * 30):
        seed.v_model = text
        forge(seed, "keyup.enter", None)
        assert SEED_NOTE in str(page.find(v.TextField, label="Seed (same seed, same luck)")
                                .widget.messages)
    assert "seed 1" in header(page)
    months = page.find(v.Slider, label="Months per step: 1").widget
    with caplog.at_level(logging.WARNING, logger="promosim.app"):
        months.v_model = 10**9
        select(page, "Preset").v_model = "no-such-preset"
        select(page, "Compare with").v_model = "no-such-reference"
    assert caplog.text.count("refused a value") == 3
    assert page.find(v.Slider, label="Months per step: 1").widget  # unchanged
    assert "Traceback" not in shown(page)


def test_a_huge_or_forged_name_is_cut_and_cleaned(page):
    name = page.find(v.TextField, label="Policy name (up to 60 characters)").widget
    name.v_model = "Team\x00\x1b " + "x" * 600_000

    def policy() -> str:
        return page.find(v.Html, class_="policy-file").widget.children[0]

    assert len(policy()) < 300 and re.search(r'name = "Team x{50,53}"', policy())
    assert "\x00" not in policy() and "\x1b" not in policy()
    name.v_model = {"forged": ["x" * 1000]}  # Solara's text field takes it as text
    assert len(policy()) < 300 and "name = \"{'forged': ['xxx" in policy()


def test_an_error_in_the_page_is_logged_and_shown_as_one_short_message(caplog):
    @solara.component
    def Fragile():  # noqa: N802
        broken = solara.use_reactive(False)
        if broken.value:
            raise RuntimeError("failed at /home/teacher/secret/path.py")
        solara.Button("break", on_click=lambda: broken.set(True))

    _, rc = solara.render(Guarded(Fragile), handle_error=False)
    try:
        with caplog.at_level(logging.ERROR, logger="promosim.app"):
            rc.find(v.Btn, children=["break"]).widget.click()
        text = shown(rc)
        assert PAGE_FAILED in text and "/home" not in text and "Traceback" not in text
        assert "/home/teacher/secret/path.py" in caplog.text
        rc.find(v.Btn, children=["Start again"]).widget.click()
        rc.find(v.Btn, children=["break"]).assert_single()
    finally:
        rc.close()
