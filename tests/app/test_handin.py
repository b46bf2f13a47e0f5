"""Hand-ins: count and rate limits per session, a folder limit, no partial file on a full disk."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from promosim.app import handin
from promosim.app.export import policy_toml
from promosim.app.handin import (
    HandInLimitError,
    HandIns,
    HandInWriteError,
    Limits,
    find_hand_in,
    save_policy,
    team_mark,
)
from promosim.app.setup import Setup
from promosim.scenario import load_policy

BASELINE = Setup().baseline
LEVERS = {**BASELINE, "goal_clarity": 0.9}


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def hand(hand_ins: HandIns, name: str = "Team", description: str = "") -> Path:
    return hand_ins.hand_in(name, description, LEVERS, BASELINE)


def test_a_session_may_hand_in_a_limited_number_spaced_in_time(tmp_path):
    clock = Clock()
    hand_ins = HandIns(tmp_path, Limits(per_session=3, interval=5.0), clock)
    assert hand(hand_ins).name == "team.toml"
    with pytest.raises(HandInLimitError, match="Wait 5 seconds"):
        hand(hand_ins)
    clock.now += 5
    hand(hand_ins)
    clock.now += 5
    hand(hand_ins)
    clock.now += 60
    with pytest.raises(HandInLimitError, match="handed in 3 policies"):
        hand(hand_ins)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team-2.toml", "team-3.toml",
                                                          "team.toml"]


def test_the_folder_takes_a_limited_number_of_files(tmp_path):
    limits = Limits(folder_files=2, interval=0.0)
    for _ in range(2):
        hand(HandIns(tmp_path, limits))
    with pytest.raises(HandInLimitError, match="class folder is full"):
        hand(HandIns(tmp_path, limits))
    assert len(list(tmp_path.iterdir())) == 2


def test_a_long_description_is_cut_and_a_file_too_large_is_refused(tmp_path):
    path = hand(HandIns(tmp_path), description="x" * 600_000)
    assert len(load_policy(path).description) == 500
    assert path.stat().st_size < 2_000
    with pytest.raises(HandInLimitError, match="too long"):
        hand(HandIns(tmp_path, Limits(file_bytes=400)), description="x" * 400)
    assert len(list(tmp_path.iterdir())) == 1


def test_a_full_disk_leaves_no_file(tmp_path, monkeypatch):
    """ENOSPC at the write call (a test double for a full disk; see the tmpfs test below)."""
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle: int, mode: str):
            self.file = real_fdopen(handle, mode)

        def write(self, data: bytes) -> int:
            self.file.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.file.close()

    monkeypatch.setattr(handin.os, "fdopen", FullDisk)
    with pytest.raises(HandInWriteError) as failure:
        hand(HandIns(tmp_path))
    assert isinstance(failure.value.__cause__, OSError)
    assert list(tmp_path.iterdir()) == []  # neither the policy nor a temporary file


def test_without_hard_links_the_file_is_renamed_into_place(tmp_path, monkeypatch):
    def no_links(*_args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(handin.os, "link", no_links)
    first = save_policy(tmp_path, "Team", lambda name: policy_toml(name, "", LEVERS, BASELINE))
    second = save_policy(tmp_path, "Team", lambda name: policy_toml(name, "", LEVERS, BASELINE))
    assert [load_policy(p).name for p in (first, second)] == ["Team", "Team 2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team-2.toml", "team.toml"]


@pytest.fixture
def small_disk(tmp_path) -> Path:
    """A 64 KiB tmpfs (needs root and permission to mount; skipped otherwise)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_real_full_disk_leaves_no_partial_file_and_saving_works_again(small_disk):
    filler = small_disk / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError):
            while True:
                os.write(handle, b"\0" * 4096)
    finally:
        os.close(handle)
    hand_ins = HandIns(small_disk / "class", Limits(interval=0.0))
    with pytest.raises(HandInWriteError):
        hand(hand_ins)
    assert list(small_disk.glob("class/*")) == []  # no policy, no temporary file
    filler.unlink()
    path = hand(hand_ins)
    assert load_policy(path).levers == {"goal_clarity": 0.9}


def test_a_team_handing_in_again_replaces_its_file_and_no_other_team_s(tmp_path):
    blue = HandIns(tmp_path, Limits(interval=0.0), team=team_mark("browser-blue"))
    red = HandIns(tmp_path, Limits(interval=0.0), team=team_mark("browser-red"))
    first = hand(blue, "Team Blue")
    assert first.read_text().startswith(f"# hand-in of team {team_mark('browser-blue')}\n")
    assert hand(red, "Team Blue").name == "team-blue-2.toml"  # another team, the same name
    again = blue.hand_in("Team Blue", "better now", {**LEVERS, "backing": 0.8}, BASELINE)
    assert again == first and load_policy(first).levers == {"goal_clarity": 0.9, "backing": 0.8}
    renamed = hand(blue, "Blue Wave")  # a new name: the old file goes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blue-wave.toml", "team-blue-2.toml"]
    assert find_hand_in(tmp_path, team_mark("browser-blue")) == renamed
    reloaded = HandIns(tmp_path, Limits(interval=0.0), team=team_mark("browser-blue"))
    assert hand(reloaded, "Blue Wave") == renamed  # a reloaded page is the same team
    assert len(list(tmp_path.iterdir())) == 2


def test_a_policy_that_changes_nothing_is_refused(tmp_path):
    with pytest.raises(HandInLimitError, match="changes no lever"):
        HandIns(tmp_path).hand_in("Team", "", BASELINE, BASELINE)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_keeps_the_team_s_previous_hand_in(tmp_path, monkeypatch):
    blue = HandIns(tmp_path, Limits(interval=0.0), team=team_mark("browser-blue"))
    first = hand(blue, "Team Blue")

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(handin.os, "replace", full)
    with pytest.raises(HandInWriteError):
        blue.hand_in("Team Blue", "", {**LEVERS, "backing": 0.8}, BASELINE)
    assert load_policy(first).levers == {"goal_clarity": 0.9}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team-blue.toml"]
