"""Global sensitivity analysis: Sobol or Morris indices of a sweep file's parameter ranges.

:func:`sensitivity` samples the ranges with SALib (Saltelli's scheme for Sobol indices, Morris
trajectories), runs the sample as a sweep into a results folder (resumable), averages the outputs
over replicates and returns a :class:`SensitivityResult`: the indices with confidence
intervals, their bar chart, and the runs behind them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from promosim.errors import ConfigError, counted
from promosim.experiments import sensitivity as salib
from promosim.experiments.store import load_results
from promosim.experiments.sweep import about, describe, sweep_plan
from promosim.experiments.sweepfile import Sweep
from promosim.output import atomic_write, write_table
from promosim.workflows.result import FolderResult
from promosim.workflows.running import Confirm, Execution, run_plan
from promosim.workflows.sweep import SweepResult, results_folder, sweep_of

if TYPE_CHECKING:
    from promosim.workflows.charts import Plot

WHERE = "promosim.sensitivity"
#: The files :meth:`SensitivityResult.save` writes.
INDICES, CHART = "indices.csv", "indices.png"
#: The index each method ranks parameters by.
RANKED_BY = {"sobol": "ST", "morris": "mu_star"}


def sensitivity(design: str | Path | Sweep, *, method: str | None = None,
                samples: int | None = None, out: str | Path | None = None,
                replicates: int | None = None, seed: int | None = None,
                months: int | None = None, overrides: Mapping[str, Any] | None = None,
                chunk_runs: int | None = None, workers: int | None = None,
                scheduler: str | None = None, dask_local: int | None = None,
                force: bool = False, confirm: Confirm = False,
                progress: bool = True) -> SensitivityResult:
    """Sobol or Morris indices of the parameters a sweep file varies, for its outputs.

    The settings given replace those of the sweep file (its ``[sensitivity]`` table for
    ``method`` and ``samples``); None keeps the file's. The sample runs as a sweep into ``out``;
    calling again with the same arguments resumes it.

    Args:
        design: a sweep file (``configs/sweeps/policy-levers.toml``) or a loaded
            :class:`~promosim.experiments.Sweep`; its ``[parameters]`` give the ranges.
        method: ``sobol`` (first- and total-order indices) or ``morris`` (elementary effects).
        samples: Sobol base samples, a power of 2 (N × (parameters + 2) points), or Morris
            trajectories (N × (parameters + 1) points).
        out: the results folder (default: ``results/NAME-METHOD``).
        replicates: replicates per point (their outputs are averaged).
        seed: the base seed of the sample and the replicate seeds.
        months: the horizon.
        overrides: parameters fixed for every run, as the file's ``[set]``.
        chunk_runs: runs per chunk, the unit of work, saving and resuming.
        workers: local worker processes (None: one per core; 0: in this process).
        scheduler: the address of a Dask ``distributed`` scheduler to run on instead.
        dask_local: the worker processes of a Dask ``LocalCluster`` to start instead.
        force: replace results of another experiment or model version in ``out``.
        confirm: let an experiment of more than 100,000 runs or 10 GB start: True, False, or
            a function given the plan that returns whether to start.
        progress: show a progress bar (on a terminal or in a notebook).

    Returns:
        The indices, with the runs behind them in ``out``.

    Raises:
        ConfigError: a file, parameter or setting that cannot be used (Sobol samples that are
            not a power of 2), an output undefined at some point, or a folder that holds other
            results.
        RunError: the disk is full or a worker was lost; what is saved resumes.
        Stopped: Ctrl-C or SIGTERM; what is saved resumes.
    """
    execution = Execution(workers=workers, scheduler=scheduler, dask_local=dask_local,
                          force=force, confirm=confirm, progress=progress).checked(WHERE)
    chosen = sweep_of(design, WHERE, overrides, months, replicates=replicates, seed=seed,
                      chunk_runs=chunk_runs).with_sensitivity(method, samples, where=WHERE)
    settings = chosen.sensitivity
    table = salib.sample(chosen.factors, settings, chosen.seed)
    plan = sweep_plan(chosen, table, describe(
        chosen, "saltelli" if settings.method == "sobol" else "morris", len(table),
        samples=settings.samples, levels=settings.levels, sensitivity=settings.method,
        outputs=list(settings.outputs)))
    folder = run_plan(plan, results_folder(out, f"{chosen.name}-{settings.method}"), execution,
                      WHERE, f"{chosen.name}, {settings.method}, {len(chosen.factors)} "
                      f"parameters, {len(table):,} points × "
                      f"{counted(chosen.replicates, 'replicate')}",
                      about(chosen))
    try:
        indices = salib.analyse(chosen.factors, table, load_results(folder), settings,
                                chosen.seed)
    except ValueError as error:
        raise ConfigError(f"{chosen.source}: [sensitivity] outputs: {error}") from None
    return SensitivityResult(folder, indices, settings.method,
                             f"{chosen.name}: {settings.method} indices, {len(table)} points × "
                             f"{chosen.replicates} replicates")


class SensitivityResult(FolderResult):
    """Sensitivity indices with confidence intervals, and the sweep of runs behind them.

    Args:
        folder: the results folder of the runs.
        indices: one row per (outcome, parameter); Sobol: ``S1``, ``S1_conf``, ``ST``,
            ``ST_conf``; Morris: ``mu``, ``mu_star``, ``mu_star_conf``, ``sigma`` (``*_conf``
            is the half-width of the interval).
        method: ``sobol`` or ``morris``.
        title: the chart's title.
    """

    def __init__(self, folder: str | Path, indices: pd.DataFrame, method: str,
                 title: str = ""):
        super().__init__(folder)
        self.indices = indices
        self.method = method
        self.title = title

    @property
    def sweep(self) -> SweepResult:
        """The runs of the sample, as a sweep's results (one row per run, means per point)."""
        return SweepResult(self.folder)

    def to_frame(self) -> pd.DataFrame:
        """The indices, one row per (outcome, parameter)."""
        return self.indices.copy()

    def ranking(self, outcome: str, top: int | None = None) -> pd.DataFrame:
        """The parameters of one outcome from the most influential down (by ST or μ*).

        Args:
            outcome: an output of the analysis.
            top: how many (default: all).

        Returns:
            The outcome's rows of :meth:`to_frame`, sorted.

        Raises:
            ConfigError: ``outcome`` is not an output of the analysis.
        """
        rows = self.indices[self.indices["outcome"] == outcome]
        if rows.empty:
            raise ConfigError(f"{WHERE}: '{outcome}' is not an output of this analysis; its "
                              f"outputs are {', '.join(dict.fromkeys(self.indices['outcome']))}")
        rows = rows.sort_values(RANKED_BY[self.method], ascending=False, kind="stable")
        return rows.head(top) if top is not None else rows

    def report(self) -> str:
        """The five most influential parameters of each output (or that it did not vary)."""
        key = RANKED_BY[self.method]
        return "\n".join(
            f"{outcome}: most influential by {key}: " + ", ".join(
                f"{r.parameter} {getattr(r, key):.3g}"
                for r in rows.nlargest(5, key).itertuples())
            if rows[key].any() else
            f"{outcome}: the same in every run of the sample, so no parameter moves it "
            "(widen the ranges or the horizon, or pick another output)"
            for outcome, rows in self.indices.groupby("outcome", sort=False))

    def plot(self) -> Plot:
        """Bar chart of the indices, a panel per output, parameters by importance."""
        from promosim.workflows.charts import Plot

        return salib.indices_figure(self.indices, self.method, self.title, Plot)

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the indices (``indices.csv``) and their chart (``indices.png``).

        Args:
            folder: where the files go (default: the results folder).

        Returns:
            The folder the files are in.

        Raises:
            ConfigError: ``folder`` cannot be created.
        """
        with self._writing(folder) as target:
            write_table(self.indices, target / Path(INDICES).stem, "csv")
            chart = self.plot()
            atomic_write(target / CHART, lambda path: chart.savefig(path, dpi=120, format="png"))
        return target
