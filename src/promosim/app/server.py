"""Serve the dashboard: a Solara server behind its gate, with every front-end asset served locally.

Solara's page loads its JavaScript, styles and fonts through the server's ``/_solara/cdn`` route,
which reads them from a local folder that the ``solara-assets`` package fills. Asking the internet
for a file missing there would hang a classroom without a connection, so the route is pointed at
an address on this machine: the dashboard never leaves it. Telemetry is off. Every request passes
the :class:`~promosim.app.gate.Gate` first; sessions are counted from Solara's kernel starts and
closes, and a page that went away without closing is freed after :data:`CULL_TIMEOUT`.

Memory. A closed tab's objects are freed at once (``tests/app/test_memory.py``); what matters is
whether the allocators hand the memory back, and for how long the server's own caches and threads
keep it. The server therefore

- allocates Python's objects with the C library's ``malloc`` (:func:`interpreter_environment`:
  ``promosim app`` starts its interpreter with ``PYTHONMALLOC=malloc``). Python's own allocator
  keeps memory in 1 MiB arenas and gives one back only when every object in it is gone; a class of
  thirty tabs grew it by some 60 arenas, and the few thousand objects made meanwhile that outlive
  the class (cached projections, the type cache's names, idle worker threads) kept a handful in
  every one, so none was ever given back. ``malloc`` hands back any free 4 kB page (at some cost:
  a full class's slowest answers take longer, see the changelog);
- makes Arrow (pandas' text columns) allocate with ``malloc`` too (:func:`use_c_allocator`);
  its own allocator, mimalloc, kept closed tabs' memory in huge pages;
- once the last tab of a wave has been closed for :data:`RELEASE_DELAY` seconds, ends the worker
  threads the closed tabs' connections ran in, empties Python's type cache, collects garbage and
  hands free memory back to the system (:class:`Memory`).

What stays: the projections :mod:`~promosim.app.whatif` shares between tabs (at most 256, about
40 kB each), a worker thread and the allocator's fragments (``benchmarks/classroom.py`` measures
it: within about a tenth of the memory after a first tab, also after several classes).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ctypes
import ctypes.util
import gc
import logging
import os
import socket
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

from promosim.app.classroom import ClassCode, Sessions
from promosim.app.gate import AllowList, App, Gate
from promosim.errors import ConfigError

#: The Solara page (a module with a ``Page`` component).
APP = "promosim.app.page"
#: The browser tab's title: in the page Solara serves, and set again by the page once it runs.
TITLE = "promosim · teaching dashboard"

#: Solara settings, fixed before Solara is imported (it reads them at import).
ENVIRONMENT = {
    "SOLARA_APP": APP,
    "SOLARA_MODE": "production",
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
    "SOLARA_ASSETS_PROXY": "true",
    "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/",  # never fetch from the internet
    "SOLARA_THEME_LOADER": "plain",
    # Reacton's renderer that skips components whose state and arguments did not change: a
    # month stepped then reconciles the firm's views, not the whole page.
    "REACTON_FAST": "1",
}

#: How long a session whose page went away without closing (a laptop asleep, a lost network) is
#: kept for its page to come back; ``SOLARA_KERNEL_CULL_TIMEOUT`` overrides it.
CULL_TIMEOUT = "2m"
#: The largest websocket message a browser may send (the page's own are a few kilobytes).
WS_MAX_SIZE = 1 << 20

#: Seconds after a tab closes (and no other closed since) before free memory is handed back; the
#: closed tabs' worker threads can be ended once they have been idle for 10 s (anyio's rule).
RELEASE_DELAY = 15.0
#: The name of the server's worker threads (anyio's), which run the tabs' connections.
WORKER_THREAD = "AnyIO worker thread"

#: Files the page cannot start without, inside the local asset folder.
REQUIRED_ASSETS = ("requirejs@2.3.6/require.js", "font-awesome@4.5.0/css/font-awesome.min.css")


def configure() -> Path:
    """Set Solara's environment; returns the local asset folder, checked for the page's files.

    The served page's title is set on Solara's settings (the default is "Solara ☀️"), which may
    have been read already (Solara imported before, as in Jupyter).
    """
    os.environ.update(ENVIRONMENT)
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", CULL_TIMEOUT)
    from solara.server import settings

    settings.theme.title = TITLE
    folder = Path(settings.assets.proxy_cache_dir)
    missing = [name for name in REQUIRED_ASSETS if not (folder / name).is_file()]
    if missing or not any(folder.glob("@widgetti/solara-vuetify-app@*/dist")):
        raise ConfigError(f"the dashboard's browser assets are missing from {folder}; install "
                          "them with: pip install solara-assets")
    return folder


def check_port(host: str, port: int, where: str | None = None) -> None:
    """Fail with one clear line if the address cannot be listened on (e.g. the port is taken).

    ``where`` is the caller, named first in messages; None for the command line, whose options
    they name.
    """
    port_name, host_name, said = ("--port", "--host", "") if where is None else (
        "'port'", "'host'", f"{where}: ")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OverflowError:
        raise ConfigError(f"{said}{port_name} must be a whole number from 1 to 65535, got "
                          f"{port}") from None
    except OSError as error:
        raise ConfigError(f"{said}cannot listen on {host}:{port}: {error.strerror}; choose "
                          f"another {port_name} (or {host_name})") from None


def serve(host: str, port: int, allow: AllowList, code: ClassCode | None,
          sessions: Sessions, teacher: App | None = None) -> None:
    """Run the dashboard's server behind its gate until interrupted (``teacher``: its view).

    Returns once Ctrl+C (SIGINT) has stopped the server: uvicorn shuts down and swallows the
    KeyboardInterrupt. A SIGTERM handler's exception (the command line's) passes through.
    """
    configure()
    import uvicorn
    from solara.lab import on_kernel_start
    from solara.server.starlette import app

    # Solara warns that its session cookie cannot be cross-site on plain http: not needed here.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    log_to_stderr()
    use_c_allocator()
    memory = Memory()
    on_kernel_start(follow(sessions, memory.release_soon))
    uvicorn.run(memory.serving(Gate(app, allow, code, sessions, teacher)), host=host, port=port,
                log_level="warning",
                access_log=False, ws_max_size=WS_MAX_SIZE)


def follow(sessions: Sessions, ended: Callable[[], None] = lambda: None
           ) -> Callable[[], Callable[[], None]]:
    """A Solara kernel-start callback that starts a session and ends it when the kernel closes.

    ``ended`` is called after a session ends.
    """
    def started() -> Callable[[], None]:
        import solara

        key = solara.get_kernel_id()
        sessions.start(key)

        def end() -> None:
            sessions.end(key)
            ended()
        return end
    return started


def interpreter_environment() -> dict[str, str]:
    """Environment variables the server's interpreter must start with (read at its start only).

    ``PYTHONMALLOC=malloc`` where the C library is glibc: Python's objects are allocated with
    ``malloc``, whose free pages :meth:`Memory.release` hands back (see the module's notes).
    ``promosim app`` restarts its interpreter with them if they are not set (the command line's
    ``interpreter_environment`` rule); a value the user set is kept.
    """
    return {"PYTHONMALLOC": "malloc"} if _glibc() is not None else {}


def use_c_allocator() -> None:
    """Make Arrow (pandas' text columns) allocate with the C library's ``malloc``.

    Arrow's default allocator here, mimalloc, keeps the memory that closed tabs freed (tens of
    megabytes of huge pages per class); ``malloc``'s free memory is handed back by
    :meth:`Memory.release`.
    """
    try:
        import pyarrow
    except ImportError:
        return
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


class Memory:
    """The server's memory, handed back a while after a wave of tabs closed.

    Does nothing where the C library is not glibc (its ``malloc_trim``). The number of ``malloc``
    arenas is left as it is: two of them for the server's thirty-odd threads held the class's
    replies back (p95 latency 389 ms, against 147 ms) for 6 MiB less.
    """

    def __init__(self, delay: float = RELEASE_DELAY):
        self.delay = delay
        self._libc = _glibc()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    def serving(self, app: App) -> App:
        """``app``, noting the server's event loop (whose worker threads :meth:`release` ends)."""
        async def serve(scope, receive, send) -> None:
            self._loop = asyncio.get_running_loop()
            await app(scope, receive, send)
        return serve

    def release_soon(self) -> None:
        """Hand memory back :attr:`delay` seconds from now (a later call postpones it)."""
        if self._libc is None:
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.release)
            self._timer.daemon = True
            self._timer.start()

    def release(self) -> None:
        """End idle worker threads, collect garbage and return free memory to the system.

        Python's type cache is emptied too: it keeps the names of the last few thousand
        attributes looked up (the widgets' look-ups make new names all the time), each of them
        holding a page of memory that is otherwise free; the cache fills again as it is used.
        """
        self.end_idle_threads()
        clear_type_cache = getattr(sys, "_clear_internal_caches", None) or getattr(
            sys, "_clear_type_cache", None)  # Python 3.13 renamed it
        if clear_type_cache is not None:
            clear_type_cache()
        gc.collect()
        if self._libc is not None:
            self._libc.malloc_trim(0)

    def end_idle_threads(self, timeout: float = 5.0) -> None:
        """End the server's worker threads that have been idle for 10 s or more.

        Each tab's connection runs in a worker thread of the server's event loop; the thread
        stays, idle, for the next tab, with its stack, its thread-local objects and the memory
        ``malloc`` keeps for it. The loop ends the idle ones when it next runs something in a
        worker thread; here it is asked to (run nothing in one), so a quiet server ends them too.
        """
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        import anyio.to_thread

        try:
            asyncio.run_coroutine_threadsafe(anyio.to_thread.run_sync(_nothing), loop
                                             ).result(timeout)
        except (RuntimeError, TimeoutError, concurrent.futures.CancelledError):  # stopping
            return
        for thread in threading.enumerate():
            if thread.name == WORKER_THREAD and getattr(thread, "stopping", False):
                thread.join(timeout)


def _nothing() -> None:
    """Nothing, run in a worker thread."""


def _glibc() -> ctypes.CDLL | None:
    """The C library if it is glibc (it has ``malloc_trim``), else None."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def log_to_stderr() -> None:
    """Send the dashboard's log (refusals, failed hand-ins, errors) to standard error."""
    log = logging.getLogger("promosim.app")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s promosim app %(levelname)s: "
                                               "%(message)s", "%H:%M:%S"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
