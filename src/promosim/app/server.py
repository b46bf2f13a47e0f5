"""Serve the dashboard: a Solara server on this machine, with every front-end asset served locally.

Solara's page loads its JavaScript, styles and fonts through the server's ``/_solara/cdn`` route,
which reads them from a local folder that the ``solara-assets`` package fills. Asking the internet
for a file missing there would hang a classroom without a connection, so the route is pointed at
an address on this machine: the dashboard never leaves it. Telemetry is off.
"""

from __future__ import annotations

import os
import socket
import warnings
from pathlib import Path

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
}

#: Files the page cannot start without, inside the local asset folder.
REQUIRED_ASSETS = ("requirejs@2.3.6/require.js", "font-awesome@4.5.0/css/font-awesome.min.css")


def configure() -> Path:
    """Set Solara's environment; returns the local asset folder, checked for the page's files."""
    os.environ.update(ENVIRONMENT)
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
    except OSError as error:
        raise ConfigError(f"cannot listen on {host}:{port}: {error.strerror}; choose another "
                          "--port (or --host)") from None


def serve(host: str, port: int) -> None:
    """Run the dashboard's server until interrupted."""
    configure()
    import uvicorn

    # Solara warns that its session cookie cannot be cross-site on plain http: not needed here.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")

    uvicorn.run("solara.server.starlette:app", host=host, port=port, log_level="warning",
                access_log=False)
