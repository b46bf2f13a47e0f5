"""Robust comparison: policies against the baseline in many parameter worlds, not just one.

:func:`robust_compare` draws parameter worlds from the priors (or from a posterior file of
:func:`promosim.calibrate`), runs the baseline and every policy in each world on common random
numbers into a results folder (resumable) and returns a :class:`RobustResult`: per policy and
outcome the expected difference with an interval that allows for parameter uncertainty, the
range over worlds, the chance of beating the baseline, the parameters the verdict depends on,
and a chart of the chances. The machinery (worlds, plan, analysis) is :mod:`promosim.uncertainty`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from promosim.errors import ConfigError, counted, shown
from promosim.experiments.compare import REFERENCE
from promosim.experiments.limits import MAX_CHUNK_RUNS, MAX_REPLICATES, MAX_SEED, check_whole
from promosim.experiments.sweepfile import DEFAULT_CHUNK_RUNS
from promosim.scenario import Scenario
from promosim.uncertainty.compare import LEAD, SUMMARY, load_worlds, summary_lines
from promosim.uncertainty.compare import save as save_tables
from promosim.uncertainty.posterior import Posterior
from promosim.uncertainty.robust import RobustAnalysis, analyse_robust, robust_plan
from promosim.uncertainty.worlds import WORLD_DESIGNS
from promosim.workflows.compare import PolicyLike, policies_of
from promosim.workflows.result import FolderResult, copy_files, outcomes_of
from promosim.workflows.running import Confirm, Execution, run_plan, scenario_of

if TYPE_CHECKING:
    from promosim.workflows.charts import Plot

WHERE = "promosim.robust_compare"
#: The most worlds one robust comparison draws.
MAX_WORLDS = 100_000


def robust_compare(policies: PolicyLike | Sequence[PolicyLike],
                   scenario: str | Path | Scenario | Mapping[str, Any] | None = None, *,
                   worlds: int, world_replicates: int = 10,
                   posterior: str | Path | Posterior | None = None, design: str = "lhs",
                   plausible: bool = True, overrides: Mapping[str, Any] | None = None,
                   months: int | None = None, seed: int = 1,
                   out: str | Path = "results/compare/uncertainty",
                   chunk_runs: int | None = None, workers: int | None = None,
                   scheduler: str | None = None, dask_local: int | None = None,
                   force: bool = False, confirm: Confirm = False,
                   progress: bool = True) -> RobustResult:
    """Compare policies with the baseline in ``worlds`` parameter worlds, each on common seeds.

    The worlds come from ``posterior`` (a posterior file of :func:`promosim.calibrate`, whose
    firm's structure and current practice become the baseline) or from the priors (a seeded
    ``design`` over every uncertain parameter; with ``plausible``, only worlds whose baseline
    reproduces the literature's turnover and churn). In each world the baseline and every
    policy run the same ``world_replicates`` seeds, so differences are paired. The runs stream
    into ``out``; calling again with the same arguments resumes, or finds it done. The tables
    (``robust*.csv``, ``robust.json``) are written beside the runs; ``promosim compare
    --uncertainty`` writes them into the comparison's ``uncertainty/`` folder, which its
    report leads with.

    Args:
        policies: policy files, names of policies in ``configs/policies``, or
            :class:`~promosim.scenario.Policy` objects; one alone is fine.
        scenario: the baseline: a scenario file, a :class:`~promosim.scenario.Scenario`, a
            mapping of parameter values, or None for ``configs/baseline.toml``.
        worlds: how many parameter worlds, at least 2.
        world_replicates: replicates per world and policy.
        posterior: a posterior file, or a loaded
            :class:`~promosim.uncertainty.posterior.Posterior` (``CalibrationResult.posterior``),
            to draw the worlds from; None for the priors.
        design: how worlds are drawn from the priors: ``"lhs"`` (Latin hypercube) or
            ``"sobol"`` (a power of 2 worlds).
        plausible: keep only worlds drawn from the priors whose baseline turnover and churn lie
            within the literature's ranges (each candidate is screened by one baseline run).
        overrides: parameter values that replace the scenario's, e.g. ``{"n_teams": 4}``.
        months: the horizon (None: the scenario's).
        seed: the seed of the worlds and the base seed of the replicate seeds.
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
        The robust comparison, read from ``out``.

    Raises:
        ConfigError: a file, policy, posterior, parameter or setting that cannot be used, too
            few plausible worlds, or a folder that holds other results.
        RunError: the disk is full or a worker was lost; what is saved resumes.
        Stopped: Ctrl-C or SIGTERM; what is saved resumes.
    """
    execution = Execution(workers=workers, scheduler=scheduler, dask_local=dask_local,
                          force=force, confirm=confirm, progress=progress).checked(WHERE)
    check_whole(worlds, "worlds", WHERE, 2, MAX_WORLDS)
    check_whole(world_replicates, "world_replicates", WHERE, 1, MAX_REPLICATES)
    check_whole(seed, "seed", WHERE, 0, MAX_SEED)
    chunk_runs = DEFAULT_CHUNK_RUNS if chunk_runs is None else chunk_runs
    check_whole(chunk_runs, "chunk_runs", WHERE, 1, MAX_CHUNK_RUNS)
    if design not in WORLD_DESIGNS:
        raise ConfigError(f"{WHERE}: 'design' must be one of {', '.join(WORLD_DESIGNS)}, got "
                          f"{shown(design)}")
    if not isinstance(plausible, bool):
        raise ConfigError(f"{WHERE}: 'plausible' must be True or False, got {shown(plausible)}")
    if not (posterior is None or isinstance(posterior, str | Path | Posterior)):
        raise ConfigError(f"{WHERE}: 'posterior' must be a posterior file or a Posterior, got "
                          f"{shown(posterior)}")
    base = scenario_of(scenario, overrides, months, WHERE)
    chosen = policies_of(policies, WHERE)
    drawn = load_worlds(base, worlds, seed, design, posterior, plausible)
    plan = robust_plan(base, chosen, drawn, world_replicates, seed, chunk_runs)
    if posterior is None:
        source = "the priors" + ("" if plausible else " (unfiltered)")
    elif isinstance(posterior, Posterior):
        source = f"a posterior fitted to {posterior.about.get('firm') or 'a firm'}"
    else:
        source = f"the posterior {posterior}"
    what = (f"{worlds:,} worlds from {source} × {len(chosen) + 1} variants × "
            f"{counted(world_replicates, 'replicate')}, {int(base.values['months'])} months")
    folder = run_plan(plan, out, execution, WHERE, what,
                      {"scenario": base.source, "worlds": drawn.about})
    result = RobustResult(folder)
    result.save()
    return result


class RobustResult(FolderResult):
    """Policies against the baseline over parameter worlds: a results folder and its analysis.

    Made by :func:`robust_compare`, or for a folder written earlier:
    ``RobustResult("results/compare/uncertainty")``.

    Args:
        folder: the results folder of a robust comparison.
    """

    @cached_property
    def analysis(self) -> RobustAnalysis:
        """Every table of the comparison, computed from the runs (read once).

        Raises:
            ConfigError: the folder holds no robust comparison, or its runs are not all there.
        """
        design = self.manifest.get("design")
        if not isinstance(design, dict) or design.get("method") != "robust":
            raise ConfigError(f"{self.folder}: not the folder of a robust comparison (its "
                              "manifest names another design)")
        return analyse_robust(self.runs(), design, self.replicates)

    @property
    def reference(self) -> str:
        """The label the policies are compared with (``baseline``)."""
        design = self.manifest.get("design")
        named = design.get("reference") if isinstance(design, dict) else None
        return named if isinstance(named, str) else REFERENCE

    @property
    def worlds(self) -> int:
        """How many parameter worlds."""
        return int(self.manifest["design"]["worlds"])

    @property
    def replicates(self) -> int:
        """Replicates per world and policy."""
        return int(self.manifest["replicates"])

    @property
    def months(self) -> int:
        """The horizon in months."""
        return int(self.manifest["months"])

    def to_frame(self) -> pd.DataFrame:
        """One row per policy (and the baseline) and outcome (``robust.csv``).

        Returns:
            The summary, in each outcome's ``unit`` (money in k€ a year): the expected
            ``difference`` with its 95% interval (``low``, ``high``), the middle 90% of worlds
            (``world_5``, ``world_95``), ``p_beats_reference``, ``p_best``, ``regret_worst`` and
            ``regret_mean``, ``share_parameters`` and the rule for the worlds where the policy
            fails (see :func:`promosim.uncertainty.robust.analyse_robust`).
        """
        return self.analysis.summary.copy()

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by the stem of its CSV file: ``robust``, ``robust-pairs``, … (copies)."""
        return {stem: table.copy() for stem, table in self.analysis.tables().items()}

    def report(self) -> str:
        """Each policy's expected difference, range over worlds and chance of beating the baseline.

        Returns:
            The text ``promosim compare --uncertainty`` prints.
        """
        return "\n".join(summary_lines(self.analysis))

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the tables as CSV and the summary the HTML report reads (``robust.json``).

        The tables are ``robust.csv``, ``robust-pairs.csv``, ``robust-ranks.csv`` and
        ``robust-sensitivity.csv``. They are written into the results folder, and copied into
        ``folder`` if another is given.

        Args:
            folder: where the files go (default: the results folder).

        Returns:
            The folder the files are in.

        Raises:
            ConfigError: no robust comparison in the results folder, or ``folder`` cannot be
                created.
        """
        with self._writing(folder) as target:
            analysis = self.analysis
            save_tables(self.folder, analysis)
            copy_files([*(self.folder / f"{stem}.csv" for stem in analysis.tables()),
                        self.folder / SUMMARY], target)
        return target

    def plot(self, outcomes: Sequence[str] = LEAD) -> Plot:
        """Each policy's chance of beating the baseline (share of worlds), a panel per outcome.

        Args:
            outcomes: the outcomes shown: compared outcomes with a better direction (default:
                turnover, churn and profit).

        Returns:
            The chart.

        Raises:
            ConfigError: a name that is not an outcome, or one the comparison has no chances
                for.
        """
        from promosim.workflows.charts import chances_chart

        outcomes = outcomes_of(outcomes, f"{WHERE}: plot")
        table = self.analysis.summary
        known = set(table.loc[table["better"].fillna(0) != 0, "outcome"])
        for name in outcomes:
            if name not in known:
                raise ConfigError(f"{WHERE}: plot: no chances for {shown(name)} (outcomes with "
                                  f"a better direction compared here: {', '.join(sorted(known))})")
        return chances_chart(table, outcomes, self.reference,
                             f"Chance of beating {self.reference} over {self.worlds} worlds × "
                             f"{self.replicates} replicates")
