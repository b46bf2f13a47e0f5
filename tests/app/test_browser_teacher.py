"""The teacher's view in Chromium: the class code, hand-ins arriving live, the leaderboard, the
exports; a team handing in again replaces its entry."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from .conftest import OfflineBrowser, running_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def class_app(tmp_path_factory, needs_browser):
    """``promosim app --class monday`` with a class code and a quick leaderboard."""
    folder = tmp_path_factory.mktemp("classes") / "monday"
    with running_app(folder, tmp_path_factory.mktemp("log") / "app.log", "--class", "monday",
                     "--class-code", "MONDAY2345", "--replicates", "4") as app:
        yield app


def teacher_link(app) -> str:
    text = app.log.read_text()
    return re.search(r"teacher's page: http://localhost:\d+(/teacher\?key=\w+)", text).group(1)


def hand_in(page, name: str, lever: str, value: str) -> None:
    box = page.locator(f".lever-{lever} .lever-number input")
    box.fill(value)
    box.press("Enter")
    page.locator(f".lever-{lever}").get_by_text("(baseline").wait_for()
    page.get_by_label("Policy name").fill(name)
    page.get_by_text(f'name = "{name}"').wait_for()
    page.get_by_role("button", name="Hand in", exact=True).click()
    page.locator(".hand-in-message").get_by_text("Handed in as").wait_for()


def test_hand_ins_arrive_live_and_are_ranked_on_the_class_s_firm(class_app, browser, screenshot):
    offline = OfflineBrowser(browser, class_app.address)
    try:
        teacher = offline.page(width=1280, height=900)
        teacher.goto(class_app.address + "/teacher")
        teacher.get_by_text("This page is for the teacher").wait_for()  # no key, no page
        teacher.goto(class_app.address + teacher_link(class_app))
        teacher.get_by_text("promosim: the class monday").wait_for()
        assert teacher.title() == "promosim · teacher · monday"
        teacher.get_by_text("MOND-AY23-45").wait_for()
        teacher.get_by_text("hand-ins appear here as they arrive").wait_for()

        student = offline.page(width=1280, height=900)
        student.goto(class_app.address + "/?class=MONDAY2345")
        student.get_by_text("What is happening").wait_for()
        teacher.get_by_text(re.compile(r"Tabs open: 1 of")).wait_for()  # live, no reload
        student.get_by_role("button", name="Hand in", exact=True).click()
        student.get_by_text("Your policy changes no lever").wait_for()
        hand_in(student, "Calm Blue", "supervision_reactivity", "0.3")
        teacher.locator('tr[data-rank="1"]').get_by_text("Calm Blue").wait_for()

        other = offline.page(width=1280, height=900)
        other.goto(class_app.address + "/?class=MONDAY2345")
        hand_in(other, "Tight Red", "supervision_base", "0.8")
        teacher.locator('tr[data-rank="2"]').get_by_text("Tight Red").wait_for()
        student.wait_for_timeout(5100)  # a tab may hand in once every 5 seconds
        hand_in(student, "Calm Blue", "supervision_legitimacy", "0.6")  # the same team again
        teacher.get_by_text("legitimacy of control 0.6").wait_for()
        teacher.locator('tr[data-rank="2"]').wait_for()  # once its runs are done
        assert teacher.locator("tr[data-rank]").count() == 2
        assert sorted(p.name for p in class_app.hand_in.glob("*.toml")) == [
            "calm-blue.toml", "tight-red.toml"]
        teacher.get_by_role("img").wait_for()
        screenshot(teacher, "teacher-view")

        with teacher.expect_download() as download:
            teacher.get_by_text("Download the results (CSV)").click()
        table = pd.read_csv(download.value.path())
        assert {"Calm Blue", "Tight Red", "baseline"} <= set(table["policy"])
        assert (table["replicates"] == 4).all() and (table["ranked_by"] == "profit").all()
        assert (table.loc[table["outcome"] == "profit", "unit"] == "k€ a year").all()
        teacher.locator("th", has_text="Profit (a year)").wait_for()  # money a year, as compare
        teacher.get_by_role("link", name="Promoter turnover").click()
        teacher.get_by_text(re.compile("Ranked by promoter turnover")).wait_for()
    finally:
        offline.close()
    assert offline.outside == [], f"requests left this machine: {offline.outside}"
