"""``promosim app``: options, setup and one-line errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from promosim.app import server
from promosim.app.setup import Setup
from promosim.cli import main, parser

from .conftest import ROOT, free_port, serving


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["app", "--help"])
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--config", "--seed", "--teams", "--team-size",
                   "--hand-in"):
        assert option in out


@pytest.mark.parametrize("argv, message", [
    (["app", "--config", "missing.toml"], "missing.toml: no such file"),
    (["app", "--policies", "missing-folder"], "missing-folder: no such folder"),
    (["app", "--set", "supervision_base=7"], "out of range"),
    (["app", "--port", "99999"], "--port must be a whole number from 1 to 65535"),
    (["app", "--hand-in", "/proc/no-such-folder"], "--hand-in /proc/no-such-folder: cannot"),
])
def test_bad_input_is_one_line_and_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and err.startswith("promosim app: error:")


def test_the_setup_reaches_the_server_through_the_environment(monkeypatch):
    monkeypatch.setenv("PROMOSIM_APP_SETUP", "")  # restored after the test
    setup = Setup(values={**Setup().values, "n_teams": 3}, schedule=[(5, {"goal_clarity": 0.9})],
                  seed=42, scenario="class", presets=("configs/policies/tight-control.toml",),
                  hand_in="results/class")
    setup.to_environment()
    assert Setup.from_environment() == setup
    assert list(setup.policies()) == ["tight-control"]
    kwargs = setup.model_kwargs(setup.baseline, 7)
    assert kwargs["rng"] == 7 and kwargs["n_teams"] == 3
    assert kwargs["policy_schedule"] == [(5, {"goal_clarity": 0.9})]


def test_the_server_only_serves_local_assets(monkeypatch):
    for name in server.ENVIRONMENT:
        monkeypatch.setenv(name, "")  # restored after the test
    folder = server.configure()
    assert (folder / "requirejs@2.3.6" / "require.js").is_file()
    assert os.environ["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1")
    assert os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"


def test_app_is_a_command():
    assert "app" in parser().format_help()


@pytest.mark.parametrize("argv, message", [
    (["app", "--class-code", "abc"], "--class-code: a class code has 6 to 32 letters and digits"),
    (["app", "--class-code", "abcdef", "--open"], "--class-code and --open exclude each other"),
    (["app", "--allow-origin", "https://x.org/path"], "--allow-origin 'https://x.org/path'"),
    (["app", "--allow-origin", "a b"], "expected a host name"),
])
def test_bad_classroom_options_are_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_the_session_cap_is_a_positive_number(capsys):
    with pytest.raises(SystemExit) as done:
        main(["app", "--max-sessions", "0"])
    err = capsys.readouterr().err.strip()
    assert done.value.code == 2 and "must be at least 1" in err and "\n" not in err


def test_a_class_code_is_needed_beyond_this_machine_unless_open():
    from promosim.app.launch import resolve_class_code

    assert resolve_class_code(None, False, loopback=True) is None
    assert len(resolve_class_code(None, False, loopback=False).code) == 8
    assert resolve_class_code(None, True, loopback=False) is None
    assert resolve_class_code("k7mq-2xpa", False, loopback=True).code == "K7MQ2XPA"


def test_students_are_shown_this_machines_network_addresses():
    from promosim.app.launch import student_addresses

    hosts = frozenset({"127.0.0.1", "192.168.1.5", "169.254.1.1", "fe80::1", "teacher-pc"})
    assert student_addresses("0.0.0.0", hosts) == ["192.168.1.5"]
    assert student_addresses("10.0.0.2", hosts) == ["10.0.0.2"]
    assert student_addresses("127.0.0.1", hosts) == []


def test_a_class_name_that_cannot_be_a_folder_is_one_line(capsys):
    assert main(["app", "--class", "../up"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("promosim app: error: --class '../up'") and "\n" not in err
    with pytest.raises(SystemExit):
        main(["app", "--replicates", "500"])
    assert "at most 200" in capsys.readouterr().err


def test_arrow_allocates_with_the_c_library_on_the_server():
    pyarrow = pytest.importorskip("pyarrow")
    before = pyarrow.default_memory_pool()
    try:
        server.use_c_allocator()
        assert pyarrow.default_memory_pool().backend_name == "system"
    finally:
        pyarrow.set_memory_pool(before)


def test_a_closed_tab_hands_memory_back_once_after_a_wave_of_closes(monkeypatch):
    memory = server.Memory(delay=0.05)
    released = []
    monkeypatch.setattr(memory, "release", lambda: released.append(time.monotonic()))
    for _ in range(3):
        memory.release_soon()
    time.sleep(0.5)
    assert len(released) == (1 if server._glibc() is not None else 0)
    server.Memory.release(memory)  # collects garbage and trims, without failing


def test_ctrl_c_stops_the_server_with_one_line_and_status_0():
    port = free_port()
    # Without PYTHONMALLOC the command runs itself again with it (same process id): the real path.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONMALLOC"}
    process = subprocess.Popen([sys.executable, "-m", "promosim.cli", "app", "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=environment)
    try:
        assert serving(port, process, 30), process.communicate(timeout=5)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, (out, err)
    assert out.startswith("promosim app: baseline, 4 teams × 6 positions, seed 1\n")
    assert err == "promosim app: stopped\n"
