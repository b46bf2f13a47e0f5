"""The dashboard in an offline Chromium: it renders, reacts to levers, steps and resets; it reads on
a projector; the class compares with any reference; the exercises show their numbers; five
sessions at once each keep their own firm and get quick answers."""

from __future__ import annotations

import re
import time

import pytest

from promosim.app.charts import BLACK, BLUE, CHARTS, GREEN, ORANGE, PURPLE, VERMILLION
from promosim.app.controls import themes
from promosim.app.exercises import EXERCISES
from promosim.outcomes import OUTCOMES
from promosim.scenario import load_policy, load_scenario

#: Browser tests start a server and Chromium: in the slow run (CI runs it).
pytestmark = pytest.mark.slow

BASE = load_scenario("configs/baseline.toml").values["supervision_base"]
#: The tab's title, as served and once the page runs (not Solara's own, "Solara ☀️").
TITLE = "promosim · teaching dashboard"
#: Every piece of text the page shows, with its size on screen in pixels (transforms included).
TEXT_SIZES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (!text || !element || !element.getClientRects().length) continue;
    if (element.closest("script, style, title, noscript")) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || Number(style.opacity) === 0) continue;
    let size = parseFloat(style.fontSize);
    if (element instanceof SVGElement) {
      size *= element.getScreenCTM().a;
    } else {
      for (let e = element; e && e !== document.body; e = e.parentElement) {
        const transform = getComputedStyle(e).transform;
        if (transform && transform !== "none") {
          const m = new DOMMatrix(transform);
          size *= Math.hypot(m.a, m.b);
        }
      }
    }
    found.push([text.slice(0, 50), Math.round(size * 10) / 10]);
  }
  return found;
}"""


def open_app(offline, **size):
    page = offline.page(**size)
    page.goto(offline.address + "/")
    assert page.title() == TITLE  # as served, before the page's scripts set it again
    page.get_by_text("What is happening").wait_for()
    page.get_by_text(re.compile(r"Month 0 of \d+")).wait_for()
    page.locator(".chart-view path.line").first.wait_for()
    return page


def month(page) -> int:
    text = page.get_by_text(re.compile(r"Month \d+ of \d+")).inner_text()
    return int(re.search(r"Month (\d+)", text).group(1))


def step(page, expected: int) -> None:
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text(re.compile(rf"Month {expected} of \d+")).wait_for()


def table_row(page, outcome: str) -> list[str]:
    return page.locator(f'.projection tr[data-outcome="{outcome}"] td').all_inner_texts()


def charts_drawn(page) -> None:
    """Every chart is on the page, with its projection lines drawn and a plot of real size."""
    charts = page.locator(".chart-view")
    charts.nth(len(CHARTS) - 1).wait_for()
    assert charts.count() == len(CHARTS)
    for i in range(len(CHARTS)):
        chart = charts.nth(i)
        paths = chart.locator(".current path.line").evaluate_all(
            "paths => paths.map(p => p.getAttribute('d'))")
        assert sum(len(d) > 300 for d in paths) == len(CHARTS[i].lines)  # ten years drawn
        box = chart.locator("svg.frame").bounding_box()
        assert box["width"] > 250 and box["height"] > 120


def move_lever(page, lever: str, share: float) -> None:
    """Click the lever's slider at ``share`` of its track."""
    slider = page.locator(f".lever-{lever} .v-slider")
    box = slider.bounding_box()
    slider.click(position={"x": box["width"] * share, "y": box["height"] / 2})


def type_lever(page, lever: str, text: str) -> None:
    box = page.locator(f".lever-{lever} .lever-number input")
    box.fill(text)
    box.press("Enter")


