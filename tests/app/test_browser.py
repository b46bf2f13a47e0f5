"""The dashboard in an offline Chromium: it renders, reacts to levers, steps, resets, and keeps
one firm per session."""

from __future__ import annotations

import re

import pytest

from promosim.app.charts import CHARTS
from promosim.app.controls import themes
from promosim.scenario import load_policy, load_scenario

#: Browser tests start a server and Chromium: in the slow run (CI runs it).
pytestmark = pytest.mark.slow

BASE = load_scenario("configs/baseline.toml").values["supervision_base"]


def open_app(offline):
    page = offline.page()
    page.goto(offline.address + "/")
    page.get_by_text("What is happening").wait_for()
    page.get_by_text(re.compile(r"Month 0 of \d+")).wait_for()
    return page


def month(page) -> int:
    text = page.get_by_text(re.compile(r"Month \d+ of \d+")).inner_text()
    return int(re.search(r"Month (\d+)", text).group(1))


def step(page, expected: int) -> None:
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text(re.compile(rf"Month {expected} of \d+")).wait_for()


def charts_drawn(page) -> None:
    """Every chart is on the page, with its lines drawn and a plot area of real size."""
    charts = page.locator(".chart svg")
    charts.nth(len(CHARTS) - 1).wait_for()
    assert charts.count() == len(CHARTS)
    for i in range(len(CHARTS)):
        chart = charts.nth(i)
        paths = chart.locator("path.line").evaluate_all(
            "paths => paths.map(p => p.getAttribute('d'))")
        assert sum(len(d) > 100 for d in paths) >= len(CHARTS[i].lines)  # projections drawn
        box = chart.bounding_box()
        assert box["width"] > 250 and box["height"] > 150


def test_dashboard_renders_reacts_steps_and_resets(offline, screenshot):
    page = open_app(offline)
    # plots and controls render
    charts_drawn(page)
    organisation = page.locator("svg[aria-label='organisation view']")
    assert organisation.locator("g.promoter").count() + organisation.locator(
        "g.vacancy").count() == 24
    for theme in themes():
        page.get_by_text(theme, exact=True).wait_for()
    assert page.locator(".lever-slider").count() == len(themes()["Supervision"])  # open theme
    for name in ("Reset", "Step"):
        assert page.get_by_role("button", name=name, exact=True).is_enabled()
    assert "before your last change" not in page.locator(".projection").inner_text()
    screenshot(page, "dashboard-start")

    step(page, 1)
    # move a lever: base supervision, clicked near the right end of its track
    slider = page.locator(".lever-supervision_base .v-slider")
    box = slider.bounding_box()
    slider.click(position={"x": box["width"] * 0.85, "y": box["height"] / 2})
    moved = re.compile(rf"Base supervision: 0\.[6-9]\d*\s+\(baseline {BASE:g}\)")
    page.get_by_text(moved).wait_for()
    page.locator(".projection").get_by_text("before your last change").wait_for()
    page.get_by_text("custom", exact=True).wait_for()
    step(page, 2)
    page.get_by_text(re.compile(r"New policy from this month: base supervision 0\.[6-9]")
                     ).wait_for()
    charts_drawn(page)
    screenshot(page, "dashboard-lever-moved")

    # save the policy: download it, and hand it in to the teacher's folder
    value = float(re.search(r"Base supervision: ([\d.]+)", page.locator(
        ".lever-supervision_base").inner_text()).group(1))
    page.get_by_label("Policy name").fill("Team Blue")
    page.get_by_text('name = "Team Blue"').wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download policy file").click()
    saved = download.value.path()
    assert download.value.suggested_filename == "team-blue.toml"
    assert load_policy(saved).levers == {"supervision_base": value}
    page.get_by_role("button", name="Hand in", exact=True).click()
    page.get_by_text(re.compile("Handed in as .*team-blue.toml")).wait_for()
    assert load_policy(offline.hand_in / "team-blue.toml").levers == {"supervision_base": value}

    # play a few months, pause
    page.get_by_role("button", name="▶", exact=True).click()
    page.wait_for_function("() => /Month ([4-9]|\\d\\d+) of/.test(document.body.innerText)")
    page.get_by_role("button", name="❚❚", exact=True).click()
    page.get_by_role("button", name="Step", exact=True).wait_for()
    assert month(page) >= 4

    # reset at once after the pause: the new firm stays at month 0 (no late step lands on it)
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_text(re.compile(r"Month 0 of \d+")).wait_for()
    page.get_by_text("Month 0: the firm has").wait_for()
    page.wait_for_timeout(1500)  # longer than a play interval
    assert month(page) == 0
    charts_drawn(page)
    screenshot(page, "dashboard-reset")


def test_two_sessions_do_not_share_a_firm(offline):
    first, second = open_app(offline), open_app(offline)
    step(first, 1)
    step(first, 2)
    assert month(second) == 0
    step(second, 1)
    assert month(first) == 2
    seed = second.get_by_label("Seed (same seed, same luck)")
    seed.fill("7")
    seed.press("Enter")
    second.get_by_text(re.compile(r"Month 0 of \d+ .* seed 7")).wait_for()
    assert re.search(r"Month 2 of \d+ .* seed 3", first.locator(".month").inner_text())
