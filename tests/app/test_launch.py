"""promosim.serve_app: the dashboard started from Python, its options checked in one line each."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import promosim
from promosim.app import server
from promosim.app.launch import prepare
from promosim.app.setup import ENVIRONMENT, Setup
from promosim.errors import ConfigError

from .conftest import ROOT, free_port


@pytest.fixture
def environment(monkeypatch):
    """The environment variables a prepared dashboard sets, restored after the test."""
    for name in (ENVIRONMENT, *server.ENVIRONMENT):
        monkeypatch.setenv(name, "")


def test_a_class_is_prepared_with_its_firm_addresses_and_teacher(environment, tmp_path):
    port = free_port()
    dashboard = prepare(port=port, class_name="b2b-monday", hand_in=tmp_path / "class",
                        overrides={"n_teams": 3}, seed=42, max_sessions=20)
    assert dashboard.setup == Setup.from_environment()
    assert dashboard.setup.values["n_teams"] == 3 and dashboard.setup.seed == 42
    record = json.loads((tmp_path / "class" / "firm.json").read_text(encoding="utf-8"))
    assert record["seed"] == 42 and record["values"]["n_teams"] == 3
    assert dashboard.code is None and dashboard.addresses == ()  # this machine only
    lines = dashboard.report().splitlines()
    assert lines[0] == "promosim app: baseline, 3 teams × 6 positions, seed 42"
    assert lines[1] == f"open http://localhost:{port}/ in a browser (Ctrl+C stops the server)"
    assert lines[2] == "at most 20 browser tabs at once (max_sessions)"
    assert lines[-1] == f"teacher's page: {dashboard.teacher_link} (keep this link to yourself)"
    assert dashboard.teacher_link.startswith(f"http://localhost:{port}/teacher?key=")


def test_the_command_is_the_library_with_the_options_as_arguments(environment, monkeypatch,
                                                                  capsys):
    from promosim.app.launch import Dashboard
    from promosim.cli import main

    served = []
    monkeypatch.setattr(Dashboard, "serve", lambda self: served.append(self))
    assert main(["app", "--teams", "5", "--set", "n_teams=3", "--months", "48", "--seed", "7",
                 "--port", str(free_port())]) == 0
    library = prepare(teams=5, overrides={"n_teams": 3}, months=48, seed=7, port=free_port())
    assert served[0].setup == library.setup and served[0].where is None
    assert served[0].setup.values["n_teams"] == 3 and served[0].setup.values["months"] == 48
    assert served[0].report().splitlines()[0] == ("promosim app: baseline, 3 teams × 6 "
                                                  "positions, seed 7")
    assert "(--max-sessions)" in served[0].report()


def test_a_class_on_the_network_gets_a_code_unless_it_is_open(environment):
    coded = prepare(host="0.0.0.0", port=free_port(), class_code="k7mq-2xpa")
    assert coded.code.code == "K7MQ2XPA" and "class code: K7MQ-2XPA" in coded.report()
    assert coded.teacher_link is None and "teacher" not in coded.report()
    opened = prepare(host="0.0.0.0", port=free_port(), open_class=True)
    assert opened.code is None
    assert "no class code (open_class=True): anyone who can reach" in opened.report()


@pytest.mark.parametrize(("call", "message"), [
    ({"class_code": "abc"}, "promosim.serve_app: 'class_code': a class code has 6 to 32"),
    ({"class_code": "abcdef", "open_class": True},
     "promosim.serve_app: 'class_code' and 'open_class' exclude each other"),
    ({"port": 0}, "promosim.serve_app: 'port' must be a whole number from 1 to 65,535"),
    ({"max_sessions": 0}, "'max_sessions' must be a whole number from 1"),
    ({"replicates": 500}, "'replicates' must be a whole number from 2 to 200"),
    ({"seed": -1}, "'seed' must be a whole number from 0"),
    ({"rank_by": "happiness"}, "promosim.serve_app: 'rank_by' must be one of turnover_rate"),
    ({"host": None}, "promosim.serve_app: 'host' must be a string"),
    ({"allow_origins": ["https://x.org/path"]},
     "promosim.serve_app: 'allow_origins' 'https://x.org/path': expected a host name"),
    ({"class_name": "../up"}, "promosim.serve_app: 'class_name' '../up': a class name has"),
    ({"policies": "missing-folder"},
     "promosim.serve_app: 'policies': missing-folder: no such folder of policy files"),
    ({"hand_in": "/proc/no-such-folder"},
     "promosim.serve_app: 'hand_in' /proc/no-such-folder: cannot create the folder"),
    ({"overrides": {"supervision_base": 7}},
     "promosim.serve_app: overrides: 'supervision_base' = 7 is out of range"),
    ({"teams": 0}, "promosim.serve_app: 'n_teams' = 0 is out of range"),
    ({"months": 0}, "promosim.serve_app: overrides: 'months' = 0 is out of range"),
    ({"scenario": "missing.toml"}, "missing.toml: no such file"),
])
def test_bad_arguments_are_one_clear_line(environment, call, message):
    with pytest.raises(ConfigError) as error:
        promosim.serve_app(**{"port": free_port(), **call})
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_port_in_use_is_one_clear_line(environment):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match=f"promosim.serve_app: cannot listen on "
                                              f"127.0.0.1:{port}: .*; choose another 'port'"):
            promosim.serve_app(port=port)


def test_serve_app_serves_the_dashboard_from_python_under_its_title(tmp_path):
    port = free_port()
    code = f"import promosim; promosim.serve_app(port={port}, seed=3, teams=2)"
    log = (tmp_path / "app.log").open("w+")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    html = page.read().decode()
                    assert page.status == 200 and "solara" in html.lower()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, (
                    log.seek(0) or log.read())
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=20)
    log.seek(0)
    printed = log.read()
    log.close()
    assert printed.startswith("promosim app: baseline, 2 teams × 6 positions, seed 3\n"
                              f"open http://localhost:{port}/ in a browser")
    # the tab's title before the page's scripts run (they set the same): not Solara's own
    assert "<title>promosim · teaching dashboard</title>" in html
