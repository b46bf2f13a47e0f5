"""The dashboard under attack, in Chromium: pages of other sites are refused, nasty names give safe
files, a class code lets students in, a full class and a full disk are short messages."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from promosim.app.export import NAME_LIMIT, SLUG_LIMIT, clean_text
from promosim.app.handin import COULD_NOT_SAVE
from promosim.cli import main
from promosim.scenario import load_policy

from .conftest import App, running_app

#: Browser tests start a server and Chromium: in the slow run (CI runs it).
pytestmark = pytest.mark.slow

EVIL = "http://evil.example"
#: JavaScript that opens a kernel websocket on the app and says whether it opened.
OPEN_SOCKET = """url => new Promise(resolve => {
    const ws = new WebSocket(url);
    ws.onopen = () => { ws.close(); resolve("open"); };
    ws.onerror = () => resolve("refused");
    setTimeout(() => resolve("timeout"), 15000);
})"""
NASTY = ("C:\\temp\\x a\\b \\g<0> \\1 \x01\x07\x1b[31m\x7f\u202e\u200b tab\there "
         + "é" * 300)


def kernel_socket(app: App) -> tuple[str, str]:
    """A new kernel's websocket address on the app, and the kernel's id."""
    kernel = str(uuid.uuid4())
    return (app.address.replace("http://", "ws://")
            + f"/jupyter/api/kernels/{kernel}/channels?session_id={uuid.uuid4()}", kernel)


def handshake(app: App, origin: str | None, host: str | None = None) -> int:
    """The HTTP status a raw websocket handshake gets (101: the session opens)."""
    port = int(app.address.rsplit(":", 1)[1])
    lines = [f"GET /jupyter/api/kernels/{uuid.uuid4()}/channels?session_id=x HTTP/1.1",
             f"Host: {host or f'127.0.0.1:{port}'}", "Upgrade: websocket",
             "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
             "Sec-WebSocket-Version: 13", *([f"Origin: {origin}"] if origin else [])]
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return int(sock.recv(4096).split(b"\r\n")[0].split()[1])


def open_dashboard(page, address: str) -> None:
    page.goto(address + "/")
    page.get_by_text("What is happening").wait_for()


def move_a_lever(page) -> None:
    """Change the policy (a policy that changes no lever is not handed in)."""
    box = page.locator(".lever-supervision_base .lever-number input")
    box.fill("0.45")
    box.press("Enter")
    page.locator(".lever-supervision_base").get_by_text("(baseline").wait_for()


@pytest.fixture(scope="module")
def other_site() -> Iterator[int]:
    """A web server of another site on this machine; yields its port."""
    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<html><body>a page of another site</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_pages_and_clients_of_other_origins_get_no_session(app_server, browser, other_site):
    refused = []
    context = browser.new_context()
    try:
        for site in (f"http://127.0.0.1:{other_site}", f"http://localhost:{other_site}"):
            page = context.new_page()
            page.goto(f"{site}/")
            page.get_by_text("a page of another site").wait_for()
            url, kernel = kernel_socket(app_server)
            assert page.evaluate(OPEN_SOCKET, url) == "refused"
            refused.append((kernel, site))
        own = context.new_page()  # the same script from the dashboard's own page: it opens
        open_dashboard(own, app_server.address)
        assert own.evaluate(OPEN_SOCKET, kernel_socket(app_server)[0]) == "open"
    finally:
        context.close()
    log = app_server.log.read_text()
    for kernel, site in refused:  # the server saw and refused them
        assert f"{kernel}/channels from 127.0.0.1: origin '{site}'" in log
    assert handshake(app_server, EVIL) == 403  # a raw client claiming another site, no cookie
    assert handshake(app_server, None) == 403  # a raw client naming no page at all
    assert handshake(app_server, app_server.address, host="evil.example") == 403  # rebinding
    assert handshake(app_server, app_server.address) == 101
    assert "origin 'http://evil.example'" in app_server.log.read_text()
    assert list(app_server.hand_in.glob("*.toml")) == []


def test_a_nasty_name_is_handed_in_as_a_valid_safely_named_file(offline, capsys):
    page = offline.page()
    open_dashboard(page, offline.address)
    field = page.get_by_label("Policy name")
    field.evaluate("(input, value) => { input.value = value; "
                   "input.dispatchEvent(new Event('input', {bubbles: true})); }", NASTY)
    page.get_by_text(re.compile(r'name = "C:\\\\temp')).wait_for()
    move_a_lever(page)
    page.get_by_role("button", name="Hand in", exact=True).click()
    message = page.locator(".hand-in-message").get_by_text(re.compile("Handed in as"))
    message.wait_for()
    name = re.search(r"Handed in as (\S+)", message.inner_text()).group(1)
    files = sorted(p.name for p in offline.hand_in.iterdir())
    assert files == sorted([name, "firm.json"])  # no temporary or partial file beside it
    assert re.fullmatch(r"[a-z0-9-]+\.toml", name) and len(name) <= SLUG_LIMIT + 5
    path = offline.hand_in / name
    assert path.resolve().parent == offline.hand_in.resolve()
    policy = load_policy(path)
    assert policy.name == clean_text(NASTY[:NAME_LIMIT], NAME_LIMIT)  # the field keeps 60
    assert policy.name.startswith("C:\\temp\\x a\\b \\g<0> \\1 [31m tab here éé")
    assert main(["validate-config", str(path)]) == 0
    capsys.readouterr()
    assert str(offline.hand_in) not in page.content()  # no server path in the page
    page.get_by_role("button", name="Hand in", exact=True).click()  # at once again: too soon
    page.get_by_text("Wait 5 seconds between two hand-ins.").wait_for()
    assert len(list(offline.hand_in.glob("*.toml"))) == 1


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory) -> Iterator[Path | None]:
    """A 256 KiB tmpfs for the hand-ins (``None`` without root or permission to mount)."""
    folder = tmp_path_factory.mktemp("small-disk")
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
            capture_output=True).returncode != 0:
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture(scope="module")
def class_server(tmp_path_factory, small_disk, needs_browser) -> Iterator[App]:
    """A class with a code and room for two browser tabs; hand-ins on the small disk if any."""
    hand_in = (small_disk or tmp_path_factory.mktemp("class-disk")) / "class"
    with running_app(hand_in, tmp_path_factory.mktemp("log") / "app.log", "--class-code",
                     "abcd-2345", "--max-sessions", "2") as app:
        yield app


def test_a_class_code_lets_students_in_and_a_full_class_is_told_so(class_server, browser,
                                                                    screenshot):
    context = browser.new_context()
    try:
        first = context.new_page()
        first.goto(class_server.address + "/")
        first.get_by_text("Type the class code your teacher gave you.").wait_for()
        assert handshake(class_server, class_server.address) == 403  # no pass, no session
        first.get_by_label("class code").fill("abcd-2346")
        first.get_by_role("button", name="Join").click()
        first.get_by_text("That is not this class's code.").wait_for()
        screenshot(first, "dashboard-join")
        first.get_by_label("class code").fill("abcd 2345")
        first.get_by_role("button", name="Join").click()
        first.get_by_text("What is happening").wait_for()
        second = context.new_page()  # the pass is kept: no code again
        open_dashboard(second, class_server.address)
        third = context.new_page()
        third.goto(class_server.address + "/")
        third.get_by_text("The class is full: 2 pages are open").wait_for()
        screenshot(third, "dashboard-class-full")
        leave(first)  # leaving the page closes its session
        third.wait_for_timeout(1000)
        open_dashboard(third, class_server.address)
        leave(second)
        leave(third)
    finally:
        context.close()


def leave(page) -> None:
    """Leave the page as a student closing the tab does (the page tells the server)."""
    page.goto("about:blank")
    page.close()


def test_a_full_disk_tells_the_student_and_leaves_no_file(class_server, small_disk, browser,
                                                          screenshot):
    if small_disk is None:
        pytest.skip("a full disk needs a small tmpfs (root and permission to mount)")
    context = browser.new_context()
    filler = small_disk / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError):
            while True:
                os.write(handle, b"\0" * 4096)
        page = context.new_page()
        page.goto(class_server.address + "/?class=ABCD2345")
        page.get_by_text("What is happening").wait_for()
        move_a_lever(page)
        page.get_by_role("button", name="Hand in", exact=True).click()
        page.get_by_text(COULD_NOT_SAVE).wait_for()
        screenshot(page, "dashboard-full-disk")
        assert "Errno" not in page.content() and "No space" not in page.content()
        assert [p.name for p in class_server.hand_in.glob("*")] == ["firm.json"]  # no partial
        # file, no temporary file: only the firm the app recorded when it started
        assert "a hand-in could not be written" in class_server.log.read_text()
        assert "No space left on device" in class_server.log.read_text()
        leave(page)
    finally:
        os.close(handle)
        filler.unlink()
        context.close()
