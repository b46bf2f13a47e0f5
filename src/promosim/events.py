"""The event log: hires, quits, roles, relationships and spirals, a table for survival analysis.

Model code leaves what happened in a month in the records' flows; :func:`log_position` and
:func:`log_account` write the month's events from them into a buffer of rows (a float array)
that the engine grows between months; :func:`frame` turns the rows into a sorted DataFrame.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from promosim.jit import kernel

#: Event kinds in the order they happen within a month (used to sort the log).
EVENTS = ("role_gained", "role_lost", "spiral_end", "quit", "relationship_end",
          "relationship_start", "hire", "spiral_start")
(ROLE_GAINED, ROLE_LOST, SPIRAL_END, QUIT, RELATIONSHIP_END, RELATIONSHIP_START, HIRE,
 SPIRAL_START) = range(len(EVENTS))
#: What ``detail`` says: how a spiral ended, whether a leaver held the promoter role.
DETAILS = ("", "role holder", "recovery", "quit")
NO_DETAIL, ROLE_HOLDER, RECOVERY, BY_QUIT = range(len(DETAILS))

COLUMNS = ("run", "month", "event", "team", "position", "slot", "person", "account", "duration",
           "detail")
#: Columns of a buffer row.
ROW = ("run", "month", "event", "position", "slot", "person", "account", "duration", "detail")
WIDTH = len(ROW)


class Log(NamedTuple):
    """Where model code records events: a buffer of rows and the number of rows in use."""

    rows: np.ndarray
    used: np.ndarray
    enabled: bool


def new_log(capacity: int = 1024, enabled: bool = True) -> Log:
    """An empty log with room for ``capacity`` events."""
    return Log(np.empty((capacity, WIDTH)), np.zeros(1, np.int64), enabled)


@kernel
def record(log, run: int, month: int, kind: int, position: int, slot: int, person: int,
           account: int, duration: float, detail: int) -> None:
    """Record one event (the engine makes room for a month's events before the month)."""
    i = log.used[0]
    row = log.rows[i]
    row[0], row[1], row[2], row[3], row[4] = run, month, kind, position, slot
    row[5], row[6], row[7], row[8] = person, account, duration, detail
    log.used[0] = i + 1


@kernel
def log_position(log, run: int, month: int, pr, p: int) -> None:
    """Record the month's events of position ``p`` from its flows."""
    before = pr.leaver if pr.quit else pr.person  # the holder before any quit
    if pr.role_gained:
        record(log, run, month, ROLE_GAINED, p, -1, before, -1, math.nan, NO_DETAIL)
    if pr.role_lost:
        record(log, run, month, ROLE_LOST, p, -1, before, -1, math.nan, NO_DETAIL)
    if pr.spiral_quit:
        record(log, run, month, SPIRAL_END, p, -1, pr.leaver, -1,
               float(month - pr.spiral_start), BY_QUIT)
    if pr.quit:
        record(log, run, month, QUIT, p, -1, pr.leaver, -1, pr.leaver_tenure,
               ROLE_HOLDER if pr.leaver_role else NO_DETAIL)
    if pr.hired:
        record(log, run, month, HIRE, p, -1, pr.person, -1, math.nan, NO_DETAIL)
    if pr.spiral_recovered:
        record(log, run, month, SPIRAL_END, p, -1, pr.person, -1,
               float(month - pr.spiral_start), RECOVERY)
    if pr.spiral_started:
        record(log, run, month, SPIRAL_START, p, -1, pr.person, -1, math.nan, NO_DETAIL)


@kernel
def log_account(log, run: int, month: int, a, pr, p: int, s: int) -> None:
    """Record the month's events of account slot ``s`` of position ``p`` from its flows.

    ``person`` is the position's holder when the market moved (after quits, before hires).
    """
    person = pr.person if pr.occupied and not pr.hired else -1
    if a.defected:
        record(log, run, month, RELATIONSHIP_END, p, s, person, a.account,
               float(month - a.started), NO_DETAIL)
    if a.acquired:
        record(log, run, month, RELATIONSHIP_START, p, s, person, a.account, math.nan,
               NO_DETAIL)


@kernel
def rows_with_room(rows, used, room: int):
    """``rows``, or a copy twice as big (at least) when fewer than ``room`` rows are free."""
    n = used[0]
    if n + room <= rows.shape[0]:
        return rows
    bigger = np.empty((max(2 * rows.shape[0], n + room), rows.shape[1]))
    bigger[:n] = rows[:n]
    return bigger


def with_room(log: Log, room: int) -> Log:
    """``log``, with a bigger buffer when fewer than ``room`` rows are free."""
    return Log(rows_with_room(log.rows, log.used, room), log.used, log.enabled)


def appended(log: Log, rows: np.ndarray) -> Log:
    """``log`` with ``rows`` added at its end."""
    log = with_room(log, len(rows))
    used = int(log.used[0])
    log.rows[used:used + len(rows)] = rows
    log.used[0] = used + len(rows)
    return log


def frame(log: Log, team_size: int, runs: np.ndarray | None = None) -> pd.DataFrame:
    """All events as a DataFrame sorted by run, month, event order, position and slot.

    ``duration`` is the tenure at a quit, the age of a relationship at its end and the length of a
    spiral at its end, in months; ``detail`` says how a spiral ended ("recovery" or "quit") and
    whether a leaver held the promoter role ("role holder"). ``runs`` maps the batch's run index
    to the caller's run labels.
    """
    rows = log.rows[:int(log.used[0])]
    if not len(rows):
        empty = pd.DataFrame({c: pd.Series(dtype=object if c in ("event", "detail") else np.int64)
                              for c in COLUMNS})
        empty["duration"] = empty["duration"].astype(np.float64)
        return empty
    data = {name: rows[:, i] for i, name in enumerate(ROW)}
    ints = {name: data[name].astype(np.int64) for name in ROW if name != "duration"}
    run = ints["run"] if runs is None else np.asarray(runs)[ints["run"]]
    frame_ = pd.DataFrame({
        "run": run, "month": ints["month"],
        "event": np.array(EVENTS, dtype=object)[ints["event"]],
        "team": ints["position"] // team_size, "position": ints["position"], "slot": ints["slot"],
        "person": ints["person"], "account": ints["account"], "duration": data["duration"],
        "detail": np.array(DETAILS, dtype=object)[ints["detail"]],
    })
    frame_["_order"] = ints["event"]
    frame_ = frame_.sort_values(["run", "month", "_order", "position", "slot"], kind="stable")
    return frame_.drop(columns="_order").reset_index(drop=True)
