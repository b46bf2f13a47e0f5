"""``promosim validate-config``: check scenario, policy and sweep files and explain what is wrong.

A file whose top level holds only ``name``, ``description``, ``[policy]`` and ``[[schedule]]`` is
read as a policy file; one with ``design`` or a ``[parameters]`` table as a sweep file; anything
else as a scenario. A policy is checked on its own and applied to a scenario (``--scenario``,
default ``configs/baseline.toml`` when it exists), which also checks its schedule against the
horizon. Every problem of a policy or scenario file is listed (:mod:`promosim.problems`: decimal
commas, percentages for fractions and a missing ``[policy]`` line explained), each on one line
naming the file and the key.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from promosim.commands.common import DEFAULT_SCENARIO, default_scenario
from promosim.errors import ConfigError, one_line, shown
from promosim.experiments.limits import size_line
from promosim.experiments.sweep import sweep_plan
from promosim.experiments.sweepfile import load_sweep
from promosim.parameters import BY_NAME, DEFAULTS
from promosim.problems import file_problems
from promosim.scenario import (
    META_KEYS,
    Scenario,
    load_policy,
    load_scenario,
    parse_assignment,
    read_toml,
    scenario_from,
)

POLICY_KEYS = (*META_KEYS, "policy", "schedule")


def add_parser(commands, summary: str) -> None:
    """Register ``validate-config`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "validate-config", help=summary,
        description="Check scenario, policy and sweep files (TOML) without running anything. "
                    "Prints "
                    "'FILE: ok' and what the file changes for a good file, and one line naming "
                    "the file, the key and the allowed values for each problem of a bad one "
                    "(exit status 2). The levers, their meaning and ranges are listed in "
                    "docs/policies.md.",
        epilog="example: promosim validate-config configs/policies/*.toml my-policy.toml",
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="scenario, policy or sweep files")
    parser.add_argument("--scenario", metavar="FILE",
                        help="scenario that policies are applied to (default: "
                             f"{DEFAULT_SCENARIO} if it exists, else the built-in defaults)")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", default=[],
                        dest="assignments",
                        help="check the files with this parameter changed, as 'run', 'compare' "
                             "and 'sweep' would apply it (repeatable)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check every file; report each result; exit status 2 if any file has a problem."""
    assignments = dict(parse_assignment(text) for text in args.assignments)
    scenario = _scenario(args.scenario, assignments)
    problems = 0
    for name in args.files:
        found = file_problems(name, kind, int(scenario.values["months"]))
        if not found:
            try:
                print(one_line(f"{name}: ok: {check_file(name, scenario, assignments)}"))
                continue
            except ConfigError as error:
                found = [str(error)]
        problems += 1
        for problem in found:
            print(one_line(f"promosim validate-config: error: {explain(problem)}"),
                  file=sys.stderr)
    return 2 if problems else 0


def _scenario(path: str | None, assignments: dict[str, float]) -> Scenario:
    if path is None and not Path(default_scenario()).exists():
        return _changed(scenario_from({}, "defaults"), assignments)
    return _changed(load_scenario(path or default_scenario()), assignments)


def _changed(scenario: Scenario, assignments: dict[str, float]) -> Scenario:
    """The scenario with --set applied, its schedule checked against a changed horizon."""
    if not assignments:
        return scenario
    changed = scenario.with_overrides("--set", **assignments)
    changed.policy_schedule()
    return changed


def kind(data: dict) -> str:
    """What a parsed TOML file is: "policy", "sweep" or "scenario"."""
    if set(data) <= set(POLICY_KEYS):
        return "policy"
    return "sweep" if "design" in data or isinstance(data.get("parameters"), dict) else "scenario"


def check_file(path: str | Path, scenario: Scenario,
               assignments: dict[str, float] | None = None) -> str:
    """Check one file (with ``assignments`` applied) and say what it sets.

    Raises:
        ConfigError: the first problem found.

    """
    assignments = assignments or {}
    found = kind(read_toml(path))
    if found == "sweep":
        sweep = load_sweep(path).with_options(assignments)
        plan = sweep_plan(sweep)  # checks every design point, as 'promosim sweep' does
        return (f"sweep '{sweep.name}' ({sweep.design}) varies {_listing(sweep.varied)}: "
                f"{len(plan.points):,} points × {sweep.replicates:,} replicates = "
                f"{size_line(plan)}")
    if found == "policy":
        policy = load_policy(path)
        scenario.with_policy(policy).policy_schedule()
        scheduled = (f"; {len(policy.schedule)} scheduled change"
                     f"{'s' if len(policy.schedule) != 1 else ''}" if policy.schedule else "")
        levers = [f"{name} = {value:g}" for name, value in policy.levers.items()]
        return f"policy {shown(policy.name)} sets {_listing(levers, 'lever')}{scheduled}"
    loaded = _changed(load_scenario(path), assignments)
    changed = sum(value != DEFAULTS[name] for name, value in loaded.values.items())
    return (f"scenario {shown(loaded.name)}, {changed} parameter{'s' if changed != 1 else ''} "
            f"differ{'s' if changed == 1 else ''} from the defaults, "
            f"{int(loaded.values['months'])} months")


def _listing(items, noun: str = "parameter", most: int = 6) -> str:
    """``a, b, c`` for a few items, ``23 parameters`` for many (none: ``no levers``)."""
    items = list(items)
    if not items:
        return f"no {noun}s"
    if len(items) > most:
        return f"{len(items)} {noun}s"
    return ", ".join(items) if noun == "parameter" else (
        f"{len(items)} {noun}{'s' if len(items) != 1 else ''} ({', '.join(items)})")


def explain(message: str) -> str:
    """The error with the meaning of the lever it names, for readers who do not know the key."""
    for name in re.findall(r"'([a-z_]+)'", message):
        spec = BY_NAME.get(name)
        if spec is not None and spec.is_lever:
            return f"{message} ({spec.label}: {spec.help})"
    return message
