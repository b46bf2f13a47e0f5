"""What every experiment workflow shares: confirming large ones, saying what runs, progress bars."""

import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest

import promosim
from promosim.errors import ConfigError
from promosim.experiments import execution

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def large(monkeypatch):
    """Every experiment of more than 4 runs counts as large."""
    monkeypatch.setattr("promosim.experiments.limits.CONFIRM_RUNS", 4)


def test_a_large_experiment_starts_only_when_confirmed(large, tiny_file, tmp_path):
    out = tmp_path / "big"
    with pytest.raises(ConfigError, match=r"promosim.sweep: 12 runs, about .* on disk: pass "
                                          r"confirm=True to start an experiment of more than "):
        promosim.sweep(tiny_file, out=out, workers=0)
    asked = []
    with pytest.raises(ConfigError, match=r"12 runs, about .* on disk: not started"):
        promosim.sweep(tiny_file, out=out, workers=0, confirm=lambda plan: asked.append(plan))
    assert asked[0].runs == 12 and not out.exists()
    done = promosim.sweep(tiny_file, out=out, workers=0, progress=False,
                          confirm=lambda plan: True)
    assert len(done.to_frame()) == 12
    with pytest.raises(ConfigError, match="'confirm' must be True, False or a function"):
        promosim.sweep(tiny_file, out=out, workers=0, confirm="yes")


def test_what_runs_where_is_said_to_the_promosim_logger(tiny_file, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="promosim"):
        promosim.sweep(tiny_file, out=tmp_path / "s", workers=0, progress=False)
    (record,) = [r for r in caplog.records if r.name == "promosim"]
    assert record.getMessage().startswith("tiny, grid design, 6 points × 2 replicates = 12 runs")
    assert record.getMessage().endswith(", on this process")


def test_runs_already_done_are_said_to_be_reused(tiny_file, tmp_path, caplog):
    out = tmp_path / "s"

    def said() -> str:
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="promosim"):
            promosim.sweep(tiny_file, out=out, workers=0, progress=False)
        (record,) = [r for r in caplog.records if r.name == "promosim"]
        return record.getMessage()

    said()
    first = json.loads((out / "manifest.json").read_text())
    time.sleep(1.1)  # a second later, so a new end time would show
    message = said()
    assert " = 12 runs in 3 chunks, about " in message
    assert message.endswith(" on disk: all already done, reused (a new --out folder runs them "
                            "again)")
    again = json.loads((out / "manifest.json").read_text())
    assert (again["started"], again["finished"]) == (first["started"], first["finished"])
    again.update(chunks_completed=[0, 1], finished=None,
                 parts={k: v for k, v in again["parts"].items() if k != "2"})
    (out / "manifest.json").write_text(json.dumps(again))  # as if stopped after two chunks
    assert said().endswith(" on disk: 8 of 12 runs already done, reused; the other 4 run on "
                           "this process")
    last = json.loads((out / "manifest.json").read_text())
    assert last["started"] == first["started"] and last["finished"] > first["finished"]


@pytest.mark.parametrize("progress", [True, False])
def test_progress_bars_come_from_tqdm_auto_and_turn_off(tiny_file, tmp_path, monkeypatch,
                                                         progress):
    from tqdm.auto import tqdm

    assert execution.tqdm is tqdm
    made = []

    class Recorded(tqdm):
        def __init__(self, *args, **kwargs):
            made.append(kwargs["disable"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(execution, "tqdm", Recorded)
    promosim.sweep(tiny_file, out=tmp_path / "s", workers=0, progress=progress)
    assert made == [None if progress else True]


def test_the_library_loads_on_first_use_and_nothing_calls_the_command_line():
    code = ("import sys, promosim; loaded = 'promosim.workflows' in sys.modules; "
            "print(loaded, callable(promosim.sweep), "
            "'promosim.workflows.sweep' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    assert found == ["False", "True", "True"]
    assert {"calibrate", "compare", "robust_compare", "run_scenario", "sensitivity", "sweep",
            "validate"} <= set(dir(promosim))
    callers = [path for folder in ("src", "experiments") for path in (ROOT / folder).rglob("*.py")
               if "promosim.cli" in path.read_text(encoding="utf-8")
               and path.name not in ("cli.py", "__main__.py")]  # the command line itself
    assert not callers, f"these call the command line from Python: {callers}"
