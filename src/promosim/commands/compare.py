"""``promosim compare``: policies against the baseline on common random numbers, paired."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from promosim.analysis.report import write_report
from promosim.commands.common import (
    add_scenario_options,
    paired_replicates,
    scenario_from_args,
    seed_number,
)
from promosim.commands.experiment_options import (
    ExamplesFormatter,
    add_execution_options,
    backend_from_args,
    experiment_folder,
    size_line,
)
from promosim.errors import ConfigError
from promosim.experiments.compare import REFERENCE, compare_plan, find_policy, paired_differences
from promosim.experiments.execution import execute
from promosim.experiments.store import load_results
from promosim.experiments.sweepfile import DEFAULT_CHUNK_RUNS
from promosim.outcomes import KINDS, OUTCOMES
from promosim.scenario import Policy, Scenario
from promosim.uncertainty.options import (
    add_uncertainty_options,
    posterior_from_args,
    run_uncertainty,
)


def add_parser(commands, summary: str) -> None:
    """Register ``compare`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "compare", help=summary,
        description="Run the baseline scenario and each policy for R replicates; replicate k of "
                    "every policy uses the same seed as replicate k of the baseline (common "
                    "random numbers). Prints each policy's paired difference from the baseline "
                    "with a 95% interval and writes a results folder (runs, monthly series and "
                    "events as Parquet, manifest.json). Re-running the same command resumes.",
        epilog="examples:\n  promosim compare tight-control commission-heavy --replicates 50\n"
               "  promosim compare configs/policies/promoter-friendly.toml --months 60 "
               "--out results/friendly --dask-local 2\n"
               f"named policies are the files in configs/policies/; '{REFERENCE}' is always run",
        formatter_class=ExamplesFormatter,
    )
    parser.add_argument("policies", nargs="+", metavar="POLICY",
                        help="a policy file, or the name of one in configs/policies/")
    add_scenario_options(parser)
    parser.add_argument("--replicates", type=paired_replicates, default=30, metavar="R",
                        help="replicates per policy, at least 2 (default: 30)")
    parser.add_argument("--seed", type=seed_number, default=1, metavar="S",
                        help="base seed of the replicate seeds (default: 1)")
    parser.add_argument("--out", type=Path, default=Path("results/compare"), metavar="DIR",
                        help="results folder (default: results/compare)")
    add_uncertainty_options(parser)
    add_execution_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the comparison, run what is missing, print the paired differences."""
    posterior = posterior_from_args(args)
    scenario = scenario_from_args(args)
    if posterior is not None:  # the firm's structure and practice, its fitted medians
        scenario = scenario.with_overrides(where=str(args.posterior), **posterior.best_estimate())
    policies = usable_policies(args.policies, scenario)
    plan = compare_plan(scenario, policies, args.replicates, args.seed,
                        args.chunk_runs or DEFAULT_CHUNK_RUNS)
    out = args.out
    months = int(scenario.values["months"])
    with experiment_folder(plan, out, args) as folder:
        with backend_from_args(args) as backend:
            print(f"promosim compare: {REFERENCE} and {len(policies)} "
                  f"polic{'y' if len(policies) == 1 else 'ies'} × {args.replicates:,} "
                  f"replicates, {months} months = {size_line(plan)}, on {backend.name}",
                  file=sys.stderr)
            execute(plan, folder, backend, force=args.force,
                    about={"parameters": scenario.values, "scenario": scenario.source})
        table = paired_differences(load_results(out))
        print(f"Difference from {REFERENCE} (policy − {REFERENCE}), mean and 95% interval over "
              f"{args.replicates} paired replicates, {months} months:")
        for line in difference_lines(table):
            print(line)
        if args.uncertainty:
            for line in run_uncertainty(args, scenario, policies, posterior):
                print(line)
        print(f"results: {out}/ (manifest.json, points, runs, series, events)")
        print(f"report: {write_report(out)}")
    return 0


def usable_policies(texts: Sequence[str], scenario: Scenario) -> list[Policy]:
    """The policies named by ``texts``; a file that cannot be used is skipped and named.

    So ``promosim compare results/class/*.toml`` compares a class's hand-ins even when one file
    is broken or repeats another's name. A name that is no file, or files none of which can be
    used, remain errors.
    """
    policies: list[Policy] = []
    problems: list[str] = []
    names = {REFERENCE}
    for text in dict.fromkeys(texts):
        if text == REFERENCE:
            continue
        try:
            policy = find_policy(text)
            scenario.with_policy(policy).policy_schedule()
            if policy.name in names:
                raise ConfigError(f"{text}: policy name '{policy.name}' is "
                                  + ("kept for the scenario without a policy" if
                                     policy.name == REFERENCE else "used by another file"))
        except ConfigError as error:
            if not _is_file(text):
                raise
            problems.append(str(error))
            continue
        names.add(policy.name)
        policies.append(policy)
    if problems and not policies:
        raise ConfigError(problems[0] if len(problems) == 1 else
                          f"none of the {len(problems)} policy files can be used; the first: "
                          f"{problems[0]}")
    for problem in problems:
        print(f"promosim compare: skipped {problem}", file=sys.stderr)
    return policies


def _is_file(text: str) -> bool:
    """Whether ``text`` names a file (False for names the file system cannot look up)."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def difference_lines(table: pd.DataFrame) -> list[str]:
    """The paired differences as readable lines, one block per policy (formats: the registry)."""
    lines = []
    for label, rows in table.groupby("label", sort=False):
        lines.append(f"  {label}")
        for row in rows.itertuples():
            outcome = OUTCOMES[row.outcome]
            kind = KINDS[outcome.kind]
            levels = f"{outcome.format(row.reference)} → {outcome.format(row.policy)}"
            lines.append(f"    {outcome.heading:<34} {levels:<22} "
                         f"{outcome.format_difference(row.difference):>10}  "
                         f"[{kind.number(row.low, True)}, {kind.number(row.high, True)}]")
    return lines
