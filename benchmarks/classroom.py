"""A classroom on the dashboard: sessions driven at the protocol level, as Solara's own client does.

Run: ``python benchmarks/classroom.py [--sessions 30] [--seconds 120] [--actions 40]`` (about four
minutes; needs nothing but the server). It starts ``promosim app`` on the classroom firm and
speaks the dashboard's websocket protocol (Jupyter messages: open the page's kernel, run the app,
click Step, move a lever) without a browser, so the load generator leaves the cores to the
server. It measures:

1. **cost per action**, one session alone: steps and lever moves one after the other, each until
   the server reports it idle; the server's CPU time per action (mean, from the process's CPU
   clock) and the bytes it sent per action (the messages' payload; median and most);
2. **the class**: ``--sessions`` tabs open their pages at once, then each steps the firm and moves
   levers at random (seeded) with a think time of 1 to 3 seconds, until it made ``--actions``
   actions or ``--seconds`` passed; the time from an action to the server's reply (p50, p95,
   the longest), the actions that failed (no reply within 10 s, a closed connection) and the
   pages that did not load;
3. **memory**: the server's resident size (RSS), the bytes ``malloc`` has in use and the live
   Python objects (those the garbage collector tracks) after a warm-up tab, once every tab of the
   class closed (as a browser does on closing a tab) and ``--settle`` seconds passed, and after
   two more rounds of the same number of tabs opened and closed. The server hands memory back
   15 s after the last tab of a wave closed (``promosim.app.server.Memory``). It allocates Python's
   objects with ``malloc``; run ``PYTHONMALLOC=pymalloc python benchmarks/classroom.py`` to measure
   it with Python's own allocator, whose live blocks and 1 MiB arenas are then printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

import psutil
import websockets

from promosim.parameters import BY_NAME

ROOT = Path(__file__).resolve().parents[1]
#: Levers the simulated students move (those of the theme a new page shows open).
LEVERS = ("supervision_base", "supervision_reactivity", "supervision_legitimacy")
#: An action without a reply within this many seconds failed.
TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: Loaded by the server (as ``sitecustomize``): on SIGUSR2 it collects garbage and writes the
#: bytes ``malloc`` has in use (glibc), its live Python objects and, with Python's own allocator,
#: its live memory blocks and the arenas it holds.
MEMORY_PROBE = """
import ctypes, gc, os, re, signal, sys
class _Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks",
                "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
def _malloc_in_use():
    try:
        info = ctypes.CDLL(None).mallinfo2
    except AttributeError:
        return -1
    info.restype = _Info
    got = info()
    return got.uordblks + got.hblkhd
def _memory(*_):
    gc.collect()
    path = os.environ["PROMOSIM_MEMORY_FILE"]
    err = os.dup(2)
    with open(path + ".stats", "w") as out:
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(err, 2)
            os.close(err)
    stats = open(path + ".stats").read()
    arenas = re.search(r"arenas allocated current\\s*=\\s*(\\d+)", stats)
    with open(path, "w") as out:
        out.write(f"{_malloc_in_use()} {len(gc.get_objects()) + gc.get_freeze_count()} "
                  f"{sys.getallocatedblocks()} "
                  f"{arenas.group(1) if arenas else -1}")
