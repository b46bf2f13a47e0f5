"""Failure–distrust spirals: incidence, duration, how they end and how fast dyads recover.

A spiral is the episode that :func:`promosim.engine.observe_spirals` logs from ``spiral_start``
to ``spiral_end`` (detail "recovery" or "quit"). As in :mod:`promosim.analysis.survival`, only
spirals that start within months 1..T are followed; one still running at the horizon is
"ongoing" and censored there. Recovery and the promoter's quit are **competing** ends, so time to
recovery is described by the cumulative incidence of recovery (Aalen–Johansen), not by a
Kaplan–Meier curve that would treat quits as censored and overstate recovery.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from promosim.intervals import t_interval, wilson

ENDS = ("recovery", "quit")


def spiral_spells(events: pd.DataFrame, months: int) -> pd.DataFrame:
    """Spirals started in months 1..T: ``run, position, person, start, duration, outcome``.

    ``outcome`` is "recovery", "quit" or "ongoing" (censored at the horizon).
    """
    starts = events.loc[events["event"] == "spiral_start", ["run", "position", "person", "month"]]
    ends = events.loc[events["event"] == "spiral_end", ["run", "position", "month", "duration",
                                                        "detail"]]
    ends = ends.assign(start=(ends["month"] - ends["duration"]).astype(np.int64))
    spells = starts.rename(columns={"month": "start"}).merge(
        ends[["run", "position", "start", "month", "detail"]], on=["run", "position", "start"],
        how="left")
    ongoing = spells["month"].isna()
    spells["duration"] = spells["month"].where(~ongoing, months).to_numpy(np.float64) - spells[
        "start"]
    spells["outcome"] = spells["detail"].where(~ongoing, "ongoing")
    return spells.drop(columns=["month", "detail"]).reset_index(drop=True)


def cumulative_incidence(duration, outcome, times) -> dict[str, np.ndarray]:
    """Aalen–Johansen cumulative incidence of each end in :data:`ENDS` at ``times``.

    ``outcome`` is an end or "ongoing" (censored). The incidence of an end at ``t`` is the share
    of spirals that have ended that way by ``t``, allowing for the other end and for censoring.
    """
    duration = np.asarray(duration, dtype=np.float64)
    outcome = np.asarray(outcome, dtype=object)
    times = np.asarray(times, dtype=np.float64)
    event_times = np.unique(duration[outcome != "ongoing"])
    survival = 1.0
    steps = {end: [] for end in ENDS}
    for t in event_times:
        at_risk = (duration >= t).sum()
        for end in ENDS:
            steps[end].append(survival * ((duration == t) & (outcome == end)).sum() / at_risk)
        survival *= 1.0 - ((duration == t) & (outcome != "ongoing")).sum() / at_risk
    out = {}
    for end in ENDS:
        cumulative = np.r_[0.0, np.cumsum(steps[end])]
        out[end] = cumulative[np.searchsorted(event_times, times, side="right")]
    return out


def spiral_table(runs: pd.DataFrame, spells: pd.DataFrame, labels: list[str],
                 within: float = 12.0) -> pd.DataFrame:
    """Per label: incidence per promoter-year, how spirals ended, duration and time to recovery.

    ``runs`` (one row per run, with ``label`` and ``spiral_incidence``) gives the incidence with a
    t interval over replicates (clipped at 0); ``spells`` (with ``label``) the rest. Shares of
    ends are among spirals that ended within the horizon, with Wilson intervals;
    ``recovered_within`` and ``quit_within`` are cumulative incidences ``within`` months after the
    start.
    """
    rows = []
    for label in labels:
        own = spells[spells["label"] == label]
        incidence = t_interval(runs.loc[runs["label"] == label, "spiral_incidence"]).clip(0, np.inf)
        ended = own[own["outcome"] != "ongoing"]
        quit_share = wilson(int((ended["outcome"] == "quit").sum()), len(ended))
        recovered = own.loc[own["outcome"] == "recovery", "duration"]
        incidence_at = cumulative_incidence(own["duration"], own["outcome"], [within])
        rows.append({
            "label": label, "incidence": incidence.estimate, "incidence_low": incidence.low,
            "incidence_high": incidence.high, "spirals": len(own),
            "recovered": int((own["outcome"] == "recovery").sum()),
            "quit": int((own["outcome"] == "quit").sum()),
            "ongoing": int((own["outcome"] == "ongoing").sum()),
            "quit_share": quit_share.estimate, "quit_share_low": quit_share.low,
            "quit_share_high": quit_share.high,
            "mean_duration": float(ended["duration"].mean()) if len(ended) else float("nan"),
            "median_recovery_time": float(recovered.median()) if len(recovered) else float("nan"),
            "within": within,
            "recovered_within": float(incidence_at["recovery"][0]) if len(own) else np.nan,
            "quit_within": float(incidence_at["quit"][0]) if len(own) else np.nan,
        })
    return pd.DataFrame(rows)


def incidence_curves(spells: pd.DataFrame, labels: list[str], months: int) -> pd.DataFrame:
    """Cumulative incidence of recovery and quit by months since the spiral started, per label."""
    times = np.arange(0, months + 1)
    frames = []
    for label in labels:
        own = spells[spells["label"] == label]
        if own.empty:
            continue
        curves = cumulative_incidence(own["duration"], own["outcome"], times)
        frames.append(pd.DataFrame({"label": label, "month": times, **curves}))
    columns = ["label", "month", *ENDS]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
