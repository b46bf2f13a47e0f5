"""The report in headless Chromium: every section renders, every figure loads, nothing is fetched.

Screenshots of each section (screen and print layout) go to ``test-artifacts/report/`` and, for
``promosim compare`` on the shipped policies, ``test-artifacts/report-compare/``.
"""

from contextlib import contextmanager
from pathlib import Path

import pytest

from promosim.cli import main

from .conftest import POLICIES, ROOT

#: Browser tests start Chromium: in the slow run (CI runs it).
pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts"
SECTIONS = ("headline", "summary", "money", "what-this-says", "policies", "cost-retention",
            "retention", "relationships", "trajectories", "turnover-by-year", "spirals",
            "all-measures", "glossary", "methods")
FIGURES = ("cost-retention", "retention", "relationships", "trajectories", "turnover-by-year",
           "spirals")


@contextmanager
def opened(browser, report: Path):
    """The report in a page that may load nothing but the file itself."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        fetched, errors = [], []
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(("file:", "data:"))
                   else (fetched.append(route.request.url), route.abort()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        page.fetched, page.errors = fetched, errors
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module")
def page(browser, report):
    with opened(browser, report) as page:
        yield page


def check_sections(page, folder: Path, suffix: str = "") -> None:
    """Each section is visible, sized and filled; a screenshot of each goes to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for key in SECTIONS:
        section = page.locator(f"section#{key}")
        assert section.is_visible(), key
        box = section.bounding_box()
        assert box["width"] > 400 and box["height"] > 80, (key, box)
        assert len(section.inner_text().strip()) > 100, key
        section.screenshot(path=str(folder / f"{key}{suffix}.png"))


def check_figures(page) -> None:
    """Every image has loaded and is shown at a readable size; each figure is explained."""
    sizes = page.locator("img").evaluate_all(
        "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width])")
    assert len(sizes) == len(FIGURES)
    for complete, natural, shown in sizes:
        assert complete and natural > 0 and shown > 300
    for key in FIGURES:
        assert page.locator(f"section#{key} img").count() == 1, key
        assert page.locator(f"section#{key} .means").inner_text().startswith("What it means")
    assert page.fetched == [] and page.errors == []


def test_every_section_renders_with_its_figures(page):
    check_sections(page, ARTIFACTS / "report")
    check_figures(page)


def test_the_summary_table_lists_every_policy(page):
    header = page.locator("section#summary thead th").all_inner_texts()
    assert [h.strip() for h in header] == ["measure", "baseline", "tight-control",
                                           "promoter-friendly", "commission-heavy"]
    assert page.locator("section#summary tbody tr[data-outcome]").count() >= 10
    top = page.locator("section#headline").bounding_box()["y"]
    assert top < page.locator("section#summary table").bounding_box()["y"]


def test_the_print_layout_renders_and_makes_a_pdf(page):
    page.emulate_media(media="print")
    try:
        check_sections(page, ARTIFACTS / "report", "-print")
        pdf = page.pdf(format="A4")
        assert pdf[:5] == b"%PDF-" and len(pdf) > 100_000
        (ARTIFACTS / "report" / "report.pdf").write_bytes(pdf)
    finally:
        page.emulate_media(media="screen")


def test_compare_on_the_shipped_policies_writes_a_report_that_renders(browser, tmp_path,
                                                                     capsys):
    policies = sorted(POLICIES.glob("*.toml"))
    out = tmp_path / "compare"
    small = ["--set", "n_teams=2", "--set", "team_size=4", "--set", "accounts_per_position=4",
             "--set", "spinup_months=24"]
    assert main(["compare", *map(str, policies), "--config", str(ROOT / "configs/baseline.toml"),
                 "--replicates", "3", "--months", "36", *small, "--workers", "0",
                 "--out", str(out)]) == 0
    assert f"report: {out / 'report.html'}" in capsys.readouterr().out
    with opened(browser, out / "report.html") as page:
        check_sections(page, ARTIFACTS / "report-compare")
        check_figures(page)
        header = [h.strip() for h in page.locator("section#summary thead th").all_inner_texts()]
        assert header == ["measure", "baseline", *(p.stem for p in policies)]
