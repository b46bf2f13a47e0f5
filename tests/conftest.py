"""Shared test settings: a small firm keeps the default test run fast; one headless Chromium."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
#: Debian's Chromium with the flags this closed network needs (no background connections).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

#: A small firm with a short history and horizon (enough for hires, quits, spirals and roles).
SMALL = {"n_teams": 2, "team_size": 4, "accounts_per_position": 4, "months": 36,
         "spinup_months": 24}


@pytest.fixture
def small() -> dict:
    """Parameters of a small, fast firm."""
    return dict(SMALL)


def need_browser() -> None:
    """Skip (or fail, when CI requires the browser) without Chromium and Playwright."""
    reason = None
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        reason = f"Debian's chromium is not installed ({CHROMIUM}; apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("PROMOSIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PROMOSIM_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def needs_browser() -> None:
    """Skip the module's browser tests (or fail, in CI) without Chromium and Playwright."""
    need_browser()


@pytest.fixture(scope="module")
def browser(needs_browser):
    """One headless Chromium per test module (Playwright's sync API allows one per thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
