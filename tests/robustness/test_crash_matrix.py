"""The crash matrix: kills at random points, two writers, damaged files and a full disk.

Every attack ends with the data of an unbroken run (no run lost, none duplicated) or with one
line saying what is wrong and a folder that resumes. Each test adds its figures to the
"robustness figures" printed after the run.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from processes import HAS_PROC, children, gone_within, session

from promosim.experiments.store import inspect_folder, load_events, load_results, load_series

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not HAS_PROC, reason="needs /proc")]

SWEEP = """\
name = "matrix"
design = "grid"
replicates = 8
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
COMPARE = ["compare", "tight-control", "promoter-friendly", "commission-heavy", "--replicates",
           "8", "--months", "24", "--set", "n_teams=2", "--set", "team_size=3", "--set",
           "spinup_months=12", "--chunk-runs", "2"]
LOADERS = (load_results, load_series, load_events)


def command(kind: str, folder: Path, out: Path, *extra: str) -> list[str]:
    if kind == "sweep":
        sweep = folder / "matrix.toml"
        sweep.write_text(SWEEP)
        return ["sweep", str(sweep), "--out", str(out), *extra]
    return [*COMPARE, "--out", str(out), *extra]


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "promosim.cli", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def finish(args: list[str]) -> tuple[int, str]:
    process = start(args)
    _, err = process.communicate(timeout=900)
    return process.returncode, err


def tables(out: Path) -> list[pd.DataFrame]:
    return [loader(out) for loader in LOADERS]


@pytest.fixture(scope="module")
def unbroken(tmp_path_factory):
    """Each command run once without interruption: (its folder, its tables)."""
    found = {}
    for kind in ("sweep", "compare"):
        folder = tmp_path_factory.mktemp(f"unbroken-{kind}")
        status, err = finish(command(kind, folder, folder / "out", "--workers", "2"))
        assert status == 0, err
        found[kind] = (folder / "out", tables(folder / "out"))
    return found


def lost_and_duplicated(out: Path, expected: pd.DataFrame) -> tuple[int, int]:
    runs = load_results(out, allow_partial=True)["run"]
    return len(set(expected["run"]) - set(runs)), int(runs.duplicated().sum())


