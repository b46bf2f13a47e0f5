"""An experiment killed mid-way (SIGKILL or Ctrl-C) resumes to the dataset of an unbroken run."""

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from promosim.experiments.store import (
    PartialResultsWarning,
    load_events,
    load_results,
    load_series,
)

MANY = """\
name = "many"
design = "grid"
replicates = 10
seed = 3
months = 24
chunk_runs = 2
series = true
events = true

[parameters]
supervision_base = { low = 0.0, high = 1.0, levels = 4 }
goal_clarity = { low = 0.0, high = 1.0, levels = 3 }

[set]
n_teams = 2
team_size = 3
spinup_months = 12
"""


def start(sweep, out, *extra):
    return subprocess.Popen(
        [sys.executable, "-m", "promosim.cli", "sweep", str(sweep), "--out", str(out), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def completed(out):
    try:
        return len(json.loads((out / "manifest.json").read_text())["chunks_completed"])
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return 0


def stop_when(process, out, chunks, sig):
    deadline = time.monotonic() + 120
    while completed(out) < chunks and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, sig)
    _, err = process.communicate(timeout=120)
    return completed(out), err


def same_dataset(a, b):
    for loader in (load_results, load_series, load_events):
        pd.testing.assert_frame_equal(loader(a), loader(b))


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["0", "2"])
def test_resume_after_sigkill_equals_an_unbroken_run(sweep_file, tmp_path, workers):
    sweep = sweep_file(MANY)
    whole = start(sweep, tmp_path / "whole", "--workers", "0")
    assert whole.wait(timeout=600) == 0
    broken = start(sweep, tmp_path / "broken", "--workers", workers)
    done, _ = stop_when(broken, tmp_path / "broken", 5, signal.SIGKILL)
    assert broken.returncode == -signal.SIGKILL
    assert 0 < done < 60, "the kill must land mid-way"
    resumed = start(sweep, tmp_path / "broken", "--workers", workers)
    _, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    same_dataset(tmp_path / "whole", tmp_path / "broken")
    assert len(load_results(tmp_path / "broken")) == 120


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "status", "said"), [
    (signal.SIGINT, 130, "promosim sweep: interrupted: "),
    (signal.SIGTERM, 143, "promosim sweep: stopped by SIGTERM: "),
])
@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_signal_saves_completed_chunks_and_says_how_to_resume(sweep_file, tmp_path, sig,
                                                                 status, said, workers):
    sweep = sweep_file(MANY)
    process = start(sweep, tmp_path / "out", "--workers", workers)
    done, err = stop_when(process, tmp_path / "out", 5, sig)
    assert process.returncode == status
    assert 0 < done < 60
    last = err.strip().splitlines()[-1]
    assert last.startswith(said) and "Traceback" not in err
    assert f"{done} of 60 chunks are saved" in last and "run the same command again" in last
    with pytest.warns(PartialResultsWarning, match=f"unfinished: {done} of 60"):
        assert len(load_results(tmp_path / "out", allow_partial=True)) == 2 * done
    resumed = start(sweep, tmp_path / "out", "--workers", workers)
    assert resumed.wait(timeout=600) == 0
    assert len(load_results(tmp_path / "out")) == 120
