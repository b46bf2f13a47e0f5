"""Processes seen through /proc: a process's children, its session, whether it still runs."""

import time
from pathlib import Path

HAS_PROC = Path("/proc/self/stat").exists()


def _stat(pid: int | str) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state, ppid, pgrp, session, ...)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _processes() -> dict[int, list[str]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found[int(entry.name)] = _stat(entry.name)
            except (OSError, IndexError):
                continue
    return found


def children(pid: int) -> list[int]:
    """The running processes whose parent is ``pid``."""
    return [p for p, stat in _processes().items() if int(stat[1]) == pid and stat[0] != "Z"]


def session(sid: int) -> list[int]:
    """The running processes of session ``sid`` (a command started with a new session)."""
    return [p for p, stat in _processes().items() if int(stat[3]) == sid and stat[0] != "Z"]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not)."""
    try:
        return _stat(pid)[0] != "Z"
    except OSError:
        return False


def gone_within(pids: list[int], seconds: float) -> float:
    """Seconds until every pid has ended (an AssertionError after ``seconds``)."""
    start = time.monotonic()
    while any(alive(p) for p in pids):
        assert time.monotonic() - start < seconds, f"still running: {pids}"
        time.sleep(0.05)
    return time.monotonic() - start
