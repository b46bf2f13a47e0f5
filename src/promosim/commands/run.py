"""``promosim run``: simulate one scenario (optionally under a policy) and write its results.

A wrapper of :func:`promosim.run_scenario`.
"""

from __future__ import annotations

import argparse

from promosim.commands.common import (
    add_output_options,
    add_scenario_options,
    ensure_folder,
    scenario_from_args,
    seed_number,
)
from promosim.model import DRIVERS
from promosim.scenario import load_policy
from promosim.workflows.run import run_scenario


def add_parser(commands, summary: str) -> None:
    """Register ``run`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "run", help=summary,
        description="Simulate one scenario (optionally under a policy), print a short summary and "
                    "write the monthly series, the agents at the end, the event log and a "
                    "manifest to a folder.",
        epilog="example: promosim run configs/baseline.toml --policy "
               "configs/policies/tight-control.toml --seed 7 --out results/tight",
    )
    add_scenario_options(parser, positional=True)
    parser.add_argument("--policy", metavar="FILE", help="policy file (TOML) to apply")
    parser.add_argument("--seed", type=seed_number, default=1,
                        help="random seed, 0 to 2^63 − 1 (default: 1)")
    parser.add_argument("--driver", choices=DRIVERS, default="compiled",
                        help="compiled (fast, default) or agents (each Mesa agent runs the same "
                             "code interpreted; slow)")
    add_output_options(parser, "results/run")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Simulate, print the summary, write the results."""
    scenario = scenario_from_args(args)
    policy = load_policy(args.policy) if args.policy else None
    if policy is not None:
        scenario.with_policy(policy).policy_schedule()
    out = ensure_folder(args.out)
    result = run_scenario(scenario, policy, seed=args.seed, driver=args.driver)
    result.save(out, args.format)
    changes = "".join(f" --set {text}" for text in args.assignments)
    print(f"promosim run: {result.title()}{changes}, seed {args.seed}, {result.months} months "
          f"({result.seconds:.2f} s)")
    for line in result.summary_lines():
        print("  " + line)
    print(f"results: {out}/ (series, promoters, counterparts, events, manifest.json)")
    return 0
