"""The dashboard's door: an ASGI middleware in front of Solara's app that decides who gets in.

Every HTTP request and websocket passes, in order:

1. **Host**: the ``Host`` header must name this server: a loopback name, the address it listens
   on (and, when it serves beyond this machine, this machine's own addresses and names), or a
   name given with ``--allow-origin``. A site that points its own name at this machine (DNS
   rebinding) is refused.
2. **Origin**: a websocket must come from a page of this server or of an origin given with
   ``--allow-origin``, and so must any request that carries an ``Origin``. A page of another site
   can neither open a session nor hand in a policy (cross-site websocket hijacking).
3. **Teacher**: ``/teacher`` and the pages under it go to the teacher's view (when the server has
   one), which has its own key.
4. **Class code** (when the class has one): a browser without a pass gets the join page, and
   shows the code once (typed in, or in the link's ``?class=``) to get its pass.
5. **Sessions**: a new session beyond the cap is refused and the page says the class is full.

Refusals are logged on the server; the browser gets a short page, never a path or a traceback.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import parse_qs, urlsplit

from promosim.app.classroom import PASS_COOKIE, ClassCode, Sessions

LOG = logging.getLogger(__name__)
LOOPBACK = ("localhost", "127.0.0.1", "::1")
#: Addresses that mean "every address of this machine".
EVERY_ADDRESS = ("0.0.0.0", "::", "")
#: Paths of Solara's assets and kernels; every other GET is the page.
NOT_PAGES = ("/static/", "/_solara/", "/jupyter/")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address to listen on) is this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def machine_names() -> set[str]:
    """This machine's addresses (every network interface) and names.

    Names come from the machine itself, not from DNS, which can hang on a network without a name
    server.
    """
    import psutil

    names = {socket.gethostname(), f"{socket.gethostname()}.local"}
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family in (socket.AF_INET, socket.AF_INET6):
                names.add(address.address.split("%")[0])
    return {name.lower() for name in names if name}


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of ``url``, lower case, default port left out (``None``: none)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    shown = "" if port in (None, DEFAULT_PORTS[parts.scheme]) else f":{port}"
    return f"{parts.scheme}://{host}{shown}"


@dataclass(frozen=True)
class AllowList:
    """The host names this server answers to and the origins whose pages may use it."""

    hosts: frozenset[str]
    origins: frozenset[str]

    @classmethod
    def build(cls, host: str, port: int, allowed: Sequence[str] = (),
              own_names: Iterable[str] | None = None) -> AllowList:
        """The allow-list of a server on ``host:port``.

        ``allowed`` holds names (``class.example.org``: its pages on this port) and origins
        (``https://class.example.org``: a proxy in front). ``own_names`` (this machine's
        addresses and names) are added when ``host`` is not a loopback address; by default they
        are looked up.
        """
        names = {*LOOPBACK, host.strip("[]").lower()} - set(EVERY_ADDRESS)
        if not is_loopback(host):
            names |= set(machine_names() if own_names is None else own_names)
        origins = set()
        for item in allowed:
            origin = origin_of(item) if "://" in item else None
            if origin is not None:
                origins.add(origin)
                names.add(urlsplit(origin).hostname or "")
            else:
                names.add(item.strip().strip("[]").lower())
        names.discard("")
        for name in names:
            origins.add(origin_of(f"http://{f'[{name}]' if ':' in name else name}:{port}"))
        return cls(frozenset(names), frozenset(o for o in origins if o))

    def host_allowed(self, header: str | None) -> bool:
        """Whether a request's ``Host`` header names this server."""
        if not header:
            return False
        try:
            name = urlsplit(f"//{header.strip()}").hostname
        except ValueError:
            return False
        return name is not None and name in self.hosts

    def origin_allowed(self, header: str | None) -> bool:
        """Whether a request's ``Origin`` header is one of the allowed origins."""
        return header is not None and origin_of(header) in self.origins