def test_dashboard_renders_reacts_steps_and_resets(offline, screenshot):
    page = open_app(offline)
    assert page.title() == TITLE
    charts_drawn(page)
    organisation = page.locator(".org")
    assert organisation.locator(".c").count() == 24
    for theme in themes():
        page.get_by_text(theme, exact=True).wait_for()
    assert "before your last change" not in page.locator(".projection").inner_text()
    screenshot(page, "dashboard-start")

    step(page, 1)
    move_lever(page, "supervision_base", 0.85)
    moved = re.compile(rf"Base supervision\s+\(baseline {BASE:g}\)")
    page.locator(".lever-supervision_base").get_by_text(moved).wait_for()
    page.locator(".preset").get_by_text("custom").wait_for()
    page.locator(".chart-view .reference path.line").first.wait_for()
    page.locator(".projection").get_by_text("before your last change").wait_for()
    step(page, 2)
    page.get_by_text(re.compile(r"New policy from this month: base supervision 0\.[6-9]")
                     ).wait_for()
    charts_drawn(page)
    screenshot(page, "dashboard-lever-moved")

    # save the policy: download it, and hand it in to the teacher's folder
    value = float(page.locator(".lever-supervision_base .lever-number input").input_value())
    page.get_by_label("Policy name").fill("Team Blue")
    page.get_by_text('name = "Team Blue"').wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download policy file").click()
    assert download.value.suggested_filename == "team-blue.toml"
    assert load_policy(download.value.path()).levers == {"supervision_base": value}
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
    page.wait_for_timeout(1500)  # longer than a picture of play
    assert month(page) == 0
    charts_drawn(page)


def assert_marks_inside_cards(page) -> None:
    """Spiral badges and "vacant" marks are shown whole, on one line, inside their cards."""
    marks = page.locator(".org .sp, .org .vt").evaluate_all("""marks => marks.map(m => {
      const mark = m.getBoundingClientRect(), card = m.closest(".c").getBoundingClientRect();
      const shown = getComputedStyle(m).display !== "none";
      return [m.className, shown, shown && mark.right <= card.right + 0.5
              && mark.left >= card.left - 0.5 && m.getClientRects().length === 1];
    })""")
    assert any(kind == "sp" and shown for kind, shown, _ in marks), marks
    assert all(inside for _, shown, inside in marks if shown), marks


def test_readable_on_a_projector(offline, screenshot):
    page = open_app(offline, width=1280, height=720)
    for _ in range(24):  # two years: spirals under tight control
        page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text(re.compile(r"Month 24 of \d+")).wait_for()
    page.locator(".preset").click()
    page.get_by_role("option", name="tight-control").click()
    page.locator(".preset").get_by_text("tight-control").wait_for()
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_text(re.compile(r"Month 0 of")).wait_for()
    page.locator(".lever-help").first.wait_for()
    sizes = page.evaluate(TEXT_SIZES)
    assert len(sizes) > 200
    small = [item for item in sizes if item[1] < 14]
    assert small == [], f"text under 14 px at 1280 × 720: {small[:10]}"
    screenshot(page, "projector-1280x720", whole=False)
    screenshot(page, "projector-1280x720-whole")

    # colour-blind-safe lines; a spiral badge that reads on any card
    colours = set(page.locator(".chart-view path.line").evaluate_all(
        "paths => paths.map(p => p.getAttribute('stroke'))"))
    assert colours <= {BLUE, ORANGE, GREEN, VERMILLION, PURPLE, BLACK}
    page.get_by_role("button", name="▶", exact=True).click()
    page.locator(".org .sp").first.wait_for(timeout=120_000)
    page.get_by_role("button", name="❚❚", exact=True).click()
    badge = page.locator(".org .sp").first.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    assert badge == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    frame = page.locator(".org .c.s").first.evaluate("c => getComputedStyle(c).borderTopWidth")
    assert float(frame.removesuffix("px")) >= 3
    assert_marks_inside_cards(page)

    big = open_app(offline, width=1920, height=1080)
    small = [item for item in big.evaluate(TEXT_SIZES) if item[1] < 14]
    assert small == [], f"text under 14 px at 1920 × 1080: {small[:10]}"
    screenshot(big, "projector-1920x1080", whole=False)

    # 150 % zoom: the levers and the firm side by side, neither covering the other
    zoomed = open_app(offline, width=853, height=480, scale=1.5)
    lever = zoomed.locator(".lever-supervision_base .v-slider")
    lever.scroll_into_view_if_needed()
    for target in (lever, zoomed.locator(".org .c").first):
        box = target.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        assert 0 <= x <= 853 and 0 <= y <= 480, box
        assert target.evaluate("(e, [x, y]) => e.contains(document.elementFromPoint(x, y))",
                               [x, y])
    # … and every card's marks inside the card: a spiral sign where the word does not fit
    assert_marks_inside_cards(zoomed)
    screenshot(zoomed, "projector-zoom-150", whole=False)


