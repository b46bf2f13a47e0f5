"""The policy report: ``report.html`` (self-contained, printable) and CSV tables beside it.

:func:`analyse` computes every number of the report from the raw results folder;
:func:`write_report` writes the numbers as CSV and the page that shows them
(:mod:`promosim.analysis.page`). Figures are embedded as PNG data, so the page needs no other
file, no network and no promosim to be read. A report of an unfinished or damaged folder rests on
the replicates finished under every policy (so differences stay paired) and says so in a banner
(:class:`Coverage`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from promosim.analysis.comparison import compare, compare_windows
from promosim.analysis.money import money_table
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
from promosim.experiments.store import (
    PartialResultsWarning,
    ResultsFolder,
    inspect_folder,
)
from promosim.intervals import mean_interval
from promosim.outcomes import FIRST_YEAR, STEADY_STATE, TRAJECTORIES
from promosim.output import atomic_write, write_table

#: The spans of the horizon compared apart: the transition after the switch, the steady state.
SPANS = (FIRST_YEAR, STEADY_STATE)
#: The most policies (with the reference) a report compares: a class of 60 and more.
MAX_POLICIES = 100
#: CSV files written next to the report: stem → what they hold.
TABLES = {
    "report": "every compared outcome: mean, 95% interval, difference against the reference",
    "report-windows": "the same in the first year after the switch and in the steady state",
    "report-money": "money a year: cost, cost of turnover and its parts, profit; differences",
    "report-survival": "tenure and relationship duration: median, restricted mean, log-rank",
    "report-curves": "Kaplan–Meier curves with 95% bands",
    "report-annual": "turnover and churn year by year with 95% intervals",
    "report-spirals": "spiral incidence, ends, duration and time to recovery",
    "report-spiral-ends": "cumulative share of spirals recovered or ended by a quit",
    "report-trajectories": "monthly means with 95% bands of trust, supervision, role conflict",
}


@dataclass(frozen=True)
class Coverage:
    """How much of the planned experiment a report rests on."""

    planned_runs: int
    runs: int
    planned_replicates: int
    replicates: int
    chunks: int
    completed: int
    damaged: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        """Whether runs are missing: unfinished, damaged, or left out to keep every pair."""
        return bool(self.damaged) or self.completed < self.chunks or self.runs < self.planned_runs

    def warning(self) -> str | None:
        """What is missing and how to complete it, in words (None when nothing is)."""
        if not self.partial:
            return None
        return (f"{self.state()} This report uses only the {self.replicates} of "
                f"{self.planned_replicates} replicate firms finished under every policy "
                f"({self.runs:,} of {self.planned_runs:,} runs), so its intervals are wider and "
                "its findings preliminary. Run the command that wrote the folder again to finish "
                "it, then write the report again.")

    def state(self) -> str:
        """The experiment's state as one sentence: unfinished, damaged, both, or incomplete."""
        unfinished = self.completed < self.chunks
        done = f"{self.completed} of {self.chunks} chunks of runs are done"
        if not self.damaged:
            return f"This experiment is unfinished: {done}." if unfinished else \
                "This experiment is incomplete."
        count = len(self.damaged)
        named = "; ".join(self.damaged[:3]) + ("; …" if count > 3 else "")
        verb = "is" if count == 1 else "are"
        if unfinished:
            return (f"This experiment is unfinished: {done}, and {count} of its files {verb} "
                    f"damaged or missing ({named}).")
        return (f"{count} file{'s' if count != 1 else ''} of this experiment {verb} damaged or "
                f"missing ({named}).")


@dataclass
class Analysis:
    """Every table the report shows, computed from one results folder."""

    results: Results
    comparison: pd.DataFrame
    windows: pd.DataFrame
    money: pd.DataFrame
    survival: pd.DataFrame
    curves: pd.DataFrame
    annual: pd.DataFrame
    spirals: pd.DataFrame
    spiral_ends: pd.DataFrame
    trajectories: pd.DataFrame
    tau: int
    coverage: Coverage | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """The CSV tables by file stem (see :data:`TABLES`)."""
        return {"report": self.comparison, "report-windows": self.windows,
                "report-money": self.money,
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
        windows=compare_windows(results.runs, results.series, labels, reference,
                                tuple(w for w in SPANS if w.reached(results.months))),
        money=money_table(results),
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


def paired_replicates(results: Results) -> Results:
    """Only the replicates finished under every label, so that every difference stays paired.

    In a finished folder that is every replicate. In an unfinished or damaged one, a replicate
    missing under one policy is left out under all, instead of comparing unequal sets of firms
    (which would lose the pairing of common random numbers).

    Raises:
        ConfigError: no replicate is finished under every label yet.

    """
    done = results.runs.groupby("label")["replicate"].agg(set)
    common = set.intersection(*(done.get(label, set()) for label in results.labels))
    if not common:
        raise ConfigError(f"{results.path}: no replicate is finished under every policy yet; run "
                          "the command that wrote the folder again to finish more of it")
    runs = results.runs[results.runs["replicate"].isin(common)]
    kept = set(runs["run"])
    return replace(results, runs=runs.reset_index(drop=True),
                   series=results.series[results.series["run"].isin(kept)],
                   events=results.events[results.events["run"].isin(kept)])


def coverage(results: Results, full: Results) -> Coverage:
    """What ``results`` (paired replicates) hold of the experiment planned in the manifest."""
    manifest = results.manifest
    found = inspect_folder(results.path)
    replicates = manifest.get("replicates")
    replicates = replicates if isinstance(replicates, int) else full.replicates
    planned = manifest.get("runs")
    planned = planned if isinstance(planned, int) else len(results.points) * replicates
    return Coverage(planned_runs=planned, runs=len(results.runs),
                    planned_replicates=replicates,
                    replicates=results.runs["replicate"].nunique(), chunks=found.chunks,
                    completed=len(manifest["chunks_completed"]), damaged=tuple(found.problems))


def write_report(results_dir: str | Path) -> Path:
    """Write ``report.html`` and the CSV tables into ``results_dir``; return the page's path.

    An unfinished or damaged folder is reported on the replicates finished under every policy,
    with a banner at the top of the page saying what is missing (and a
    :class:`~promosim.experiments.store.PartialResultsWarning`).
    """
    path = Path(results_dir)
    if not path.is_dir():
        raise ConfigError(f"{path}: no such results folder")
    with ResultsFolder(path).writing():  # nobody else writes while the report does
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PartialResultsWarning)
            full = load_results(path, allow_partial=True)
        if len(full.labels) > MAX_POLICIES:
            raise ConfigError(f"{full.path}: {len(full.labels)} design points; the report "
                              f"compares at most {MAX_POLICIES} policies (the baseline "
                              "included): compare fewer at a time")
        results = paired_replicates(full)
        analysis = analyse(results)
        analysis.coverage = coverage(results, full)
        for stem, table in analysis.tables().items():
            write_table(table, results.path / stem, "csv")
        page = render(analysis)
        written = atomic_write(results.path / "report.html",
                               lambda p: p.write_text(page, encoding="utf-8"))
    warning = analysis.coverage.warning()
    if warning:
        warnings.warn(f"{path}: {warning}", PartialResultsWarning, stacklevel=2)
    return written
