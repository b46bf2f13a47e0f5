"""The dashboard's gate (ASGI middleware): Host and Origin allow-list, class code, session cap."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from promosim.app.classroom import PASS_COOKIE, ClassCode, Sessions, check_code, normal_code
from promosim.app.gate import AllowList, Gate, is_loopback, origin_of

PORT = 8765
LOCAL = f"127.0.0.1:{PORT}"
KERNEL = "/jupyter/api/kernels/k1/channels"


@dataclass
class Reply:
    """What the gate (or the app behind it) answered."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    passed: bool = False  # reached the app
    closed: int | None = None  # websocket close code


def call(gate: Gate, path: str = "/", host: str | None = LOCAL, origin: str | None = None,
         kind: str = "http", method: str = "GET", query: str = "", cookie: str = "",
         app_does=lambda: None) -> Reply:
    headers = [(name.encode(), value.encode()) for name, value in
               (("host", host), ("origin", origin), ("cookie", cookie)) if value]
    scope = {"type": kind, "path": path, "headers": headers, "query_string": query.encode(),
             "client": ("10.0.0.7", 50000), **({"method": method} if kind == "http" else {})}
    reply = Reply()

    async def receive():
        return {"type": "websocket.connect"} if kind == "websocket" else {
            "type": "http.request", "body": b""}

    async def send(message):
        if message["type"] == "http.response.start":
            reply.status = message["status"]
            reply.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            reply.body += message["body"].decode()
        elif message["type"] == "websocket.close":
            reply.closed = message["code"]

    async def app(scope, receive, send):
        reply.passed = True
        app_does()

    gate.app = app
    asyncio.run(gate(scope, receive, send))
    return reply


def local_gate(code: ClassCode | None = None, cap: int = 10, allowed=()) -> Gate:
    return Gate(None, AllowList.build("127.0.0.1", PORT, allowed), code, Sessions(cap))


def test_loopback_is_allowed_and_other_hosts_are_refused():
    gate = local_gate()
    for host in (LOCAL, f"localhost:{PORT}", f"[::1]:{PORT}", "LOCALHOST"):
        assert call(gate, host=host).passed, host
    for host in (f"evil.example:{PORT}", "127.0.0.1.evil.example", "", None, "[::1", "a b"):
        reply = call(gate, host=host)
        assert not reply.passed and reply.status == 403, host
        assert "<html" in reply.body and "Traceback" not in reply.body


def test_a_websocket_needs_an_origin_of_this_server():
    gate = local_gate()
    assert call(gate, KERNEL, kind="websocket", origin=f"http://{LOCAL}").passed
    assert call(gate, KERNEL, kind="websocket", origin=f"http://localhost:{PORT}").passed
    for origin in ("http://evil.example", f"http://evil.example:{PORT}", "null", None,
                   "http://127.0.0.1:9999", f"https://{LOCAL}x", "file://", f"ws://{LOCAL}/x"):
        reply = call(gate, KERNEL, kind="websocket", origin=origin)
        assert not reply.passed and reply.closed == 1008, origin


def test_requests_from_pages_of_other_sites_are_refused():
    gate = local_gate()
    assert call(gate, "/_solara/api/close/k1", method="POST", origin=f"http://{LOCAL}").passed
    reply = call(gate, "/_solara/api/close/k1", method="POST", origin="http://evil.example")
    assert not reply.passed and reply.status == 403
    assert call(gate, "/static/main.js").passed  # no Origin: a plain page load


def test_allowed_names_and_origins_are_added():
    gate = local_gate(allowed=["class.example.org", "https://proxy.example.org/"])
    assert call(gate, host=f"class.example.org:{PORT}").passed
    assert call(gate, KERNEL, kind="websocket", host="proxy.example.org",
                origin="https://proxy.example.org").passed
    assert call(gate, KERNEL, kind="websocket", host=f"class.example.org:{PORT}",
                origin=f"http://class.example.org:{PORT}").passed
    assert not call(gate, KERNEL, kind="websocket", host="proxy.example.org",
                    origin="http://proxy.example.org").passed