def completed(out: Path) -> int:
    try:
        return len(json.loads((out / "manifest.json").read_text())["chunks_completed"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


@pytest.mark.parametrize(("kind", "kills"), [("sweep", 8), ("compare", 5)])
def test_kills_at_random_points_lose_and_duplicate_no_run(kind, kills, unbroken, tmp_path,
                                                          figures):
    """Kill the parent when a random number of further chunks is saved, plus a random delay."""
    _, whole = unbroken[kind]
    chunks = len(set(whole[0]["run"])) // 2
    rnd = random.Random(f"{kind}-{kills}")
    out = tmp_path / "out"
    args = command(kind, tmp_path, out, "--workers", "2")
    landed, slowest_exit = 0, 0.0
    for attempt in range(kills):
        process = start(args)
        before = completed(out)
        target = before + rnd.randint(0, (chunks - before) // (kills - attempt + 1))
        while completed(out) < target and process.poll() is None:
            time.sleep(0.02)
        time.sleep(rnd.uniform(0.0, 0.25))  # a few chunks' time: lands mid-chunk, not at the end
        family = [p for p in session(process.pid) if p != process.pid]
        killed = time.monotonic()
        if process.poll() is None:
            landed += 1
            process.send_signal(signal.SIGKILL)  # the parent only: its workers must follow
        process.communicate(timeout=900)  # returns when every holder of its pipes has ended
        gone_within(family, 15)
        slowest_exit = max(slowest_exit, time.monotonic() - killed)
        if (out / "manifest.json").exists():
            assert not inspect_folder(out).problems
    status, err = finish(args)
    assert status == 0, err
    lost, duplicated = lost_and_duplicated(out, whole[0])
    for mine, theirs in zip(tables(out), whole, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)
    figures.append(f"{kind}: {landed} SIGKILLs of the parent at random points (of {kills} "
                   f"tries), then resumed: {lost} runs lost, {duplicated} duplicated; workers "
                   f"and resource tracker gone {slowest_exit:.2f} s after a kill at most")
    assert landed >= kills - 1 and lost == duplicated == 0


def test_a_second_writer_is_refused_and_the_first_is_not_disturbed(unbroken, tmp_path, figures):
    _, whole = unbroken["sweep"]
    out = tmp_path / "out"
    first = start(command("sweep", tmp_path, out, "--workers", "1"))
    deadline = time.monotonic() + 120
    while not (out / "manifest.json").exists():
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    refused = []
    for extra in (["--replicates", "3", "--force"], []):
        status, err = finish(command("sweep", tmp_path, out, "--workers", "1", *extra))
        refused.append(status == 2 and err.count("\n") == 1
                       and "another promosim process is writing to this folder" in err)
    assert first.poll() is None, "the second writers must have been refused while it ran"
    _, err = first.communicate(timeout=900)
    assert first.returncode == 0, err
    for mine, theirs in zip(tables(out), whole, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)
    figures.append(f"two writers: {sum(refused)} of 2 second writers (one with --force) "
                   "refused with one line; the first writer's results equal an unbroken run")
    assert all(refused)


def test_a_killed_worker_ends_the_run_in_one_line_and_it_resumes(unbroken, tmp_path, figures):
    _, whole = unbroken["sweep"]
    out = tmp_path / "out"
    args = command("sweep", tmp_path, out, "--workers", "2")
    process = start(args)
    deadline = time.monotonic() + 120
    while completed(out) < 3:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)
    workers = [p for p in children(process.pid) if "spawn_main" in command_line(p)]
    os.kill(workers[0], signal.SIGKILL)  # as the kernel's out-of-memory killer would
    _, err = process.communicate(timeout=900)
    last = err.strip().splitlines()[-1]
    assert process.returncode == 1 and "Traceback" not in err, err
    assert last.startswith("promosim sweep: error: a worker process ended unexpectedly")
    assert "run the same command again to resume" in last
    assert not inspect_folder(out).problems
    status, err = finish(args)
    assert status == 0, err
    for mine, theirs in zip(tables(out), whole, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)
    figures.append("a worker killed mid-sweep: exit 1 with one line, the other worker ended too, "
                   "nothing damaged; resumed: equal to an unbroken run")


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


PART_DAMAGE = {
    "deleted runs part": lambda out: (out / "runs" / "part-00003.parquet").unlink(),
    "truncated runs part": lambda out: truncate(out / "runs" / "part-00003.parquet"),
    "truncated series part": lambda out: truncate(out / "series" / "part-00003.parquet"),
    "truncated events part": lambda out: truncate(out / "events" / "part-00003.parquet"),
    "part copied over another": lambda out: shutil.copy(out / "runs" / "part-00004.parquet",
                                                        out / "runs" / "part-00003.parquet"),
    "truncated points": lambda out: truncate(out / "points.parquet"),
}


def edit(out: Path, change) -> None:
    path = out / "manifest.json"
    path.write_text(json.dumps(change(json.loads(path.read_text()))))


MANIFEST_DAMAGE = {
    "truncated manifest": lambda out: truncate(out / "manifest.json"),
    "chunks_completed a list of strings": lambda out: edit(out, lambda d: {
        **d, "chunks_completed": [str(c) for c in d["chunks_completed"]]}),
    "chunks_completed missing": lambda out: edit(out, lambda d: {
        k: v for k, v in d.items() if k != "chunks_completed"}),
    "a chunk listed twice": lambda out: edit(out, lambda d: {
        **d, "chunks_completed": [0, *d["chunks_completed"]]}),
}


def test_damaged_parts_are_found_and_repaired_and_damaged_manifests_refused(unbroken, tmp_path,
                                                                          figures):
    good, whole = unbroken["sweep"]
    repaired = refused = 0
    for name, harm in {**PART_DAMAGE, **MANIFEST_DAMAGE}.items():
        out = tmp_path / name.replace(" ", "-")
        shutil.copytree(good, out)
        harm(out)
        try:
            load_results(out)
            detected = False
        except ValueError:  # ConfigError
            detected = True
        status, err = finish(command("sweep", tmp_path, out, "--workers", "0"))
        if name in MANIFEST_DAMAGE:
            assert detected and status == 2 and err.count("\n") == 1, (name, err)
            assert "manifest.json is damaged" in err
            refused += 1
            status, err = finish(command("sweep", tmp_path, out, "--workers", "2", "--force"))
        else:
            assert detected and "repairing 1 damaged or missing file" in err, (name, err)
        assert status == 0, (name, err)
        for mine, theirs in zip(tables(out), whole, strict=True):
            pd.testing.assert_frame_equal(mine, theirs)
        repaired += name in PART_DAMAGE
    figures.append(f"damaged files: {repaired} of {len(PART_DAMAGE)} damaged parts detected by "
                   f"load_results and repaired on resume; {refused} of {len(MANIFEST_DAMAGE)} "
                   "damaged manifests refused with one line and recovered by --force")


def mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_disk_ends_in_one_line_and_the_folder_resumes(unbroken, tmp_path, figures):
    _, whole = unbroken["sweep"]
    disk = tmp_path / "disk"
    if not mount_tmpfs(disk, "600k"):
        pytest.skip("cannot mount a tmpfs here")
    try:
        out = disk / "out"
        status, err = finish(command("sweep", tmp_path, out, "--workers", "2"))
        last = err.strip().splitlines()[-1]
        assert status == 1 and "Traceback" not in err, err
        assert last.startswith("promosim sweep: error: ") and "No space left on device" in last
        found = inspect_folder(out)
        assert not found.problems and not found.finished
        saved = len(found.intact)
        assert subprocess.run(["mount", "-o", "remount,size=20m", str(disk)]).returncode == 0
        status, err = finish(command("sweep", tmp_path, out, "--workers", "2"))
        assert status == 0, err
        for mine, theirs in zip(tables(out), whole, strict=True):
            pd.testing.assert_frame_equal(mine, theirs)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
    figures.append(f"full disk (600 kB tmpfs): exit 1 with one line, {saved} intact chunks "
                   "kept, none damaged; resumed after making room: equal to an unbroken run")
