"""Sweeps: every point of a sweep file's design, for its replicates, into a results folder.

:func:`sweep` runs the design (grid, Latin hypercube or Sobol sequence) of a sweep file, with
any of its settings changed, and returns a :class:`SweepResult`: every run as one tidy table,
the mean outputs per design point, and a chart of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from promosim.errors import ConfigError, counted, shown
from promosim.experiments.sweep import about, sweep_plan
from promosim.experiments.sweepfile import DEFAULT_OUTPUTS, Sweep, load_sweep
from promosim.outcomes import OUTCOMES
from promosim.workflows.result import FolderResult, outcomes_of
from promosim.workflows.running import Confirm, Execution, overrides_of, run_plan

if TYPE_CHECKING:
    from promosim.workflows.charts import Plot

WHERE = "promosim.sweep"
#: Points listed one by one in the report at most; more are summarised.
LISTED_POINTS = 24
#: Files :meth:`SweepResult.save` writes.
MEANS = "means.csv"


def sweep(design: str | Path | Sweep, *, out: str | Path | None = None,
          replicates: int | None = None, seed: int | None = None, months: int | None = None,
          samples: int | None = None, overrides: Mapping[str, Any] | None = None,
          series: bool | None = None, events: bool | None = None,
          chunk_runs: int | None = None, workers: int | None = None,
          scheduler: str | None = None, dask_local: int | None = None, force: bool = False,
          confirm: Confirm = False, progress: bool = True) -> SweepResult:
    """Run every design point of a sweep for its replicates (replicate *k* shares its seed).

    The settings given replace the sweep file's; None keeps the file's. The runs stream into
    ``out``; calling again with the same arguments resumes an interrupted sweep.

    Args:
        design: a sweep file (``configs/sweeps/pay-mix.toml``) or a loaded
            :class:`~promosim.experiments.Sweep`.
        out: the results folder (default: ``results/NAME``, NAME from the sweep file).
        replicates: replicates per design point.
        seed: the base seed of the design and the replicate seeds.
        months: the horizon.
        samples: points of a Latin hypercube or Sobol design.
        overrides: parameters fixed for every run, as the file's ``[set]``.
        series: also keep the monthly series of every run.
        events: also keep the event log of every run.
        chunk_runs: runs per chunk, the unit of work, saving and resuming.
        workers: local worker processes (None: one per core; 0: in this process).
        scheduler: the address of a Dask ``distributed`` scheduler to run on instead.
        dask_local: the worker processes of a Dask ``LocalCluster`` to start instead.
        force: replace results of another experiment or model version in ``out``.
        confirm: let an experiment of more than 100,000 runs or 10 GB start: True, False, or
            a function given the plan that returns whether to start.
        progress: show a progress bar (on a terminal or in a notebook).

    Returns:
        The sweep's results, read from ``out``.

    Raises:
        ConfigError: a file, parameter or setting that cannot be used, or a folder that holds
            other results.
        RunError: the disk is full or a worker was lost; what is saved resumes.
        Stopped: Ctrl-C or SIGTERM; what is saved resumes.
    """
    execution = Execution(workers=workers, scheduler=scheduler, dask_local=dask_local,
                          force=force, confirm=confirm, progress=progress).checked(WHERE)
    chosen = sweep_of(design, WHERE, overrides, months, replicates=replicates, seed=seed,
                      samples=samples, series=series, events=events, chunk_runs=chunk_runs)
    plan = sweep_plan(chosen)
    folder = run_plan(plan, results_folder(out, chosen.name), execution, WHERE,
                      f"{chosen.name}, {chosen.design} design, {len(plan.points):,} points × "
                      f"{counted(chosen.replicates, 'replicate')}", about(chosen))
    return SweepResult(folder)


def sweep_of(design: str | Path | Sweep, where: str, overrides: Mapping[str, Any] | None,
             months: int | None, **settings: Any) -> Sweep:
    """A sweep file read (or a Sweep taken) with the settings given changed (None keeps them).

    Args:
        design: a sweep file or a :class:`~promosim.experiments.Sweep`.
        where: the caller, named first in messages.
        overrides: parameters fixed for every run.
        months: the horizon.
        **settings: ``replicates``, ``seed``, ``samples``, ``series``, ``events``,
            ``chunk_runs``.

    Returns:
        The sweep.

    Raises:
        ConfigError: a file, parameter or setting that cannot be used.
    """
    if isinstance(design, Sweep):
        found = design
    elif isinstance(design, str | Path):
        found = load_sweep(design)
    else:
        raise ConfigError(f"{where}: 'design' must be a sweep file or a Sweep, got "
                          f"{shown(design)}")
    fixed = dict(overrides_of(overrides, where))
    if months is not None:
        fixed["months"] = months
    return found.with_options(fixed, where=where, **settings)


def results_folder(out: str | Path | None, name: str) -> Path:
    """The results folder: ``out``, or ``results/NAME`` by default."""
    return Path("results") / name if out is None else Path(out)


class SweepResult(FolderResult):
    """A sweep's runs: one row per run, the mean outputs per design point, a chart of them.

    Made by :func:`sweep`, or for a folder written earlier: ``SweepResult("results/pay-mix")``.

    Args:
        folder: the results folder of a sweep (or of a sensitivity analysis).
    """

    @property
    def name(self) -> str:
        """The sweep's name."""
        design = self.manifest.get("design")
        found = design.get("name") if isinstance(design, dict) else None
        return found if isinstance(found, str) else self.folder.name

    @property
    def varied(self) -> list[str]:
        """The varied parameters."""
        varied = self.manifest.get("varied")
        if isinstance(varied, list):
            return [str(name) for name in varied]
        design = self.manifest.get("design")
        factors = design.get("factors", []) if isinstance(design, dict) else []
        return [f["name"] for f in factors if isinstance(f, dict) and "name" in f]

    @property
    def outputs(self) -> list[str]:
        """The outputs of interest (the sweep file's ``outputs``)."""
        design = self.manifest.get("design")
        found = design.get("outputs") if isinstance(design, dict) else None
        return [str(name) for name in found] if isinstance(found, list) else list(DEFAULT_OUTPUTS)

    def to_frame(self) -> pd.DataFrame:
        """Every run, one row each: run, point, replicate, seed, label, outcomes, parameters."""
        return self.runs()

    def means(self) -> pd.DataFrame:
        """The mean outputs over the replicates of each design point.

        Returns:
            One row per point, indexed by the varied parameters (by ``label`` when more than
            three are varied), one column per output.
        """
        return self._means(self.runs())

    def _means(self, runs: pd.DataFrame) -> pd.DataFrame:
        keys = self.varied if len(self.varied) <= 3 else ["label"]
        return (runs.groupby(["point", *keys])[self.outputs].mean()
                .reset_index(level=0, drop=True))

    def report(self) -> str:
        """How many runs at how many points, and the mean outputs at each point.

        Returns:
            The text; beyond :data:`LISTED_POINTS` points, the lowest, median and highest means
            over the points instead of every point.
        """
        runs = self.runs()
        lines = [f"{self.name}: {len(runs)} runs at {self.manifest.get('points')} points"]
        yearly = runs.assign(**{name: OUTCOMES[name].a_year(runs[name], runs["years"])
                                for name in self.outputs})
        table = self._means(yearly)
        if len(table) > LISTED_POINTS:
            lines.append(f"mean outputs at the {len(table)} points (lowest, median, highest "
                         "point):")
            table = table.describe().loc[["min", "50%", "max"]].rename(
                index={"min": "lowest", "50%": "median", "max": "highest"})
        lines.append(table.apply(lambda column: column.map(OUTCOMES[column.name].format))
                     .to_string())
        if any(OUTCOMES[name].kind in ("rate", "money") for name in self.outputs):
            lines.append("(rates and money are a year's, as 'promosim compare' shows them; "
                         f"{MEANS} has money over the horizon, in k€)")
        return "\n".join(lines)

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the mean outputs per design point as ``means.csv``.

        Args:
            folder: where the file goes (default: the results folder).

        Returns:
            The folder the file is in.

        Raises:
            ConfigError: ``folder`` cannot be created, or the results cannot be read.
        """
        from promosim.output import write_table

        with self._writing(folder) as target:
            write_table(self.means().reset_index(), target / Path(MEANS).stem, "csv")
        return target

    def plot(self, outcomes: Sequence[str] | None = None, x: str | None = None,
             by: str | None = None) -> Plot:
        """The mean outcomes against one varied parameter, a panel per outcome.

        Args:
            outcomes: the outcomes shown (default: the sweep's outputs).
            x: the parameter on the horizontal axis (default: the first varied one).
            by: a second parameter drawn as one line per value (default: the second varied
                one of a grid with at most 8 values of it; else none, the others averaged).

        Returns:
            The chart.

        Raises:
            ConfigError: an unknown outcome, or a parameter that is not varied.
        """
        from promosim.workflows.charts import sweep_chart

        outcomes = outcomes_of(self.outputs if outcomes is None else outcomes,
                               f"{WHERE}: plot")
        x = self.varied[0] if x is None else x
        for name in (x, by):
            if name is not None and name not in self.varied:
                raise ConfigError(f"{WHERE}: plot: {shown(name)} is not varied by this sweep; "
                                  f"varied: {', '.join(self.varied)}")
        means = self.runs().groupby("point")[[*self.varied, *outcomes]].mean()
        if by is None and len(self.varied) > 1:
            second = next(name for name in self.varied if name != x)
            if means[second].nunique() <= 8 and means[x].nunique() < len(means):
                by = second
        return sweep_chart(means, x, outcomes, by, f"{self.name}: means over replicates")