class Gate:
    """The ASGI middleware: Host and Origin allow-list, class code and session cap before ``app``.

    ``code`` is ``None`` for a class without a code; ``sessions`` holds the live sessions;
    ``teacher`` serves ``/teacher`` (None: no teacher's view).
    """

    def __init__(self, app: App, allow: AllowList, code: ClassCode | None, sessions: Sessions,
                 teacher: App | None = None):
        self.app, self.allow, self.code, self.sessions = app, allow, code, sessions
        self.teacher = teacher

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request or websocket on to the app, or answer it here."""
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        origin = headers.get("origin")
        if not self.allow.host_allowed(headers.get("host")):
            await self._refuse(scope, receive, send, f"host {headers.get('host', '')!r}")
            return
        if (kind == "websocket" or origin is not None) and not self.allow.origin_allowed(origin):
            await self._refuse(scope, receive, send, f"origin {origin!r}")
            return
        if self.teacher is not None and kind == "http" and (
                scope["path"] == "/teacher" or scope["path"].startswith("/teacher/")):
            await self.teacher(scope, receive, send)
            return
        if self.code is not None and not self.code.admits(_cookies(headers).get(PASS_COOKIE)):
            if kind == "http" and scope["method"] in ("GET", "HEAD"):
                await self._join(scope, send)
            else:
                await self._refuse(scope, receive, send, "no class pass")
            return
        if kind == "websocket":
            await self._session(scope, receive, send)
            return
        if scope["method"] == "GET" and _is_page(scope["path"]) and self.sessions.full:
            LOG.warning("class is full (%d sessions): page refused to %s", self.sessions.cap,
                        _client(scope))
            await respond(send, 503, page("The class is full", FULL.format(
                cap=self.sessions.cap)))
            return
        await self.app(scope, receive, send)

    async def _session(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a websocket on; a new kernel's takes a place among the sessions, if one is free."""
        parts = scope["path"].split("/")
        if len(parts) != 6 or parts[1:4] != ["jupyter", "api", "kernels"]:
            await self.app(scope, receive, send)
            return
        kernel = parts[4]
        if not self.sessions.reserve(kernel):
            await self._refuse(scope, receive, send, f"class is full ({self.sessions.cap} "
                                                     "sessions)")
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.sessions.drop_unstarted(kernel)

    async def _join(self, scope: Scope, send: Send) -> None:
        """The join page, or the pass for a browser that brings the right code."""
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("class")
        if given and self.code is not None and self.code.matches(given[0]):
            LOG.info("a browser joined the class from %s", _client(scope))
            cookie = f"{PASS_COOKIE}={self.code.grant()}; Path=/; HttpOnly; SameSite=Lax"
            await respond(send, 303, "", [("location", "/"), ("set-cookie", cookie)])
            return
        if given:
            LOG.warning("wrong class code from %s", _client(scope))
        await respond(send, 403 if given else 200, page("Join the class", JOIN.format(
            wrong=WRONG_CODE if given else "")))

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, why: str) -> None:
        """Refuse a request (403) or websocket (closed before it opens), logging ``why``."""
        LOG.warning("refused %s %s from %s: %s", scope["type"], scope["path"][:80],
                    _client(scope), why[:200])
        if scope["type"] == "websocket":
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})
            return
        await respond(send, 403, page("Not allowed", REFUSED))


JOIN = """<p>Type the class code your teacher gave you.</p>{wrong}
<form method="get" action="/"><input name="class" autofocus autocomplete="off"
 aria-label="class code" placeholder="class code" style="font-size:1.3em;width:10em">
<button type="submit" style="font-size:1.3em">Join</button></form>"""
WRONG_CODE = '<p class="wrong" style="color:#c62828">That is not this class\'s code.</p>'
FULL = """<p>The class is full: {cap} pages are open on this dashboard. Close a tab you no longer
use, or ask your teacher.</p><p><a href="/">Try again</a></p>"""
REFUSED = ("<p>This dashboard only answers pages opened from its own address. Open the address "
           "your teacher gave you.</p>")


def page(title: str, body: str) -> str:
    """A small self-contained HTML page (no scripts, nothing loaded from elsewhere)."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>promosim · '
            f'{escape(title)}</title><meta name="viewport" content="width=device-width">'
            '</head><body style="font-family:sans-serif;max-width:36em;margin:3em auto;'
            f'padding:0 1em"><h1>promosim: {escape(title)}</h1>{body}</body></html>')


async def respond(send: Send, status: int, html: str | bytes,
                  headers: Sequence[tuple[str, str]] = (),
                  kind: str = "text/html; charset=utf-8") -> None:
    """Answer an HTTP request with ``html`` (or other content of type ``kind``)."""
    body = html.encode("utf-8") if isinstance(html, str) else html
    fields = [(b"content-type", kind.encode("latin-1")), (b"cache-control", b"no-store"),
              (b"content-length", str(len(body)).encode()),
              *((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers)]
    await send({"type": "http.response.start", "status": status, "headers": fields})
    await send({"type": "http.response.body", "body": body})


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers by lower-case name (the first of repeated ones)."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        found.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return found


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    found = {}
    for item in headers.get("cookie", "").split(";"):
        name, _, value = item.strip().partition("=")
        found.setdefault(name, value)
    return found


def _is_page(path: str) -> bool:
    return not path.startswith(NOT_PAGES) and path not in ("/readyz", "/resourcez")


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
