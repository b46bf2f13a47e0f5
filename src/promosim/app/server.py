"""Serve the dashboard: a Solara server behind its gate, with every front-end asset served locally.

Solara's page loads its JavaScript, styles and fonts through the server's ``/_solara/cdn`` route,
which reads them from a local folder that the ``solara-assets`` package fills. Asking the internet
for a file missing there would hang a classroom without a connection, so the route is pointed at
an address on this machine: the dashboard never leaves it. Telemetry is off. Every request passes
the :class:`~promosim.app.gate.Gate` first; sessions are counted from Solara's kernel starts and
closes, and a page that went away without closing is freed after :data:`CULL_TIMEOUT`.

Memory. A closed tab's objects are freed at once; what matters is whether the allocators hand the
memory back. Most of it went to Arrow's allocator (mimalloc, for the text columns of the event
tables pandas keeps in Arrow arrays), which reserves a gigabyte, backs it with huge pages and
keeps what it freed for the thread that allocated it. The server therefore makes Arrow use the C
allocator (:func:`use_c_allocator`), and a few seconds after the last of a wave of tabs closed
collects garbage and hands free memory back to the system (:class:`Memory`). What stays (about
100 MiB after thirty tabs, not growing over later classes): the arenas of CPython's small-object
allocator that still hold a long-lived object, the C allocator's fragments, and the projections
:mod:`~promosim.app.whatif` shares between tabs (``benchmarks/classroom.py`` measures it).
"""

from __future__ import annotations

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

#: Seconds after a tab closes (and no other closed since) before free memory is handed back.
TRIM_DELAY = 5.0

#: Files the page cannot start without, inside the local asset folder.
REQUIRED_ASSETS = ("requirejs@2.3.6/require.js", "font-awesome@4.5.0/css/font-awesome.min.css")


def configure() -> Path:
    """Set Solara's environment; returns the local asset folder, checked for the page's files."""
    os.environ.update(ENVIRONMENT)
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", CULL_TIMEOUT)
    from solara.server import settings

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
    """Run the dashboard's server behind its gate until interrupted (``teacher``: its view)."""
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
    uvicorn.run(Gate(app, allow, code, sessions, teacher), host=host, port=port,
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
    """The server's memory: garbage collected and free memory handed back after tabs close.

    Does nothing where the C library is not glibc (its ``malloc_trim``). The number of ``malloc``
    arenas is left as it is: two of them for the server's thirty-odd threads held the class's
    replies back (p95 latency 389 ms, against 147 ms) for 6 MiB less.
    """

    def __init__(self, delay: float = TRIM_DELAY):
        self.delay = delay
        self._libc = _glibc()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def release_soon(self) -> None:
        """Hand free memory back :attr:`delay` seconds from now (a later call postpones it)."""
        if self._libc is None:
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.release)
            self._timer.daemon = True
            self._timer.start()

    def release(self) -> None:
        """Collect garbage and return the allocator's free memory to the system."""
        gc.collect()
        if self._libc is not None:
            self._libc.malloc_trim(0)


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
