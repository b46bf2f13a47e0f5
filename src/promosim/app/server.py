"""Serve the dashboard: a Solara server behind its gate, with every front-end asset served locally.

Solara's page loads its JavaScript, styles and fonts through the server's ``/_solara/cdn`` route,
which reads them from a local folder that the ``solara-assets`` package fills. Asking the internet
for a file missing there would hang a classroom without a connection, so the route is pointed at
an address on this machine: the dashboard never leaves it. Telemetry is off. Every request passes
the :class:`~promosim.app.gate.Gate` first; sessions are counted from Solara's kernel starts and
closes, and a page that went away without closing is freed after :data:`CULL_TIMEOUT`.

Memory. A closed tab's objects are freed at once, but the process keeps most of the memory they
used: CPython's small-object allocator holds memory in 1 MiB arenas and gives an arena back only
when every object in it is gone, and a few long-lived objects (cached projections, interned
strings) stay in most of them. The next tabs reuse those arenas, so the resident size stays near
the high-water mark of the tabs open at once and does not grow beyond it; ``--max-sessions``
bounds it (``benchmarks/classroom.py`` measures it).
"""

from __future__ import annotations

import logging
import os
import socket
import sys
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


def check_port(host: str, port: int) -> None:
    """Fail with one clear line if the address cannot be listened on (e.g. the port is taken)."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OverflowError:
        raise ConfigError(f"--port must be a whole number from 1 to 65535, got {port}") from None
    except OSError as error:
        raise ConfigError(f"cannot listen on {host}:{port}: {error.strerror}; choose another "
                          "--port (or --host)") from None


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
    on_kernel_start(follow(sessions))
    uvicorn.run(Gate(app, allow, code, sessions, teacher), host=host, port=port,
                log_level="warning",
                access_log=False, ws_max_size=WS_MAX_SIZE)


def follow(sessions: Sessions) -> Callable[[], Callable[[], None]]:
    """A Solara kernel-start callback that starts a session and ends it when the kernel closes."""
    def started() -> Callable[[], None]:
        import solara

        key = solara.get_kernel_id()
        sessions.start(key)
        return lambda: sessions.end(key)
    return started


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
