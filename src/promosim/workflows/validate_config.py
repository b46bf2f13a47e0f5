"""Checking scenario, policy and sweep files without running anything.

:func:`validate_config` reads each file, decides what it is (:func:`promosim.problems.kind`)
and returns a :class:`ConfigCheckResult`: for a good file what it sets, for a bad one every
problem (:func:`promosim.problems.file_problems`: decimal commas, percentages for fractions, a
missing ``[policy]`` line explained), one line each, naming the file and the key. A policy is
also applied to a scenario, which checks its schedule against the horizon; a sweep file is
checked by planning every design point, as ``promosim sweep`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from promosim.errors import ConfigError, one_line, shown
from promosim.experiments.limits import size_line
from promosim.experiments.sweep import sweep_plan
from promosim.experiments.sweepfile import load_sweep
from promosim.output import write_table
from promosim.parameters import DEFAULTS
from promosim.problems import explain, file_problems, kind
from promosim.scenario import Scenario, load_policy, load_scenario, read_toml
from promosim.workflows.result import Result, ensure_folder
from promosim.workflows.running import overrides_of, scenario_of

WHERE = "promosim.validate_config"
#: The table :meth:`ConfigCheckResult.save` writes.
TABLE = "validate-config.csv"


def validate_config(paths: str | Path | Iterable[str | Path], *,
                    scenario: str | Path | Scenario | Mapping[str, Any] | None = None,
                    overrides: Mapping[str, Any] | None = None,
                    overrides_named: str | None = None) -> ConfigCheckResult:
    """Check scenario, policy and sweep files: what each sets, or every problem it has.

    Problems of the files are not raised: they are the result's, one entry each, and
    :attr:`~ConfigCheckResult.ok` is False.

    Args:
        paths: a file or several (TOML: scenario, policy or sweep files).
        scenario: what policies are applied to (their schedules are checked against its
            horizon): a scenario file, a :class:`~promosim.scenario.Scenario` or a mapping of
            parameter values (default: ``configs/baseline.toml`` if it exists, else the
            defaults).
        overrides: parameter values changed in the scenario, in scenario files and in sweep
            files, as ``run``, ``compare`` and ``sweep`` would apply them.
        overrides_named: what messages call the overrides (default:
            ``promosim.validate_config: overrides``; the command line says ``--set``).

    Returns:
        One check per file, in the order given.

    Raises:
        ConfigError: no files, a path that is not a string or path, or a ``scenario`` or
            ``overrides`` that cannot be used.
    """
    files = [paths] if isinstance(paths, str | Path) else paths
    if not isinstance(files, Iterable):
        raise ConfigError(f"{WHERE}: 'paths' must be a file or a list of files, got "
                          f"{shown(paths)}")
    files = list(files)
    if not files:
        raise ConfigError(f"{WHERE}: 'paths' names no file; give scenario, policy or sweep "
                          "files")
    for path in files:
        if not isinstance(path, str | Path):
            raise ConfigError(f"{WHERE}: 'paths' must hold file names, got {shown(path)}")
    changes = dict(overrides_of(overrides, WHERE))
    named = overrides_named or f"{WHERE}: overrides"
    base = changed(scenario_of(scenario, None, None, WHERE), changes, named)
    return ConfigCheckResult([check(path, base, changes, named) for path in files])


@dataclass(frozen=True)
class FileCheck:
    """One file checked: what it sets, or its problems.

    Args:
        path: the file, as given.
        summary: what a good file sets (None for a file with problems).
        problems: every problem, one line each, naming the file and the key.
    """

    path: str
    summary: str | None
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file has no problem."""
        return not self.problems

    def lines(self) -> list[str]:
        """The file's lines: ``FILE: ok: …``, or its problems."""
        if self.ok:
            return [one_line(f"{self.path}: ok: {self.summary}")]
        return [one_line(problem) for problem in self.problems]


def check(path: str | Path, scenario: Scenario, overrides: Mapping[str, Any],
          named: str) -> FileCheck:
    """Check one file: every problem, or (for a good file) what it sets.

    Args:
        path: the file.
        scenario: what a policy is applied to.
        overrides: parameter values changed in a scenario or sweep file.
        named: what messages call the overrides.

    Returns:
        The file's check; its problems carry the meaning of the levers they name.
    """
    found = file_problems(path, int(scenario.values["months"]))
    if not found:
        try:
            return FileCheck(str(path), settings(path, scenario, overrides, named))
        except ConfigError as error:
            found = [str(error)]
    return FileCheck(str(path), None, tuple(explain(problem) for problem in found))


