"""The dashboard's defences, measured by attacking a running ``promosim app``.

Run: ``python benchmarks/app_attacks.py [--tabs 20] [--rounds 3] [--click-seconds 110]`` (about
eight minutes; needs Chromium at /usr/bin/chromium and Playwright; the full-disk attack needs
root to mount a small tmpfs and is skipped otherwise). For each attack it prints what got through:

- cross-origin sessions: raw websocket handshakes claiming another site, naming none, or sent to
  another host name (DNS rebinding), and pages of other origins in Chromium;
- hand-in names: names with backslashes, control characters, 300 characters and more, handed in
  through the dashboard's own code: how many files are valid policies (``validate-config``),
  inside the folder and safely named;
- hand-in limits: one tab pressing "Hand in" as fast as it can, a 600 KB description;
- a full disk during a hand-in: partial files left and what the student reads;
- sessions: tabs up to the cap and one more, the server's memory before, with the tabs open and
  30 s after they close (in rounds, which do not add up), and raw sessions
  that vanish without closing, until the cull timeout frees them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import psutil

from promosim.app.export import SLUG_LIMIT
from promosim.app.firm import FIRM_FILE
from promosim.app.handin import COULD_NOT_SAVE, HandIns, Limits
from promosim.app.setup import Setup
from promosim.cli import main as promosim
from promosim.scenario import load_policy

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NASTY = ["C:\\temp\\x", "a\\b", "a\\\\1 \\g<0>", "\x00\x01\x07\x1b[31m", "tab\tnew\nline\r",
         "\x7f\x85\u2028\u2029", "\u202egnp.exe", "\ud800 lone surrogate", "\ufeffbom",
         '"quoted" \'single\'', "# comment", "[policy]", "../../etc/passwd", "/abs/path",
         "NUL", "con.toml", "baseline", "", "   ", "x" * 300, "\\" * 300, "é" * 300,
         "名前" * 150, "🙂" * 300, "a\\b\x01" * 100]
OPEN_SOCKET = """url => new Promise(resolve => {
    const ws = new WebSocket(url);
    ws.onopen = () => { ws.close(); resolve("open"); };
    ws.onerror = () => resolve("refused");
    setTimeout(() => resolve("timeout"), 15000);
})"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app(hand_in: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[tuple]:
    """``promosim app`` on a free port; yields (address, process, log path)."""
    port = free_port()
    log_path = Path(tempfile.mkdtemp()) / "app.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "promosim.cli", "app", "--port", str(port),
                                 "--hand-in", str(hand_in), *options], cwd=ROOT, stdout=log,
                                stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        try:
            for _ in range(300):
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}", proc, log_path
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def handshake(address: str, origin: str | None, host: str | None = None) -> int:
    """The HTTP status of a raw websocket handshake for a new kernel (101: a session opened)."""
    port = int(address.rsplit(":", 1)[1])
    lines = [f"GET /jupyter/api/kernels/{uuid.uuid4()}/channels?session_id=x HTTP/1.1",
             f"Host: {host or f'127.0.0.1:{port}'}", "Upgrade: websocket", "Connection: Upgrade",
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
             *([f"Origin: {origin}"] if origin else [])]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return int(sock.recv(4096).split(b"\r\n")[0].split()[1])


def other_site() -> int:
    """A web server of another site on this machine; returns its port."""
    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<html><body>another site</body></html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def open_dashboard(context, address: str):
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(address + "/")
    page.get_by_text("What is happening").wait_for()
    return page


def move_a_lever(page) -> None:
    """Change the policy (a policy that changes no lever is not handed in)."""
    box = page.locator(".lever-supervision_base .lever-number input")
    box.fill("0.45")
    box.press("Enter")
    page.locator(".lever-supervision_base").get_by_text("(baseline").wait_for()


def leave(page) -> None:
    page.goto("about:blank")
    page.close()


def mib(proc: subprocess.Popen) -> float:
    return psutil.Process(proc.pid).memory_info().rss / 2**20


