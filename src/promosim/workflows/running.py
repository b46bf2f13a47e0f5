"""What every experiment workflow shares: its inputs read, and its plan run into a results folder.

:func:`run_plan` checks the plan's size (an experiment of more than 100,000 runs or 10 GB on
disk starts only when confirmed), locks the folder and checks that it holds nothing else, says
what runs where, and streams the runs into the folder on the chosen backend, with a progress
bar; the folder resumes after an interruption. What it says goes to the ``promosim`` logger at
level INFO (the command line prints it; ``logging.basicConfig(level=logging.INFO)`` shows it in
a script).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promosim.errors import ConfigError, shown
from promosim.experiments.execution import execute, most_workers, open_backend
from promosim.experiments.limits import (
    CONFIRM_BYTES,
    CONFIRM_RUNS,
    check_whole,
    estimate_bytes,
    needs_confirmation,
    size_line,
    size_text,
)
from promosim.experiments.plan import Plan
from promosim.experiments.store import ResultsFolder
from promosim.scenario import Scenario, configs_folder, load_scenario, scenario_from

log = logging.getLogger("promosim")

#: A confirmation: True (start any size), False (refuse large ones), or asked with the plan.
Confirm = bool | Callable[[Plan], bool]


@dataclass(frozen=True)
class Execution:
    """Where an experiment runs, what it may replace, and how it shows its progress.

    Args:
        workers: local worker processes (None: one per core; 0: in this process).
        scheduler: the address of a Dask ``distributed`` scheduler to run on instead.
        dask_local: the worker processes of a Dask ``LocalCluster`` to start here instead.
        force: replace results of another experiment or model version in the folder (else
            they are refused, and results of the same experiment are resumed).
        confirm: whether an experiment of more than 100,000 runs or 10 GB may start: True,
            False (refused with one line), or a function given the plan that returns it.
        progress: show a progress bar (on a terminal or in a notebook).
    """

    workers: int | None = None
    scheduler: str | None = None
    dask_local: int | None = None
    force: bool = False
    confirm: Confirm = False
    progress: bool = True

    def checked(self, where: str) -> Execution:
        """These options, checked.

        Args:
            where: the caller, named first in messages (``promosim.sweep``).

        Returns:
            The options.

        Raises:
            ConfigError: more than one backend chosen, a count out of its bounds, or an option
                of the wrong type.
        """
        chosen = [name for name in ("workers", "scheduler", "dask_local")
                  if getattr(self, name) is not None]
        if len(chosen) > 1:
            raise ConfigError(f"{where}: give one of workers, scheduler and dask_local, not "
                              f"{' and '.join(chosen)}")
        if self.workers is not None:
            check_whole(self.workers, "workers", where, 0, most_workers())
        if self.dask_local is not None:
            check_whole(self.dask_local, "dask_local", where, 1, most_workers())
        if self.scheduler is not None and not (isinstance(self.scheduler, str)
                                               and self.scheduler.strip()):
            raise ConfigError(f"{where}: 'scheduler' must be an address such as "
                              f"tcp://10.0.0.5:8786, got {shown(self.scheduler)}")
        for name in ("force", "progress"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"{where}: '{name}' must be True or False, got "
                                  f"{shown(getattr(self, name))}")
        if not (isinstance(self.confirm, bool) or callable(self.confirm)):
            raise ConfigError(f"{where}: 'confirm' must be True, False or a function of the "
                              f"plan, got {shown(self.confirm)}")
        return self


def confirm_start(plan: Plan, confirm: Confirm, where: str) -> None:
    """Go on only if the plan is small, or its start is confirmed.

    Args:
        plan: the experiment's plan.
        confirm: True, False, or a function given the plan that returns whether to start.
        where: the caller, named first in messages.

    Raises:
        ConfigError: the plan is large and not confirmed.
    """
    if not needs_confirmation(plan) or confirm is True:
        return
    size = f"{plan.runs:,} runs, about {size_text(estimate_bytes(plan))} on disk"
    if confirm is False:
        raise ConfigError(f"{where}: {size}: pass confirm=True to start an experiment of more "
                          f"than {CONFIRM_RUNS:,} runs or {size_text(CONFIRM_BYTES)}")
    if not confirm(plan):
        raise ConfigError(f"{size}: not started")


def run_plan(plan: Plan, out: str | Path, execution: Execution, where: str, what: str,
             about: dict[str, Any] | None = None) -> Path:
    """Run every run of ``plan`` that ``out`` does not hold yet, and save each chunk there.

    Args:
        plan: the experiment's runs.
        out: the results folder (created if missing; resumed if it holds this plan).
        execution: where to run, what may be replaced, whether to show progress.
        where: the caller, named first in messages (``promosim.sweep``).
        what: the experiment in a few words, for the line said before it starts
            (``tiny, grid design, 6 points × 3 replicates``).
        about: extra manifest entries (the base parameters, the scenario's file).

    Returns:
        The results folder.

    Raises:
        ConfigError: the plan is large and not confirmed, another process writes to the
            folder, or it holds other results (without ``force``).
        RunError: the disk is full or a worker was lost; what is saved resumes.
        Stopped: Ctrl-C or SIGTERM; what is saved resumes.
    """
    confirm_start(plan, execution.confirm, where)
    folder = ResultsFolder(out)
    with folder.writing():
        folder.check(plan, execution.force)
        with open_backend(workers=execution.workers, scheduler=execution.scheduler,
                          dask_local=execution.dask_local) as backend:
            execute(plan, folder, backend, force=execution.force, about=about,
                    progress=execution.progress,
                    opened=lambda done: log.info("%s = %s", what,
                                                 plan_line(plan, done, backend.name)))
    return folder.path


def plan_line(plan: Plan, done: set[int], backend: str) -> str:
    """The plan's size, what of it is already done in the folder, and where the rest runs.

    Args:
        plan: the experiment's runs.
        done: the chunks already completed in the results folder (reused, not run again).
        backend: where the rest runs (``2 worker processes``).

    Returns:
        ``180 runs in 6 chunks, about 5.0 MB on disk, on 2 worker processes``; with runs done,
        ``…: 120 of 180 runs already done, reused; the other 60 run on 2 worker processes`` or
        ``…: all already done, reused (a new --out folder runs them again)``.
    """
    size = size_line(plan)
    reused = sum(len(plan.chunk_runs_of(chunk)) for chunk in done)
    if not reused:
        return f"{size}, on {backend}"
    if reused == plan.runs:
        return f"{size}: all already done, reused (a new --out folder runs them again)"
    return (f"{size}: {reused:,} of {plan.runs:,} runs already done, reused; "
            f"the other {plan.runs - reused:,} run on {backend}")


def baseline() -> Scenario:
    """The default scenario: ``configs/baseline.toml`` when there is one, else the defaults."""
    path = configs_folder() / "baseline.toml"
    return load_scenario(path) if path.is_file() else scenario_from({}, "baseline")


def scenario_of(scenario: str | Path | Scenario | Mapping[str, Any] | None,
                overrides: Mapping[str, Any] | None, months: int | None,
                where: str) -> Scenario:
    """The scenario a workflow runs: read or made, with overrides and horizon applied.

    Args:
        scenario: a scenario file, a :class:`~promosim.scenario.Scenario`, a mapping of
            parameter values, or None for :func:`baseline`.
        overrides: parameter values that replace the scenario's.
        months: the horizon (None: the scenario's).
        where: the caller, named in messages about the overrides.

    Returns:
        The scenario, its policy schedule checked against the horizon.

    Raises:
        ConfigError: a file, parameter or value that cannot be used.
    """
    if scenario is None:
        found = baseline()
    elif isinstance(scenario, Scenario):
        found = scenario
    elif isinstance(scenario, Mapping):
        found = scenario_from(scenario, "custom")
    elif isinstance(scenario, str | Path):
        found = load_scenario(scenario)
    else:
        raise ConfigError(f"{where}: 'scenario' must be a scenario file, a Scenario or a mapping "
                          f"of parameters, got {shown(scenario)}")
    changes = dict(overrides_of(overrides, where))
    if months is not None:
        changes["months"] = months
    if changes:
        found = found.with_overrides(f"{where}: overrides", **changes)
        found.policy_schedule()
    return found


def overrides_of(overrides: Mapping[str, Any] | None, where: str) -> Mapping[str, Any]:
    """``overrides`` if it is a mapping of parameter names (or None, as no overrides).

    Returns:
        The overrides (an empty mapping for None).

    Raises:
        ConfigError: it is not a mapping with names as keys.
    """
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping) or not all(isinstance(k, str) for k in overrides):
        raise ConfigError(f"{where}: 'overrides' must map parameter names to values, e.g. "
                          f"{{'n_teams': 4}}, got {shown(overrides)}")
    return overrides
