"""The event log: hires, quits, roles, relationships and spirals, a table for survival analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Event kinds in the order they happen within a month (used to sort the log).
EVENTS = ("role_gained", "role_lost", "spiral_end", "quit", "relationship_end",
          "relationship_start", "hire", "spiral_start")

COLUMNS = ("run", "month", "event", "team", "position", "slot", "person", "account", "duration",
           "detail")


class EventLog:
    """Collects events month by month; :meth:`frame` returns them as one sorted DataFrame.

    ``duration`` is the tenure at a quit, the age of a relationship at its end and the length of a
    spiral at its end, in months; ``detail`` says how a spiral ended ("recovery" or "quit") and
    whether a leaver held the promoter role ("role holder").
    """

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._chunks: list[dict[str, np.ndarray]] = []

    def positions(self, kind: str, month: int, st, mask: np.ndarray,
                  duration: np.ndarray | None = None, detail: np.ndarray | str = "") -> None:
        """Record ``kind`` for every position where ``mask`` holds."""
        if not self.enabled or not mask.any():
            return
        runs, pos = np.nonzero(mask)
        self._add(kind, month, runs, pos, np.full(runs.size, -1), st.person[runs, pos],
                  np.full(runs.size, -1), duration, detail, (runs, pos))

    def accounts(self, kind: str, month: int, st, mask: np.ndarray,
                 duration: np.ndarray | None = None) -> None:
        """Record ``kind`` for every account slot where ``mask`` holds."""
        if not self.enabled or not mask.any():
            return
        runs, pos, slot = np.nonzero(mask)
        self._add(kind, month, runs, pos, slot, st.person[runs, pos], st.account[runs, pos, slot],
                  duration, "", (runs, pos, slot))

    def _add(self, kind, month, runs, pos, slot, person, account, duration, detail, index):
        n = runs.size
        self._chunks.append({
            "run": runs, "month": np.full(n, month), "event": np.full(n, kind, dtype=object),
            "position": pos, "slot": slot, "person": person, "account": account,
            "duration": (np.asarray(duration, dtype=np.float64)[index] if duration is not None
                         else np.full(n, np.nan)),
            "detail": (np.asarray(detail, dtype=object)[index[:2]] if np.ndim(detail)
                       else np.full(n, detail, dtype=object)),
        })

    def frame(self, team_size: int, runs: np.ndarray | None = None) -> pd.DataFrame:
        """All events as a DataFrame sorted by run, month, event order, position and slot.

        ``runs`` maps the batch's run index to the caller's run labels.
        """
        if not self._chunks:
            frame = pd.DataFrame({c: pd.Series(dtype=object if c in ("event", "detail") else
                                               np.int64) for c in COLUMNS})
            frame["duration"] = frame["duration"].astype(np.float64)
            return frame
        data = {k: np.concatenate([c[k] for c in self._chunks]) for k in self._chunks[0]}
        data["team"] = data["position"] // team_size
        if runs is not None:
            data["run"] = np.asarray(runs)[data["run"]]
        frame = pd.DataFrame({c: data[c] for c in COLUMNS})
        order = {k: i for i, k in enumerate(EVENTS)}
        frame["_order"] = frame["event"].map(order)
        frame = frame.sort_values(["run", "month", "_order", "position", "slot"], kind="stable")
        return frame.drop(columns="_order").reset_index(drop=True)
