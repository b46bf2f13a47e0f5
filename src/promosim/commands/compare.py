"""``promosim compare``: policies against the baseline on common random numbers, paired.

The policies are printed ranked, best first, by one outcome (``--rank-by``, profit by default).
A folder named as a policy stands for its ``*.toml`` files, in name order (``promosim compare
results/classes/monday`` is ``promosim compare results/classes/monday/*.toml``). Policy files handed
in from the dashboard sit beside the firm the class used (``firm.json``, :mod:`promosim.app.firm`):
unless ``--config``, ``--set`` or ``--months`` say otherwise, they are compared on that firm and,
unless ``--seed`` says otherwise, on the class's seed.

A wrapper of :func:`promosim.compare`; a policy file that cannot be used is skipped and named.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from promosim.app.firm import recorded
from promosim.commands.common import (
    add_scenario_options,
    paired_replicates,
    said,
    scenario_from_args,
    seed_number,
)
from promosim.commands.experiment_options import (
    ExamplesFormatter,
    add_execution_options,
    execution_from_args,
)
from promosim.errors import ConfigError
from promosim.experiments.compare import REFERENCE, find_policy
from promosim.scenario import Policy, Scenario
from promosim.uncertainty.options import (
    add_uncertainty_options,
    posterior_from_args,
    run_uncertainty,
)
from promosim.workflows.compare import RANK_BY, RANKABLE, compare


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
               "  promosim compare results/classes/monday --replicates 50\n"
               f"named policies are the files in configs/policies/; '{REFERENCE}' is always run; "
               "a folder means its *.toml files (a class's hand-ins, compared on the firm "
               "recorded with them)",
        formatter_class=ExamplesFormatter,
    )
    parser.add_argument("policies", nargs="+", metavar="POLICY",
                        help="a policy file, the name of one in configs/policies/, or a folder "
                             "of policy files (its *.toml files, in name order)")
    add_scenario_options(parser)
    parser.add_argument("--replicates", type=paired_replicates, default=30, metavar="R",
                        help="replicates per policy, at least 2 (default: 30)")
    parser.add_argument("--seed", type=seed_number, metavar="S",
                        help="base seed of the replicate seeds (default: the class's seed for "
                             "hand-ins with a recorded firm, else 1)")
    parser.add_argument("--rank-by", metavar="OUTCOME", choices=RANKABLE, default=RANK_BY,
                        help="the outcome the policies are ranked by, best first (default: "
                             f"profit; one of {', '.join(RANKABLE)})")
    parser.add_argument("--out", type=Path, default=Path("results/compare"), metavar="DIR",
                        help="results folder (default: results/compare)")
    add_uncertainty_options(parser)
    add_execution_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the comparison, run what is missing, print the paired differences, ranked."""
    posterior = posterior_from_args(args)
    args.policies = folders_opened(args.policies)
    scenario, seed = class_firm(args)
    if posterior is not None:  # the firm's structure and practice, its fitted medians
        scenario = scenario.with_overrides(where=str(args.posterior), **posterior.best_estimate())
    policies = usable_policies(args.policies, scenario)
    with said("compare"):
        result = compare(policies, scenario, replicates=args.replicates, seed=seed,
                         out=args.out, chunk_runs=args.chunk_runs, **execution_from_args(args))
    print(result.report(args.rank_by))
    if args.uncertainty:
        print(run_uncertainty(args, scenario, policies, posterior, seed).report())
    robust = ", uncertainty (the worlds' runs and robust*.csv)" if args.uncertainty else ""
    print(f"results: {args.out}/ (manifest.json, points, runs, series, events{robust})")
    print(f"report: {result.save() / 'report.html'}")
    return 0


def class_firm(args: argparse.Namespace) -> tuple[Scenario, int]:
    """The scenario and base seed: the options', or the firm recorded with a class's hand-ins."""
    folders = {Path(text).parent for text in args.policies if _is_file(text)}
    firm = recorded(folders.pop()) if len(folders) == 1 else None
    explicit = args.config_file or args.assignments or args.months is not None
    if firm is None or explicit:
        if firm is not None:
            print(f"promosim compare: the firm recorded with the hand-ins ({firm.describe()}) "
                  "is not used: --config, --set or --months chose another", file=sys.stderr)
        return scenario_from_args(args), 1 if args.seed is None else args.seed
    seed = firm.seed if args.seed is None else args.seed
    print(f"promosim compare: the class's firm, recorded with the hand-ins: {firm.describe()}"
          + (f" (seed {seed} from --seed)" if seed != firm.seed else ""), file=sys.stderr)
    return firm.scenario(), seed


def folders_opened(texts: Sequence[str]) -> list[str]:
    """``texts`` with every folder replaced by its ``*.toml`` files, as the shell's ``DIR/*.toml``.

    The files come in name order, hidden ones left out; the firm recorded in the folder
    (:func:`class_firm`) and the skipping of unusable files (:func:`usable_policies`) then work
    as for files named one by one.

    Raises:
        ConfigError: a folder without policy files.
    """
    opened: list[str] = []
    for text in texts:
        if not _is_folder(text):
            opened.append(text)
            continue
        files = sorted(str(path) for path in Path(text).glob("*.toml")
                       if path.is_file() and not path.name.startswith("."))
        if not files:
            raise ConfigError(f"{text}: no policy files (*.toml) in this folder; name policy "
                              "files, names in configs/policies or a folder of hand-ins")
        opened.extend(files)
    return opened


def usable_policies(texts: Sequence[str], scenario: Scenario) -> list[Policy]:
    """The policies named by ``texts``; a file that cannot be used is skipped and named.

    So ``promosim compare results/class/*.toml`` (or the folder alone) compares a class's
    hand-ins even when one file is broken or repeats another's name. A name that is no file, a
    file given alone or with policy names only, and files none of which can be used, remain
    errors.
    """
    policies: list[Policy] = []
    problems: list[str] = []
    names = {REFERENCE}
    several = sum(_is_file(text) for text in dict.fromkeys(texts)) >= 2
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
            if not (several and _is_file(text)):
                raise
            problems.append(str(error))
            continue
        names.add(policy.name)
        policies.append(policy)
    if not problems and not policies:
        raise ConfigError(f"name at least one policy besides '{REFERENCE}' (which is always run "
                          "as the reference): a policy file or a name in configs/policies")
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


def _is_folder(text: str) -> bool:
    """Whether ``text`` names a folder (False for names the file system cannot look up)."""
    try:
        return Path(text).is_dir()
    except (OSError, ValueError):
        return False
