"""Survival of promoters in their jobs and of customer relationships, from the event log.

Only spells that **start within the reported window** (months 1..T) are analysed: promoters hired
in month 1 or later and relationships started in month 1 or later. People and relationships
already present at month 1 started during the unlogged spin-up under the baseline policy; leaving
them out avoids left truncation and keeps every spell fully exposed to the policy compared. A spell
that is still running at the horizon T is right-censored at its length ``T - start``.

Kaplan–Meier curves and their 95% bands (log-log, Greenwood) come from :func:`scipy.stats.ecdf`
on :class:`scipy.stats.CensoredData`; log-rank tests from :func:`scipy.stats.logrank`.
Methods: ``docs/analysis.md``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from promosim.intervals import LEVEL, Interval, mean_interval


@dataclass(frozen=True)
class Curve:
    """A Kaplan–Meier survival curve as a step function starting at time 0 with survival 1.

    ``survival[i]`` holds from ``time[i]`` until ``time[i + 1]``; ``low`` and ``high`` are the
    pointwise 95% band (NaN where survival has fallen to 0 and the band is undefined).
    """

    time: np.ndarray
    survival: np.ndarray
    low: np.ndarray
    high: np.ndarray
    subjects: int
    events: int

    def at(self, t: float) -> float:
        """Survival at time ``t``."""
        return float(self.survival[np.searchsorted(self.time, t, side="right") - 1])


def censored(duration, observed) -> stats.CensoredData:
    """Right-censored data: ``observed`` is True where the spell ended, False where censored."""
    observed = np.asarray(observed, dtype=bool)
    return stats.CensoredData.right_censored(np.asarray(duration, np.float64), ~observed)


def kaplan_meier(duration, observed) -> Curve:
    """The Kaplan–Meier estimate of survival with its pointwise 95% log-log band."""
    duration = np.asarray(duration, dtype=np.float64)
    observed = np.asarray(observed, dtype=bool)
    if duration.size == 0:
        one = np.ones(1)
        return Curve(np.zeros(1), one, one, one, 0, 0)
    result = stats.ecdf(censored(duration, observed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        band = result.sf.confidence_interval(LEVEL, method="log-log")
    time, surv = result.sf.quantiles, result.sf.probabilities
    low, high = (np.where(np.isnan(b) & (surv == 1.0), 1.0, b) for b in (band.low.probabilities,
                                                                          band.high.probabilities))
    if time[0] > 0.0:
        time, surv, low, high = (np.r_[first, x] for first, x in
                                 ((0.0, time), (1.0, surv), (1.0, low), (1.0, high)))
    return Curve(time, surv, low, high, int(duration.size), int(observed.sum()))


def median(curve: Curve) -> Interval:
    """Median survival: the first time survival falls to 0.5 or below, with its 95% interval.

    The interval runs from where the band's lower edge reaches 0.5 to where its upper edge does
    (Brookmeyer–Crowley style); NaN where a curve never reaches 0.5 ("not reached").
    """
    def first(values: np.ndarray) -> float:
        hit = np.flatnonzero(np.nan_to_num(values, nan=0.0) <= 0.5)
        return float(curve.time[hit[0]]) if hit.size else float("nan")

    return Interval(first(curve.survival), first(curve.low), first(curve.high), curve.subjects)


def restricted_mean(duration, observed, tau: float) -> Interval:
    """Restricted mean survival time up to ``tau``: the area under the Kaplan–Meier curve.

    It is the mean time spent in the state during the first ``tau`` months. The 95% interval
    uses the standard Greenwood-type variance ``Σ A_i² d_i / (n_i (n_i − d_i))`` over event times
    ``t_i ≤ tau``, with ``A_i`` the area under the curve from ``t_i`` to ``tau``.
    """
    duration = np.asarray(duration, dtype=np.float64)
    observed = np.asarray(observed, dtype=bool)
    curve = kaplan_meier(duration, observed)
    if curve.subjects == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    edges = np.r_[np.minimum(curve.time, tau), tau]
    area = float((curve.survival * np.diff(edges)).sum())
    times = np.unique(duration[observed & (duration <= tau)])
    variance = 0.0
    for t in times:
        at_risk = float((duration >= t).sum())
        deaths = float(((duration == t) & observed).sum())
        after = np.clip(edges, t, tau)
        remaining = float((curve.survival * np.diff(after)).sum())
        if at_risk > deaths:
            variance += remaining ** 2 * deaths / (at_risk * (at_risk - deaths))
    half = stats.norm.ppf(0.5 + LEVEL / 2) * np.sqrt(variance)
    return Interval(area, float(area - half), float(area + half), curve.subjects).clip(0.0, tau)


def logrank(a: pd.DataFrame, b: pd.DataFrame) -> tuple[float, float]:
    """Log-rank test of equal survival of two sets of spells: ``(chi-square, p-value)``."""
    if not (len(a) and len(b) and (a["observed"].any() or b["observed"].any())):
        return float("nan"), float("nan")
    result = stats.logrank(censored(a["duration"], a["observed"]),
                           censored(b["duration"], b["observed"]))
    return float(result.statistic) ** 2, float(result.pvalue)


def tenure_spells(events: pd.DataFrame, months: int) -> pd.DataFrame:
    """Jobs of promoters hired in months 1..T: ``run, position, person, start, duration, observed``.

    ``duration`` is the tenure at the quit (``observed``) or at the horizon (censored);
    ``role_holder`` says whether a leaver held the promoter role when they quit.
    """
    hires = events.loc[events["event"] == "hire", ["run", "position", "person", "month"]]
    quits = events.loc[events["event"] == "quit", ["run", "position", "person", "month", "detail"]]
    spells = hires.merge(quits, on=["run", "position", "person"], how="left",
                         suffixes=("", "_end"))
    return _spells(spells, months, role_holder=spells["detail"].eq("role holder"))


def relationship_spells(events: pd.DataFrame, months: int) -> pd.DataFrame:
    """Relationships started in months 1..T: ``run, account, start, duration, observed``."""
    starts = events.loc[events["event"] == "relationship_start", ["run", "account", "month"]]
    ends = events.loc[events["event"] == "relationship_end", ["run", "account", "month"]]
    spells = starts.merge(ends, on=["run", "account"], how="left", suffixes=("", "_end"))
    return _spells(spells, months)


def _spells(spells: pd.DataFrame, months: int, **extra) -> pd.DataFrame:
    observed = spells["month_end"].notna()
    end = spells["month_end"].where(observed, months)
    out = spells.drop(columns=[c for c in ("month", "month_end", "detail") if c in spells])
    out = out.assign(start=spells["month"].to_numpy(), duration=(end - spells["month"]).to_numpy(
        np.float64), observed=observed.to_numpy(), **extra)
    return out.sort_values(["run", "start"], kind="stable").reset_index(drop=True)


def survival_table(spells: pd.DataFrame, labels: list[str], reference: str,
                   tau: float) -> pd.DataFrame:
    """Per label: spells, events, median and restricted mean (with intervals), log-rank test.

    ``spells`` carries a ``label`` column; the log-rank test compares each label with
    ``reference``.
    """
    rows = []
    base = spells[spells["label"] == reference]
    for label in labels:
        own = spells[spells["label"] == label]
        curve = kaplan_meier(own["duration"], own["observed"])
        mid = median(curve)
        rmst = restricted_mean(own["duration"], own["observed"], tau)
        chi2, p = logrank(own, base) if label != reference else (float("nan"), float("nan"))
        rows.append({
            "label": label, "spells": curve.subjects, "ended": curve.events,
            "censored": curve.subjects - curve.events,
            "median": mid.estimate, "median_low": mid.low, "median_high": mid.high,
            "tau": tau, "restricted_mean": rmst.estimate, "restricted_mean_low": rmst.low,
            "restricted_mean_high": rmst.high, "logrank_chi2": chi2, "logrank_p": p,
        })
    return pd.DataFrame(rows)


def curves_frame(spells: pd.DataFrame, labels: list[str], measure: str) -> pd.DataFrame:
    """The Kaplan–Meier curves of every label as a tidy table (for CSV and plotting)."""
    frames = []
    for label in labels:
        own = spells[spells["label"] == label]
        curve = kaplan_meier(own["duration"], own["observed"])
        frames.append(pd.DataFrame({"measure": measure, "label": label, "time": curve.time,
                                    "survival": curve.survival, "low": curve.low,
                                    "high": curve.high}))
    return pd.concat(frames, ignore_index=True)


def annual_rates(series: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Turnover and churn per year of the horizon, mean over replicates with a 95% t interval.

    Turnover is quits per occupied position-year, churn defections per relationship-year, both
    within the year (months ``12y − 11 .. 12y``; a last partial year is rated by its exposure).
    Lower limits are clipped at 0.
    """
    s = series[series["month"] >= 1].assign(year=lambda f: (f["month"] - 1) // 12 + 1)
    per_run = s.groupby(["label", "run", "year"], sort=False).agg(
        quits=("quits", "sum"), promoters=("promoters", "sum"),
        defections=("defections", "sum"), relationships=("active_relationships", "sum"))
    per_run["turnover"] = per_run["quits"] / (per_run["promoters"] / 12.0)
    per_run["churn"] = per_run["defections"] / (per_run["relationships"] / 12.0)
    rows = []
    for label in labels:
        own = per_run.loc[label]
        for measure in ("turnover", "churn"):
            table = own[measure].unstack("year")
            mean, low, high, n = mean_interval(table.to_numpy(), axis=0)
            rows += [{"label": label, "measure": measure, "year": int(year), "mean": m,
                      "low": float(np.maximum(lo, 0.0)), "high": hi, "runs": int(k)}
                     for year, m, lo, hi, k in zip(table.columns, mean, low, high, n, strict=True)]
    return pd.DataFrame(rows)