def cross_origin(browser, tmp: Path) -> None:
    print("cross-origin sessions (a session opened = the attack got through)")
    with app(tmp / "class-a") as (address, _, log):
        tries = 25
        for label, origin, host in (("raw client, Origin of another site, no cookie",
                                     "http://evil.example", None),
                                    ("raw client, no Origin", None, None),
                                    ("raw client, another host name (DNS rebinding)", address,
                                     "evil.example:8765")):
            opened = sum(handshake(address, origin, host) == 101 for _ in range(tries))
            print(f"  {label:50} {opened} of {tries} opened")
        site = other_site()
        context = browser.new_context()
        results = []
        for origin in (f"http://127.0.0.1:{site}", f"http://localhost:{site}") * 5:
            page = context.new_page()
            page.goto(origin + "/")
            url = (address.replace("http", "ws") + f"/jupyter/api/kernels/{uuid.uuid4()}/"
                   f"channels?session_id={uuid.uuid4()}")
            results.append(page.evaluate(OPEN_SOCKET, url))
            page.close()
        own = open_dashboard(context, address)
        control = own.evaluate(OPEN_SOCKET, address.replace("http", "ws")
                               + f"/jupyter/api/kernels/{uuid.uuid4()}/channels?session_id=x")
        context.close()
        print(f"  {'pages of other origins in Chromium':50} {results.count('open')} of "
              f"{len(results)} opened (the dashboard's own page: {control})")
        print(f"  refusals in the server's log: {log.read_text().count('refused websocket')}; "
              f"hand-ins written: {len(list((tmp / 'class-a').glob('*.toml')))}")


def names(tmp: Path) -> None:
    folder = tmp / "names" / "class"
    baseline = Setup().baseline
    levers = {**baseline, "goal_clarity": 0.9}
    paths = []
    for name in NASTY:
        paths.append(HandIns(folder, Limits(interval=0.0)).hand_in(name, name * 3, levers,
                                                                   baseline))
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet), \
            contextlib.redirect_stderr(quiet):
        valid = sum(promosim(["validate-config", str(p)]) == 0 for p in paths)
    inside = sum(p.resolve().parent == folder.resolve() for p in paths)
    safe = sum(bool(re.fullmatch(r"[a-z0-9-]+\.toml", p.name)) and len(p.name) <= SLUG_LIMIT + 5
               for p in paths)
    listed = sorted(q.name for q in (tmp / "names").rglob("*") if q.is_file())
    print(f"hand-in names: {len(NASTY)} nasty names → {len(set(paths))} files; valid policies "
          f"{valid}, inside the folder {inside}, safely named {safe}; files anywhere else or "
          f"left over: {len(listed) - len(paths)}")


def limits(browser, tmp: Path, seconds: float) -> None:
    folder = tmp / "limits"
    with app(folder) as (address, _, _):
        context = browser.new_context()
        page = open_dashboard(context, address)
        move_a_lever(page)
        button = page.get_by_role("button", name="Hand in", exact=True)
        clicks, start = 0, time.monotonic()
        while time.monotonic() - start < seconds:
            button.click()
            clicks += 1
        page.wait_for_timeout(1000)
        files = len(list(folder.glob("*.toml")))
        print(f"hand-in limits: one tab pressed Hand in {clicks} times in {seconds:g} s → "
              f"{files} file (a team's hand-in replaces its last; at most "
              f"{Limits().per_session} hand-ins a tab, one per {Limits().interval:g} s); last "
              f"message: {page.locator('.hand-in-message').inner_text()!r}")
        page.close()
        page = open_dashboard(context, address)
        move_a_lever(page)
        page.get_by_label("What it does").evaluate(
            "(input, value) => { input.value = value; input.dispatchEvent(new Event('input', "
            "{bubbles: true})); }", "x" * 600_000)
        page.wait_for_timeout(2000)
        page.get_by_label("Policy name").fill("long description")
        page.get_by_text('name = "long description"').wait_for()
        page.get_by_role("button", name="Hand in", exact=True).click()
        page.get_by_text("Handed in as").wait_for()
        size = (folder / "long-description.toml").stat().st_size
        print(f"  a 600 KB description → a file of {size:,} bytes (description cut to 500 "
              "characters)")
        context.close()


def full_disk(browser, tmp: Path) -> None:
    disk = tmp / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs",
                                            str(disk)], capture_output=True).returncode:
        print("full disk: skipped (mounting a small tmpfs needs root)")
        return
    try:
        with app(disk / "class") as (address, _, log):
            context = browser.new_context()
            page = open_dashboard(context, address)
            move_a_lever(page)
            handle = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
            with contextlib.suppress(OSError):
                while True:
                    os.write(handle, b"\0" * 4096)
            os.close(handle)
            attempts = 5
            for _ in range(attempts):
                page.get_by_role("button", name="Hand in", exact=True).click()
                page.get_by_text(COULD_NOT_SAVE).wait_for()
                page.wait_for_timeout(5100)
            left = [p for p in disk.glob("class/*") if p.name != FIRM_FILE]
            text = page.inner_text("body")
            tracebacks = "Errno" in text or "Traceback" in text or str(disk) in page.content()
            print(f"full disk: {attempts} hand-ins on a full tmpfs → {len(left)} files left "
                  f"(partial or empty); the student reads {COULD_NOT_SAVE!r}; errno or traceback "
                  f"or path in the page: {tracebacks}; failed hand-ins in the server's log: "
                  f"{log.read_text().count('a hand-in could not be written')}")
            (disk / "filler").unlink()
            page.wait_for_timeout(5100)
            page.get_by_role("button", name="Hand in", exact=True).click()
            page.get_by_text("Handed in as").wait_for()
            saved = list(disk.glob("class/*.toml"))
            print(f"  after space is freed: {len(saved)} file, a valid policy: "
                  f"{all(load_policy(p).levers == {'supervision_base': 0.45} for p in saved)}")
            context.close()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