def settings(path: str | Path, scenario: Scenario, overrides: Mapping[str, Any],
             named: str) -> str:
    """What a file sets, checked as the commands that read it check it.

    Args:
        path: a scenario, policy or sweep file.
        scenario: what a policy is applied to.
        overrides: parameter values changed in a scenario or sweep file.
        named: what messages call the overrides.

    Returns:
        What the file is and sets, in a few words.

    Raises:
        ConfigError: the first problem found.
    """
    found = kind(read_toml(path))
    if found == "sweep":
        sweep = load_sweep(path).with_options(dict(overrides), where=named)
        plan = sweep_plan(sweep)  # checks every design point, as 'promosim sweep' does
        return (f"sweep '{sweep.name}' ({sweep.design}) varies {listing(sweep.varied)}: "
                f"{len(plan.points):,} points × {sweep.replicates:,} replicates = "
                f"{size_line(plan)}")
    if found == "policy":
        policy = load_policy(path)
        scenario.with_policy(policy).policy_schedule()
        scheduled = (f"; {len(policy.schedule)} scheduled change"
                     f"{'s' if len(policy.schedule) != 1 else ''}" if policy.schedule else "")
        levers = [f"{name} = {value:g}" for name, value in policy.levers.items()]
        return f"policy {shown(policy.name)} sets {listing(levers, 'lever')}{scheduled}"
    loaded = changed(load_scenario(path), overrides, named)
    differ = sum(value != DEFAULTS[name] for name, value in loaded.values.items())
    return (f"scenario {shown(loaded.name)}, {differ} parameter{'s' if differ != 1 else ''} "
            f"differ{'s' if differ == 1 else ''} from the defaults, "
            f"{int(loaded.values['months'])} months")


def changed(scenario: Scenario, overrides: Mapping[str, Any], named: str) -> Scenario:
    """The scenario with the overrides applied, its schedule checked against a changed horizon.

    Returns:
        The changed scenario (``scenario`` itself without overrides).

    Raises:
        ConfigError: an override that cannot be used, or a schedule beyond the new horizon.
    """
    if not overrides:
        return scenario
    result = scenario.with_overrides(named, **overrides)
    result.policy_schedule()
    return result


def listing(items: Iterable[str], noun: str = "parameter", most: int = 6) -> str:
    """``a, b, c`` for a few items, ``23 parameters`` for many (none: ``no levers``)."""
    items = list(items)
    if not items:
        return f"no {noun}s"
    if len(items) > most:
        return f"{len(items)} {noun}s"
    return ", ".join(items) if noun == "parameter" else (
        f"{len(items)} {noun}{'s' if len(items) != 1 else ''} ({', '.join(items)})")


class ConfigCheckResult(Result):
    """Scenario, policy and sweep files checked: what each sets, or its problems.

    Args:
        files: one check per file.
    """

    def __init__(self, files: list[FileCheck]):
        self.files = list(files)

    def __repr__(self) -> str:
        bad = sum(not f.ok for f in self.files)
        return f"<ConfigCheckResult: {len(self.files) - bad} of {len(self.files)} files ok>"

    @property
    def ok(self) -> bool:
        """Whether every file is free of problems."""
        return all(f.ok for f in self.files)

    @property
    def problems(self) -> list[str]:
        """Every problem of every file, one line each."""
        return [problem for f in self.files for problem in f.problems]

    def to_frame(self) -> pd.DataFrame:
        """One row per good file and per problem of a bad one.

        Returns:
            ``file``, ``ok`` and ``message``: what a good file sets, or one problem of a bad
            file.
        """
        rows = [(f.path, True, f.summary) if f.ok else (f.path, False, problem)
                for f in self.files for problem in (f.problems or (None,))]
        return pd.DataFrame(rows, columns=["file", "ok", "message"])

    def report(self) -> str:
        """Each good file's ``FILE: ok: …`` line and each problem's line, file by file."""
        return "\n".join(line for f in self.files for line in f.lines())

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the table of :meth:`to_frame` (``validate-config.csv``).

        Args:
            folder: where the file goes (default: ``results/validate-config``).

        Returns:
            The folder.

        Raises:
            ConfigError: ``folder`` cannot be created.
        """
        out = ensure_folder(Path("results/validate-config") if folder is None else folder)
        write_table(self.to_frame(), out / Path(TABLE).stem, "csv")
        return out
