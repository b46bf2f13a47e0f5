"""Policies against the baseline: per-run outcomes, differences and their 95% intervals.

In a ``promosim compare`` folder replicate *k* of every policy ran on the same seed (common random
numbers): the firms meet the same customers and the same luck, so a policy's effect is estimated
from the **paired** differences policy − baseline over replicates, with a t interval (n − 1 degrees
of freedom). Where the seeds do not match replicate by replicate (some sweeps), Welch's
unequal-variance t interval for the difference of means is used instead; the ``method`` column
says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np
import pandas as pd

from promosim.intervals import Interval, paired_difference, t_interval, welch_difference
from promosim.outcomes import (
    FIRST_YEAR,
    KINDS,
    SERIES_NAMES,
    STEADY_STATE,
    Outcome,
    Window,
    names_in,
    shown_in,
)
from promosim.summary import summarise_series

#: Outcomes compared between policies, in the order of the report (the outcome registry's
#: "compare" place).
COMPARED: dict[str, Outcome] = {o.name: o for o in shown_in("compare")}
#: The rows of the report's summary table (the registry's "headline" place).
HEADLINE: tuple[str, ...] = names_in("headline")


class Compared(Protocol):
    """What a comparison needs of a measure: an outcome of the registry, or a report's measure."""

    label: str
    group: str
    kind: str
    better: int


def common_random_numbers(own: pd.DataFrame, base: pd.DataFrame) -> bool:
    """Whether replicate k of ``own`` used the same seed as replicate k of ``base``.

    Both hold one row per run with ``replicate`` and ``seed``.
    """
    a, b = (x.set_index("replicate")["seed"].astype(str).sort_index() for x in (own, base))
    return bool(a.index.equals(b.index) and (a.to_numpy() == b.to_numpy()).all())


def compare(runs: pd.DataFrame, labels: list[str], reference: str,
            outcomes: Mapping[str, Compared] = COMPARED) -> pd.DataFrame:
    """One row per label and outcome: mean with 95% interval, difference against ``reference``.

    ``runs`` has one row per run with ``label``, ``replicate``, ``seed`` and the outcomes.
    ``relative`` is the difference as a share of the reference mean. ``n`` counts the runs with
    a value (of ``runs``; an outcome can be undefined, e.g. when no spiral ended) and ``pairs`` the
    replicates behind the difference. Intervals of means are clipped to the range an outcome can
    take (``outcomes.KINDS``).
    """
    base = runs[runs["label"] == reference].set_index("replicate").sort_index()
    rows = []
    for label in labels:
        own = runs[runs["label"] == label].set_index("replicate").sort_index()
        paired = common_random_numbers(own.reset_index(), base.reset_index())
        method = "reference" if label == reference else "paired t" if paired else "Welch t"
        for name, info in outcomes.items():
            kind = KINDS[info.kind]
            level = t_interval(own[name]).clip(kind.low, kind.high)
            if method == "reference":
                diff = Interval(np.nan, np.nan, np.nan, level.n)
            elif paired:
                diff = paired_difference(own[name].to_numpy(), base[name].to_numpy())
            else:
                diff = welch_difference(own[name].to_numpy(), base[name].to_numpy())
            reference_mean = t_interval(base[name]).estimate
            rows.append({
                "label": label, "outcome": name, "description": info.label, "group": info.group,
                "kind": info.kind, "better": info.better, "runs": len(own), "n": level.n,
                "mean": level.estimate, "low": level.low, "high": level.high,
                "reference": reference, "reference_mean": reference_mean,
                "difference": diff.estimate, "difference_low": diff.low,
                "difference_high": diff.high,
                "relative": diff.estimate / reference_mean if reference_mean else np.nan,
                "pairs": diff.n, "method": method,
            })
    return pd.DataFrame(rows)


def window_runs(runs: pd.DataFrame, series: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The runs' outcomes recomputed over ``window`` from their monthly series.

    ``runs`` has ``run``, ``label``, ``replicate`` and ``seed``; ``series`` the monthly series of
    the same runs (``run``, ``month`` and every series).
    """
    wide = {name: series.pivot(index="run", columns="month", values=name).sort_index()
            for name in SERIES_NAMES}
    table = summarise_series({name: frame.to_numpy() for name, frame in wide.items()}, window)
    table.insert(0, "run", wide["promoters"].index.to_numpy())
    keys = runs[["run", "label", "replicate", "seed"]]
    return keys.merge(table, on="run", how="inner")


def compare_windows(runs: pd.DataFrame, series: pd.DataFrame, labels: list[str], reference: str,
                    windows: tuple[Window, ...] = (FIRST_YEAR, STEADY_STATE),
                    outcomes: dict[str, Outcome] = COMPARED) -> pd.DataFrame:
    """:func:`compare` within each window: the transition after the switch and the steady state.

    Every policy takes effect at month 1 on a firm run under the baseline before; the first year
    mixes the transition in, the steady state (year 3 on) leaves it out. One row per window,
    label and outcome (column ``window``).
    """
    frames = [compare(window_runs(runs, series, window), labels, reference, outcomes)
              .assign(window=window.name, window_label=window.label) for window in windows]
    return pd.concat(frames, ignore_index=True)
