"""Fixtures of the dashboard tests: the app as a subprocess, and an offline Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import solara

from promosim import PromoterModel
from promosim.app.session import PREVIOUS, Session
from promosim.app.setup import Setup

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True, scope="session")
def fast_renderer():
    """Render pages in the tests as the server does (see ``promosim.app.server.ENVIRONMENT``)."""
    previous = os.environ.get("REACTON_FAST")
    os.environ["REACTON_FAST"] = "1"
    yield
    if previous is None:
        os.environ.pop("REACTON_FAST", None)
    else:
        os.environ["REACTON_FAST"] = previous


def make_session(setup: Setup | None = None) -> Session:
    """A session outside a page, its state in plain reactive variables (for the logic's tests)."""
    setup = setup or Setup.from_environment()
    return Session(setup, setup.presets_by_name(), solara.reactive(setup.baseline),
                   solara.reactive(setup.seed),
                   solara.reactive(PromoterModel(**setup.model_kwargs(setup.baseline,
                                                                      setup.seed))),
                   solara.reactive(()), solara.reactive(()), solara.reactive(PREVIOUS),
                   solara.reactive(""))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class App:
    """A running dashboard: its address, the folder its "Hand in" button writes to, its log."""

    address: str
    hand_in: Path
    log: Path
    pid: int = 0


def serving(port: int, process: subprocess.Popen, seconds: float) -> bool:
    """Wait until ``port`` accepts connections; False if ``process`` ended or time ran out."""
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


@contextmanager
def running_app(hand_in: Path, log_path: Path, *options: str) -> Iterator[App]:
    """``promosim app`` with ``options`` on a free port of this machine, until the block ends."""
    port = free_port()
    log = log_path.open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "promosim.cli", "app", "--port", str(port), "--seed", "3",
         "--hand-in", str(hand_in), *options], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        if not serving(port, proc, 60):
            log.seek(0)
            pytest.fail(f"promosim app did not start:\n{log.read()}")
        yield App(f"http://127.0.0.1:{port}", hand_in, log_path, proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory, needs_browser) -> Iterator[App]:
    """``promosim app`` on a free port of this machine."""
    hand_in = tmp_path_factory.mktemp("hand-in")
    with running_app(hand_in, tmp_path_factory.mktemp("log") / "app.log") as app:
        yield app


class OfflineBrowser:
    """Chromium pages that may only reach the app: every other request is aborted and recorded."""

    def __init__(self, browser, address: str):
        self.browser, self.address = browser, address
        self.socket = address.replace("http://", "ws://")
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.hand_in: Path | None = None
        self.contexts = []

    def page(self, width: int = 1500, height: int = 1100, scale: float = 1.0):
        """A new page in a context of its own; ``scale`` > 1 is a browser zoom (150 %: 1.5)."""
        context = self.browser.new_context(viewport={"width": width, "height": height},
                                           device_scale_factor=scale, accept_downloads=True)
        self.contexts.append(context)
        context.route("**/*", self._route)
        page = context.new_page()
        page.on("websocket", lambda ws: None if ws.url.startswith(self.socket) else
                self.outside.append(ws.url))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
        page.set_default_timeout(60_000)
        return page

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith((self.address, "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def save_pages(self, name: str) -> None:
        """Screenshots of every open page, to see what a failed test saw."""
        ARTIFACTS.mkdir(exist_ok=True)
        for i, context in enumerate(self.contexts):
            for j, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"failed-{name}-{i}{j}.png"), full_page=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark a test whose body failed, for the fixtures' teardown."""
    report = yield
    if report.when == "call" and report.failed:
        item.failed_in_call = True
    return report


@pytest.fixture
def offline(app_server, browser, request) -> Iterator[OfflineBrowser]:
    """An offline Chromium for the app; asserts afterwards that no request left the machine.

    When the test fails, its pages are saved to ``test-artifacts/failed-*.png`` and the app's log
    is printed.
    """
    offline = OfflineBrowser(browser, app_server.address)
    offline.hand_in = app_server.hand_in
    try:
        yield offline
    finally:
        try:
            if getattr(request.node, "failed_in_call", False):
                print(f"promosim app log:\n{app_server.log.read_text()[-5000:]}")
                offline.save_pages(request.node.name)
        finally:
            offline.close()
    assert offline.outside == [], f"requests left this machine: {offline.outside}"
    assert offline.failed == [], f"the app failed to serve: {offline.failed}"


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves the whole page to ``test-artifacts/NAME.png``.

    ``whole=False`` saves what the screen shows (the viewport) instead.
    """
    def save(page, name: str, whole: bool = True) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        if not whole:
            page.screenshot(path=str(path))
            return path
        size = page.viewport_size
        height = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')]"
                               ".map(e => e.scrollHeight))")
        page.set_viewport_size({"width": size["width"], "height": min(max(height, 900), 4000)})
        page.screenshot(path=str(path))
        page.set_viewport_size(size)
        return path
    return save