signal.signal(signal.SIGUSR2, _memory)
"""


@contextlib.contextmanager
def app(*options: str) -> Iterator[tuple[str, psutil.Process, Path]]:
    """``promosim app`` on a free port; yields its address, process and memory-probe folder."""
    port = free_port()
    folder = Path(tempfile.mkdtemp())
    (folder / "sitecustomize.py").write_text(MEMORY_PROBE)
    log = open(folder / "app.log", "w")  # noqa: SIM115
    # The probe's folder first, then the caller's path (a worktree's sources, say).
    path = os.pathsep.join(filter(None, (str(folder), os.environ.get("PYTHONPATH"))))
    env = {**os.environ, "PYTHONPATH": path, "PROMOSIM_MEMORY_FILE": str(folder / "memory.txt")}
    proc = subprocess.Popen([sys.executable, "-m", "promosim.cli", "app", "--port", str(port),
                             *options], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        for _ in range(600):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            time.sleep(0.2)
        yield f"127.0.0.1:{port}", psutil.Process(proc.pid), folder
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def memory(process: psutil.Process, folder: Path) -> str:
    """The server's RSS, malloc's bytes in use, live Python objects (and pymalloc's), as text."""
    answer = folder / "memory.txt"
    answer.unlink(missing_ok=True)
    os.kill(process.pid, signal.SIGUSR2)
    for _ in range(100):
        if answer.exists() and answer.read_text():
            in_use, objects, blocks, arenas = (int(x) for x in answer.read_text().split())
            text = (f"{process.memory_info().rss / 2**20:.0f} MiB, malloc {in_use / 2**20:.0f} "
                    f"MiB in use, {objects / 1e6:.2f} M objects")
            if int(blocks):  # Python's own allocator
                text += f", pymalloc {int(blocks) / 1e6:.2f} M blocks in {arenas} arenas"
            return text
        time.sleep(0.1)
    return f"{process.memory_info().rss / 2**20:.0f} MiB (no answer from the memory probe)"


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def message(session: str, kind: str, content: dict) -> dict:
    """A Jupyter message as the page's kernel connection sends it."""
    return {"header": {"msg_id": uuid.uuid4().hex, "username": "", "session": session,
                       "msg_type": kind, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
            "buffers": []}


@dataclass
class Tab:
    """One browser tab, spoken for at the protocol level."""

    address: str
    widgets: dict[str, dict] = field(default_factory=dict)
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    kernel: str = field(default_factory=lambda: str(uuid.uuid4()))
    ws: websockets.ClientConnection | None = None

    async def open(self) -> int:
        """Load the page (its cookie) and run the app over the kernel's websocket.

        Returns the bytes the server sent to start the app.
        """
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        await asyncio.to_thread(lambda: opener.open(f"http://{self.address}/").read())
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        self.ws = await websockets.connect(
            f"ws://{self.address}/jupyter/api/kernels/{self.kernel}/channels?session_id="
            f"{self.session}", max_size=None, compression=None,
            additional_headers={"Cookie": self.cookie, "Origin": f"http://{self.address}"})
        control = uuid.uuid4().hex
        await self.send("comm_open", {"comm_id": control, "target_name": "solara.control",
                                      "data": {}}, timeout=60)
        return await self.send("comm_msg", {"comm_id": control, "data": {
            "method": "run", "args": {"path": "", "appName": "__default__", "dark": False,
                                      "themes": {}}}}, timeout=60)

    async def send(self, kind: str, content: dict, timeout: float = TIMEOUT) -> int:
        """Send a message and read until the server is idle after it; returns the bytes read."""
        sent = message(self.session, kind, content)
        await self.ws.send(json.dumps(sent))
        received = 0
        async with asyncio.timeout(timeout):
            while True:
                raw = await self.ws.recv()
                received += len(raw)
                reply = json.loads(raw)
                kind = reply["header"]["msg_type"]
                if kind == "comm_open":
                    self.widgets[reply["content"]["comm_id"]] = reply["content"]["data"]["state"]
                if (kind == "status" and reply["content"]["execution_state"] == "idle"
                        and reply["parent_header"].get("msg_id") == sent["header"]["msg_id"]):
                    return received

    def find(self, model: str, where=lambda state: True) -> list[str]:
        return [key for key, state in self.widgets.items()
                if state.get("_model_name") == model and where(state)]

    def inside(self, parent: str, model: str) -> str:
        """The first widget of kind ``model`` under widget ``parent``."""
        todo = [parent]
        while todo:
            key = todo.pop(0)
            state = self.widgets.get(key, {})
            if state.get("_model_name") == model:
                return key
            todo += [child.removeprefix("IPY_MODEL_") for child in state.get("children") or []
                     if isinstance(child, str) and child.startswith("IPY_MODEL_")]
        raise LookupError(model)

    async def step(self) -> int:
        button = self.find("BtnModel", lambda s: s.get("children") == ["Step"])[0]
        return await self.event(button, "click", {})

    async def move(self, lever: str, value: float) -> int:
        row = self.find("SheetModel", lambda s: f"lever-{lever}" in (s.get("class_") or "")
                        .split())[0]
        return await self.event(self.inside(row, "SliderModel"), "change", value)

    async def event(self, widget: str, name: str, data: object) -> int:
        return await self.send("comm_msg", {"comm_id": widget, "data": {
            "method": "custom", "content": {"event": name, "data": data}}})

    async def close(self) -> None:
        """Close the tab as a browser does: the connection drops, and the page says it closed."""
        if self.ws is not None:
            await self.ws.close()
        request = urllib.request.Request(
            f"http://{self.address}/_solara/api/close/{self.kernel}?session_id={self.session}",
            method="POST", headers={"Cookie": self.cookie, "Origin": f"http://{self.address}"})
        with contextlib.suppress(OSError):
            await asyncio.to_thread(lambda: urllib.request.urlopen(request, timeout=10).read())


def lever_value(lever: str, rng: random.Random) -> float:
    spec = BY_NAME[lever]
    return round(rng.uniform(spec.low, spec.high), 2)


async def alone(address: str, server: psutil.Process, actions: int) -> dict[str, tuple]:
    """Server CPU and bytes per page load, step and lever move of one session."""
    cpu, sent = [], []
    for _ in range(min(actions, 10)):
        before = cpu_seconds(server)
        tab = Tab(address)
        sent.append(await tab.open())
        cpu.append(cpu_seconds(server) - before)
        await tab.close()
    figures = {"page": (statistics.mean(cpu), statistics.median(sent), max(sent))}
    tab = Tab(address)
    await tab.open()
    rng = random.Random(1)
    for kind in ("step", "lever"):
        cpu, sent = [], []
        for i in range(actions):
            before = cpu_seconds(server)
            if kind == "step":
                received = await tab.step()
            else:
                received = await tab.move(LEVERS[i % len(LEVERS)],
                                          lever_value(LEVERS[i % len(LEVERS)], rng))
            cpu.append(cpu_seconds(server) - before)
            sent.append(received)
        figures[kind] = (statistics.mean(cpu), statistics.median(sent), max(sent))
    await tab.close()
    return figures


async def student(address: str, seed: int, actions: int, until: float,
                  latencies: list[tuple[float, float]], failures: list[str],
                  loaded: list[float]) -> Tab | None:
    """One tab: open the page, then steps and lever moves with think time.

    ``latencies`` gets (start, seconds) of each action, ``loaded`` the time the page loaded.
    """
    rng = random.Random(seed)
    tab = Tab(address)
    try:
        await tab.open()
    except (OSError, TimeoutError, websockets.WebSocketException) as error:
        failures.append(f"page did not load: {type(error).__name__}")
        return None
    loaded.append(time.monotonic())
    for _ in range(actions):
        if time.monotonic() > until:
            break
        await asyncio.sleep(rng.uniform(1.0, 3.0))
        start = time.monotonic()
        try:
            if rng.random() < 0.6:
                await tab.step()
            else:
                lever = rng.choice(LEVERS)
                await tab.move(lever, lever_value(lever, rng))
        except (TimeoutError, websockets.WebSocketException) as error:
            failures.append(f"action failed: {type(error).__name__}")
            continue
        latencies.append((start, time.monotonic() - start))
    return tab


async def classroom(address: str, server: psutil.Process, sessions: int, actions: int,
                    seconds: float) -> None:
    latencies: list[tuple[float, float]] = []
    failures: list[str] = []
    loaded: list[float] = []
    until = time.monotonic() + seconds
    cpu = cpu_seconds(server)
    tabs = await asyncio.gather(*(student(address, seed, actions, until, latencies, failures,
                                          loaded) for seed in range(sessions)))
    cpu = cpu_seconds(server) - cpu
    print(f"class: {sessions} sessions opened at once, {len(latencies)} actions in {seconds:g} s "
          f"or less (a step 3 times in 5, else a lever move; 1-3 s think time); failed: "
          f"{len(failures)}" + (f" ({', '.join(sorted(set(failures)))})" if failures else "")
          + f"; server CPU {cpu:.1f} s")
    everyone = max(loaded, default=0.0)
    for which, chosen in (("every action", latencies),
                          ("once every page had loaded", [x for x in latencies
                                                          if x[0] >= everyone])):
        seconds_taken = [taken for _, taken in chosen]
        quantiles = (statistics.quantiles(seconds_taken, n=100, method="inclusive")
                     if len(seconds_taken) > 1 else [math.nan] * 99)
        print(f"  latency, {which} ({len(chosen)}): p50 {quantiles[49] * 1e3:.0f} ms, p95 "
              f"{quantiles[94] * 1e3:.0f} ms, longest {max(seconds_taken, default=0) * 1e3:.0f} "
              "ms")
    await asyncio.gather(*(tab.close() for tab in tabs if tab is not None))


async def round_of(address: str, sessions: int) -> None:
    """``sessions`` tabs opened, a month stepped in each, and closed."""
    tabs = [Tab(address) for _ in range(sessions)]
    for tab in tabs:
        await tab.open()
        await tab.step()
    await asyncio.gather(*(tab.close() for tab in tabs))


async def warm_up(address: str) -> None:
    """One tab opened and closed: the first page loads the modules and compiles the model."""
    tab = Tab(address)
    await tab.open()
    await tab.step()
    await tab.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="tabs open at once")
    parser.add_argument("--actions", type=int, default=40, help="most actions per tab")
    parser.add_argument("--seconds", type=float, default=120.0, help="longest the class runs")
    parser.add_argument("--alone", type=int, default=30, help="actions of each kind, alone")
    parser.add_argument("--settle", type=float, default=30.0,
                        help="seconds to wait after tabs closed before memory is measured")
    args = parser.parse_args()
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    with app("--max-sessions", str(args.sessions + 5)) as (address, server, folder):
        asyncio.run(warm_up(address))
        time.sleep(2)
        start = memory(server, folder)
        figures = asyncio.run(alone(address, server, args.alone))
        print(f"one session alone, {args.alone} actions of each kind (classroom firm 4 × 6):")
        names = {"page": "open the page", "step": "step a month", "lever": "move a lever"}
        for kind, (cpu, median, most) in figures.items():
            print(f"  {names[kind]:13} server CPU {cpu * 1e3:.0f} ms, sent {median / 1e3:.1f} kB "
                  f"(most {most / 1e3:.1f} kB)")
        asyncio.run(classroom(address, server, args.sessions, args.actions, args.seconds))
        time.sleep(args.settle)
        print("server memory (RSS, malloc's bytes in use, live Python objects):")
        print(f"  after a warm-up tab: {start}")
        print(f"  {args.settle:g} s after the class's tabs closed: {memory(server, folder)}")
        for number in (2, 3):
            asyncio.run(round_of(address, args.sessions))
            time.sleep(args.settle)
            print(f"  after round {number} of {args.sessions} tabs opened and closed: "
                  f"{memory(server, folder)}")


if __name__ == "__main__":
    main()
