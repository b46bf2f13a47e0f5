"""The whole page without a browser: forged widget messages change nothing and show no traceback."""

from __future__ import annotations

import logging
import math
import re

import ipyvuetify as v
import ipywidgets
import pytest
import solara

from promosim.app.controls import themes
from promosim.app.page import PAGE_FAILED, SEED_NOTE, Guarded, Page


@pytest.fixture(scope="module")
def page():
    """The dashboard rendered in this process (shared by the tests); yields its render context."""
    _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield rc
    rc.close()


def forge(widget, event: str, data) -> None:
    """A websocket message as a browser (or anyone) could send it: ``event`` with ``data``."""
    widget._handle_event(None, {"event": event, "data": data}, [])


def shown(rc) -> str:
    """Every text, HTML and alert of the page."""
    texts = [str(w.children) for w in rc.find(v.Alert).widgets]
    texts += [w.value for w in rc.find(ipywidgets.HTML).widgets]
    texts += [str(getattr(w, "children", "")) for w in rc.find(v.Html).widgets]
    return "\n".join(texts)


def header(rc) -> str:
    return rc.find(v.Html, class_="month").widget.children[0]


def slider(rc, lever: str) -> v.Slider:
    levers = [name for names in themes().values() for name in names]
    return rc.find(v.Slider, class_="lever-slider").widgets[levers.index(lever)]


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


def test_forged_seeds_months_and_presets_change_nothing(page, caplog):
    seed = page.find(v.TextField, label="Seed (same seed, same luck)").widget
    for text in ("-5", "1e400", "abc", "9" * 5000, "9" * 30):
        seed.v_model = text
        forge(seed, "keyup.enter", None)
    assert "seed 1" in header(page)
    assert SEED_NOTE in shown(page)
    months = page.find(v.Slider, label="Months per step: 1").widget
    with caplog.at_level(logging.WARNING, logger="promosim.app"):
        months.v_model = 10**9
        page.find(v.Select).widget.v_model = "no-such-preset"
    assert "refused a value" in caplog.text
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