#: Loaded by the server in the sessions attack: on SIGUSR2 it collects garbage and writes the
#: bytes ``malloc`` has in use (what the server still uses, whatever its RSS; the server allocates
#: Python's objects with ``malloc``, see ``promosim.app.server``).
BLOCKS_PROBE = """
import ctypes, gc, os, signal
class _Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks",
                "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
_info = ctypes.CDLL(None).mallinfo2
_info.restype = _Info
def _in_use(*_):
    gc.collect()
    got = _info()
    with open(os.environ["PROMOSIM_BLOCKS_FILE"], "w") as out:
        out.write(str(got.uordblks + got.hblkhd))
signal.signal(signal.SIGUSR2, _in_use)
"""


def blocks(proc: subprocess.Popen, tmp: Path) -> int:
    """The bytes ``malloc`` has in use in the server, after a garbage collection."""
    answer = tmp / "blocks.txt"
    answer.unlink(missing_ok=True)
    os.kill(proc.pid, signal.SIGUSR2)
    for _ in range(100):
        if answer.exists() and answer.read_text():
            return int(answer.read_text())
        time.sleep(0.1)
    raise RuntimeError("the server did not answer the memory probe")


def sessions(browser, tmp: Path, tabs: int, rounds: int) -> None:
    probe = tmp / "probe"
    probe.mkdir()
    (probe / "sitecustomize.py").write_text(BLOCKS_PROBE)
    # The probe's folder first, then the caller's path (a worktree's sources, say).
    path = os.pathsep.join(filter(None, (str(probe), os.environ.get("PYTHONPATH"))))
    env = {"SOLARA_KERNEL_CULL_TIMEOUT": "20s", "PYTHONPATH": path,
           "PROMOSIM_BLOCKS_FILE": str(tmp / "blocks.txt")}
    with app(tmp / "sessions", "--max-sessions", str(tabs), env=env) as (address, proc, _):
        context = browser.new_context()
        leave(open_dashboard(context, address))  # warm up: the first page loads the modules
        time.sleep(5)
        start, start_blocks = mib(proc), blocks(proc, tmp)
        figures, full = [], []
        for _ in range(rounds):
            pages = [open_dashboard(context, address) for _ in range(tabs)]
            peak, peak_blocks = mib(proc), blocks(proc, tmp)
            extra = context.new_page()
            extra.goto(address + "/")
            full.append("The class is full" in extra.inner_text("body"))
            extra.close()
            for page in pages:
                leave(page)
            time.sleep(30)
            figures.append((peak, mib(proc), peak_blocks, blocks(proc, tmp)))
        print(f"sessions: cap {tabs}; one more tab sees 'the class is full': {all(full)} "
              f"({len(full)} of {len(full)} rounds)")
        print(f"  memory in use (malloc, MiB): {start_blocks / 2**20:.0f} after a warm-up tab; "
              f"{rounds} rounds of {tabs} tabs opened → closed: "
              + "; ".join(f"{b / 2**20:.0f} → {c / 2**20:.0f}" for _, _, b, c in figures))
        print(f"  server memory (RSS, MiB): {start:.0f} after a warm-up tab; the same rounds: "
              + "; ".join(f"{a:.0f} → {b:.0f}" for a, b, _, _ in figures)
              + " (memory is handed back 15 s after the last tab of a wave closed)")
        opened = sum(handshake(address, address) == 101 for _ in range(tabs + 5))
        print(f"  {tabs + 5} raw sessions that vanish without closing: {opened} opened, the rest "
              "refused (class full)")
        time.sleep(30)  # the cull timeout (20 s here) frees them
        page = open_dashboard(context, address)
        leave(page)
        time.sleep(5)
        print(f"  after the cull timeout (20 s here, 2 min by default) a new tab opens; memory in "
              f"use {blocks(proc, tmp) / 2**20:.0f} MiB, RSS {mib(proc):.0f} MiB")
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=20, help="session cap and tabs opened")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of opening the tabs")
    parser.add_argument("--click-seconds", type=float, default=110.0,
                        help="how long one tab presses Hand in")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        tmp = Path(folder)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            cross_origin(browser, tmp)
            names(tmp)
            limits(browser, tmp, args.click_seconds)
            full_disk(browser, tmp)
            sessions(browser, tmp, args.tabs, args.rounds)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