def test_every_address_allows_this_machines_addresses_and_names():
    allow = AllowList.build("0.0.0.0", PORT, own_names=["192.168.1.5", "teacher-pc"])
    assert {"192.168.1.5", "teacher-pc", "127.0.0.1", "localhost"} <= allow.hosts
    assert "0.0.0.0" not in allow.hosts
    assert allow.origin_allowed(f"http://192.168.1.5:{PORT}")
    assert not allow.origin_allowed("http://192.168.1.6:8765")
    assert AllowList.build("192.168.1.5", PORT).host_allowed(f"192.168.1.5:{PORT}")


def test_origins_are_compared_in_normal_form():
    assert origin_of("HTTP://Example.org:80/") == "http://example.org"
    assert origin_of("https://[::1]:8765") == "https://[::1]:8765"
    assert origin_of("http://x:99999") is None
    assert origin_of("javascript:alert(1)") is None
    assert is_loopback("127.0.0.2") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_the_class_code_lets_a_browser_in_once():
    code = ClassCode("ABCD-2345")
    gate = local_gate(code)
    join = call(gate)
    assert join.status == 200 and not join.passed and 'name="class"' in join.body
    assert not call(gate, "/static/main.js").passed  # nothing without the pass
    assert call(gate, KERNEL, kind="websocket", origin=f"http://{LOCAL}").closed == 1008
    wrong = call(gate, query="class=ABCD-2346")
    assert wrong.status == 403 and "not this class" in wrong.body and "ABCD" not in wrong.body
    right = call(gate, "/anything", query="class=abcd+2345")
    assert right.status == 303 and right.headers["location"] == "/"
    cookie = right.headers["set-cookie"].split(";")[0]
    assert cookie == f"{PASS_COOKIE}={code.grant()}" and code.code not in cookie
    assert call(gate, cookie=cookie).passed
    assert call(gate, KERNEL, kind="websocket", origin=f"http://{LOCAL}", cookie=cookie).passed
    assert not call(gate, cookie=f"{PASS_COOKIE}={ClassCode('ABCD-2345').grant()}").passed
    post = call(gate, "/_solara/api/close/k1", method="POST", origin=f"http://{LOCAL}")
    assert post.status == 403


def test_class_codes():
    generated = ClassCode()
    assert len(generated.code) == 8 and generated.shown.count("-") == 1
    assert generated.matches(generated.shown.lower()) and not generated.matches("")
    assert normal_code(" k7mq-2xpa ") == "K7MQ2XPA"
    for bad in ("abc", "a" * 33, "abc!def", "ééééééé"):
        with pytest.raises(ValueError, match="6 to 32 letters and digits"):
            check_code(bad)
    assert ClassCode("secret").grant() != ClassCode("secret").grant()  # per server run


def test_sessions_are_capped_reconnects_keep_their_place_and_ends_free_it():
    sessions = Sessions(2)
    assert sessions.reserve("a") and sessions.reserve("b") and not sessions.reserve("c")
    assert sessions.reserve("a")  # a reconnecting page
    sessions.start("a")
    sessions.drop_unstarted("a")
    sessions.drop_unstarted("b")  # its connection ended before a kernel started
    assert len(sessions) == 1 and "a" in sessions
    sessions.end("a")
    assert len(sessions) == 0 and not sessions.full
    with pytest.raises(ValueError):
        Sessions(0)


def test_a_full_class_refuses_new_sessions_and_says_so():
    gate = local_gate(cap=1)
    origin = f"http://{LOCAL}"
    unstarted = call(gate, "/jupyter/api/kernels/k0/channels", kind="websocket", origin=origin)
    assert unstarted.passed and len(gate.sessions) == 0  # it closed before a kernel started
    assert call(gate, KERNEL, kind="websocket", origin=origin,
                app_does=lambda: gate.sessions.start("k1")).passed  # Solara's kernel start
    assert call(gate, KERNEL, kind="websocket", origin=origin).passed  # the same page again
    other = call(gate, "/jupyter/api/kernels/k2/channels", kind="websocket", origin=origin)
    assert other.closed == 1008 and not other.passed
    full = call(gate)
    assert full.status == 503 and "class is full" in full.body
    assert call(gate, "/static/main.js").passed  # an open page still loads its files
    gate.sessions.end("k1")
    assert call(gate).passed