def test_compare_with_a_pinned_preset_type_values_undo_and_reach_the_end(offline, screenshot):
    page = open_app(offline, width=1280, height=900)
    page.locator(".preset").click()
    page.get_by_role("option", name="tight-control").click()
    page.locator(".preset").get_by_text("tight-control").wait_for()
    page.get_by_role("button", name="Pin this policy").click()
    page.locator(".reference").get_by_text("pinned: tight-control").wait_for()
    page.locator(".themes").get_by_text("Goals, feedback and recognition").click()
    for lever, text in (("goal_clarity", "0,9"), ("feedback_frequency", "1"),
                        ("feedback_constructiveness", "0.85"), ("supervision_reactivity", "0.5")):
        type_lever(page, lever, text)
        page.locator(f".lever-{lever}").get_by_text("(baseline").wait_for()
    assert page.locator(".lever-goal_clarity .lever-number input").input_value() == "0.9"
    header = page.locator(".projection tr").first.inner_text()
    assert "pinned: tight-control" in header  # four changes later, still the reference
    assert re.match(r"[+−±]", table_row(page, "spiral_share")[3])
    assert page.locator(".themes .v-expansion-panel--active").count() == 2  # as left
    screenshot(page, "compare-pinned")

    reactivity = page.locator(".lever-supervision_reactivity .lever-number input")
    assert reactivity.input_value() == "0.5"
    page.get_by_role("button", name="Undo").click()
    page.wait_for_function("box => box.value === '2.5'", arg=reactivity.element_handle())
    type_lever(page, "goal_clarity", "90")
    page.get_by_text("Type a number from 0 to 1.").wait_for()
    seed = page.get_by_label("Seed (same seed, same luck)")
    for text in ("abc", "-3"):
        seed.fill(text)
        seed.press("Enter")
        page.get_by_text("A seed is a whole number from 0 to 999,999,999.").wait_for()
    assert re.search(r"seed 3$", page.locator(".month").inner_text())

    page.locator(".speed").click()
    page.get_by_role("option", name="12").click()
    page.get_by_role("button", name="▶", exact=True).click()
    page.get_by_text(re.compile(r"The 10 years are over: promoter turnover")).wait_for(
        timeout=60_000)
    assert page.get_by_role("button", name="Step", exact=True).is_disabled()
    screenshot(page, "end-of-horizon")


def test_every_exercise_sets_itself_up_and_shows_the_numbers_it_asks_for(offline):
    page = open_app(offline, width=1280, height=900)
    for exercise in EXERCISES:
        page.locator(".exercise-choice").click()
        page.get_by_role("option", name=exercise.heading).click()
        for index, step_ in enumerate(exercise.steps):
            page.get_by_text(f"Step {index + 1} of {len(exercise.steps)}.").wait_for()
            if step_.sets_up:
                page.get_by_role("button", name="Set this up").click()
            if step_.preset:
                page.locator(".preset").get_by_text(step_.preset, exact=True).wait_for()
            for name in step_.reads:
                row = table_row(page, name)
                assert row[0].startswith(OUTCOMES[name].label) and row[1] not in ("", "n/a")
            page.get_by_role("button", name="Next").click()
        page.get_by_text(exercise.questions[0]).wait_for()


def test_five_sessions_each_keep_their_own_firm_and_get_quick_answers(offline, screenshot):
    pages = [open_app(offline, width=1280, height=720) for _ in range(5)]
    seed = pages[1].get_by_label("Seed (same seed, same luck)")
    seed.fill("7")
    seed.press("Enter")
    pages[1].get_by_text(re.compile(r"Month 0 of \d+ .* seed 7")).wait_for()
    waits = []
    for round_ in range(1, 4):
        for i, page in enumerate(pages):  # every tab acts, one after the other, as a class does
            start = time.perf_counter()
            step(page, round_)
            waits.append(time.perf_counter() - start)
            start = time.perf_counter()
            move_lever(page, "supervision_base", 0.2 + 0.15 * i)
            page.locator(".lever-supervision_base").get_by_text("(baseline").wait_for()
            waits.append(time.perf_counter() - start)
    assert [month(page) for page in pages] == [3] * 5
    assert re.search(r"seed 3$", pages[0].locator(".month").inner_text())
    values = {page.locator(".lever-supervision_base .lever-number input").input_value()
              for page in pages}
    assert len(values) == 5  # each tab its own levers
    assert max(waits) < 5.0, f"slowest answer {max(waits):.1f} s"
    screenshot(pages[4], "five-sessions", whole=False)
