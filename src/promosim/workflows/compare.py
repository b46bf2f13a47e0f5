"""Comparing policies: each against the baseline on common random numbers, differences paired.

:func:`compare` runs the baseline scenario and every policy for the same replicate seeds into a
results folder (with the monthly series and event log the HTML report draws from) and returns
a :class:`ComparisonResult`: the paired differences with 95% intervals, the report, a chart.
:func:`report` writes the HTML report of a comparison's results folder, written earlier or now.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from promosim.analysis.comparison import window_runs
from promosim.errors import ConfigError, counted, shown
from promosim.experiments.compare import (
    COMPARED,
    REFERENCE,
    compare_plan,
    find_policy,
    money_a_year,
    paired_differences,
)
from promosim.experiments.limits import MAX_CHUNK_RUNS, MAX_REPLICATES, MAX_SEED, check_whole
from promosim.experiments.sweepfile import DEFAULT_CHUNK_RUNS
from promosim.outcomes import (
    FIRST_YEAR,
    KINDS,
    OUTCOMES,
    STEADY_STATE,
    Outcome,
    names_in,
    shown_in,
)
from promosim.scenario import Policy, Scenario
from promosim.workflows.result import FolderResult, copy_files, outcomes_of
from promosim.workflows.running import Confirm, Execution, run_plan, scenario_of

if TYPE_CHECKING:
    from promosim.workflows.charts import Plot

WHERE = "promosim.compare"
PolicyLike = str | Path | Policy

#: Outcomes the policies can be ranked by (compared outcomes with a better direction).
RANKABLE = tuple(o.name for o in shown_in("compare") if o.better)
#: The outcome policies are ranked by unless another is named.
RANK_BY = "profit"
#: The spans shown apart under each policy: the transition after the switch, the steady state.
SPANS = (FIRST_YEAR, STEADY_STATE)
WINDOW = {span.name: span for span in SPANS}
#: The key outcomes shown per span (the registry's "lead" place), besides the one ranked by.
KEY = names_in("lead")
#: Width of a span's cell in the printout (a difference and its interval).
CELL = 32


def compare(policies: PolicyLike | Sequence[PolicyLike],
            scenario: str | Path | Scenario | Mapping[str, Any] | None = None, *,
            overrides: Mapping[str, Any] | None = None, months: int | None = None,
            replicates: int = 30, seed: int = 1, out: str | Path = "results/compare",
            chunk_runs: int | None = None, workers: int | None = None,
            scheduler: str | None = None, dask_local: int | None = None, force: bool = False,
            confirm: Confirm = False, progress: bool = True) -> ComparisonResult:
    """Compare policies with the baseline scenario, replicate by replicate on the same seeds.

    Replicate *k* of every policy runs on the seed of replicate *k* of the baseline (common
    random numbers), so each policy's difference from the baseline is taken within replicates
    (paired). The runs stream into ``out``; calling again with the same arguments resumes an
    interrupted comparison, or finds it done.

    Args:
        policies: policy files, names of policies in ``configs/policies``
            (``"tight-control"``), or :class:`~promosim.scenario.Policy` objects; one alone
            is fine.
        scenario: the baseline: a scenario file, a :class:`~promosim.scenario.Scenario`, a
            mapping of parameter values, or None for ``configs/baseline.toml``.
        overrides: parameter values that replace the scenario's, e.g. ``{"n_teams": 4}``.
        months: the horizon (None: the scenario's).
        replicates: replicates per policy, at least 2 (for an interval).
        seed: the base seed of the replicate seeds.
        out: the results folder.
        chunk_runs: runs per chunk, the unit of work, saving and resuming (default 32).
        workers: local worker processes (None: one per core; 0: in this process).
        scheduler: the address of a Dask ``distributed`` scheduler to run on instead.
        dask_local: the worker processes of a Dask ``LocalCluster`` to start instead.
        force: replace results of another experiment or model version in ``out``.
        confirm: let an experiment of more than 100,000 runs or 10 GB start: True, False, or
            a function given the plan that returns whether to start.
        progress: show a progress bar (on a terminal or in a notebook).

    Returns:
        The comparison, read from ``out``.

    Raises:
        ConfigError: a file, policy, parameter or setting that cannot be used, or a folder
            that holds other results.
        RunError: the disk is full or a worker was lost; what is saved resumes.
        Stopped: Ctrl-C or SIGTERM; what is saved resumes.
    """
    execution = Execution(workers=workers, scheduler=scheduler, dask_local=dask_local,
                          force=force, confirm=confirm, progress=progress).checked(WHERE)
    check_whole(replicates, "replicates", WHERE, 2, MAX_REPLICATES)
    check_whole(seed, "seed", WHERE, 0, MAX_SEED)
    chunk_runs = DEFAULT_CHUNK_RUNS if chunk_runs is None else chunk_runs
    check_whole(chunk_runs, "chunk_runs", WHERE, 1, MAX_CHUNK_RUNS)
    base = scenario_of(scenario, overrides, months, WHERE)
    chosen = policies_of(policies)
    plan = compare_plan(base, chosen, replicates, seed, chunk_runs)
    what = (f"{REFERENCE} and {len(chosen)} polic{'y' if len(chosen) == 1 else 'ies'} × "
            f"{counted(replicates, 'replicate')}, {int(base.values['months'])} months")
    folder = run_plan(plan, out, execution, WHERE, what,
                      {"parameters": base.values, "scenario": base.source})
    return ComparisonResult(folder)


def policies_of(policies: PolicyLike | Sequence[PolicyLike], where: str = WHERE,
                ) -> list[Policy]:
    """The policies named: files, names in ``configs/policies``, or Policy objects.

    Args:
        policies: the policies, or one alone.
        where: the caller, named first in messages.

    Returns:
        The policies, read and checked, in the order given.

    Raises:
        ConfigError: a name that is no file or named policy, or a file that cannot be used.
    """
    if isinstance(policies, str | Path | Policy):
        policies = [policies]
    if not isinstance(policies, Sequence) or not policies:
        raise ConfigError(f"{where}: 'policies' must name at least one policy (a file, a name "
                          f"in configs/policies or a Policy), got {shown(policies)}")
    found = []
    for policy in policies:
        if isinstance(policy, Policy):
            found.append(policy)
        elif isinstance(policy, str | Path):
            found.append(find_policy(str(policy)))
        else:
            raise ConfigError(f"{where}: a policy must be a file, a name in configs/policies or "
                              f"a Policy, got {shown(policy)}")
    return found


def report(results: str | Path, *, out: str | Path | None = None) -> Path:
    """Write the HTML report and its CSV tables of a comparison's results folder.

    The same as ``ComparisonResult(results).save(out)`` (see :meth:`ComparisonResult.save`):
    ``report.html`` shows the policies against the baseline with 95% intervals, findings in
    plain words, retention and relationship curves, trajectories, spirals and costs, its figures
    embedded; the same numbers go to ``report*.csv``. An unfinished or damaged experiment is
    reported on the replicates finished under every policy, with a banner saying so (and a
    :class:`~promosim.experiments.PartialResultsWarning`).

    Args:
        results: a results folder of :func:`compare` (or ``promosim compare``).
        out: where the files go (default: the results folder).

    Returns:
        The path of ``report.html``.

    Raises:
        ConfigError: no such results folder, or results that cannot be reported (no complete
            pair of replicates yet, more than 100 policies), or ``out`` cannot be created.
    """
    if not isinstance(results, str | Path):
        raise ConfigError(f"promosim.report: 'results' must be a results folder, got "
                          f"{shown(results)}")
    if not (out is None or isinstance(out, str | Path)):
        raise ConfigError(f"promosim.report: 'out' must be a folder, got {shown(out)}")
    return ComparisonResult(results).save(out) / "report.html"


class ComparisonResult(FolderResult):
    """Policies against the baseline: a results folder and its paired differences.

    Made by :func:`compare`, or for a folder written earlier:
    ``ComparisonResult("results/compare")``.

    Args:
        folder: the results folder of a comparison.
    """

    @cached_property
    def differences(self) -> pd.DataFrame:
        """Each policy's paired difference from the reference, per outcome, with its interval.

        Columns: ``label``, ``outcome``, ``reference`` and ``policy`` (the two means),
        ``difference``, ``low`` and ``high`` (its 95% t interval) and ``pairs``.
        """
        return paired_differences(self.runs(), COMPARED, self.reference)

    @property
    def reference(self) -> str:
        """The label the policies are compared with (``baseline``)."""
        design = self.manifest.get("design")
        named = design.get("reference") if isinstance(design, dict) else None
        return named if isinstance(named, str) else REFERENCE

    @property
    def replicates(self) -> int:
        """Replicates per policy."""
        return int(self.manifest["replicates"])

    @property
    def months(self) -> int:
        """The horizon in months."""
        return int(self.manifest["months"])

    def to_frame(self) -> pd.DataFrame:
        """The paired differences (see :attr:`differences`)."""
        return self.differences.copy()

    def ranked(self, by: str = RANK_BY) -> pd.DataFrame:
        """The paired differences with the policies in order, best first, and their rank.

        Args:
            by: the outcome the policies are ranked by (one with a better direction, e.g.
                ``"profit"`` or ``"promoter_turnover"``).

        Returns:
            :attr:`differences` (plus ``by`` if it is not compared) with a ``rank`` column.

        Raises:
            ConfigError: ``by`` is no outcome with a better direction.
        """
        if by not in RANKABLE:
            raise ConfigError(f"{WHERE}: cannot rank by {shown(by)}; choose one of "
                              f"{', '.join(RANKABLE)}")
        table = self.differences
        if by not in set(table["outcome"]):
            table = paired_differences(self.runs(), (*COMPARED, by), self.reference)
        return ranked(table, by)

    @cached_property
    def windows(self) -> pd.DataFrame:
        """Each policy's paired differences in the first year after the switch and the steady state.

        The outcomes are recomputed within each span from the monthly series, as for the
        report's ``report-windows.csv``; money is summed over the span. Columns: ``window``
        (``first_year``, ``steady_state``) and those of :attr:`differences`; a span the horizon
        does not reach (the steady state of 24 months or fewer) has no rows.
        """
        runs, series = self.runs(), self.series()
        outcomes = tuple(dict.fromkeys((*COMPARED, *RANKABLE)))
        frames = [paired_differences(window_runs(runs, series, span), outcomes, self.reference)
                  .assign(window=span.name) for span in SPANS if span.reached(self.months)]
        table = pd.concat(frames, ignore_index=True)
        return table[["window", *table.columns.drop("window")]]

    def report(self, rank_by: str = RANK_BY) -> str:
        """The paired differences as readable lines, one block per policy, best first.

        Each block has the compared outcomes over the whole horizon, then the key outcomes (and
        ``rank_by``) in the first year after the switch and in the steady state; money a year.

        Args:
            rank_by: the outcome the policies are ranked by (see :meth:`ranked`).

        Returns:
            The text.
        """
        lines = [f"Difference from {self.reference} (policy − {self.reference}), mean and 95% "
                 f"interval over {self.replicates} paired replicates, {self.months} months; "
                 f"ranked by {OUTCOMES[rank_by].label.lower()}, best first:"]
        table = money_a_year(self.ranked(rank_by), self.months / 12)
        key = (*KEY, *(() if rank_by in KEY else (rank_by,)))
        spans = pd.concat([money_a_year(own, WINDOW[name].years(self.months))
                           for name, own in self.windows.groupby("window", sort=False)])
        spans = spans[spans["outcome"].isin(key)]
        return "\n".join([*lines, *difference_lines(table, spans),
                          *textwrap.wrap(span_note(self.months), 100)])

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the HTML report and its CSV tables (``report.html``, ``report*.csv``).

        They are written into the results folder, and copied into ``folder`` if another is
        given. An unfinished or damaged experiment is reported on the replicates finished
        under every policy, with a banner saying so (and a
        :class:`~promosim.experiments.PartialResultsWarning`).

        Args:
            folder: where the files go (default: the results folder).

        Returns:
            The folder the files are in.

        Raises:
            ConfigError: the results cannot be reported (no complete pair yet, more than 12
                policies) or ``folder`` cannot be created.
        """
        from promosim.analysis.report import TABLES, write_report  # the report's libraries

        with self._writing(folder) as target:
            page = write_report(self.folder)
            copy_files([page, *(self.folder / f"{stem}.csv" for stem in TABLES)], target)
        return target

    def plot(self, outcomes: Sequence[str] = COMPARED) -> Plot:
        """Each policy's difference from the reference with its 95% interval, by outcome.

        Money is a year's, as in :meth:`report`.

        Green: the interval lies on the better side of zero; red: on the worse side; grey: it
        spans zero.

        Args:
            outcomes: the outcomes shown (names of :data:`promosim.outcomes.OUTCOMES`).

        Returns:
            The chart.

        Raises:
            ConfigError: a name that is not an outcome.
        """
        from promosim.workflows.charts import differences_chart

        outcomes = outcomes_of(outcomes, f"{WHERE}: plot")
        table = self.differences
        if not set(outcomes) <= set(table["outcome"]):
            table = paired_differences(self.runs(), outcomes, self.reference)
        return differences_chart(money_a_year(table, self.months / 12), outcomes,
                                 f"Difference from {self.reference}, mean and 95% interval "
                                 f"over {self.replicates} paired replicates; money a year")


def ranked(table: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Paired differences with the policies in order, best first by ``outcome``, and ranks."""
    better = OUTCOMES[outcome].better
    means = table[table["outcome"] == outcome].set_index("label")["difference"] * better
    order = {label: rank for rank, label in enumerate(
        means.sort_values(ascending=False, na_position="last").index, start=1)}
    return table.assign(rank=table["label"].map(order)).sort_values("rank", kind="stable")


def difference_lines(table: pd.DataFrame, spans: pd.DataFrame | None = None) -> list[str]:
    """Paired differences as readable lines, one block per policy (formats: the registry).

    Args:
        table: paired differences (:func:`~promosim.experiments.compare.paired_differences`),
            with a ``rank`` column if ranked.
        spans: the same within spans (``window`` column, :attr:`ComparisonResult.windows`),
            shown under each policy's lines; None for none.

    Returns:
        The lines.
    """
    lines = []
    for label, rows in table.groupby("label", sort=False):
        rank = rows["rank"].iloc[0] if "rank" in rows else None
        lines.append(f"  {f'{rank}. ' if rank is not None else ''}{label}")
        for row in rows.itertuples():
            outcome = OUTCOMES[row.outcome]
            levels = f"{outcome.format(row.reference)} → {outcome.format(row.policy)}"
            lines.append(f"    {outcome.yearly_heading:<34} {levels:<25} "
                         f"{_difference(outcome, row.difference, row.low, row.high)}")
        if spans is not None and len(spans):
            lines += span_lines(spans[spans["label"] == label])
    return lines


def span_lines(rows: pd.DataFrame) -> list[str]:
    """One policy's differences by span: a heading naming the spans, then a line per outcome."""
    names = list(dict.fromkeys(rows["window"]))
    cells = {(row.window, row.outcome): row for row in rows.itertuples()}
    lines = [f"    {'Transition and steady state':<34} "
             + "".join(f"{WINDOW[name].label:<{CELL}}" for name in names).rstrip()]
    for name in dict.fromkeys(rows["outcome"]):
        outcome = OUTCOMES[name]
        lines.append(f"    {outcome.yearly_heading:<34} " + "".join(
            f"{_difference(outcome, c.difference, c.low, c.high, 9):<{CELL}}"
            for c in (cells[(window, name)] for window in names)).rstrip())
    return lines


def span_note(months: int) -> str:
    """Which span the ranking and each policy's first lines use, and which are shown apart."""
    shown = [span.label for span in SPANS if span.reached(months)]
    missing = [span for span in SPANS if not span.reached(months)]
    text = (f"The ranking and each policy's first lines cover the whole horizon ({months} "
            f"months, the transition included); the {' and the '.join(shown)} "
            f"{'are' if len(shown) > 1 else 'is'} shown apart below them")
    text += "".join(f"; the {span.label} is not reached in {months} months" for span in missing)
    return text + ". Money is a year's, for the firm simulated."


def _difference(outcome: Outcome, difference: float, low: float, high: float,
                width: int = 11) -> str:
    """A difference, right-aligned in ``width``, and its interval: ``   −7.7 pp  [−8.2, −7.3]``."""
    # n/a where no pair of runs defines the difference; [no interval] where too few do
    if not np.isfinite(difference):
        return f"{'n/a':>{width}}"
    kind = KINDS[outcome.kind]
    interval = (f"[{kind.number(low, True)}, {kind.number(high, True)}]"
                if np.isfinite(low) and np.isfinite(high) else "[no interval]")
    return f"{outcome.format_difference(difference):>{width}}  {interval}"
