"""``promosim app``: options, setup and one-line errors."""

from __future__ import annotations

import os

import pytest

from promosim.app import server
from promosim.app.setup import Setup
from promosim.cli import main, parser


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
