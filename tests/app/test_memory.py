"""The server's memory: a closed tab leaves nothing behind, and what the server keeps is small.

``benchmarks/classroom.py`` measures a whole class; these are the mechanisms, one by one.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import threading
import time
import weakref
from pathlib import Path

import ipyvuetify as v
import pytest
import solara
import solara.server.app  # patches the widgets to live in a kernel's context
from solara.server import kernel, kernel_context

from promosim import PromoterModel, cli
from promosim.app import server, whatif
from promosim.app.page import Page
from promosim.app.session import Session
from promosim.app.setup import Setup
from promosim.parameters import BY_NAME

from .conftest import running_app

SETUP = Setup.from_environment()


def open_tab(name: str) -> kernel_context.VirtualKernelContext:
    """A browser tab as the server holds it: the page in a kernel of its own, a month stepped
    and a lever moved."""
    context = kernel_context.VirtualKernelContext(id=name, kernel=kernel.Kernel(),
                                                  session_id=f"session-{name}")
    with context:
        _, rc = solara.render(Page(), handle_error=False)
        context.app_object = rc
        rc.find(v.Btn, children=["Step"]).widget.click()
        slider = rc.find(v.Slider, class_="lever-slider").widgets[0]
        slider._handle_event(None, {"event": "change", "data": 0.9}, [])
    return context


def test_a_closed_tab_leaves_no_firm_or_session_behind():
    before = {id(o) for o in gc.get_objects() if isinstance(o, PromoterModel | Session)}
    context = open_tab("closed-tab")
    tab = [weakref.ref(o) for o in gc.get_objects()
           if isinstance(o, PromoterModel | Session) and id(o) not in before]
    assert {type(ref()).__name__ for ref in tab} == {"PromoterModel", "Session"}
    context.close()
    del context
    gc.collect()
    assert [type(ref()).__name__ for ref in tab if ref() is not None] == []


@pytest.mark.skipif(sys.getallocatedblocks() == 0, reason="needs Python's own allocator")
def test_a_cached_projection_is_a_few_python_objects(monkeypatch):
    monkeypatch.setattr(whatif, "PROJECTIONS", 40)
    lever = BY_NAME["supervision_base"]

    def project(i: int):
        value = lever.low + (lever.high - lever.low) * i / 100
        projected = whatif.project({**SETUP.values, lever.name: value}, 7)
        projected.outcomes  # noqa: B018  (as the page reads them)
        return projected

    whatif.clear()
    project(0)  # what the first projection makes once (the spin-up)
    gc.collect()
    blocks = sys.getallocatedblocks()
    for i in range(1, 21):
        project(i)
    gc.collect()
    # A key of the 291 parameters and a dict of 39 series arrays were about 380 objects each.
    assert (sys.getallocatedblocks() - blocks) / 20 < 30
    assert project(3) is project(3)  # one object per policy, while it is cached
    for i in range(21, 61):
        project(i)
    assert whatif.cached() == 40
    whatif.clear()


def test_release_ends_the_worker_threads_of_closed_tabs(monkeypatch):
    import anyio.to_thread
    from anyio._backends._asyncio import WorkerThread

    monkeypatch.setattr(WorkerThread, "MAX_IDLE_TIME", 0)  # the server's rule: 10 s idle
    started, loop, stop = threading.Event(), None, None

    async def serve() -> None:  # the server's event loop, until it is stopped
        nonlocal loop, stop
        loop, stop = asyncio.get_running_loop(), asyncio.Event()
        started.set()
        await stop.wait()

    def workers() -> int:
        return sum(t.name == server.WORKER_THREAD and t.is_alive()
                   for t in threading.enumerate())

    async def five_tabs() -> None:  # each connection runs in a worker thread
        await asyncio.gather(*(anyio.to_thread.run_sync(time.sleep, 0.2) for _ in range(5)))

    running = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    running.start()
    started.wait()
    memory = server.Memory()
    before = workers()
    try:
        asyncio.run_coroutine_threadsafe(memory.serving(_answer)({}, None, None), loop).result()
        asyncio.run_coroutine_threadsafe(five_tabs(), loop).result()
        assert workers() == before + 5
        memory.release()
        assert workers() <= before + 1
    finally:
        loop.call_soon_threadsafe(stop.set)
        running.join()
    memory.release()  # the loop is gone: nothing to end, no failure


async def _answer(scope, receive, send) -> None:
    """An app that answers nothing."""


class RestartError(Exception):
    """What the test's ``os.execve`` raises instead of replacing the process."""


@pytest.mark.skipif(server._glibc() is None, reason="glibc only")
def test_the_app_restarts_its_interpreter_to_allocate_with_the_c_library(monkeypatch):
    def execve(path, argv, environment):
        raise RestartError(path, argv, environment)

    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.setattr(sys, "argv", ["promosim", "app", "--port", "8799"])
    monkeypatch.delenv("PYTHONMALLOC", raising=False)
    with pytest.raises(RestartError) as restarted:
        cli.main()
    path, argv, environment = restarted.value.args
    assert path == sys.executable and argv == sys.orig_argv
    assert environment["PYTHONMALLOC"] == "malloc"

    served = []
    monkeypatch.setattr("promosim.commands.app.run", lambda args: served.append(args) or 0)
    assert cli.main(["app", "--port", "8799"]) == 0  # called with arguments: no restart
    monkeypatch.setenv("PYTHONMALLOC", "pymalloc")  # the user's own choice is kept
    assert cli.main() == 0
    assert len(served) == 2


@pytest.mark.skipif(not Path("/proc/self/environ").exists() or server._glibc() is None,
                    reason="Linux with glibc only")
def test_the_server_runs_with_the_c_allocator(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTHONMALLOC", raising=False)
    with running_app(tmp_path / "hand-in", tmp_path / "app.log") as app:
        environment = Path(f"/proc/{app.pid}/environ").read_bytes().split(b"\0")
    assert b"PYTHONMALLOC=malloc" in environment
