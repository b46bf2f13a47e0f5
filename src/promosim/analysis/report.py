"""The policy report: ``report.html`` (self-contained, printable) and CSV tables beside it.

:func:`analyse` computes every number of the report from the raw results folder;
:func:`write_report` writes the numbers as CSV and the page that shows them
(:mod:`promosim.analysis.page`). Figures are embedded as PNG data, so the page needs no other
file, no network and no promosim to be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from promosim.analysis.comparison import compare, compare_windows
from promosim.analysis.page import render
from promosim.analysis.results import Results, load_results
from promosim.analysis.spirals import incidence_curves, spiral_spells, spiral_table
from promosim.analysis.survival import (
    annual_rates,
    curves_frame,
    relationship_spells,
    survival_table,
    tenure_spells,
)
from promosim.errors import ConfigError
from promosim.intervals import mean_interval
from promosim.outcomes import TRAJECTORIES
from promosim.output import atomic_write, write_table

MAX_POLICIES = 12
#: CSV files written next to the report: stem → what they hold.
TABLES = {
    "report": "every compared outcome: mean, 95% interval, difference against the reference",
    "report-windows": "the same in the first year after the switch and in the steady state",
    "report-survival": "tenure and relationship duration: median, restricted mean, log-rank",
    "report-curves": "Kaplan–Meier curves with 95% bands",
    "report-annual": "turnover and churn year by year with 95% intervals",
    "report-spirals": "spiral incidence, ends, duration and time to recovery",
    "report-spiral-ends": "cumulative share of spirals recovered or ended by a quit",
    "report-trajectories": "monthly means with 95% bands of trust, supervision, role conflict",
}


@dataclass
class Analysis:
    """Every table the report shows, computed from one results folder."""

    results: Results
    comparison: pd.DataFrame
    windows: pd.DataFrame
    survival: pd.DataFrame
    curves: pd.DataFrame
    annual: pd.DataFrame
    spirals: pd.DataFrame
    spiral_ends: pd.DataFrame
    trajectories: pd.DataFrame
    tau: int

    def tables(self) -> dict[str, pd.DataFrame]:
        """The CSV tables by file stem (see :data:`TABLES`)."""
        return {"report": self.comparison, "report-windows": self.windows,
                "report-survival": self.survival,
                "report-curves": self.curves, "report-annual": self.annual,
                "report-spirals": self.spirals, "report-spiral-ends": self.spiral_ends,
                "report-trajectories": self.trajectories}


def restricted_horizon(months: int) -> int:
    """The horizon of restricted mean survival: half the simulated months (at least 1)."""
    return max(months // 2, 1)


def analyse(results: Results) -> Analysis:
    """Compute the report's tables from a results folder."""
    labels, reference, months = results.labels, results.reference, results.months
    label_of = results.label_of()
    tau = restricted_horizon(months)
    survival, curves = [], []
    for measure, spells in (("tenure", tenure_spells(results.events, months)),
                            ("relationship", relationship_spells(results.events, months))):
        spells["label"] = spells["run"].map(label_of)
        survival.append(survival_table(spells, labels, reference, tau).assign(measure=measure))
        curves.append(curves_frame(spells, labels, measure))
    spells = spiral_spells(results.events, months)
    spells["label"] = spells["run"].map(label_of)
    return Analysis(
        results=results,
        comparison=compare(results.runs, labels, reference),
        windows=compare_windows(results.runs, results.series, labels, reference),
        survival=pd.concat(survival, ignore_index=True),
        curves=pd.concat(curves, ignore_index=True),
        annual=annual_rates(results.series, labels),
        spirals=spiral_table(results.runs, spells, labels),
        spiral_ends=incidence_curves(spells, labels, months),
        trajectories=trajectory_bands(results.series, labels),
        tau=tau,
    )


def trajectory_bands(series: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Mean over replicates and 95% t band (within 0..1), month by month, of the trajectories."""
    frames = []
    for name in TRAJECTORIES:
        for label in labels:
            table = series[series["label"] == label].pivot(index="run", columns="month",
                                                            values=name)
            mean, low, high, n = mean_interval(table.to_numpy(), axis=0)
            frames.append(pd.DataFrame({"series": name, "label": label, "month": table.columns,
                                        "mean": mean, "low": np.clip(low, 0.0, 1.0),
                                        "high": np.clip(high, 0.0, 1.0), "runs": n}))
    return pd.concat(frames, ignore_index=True)


def write_report(results_dir: str | Path) -> Path:
    """Write ``report.html`` and the CSV tables into ``results_dir``; return the page's path."""
    results = load_results(results_dir)
    if len(results.labels) > MAX_POLICIES:
        raise ConfigError(f"{results.path}: {len(results.labels)} design points; the report "
                          f"compares at most {MAX_POLICIES} policies (use 'promosim compare')")
    analysis = analyse(results)
    for stem, table in analysis.tables().items():
        write_table(table, results.path / stem, "csv")
    page = render(analysis)
    return atomic_write(results.path / "report.html",
                        lambda p: p.write_text(page, encoding="utf-8"))
