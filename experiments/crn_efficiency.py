"""How much common random numbers narrow the 95% interval of a policy's difference from baseline.

Run: ``python experiments/crn_efficiency.py [--replicates 30] [--months 120] [--workers N]``.
Every named policy and the baseline run on replicate seeds ``SeedSequence(S).spawn(R)``
(common random numbers, paired differences with a t interval); the baseline runs once more on
independent seeds ``SeedSequence(S + 1).spawn(R)``, and each policy's difference from that
independent baseline gets a Welch interval. The ratio of the two interval widths is the factor
by which common random numbers narrow the interval; its square is how many times more runs
independent seeds would need for the same precision. Writes ``crn_efficiency.csv`` into
``--out`` (default ``results/crn-efficiency``) beside the two results folders.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

from promosim.experiments import compare_plan, execute, find_policy, load_results, open_backend
from promosim.experiments.compare import COMPARED, independent_differences, paired_differences
from promosim.scenario import load_scenario

POLICIES = ("tight-control", "commission-heavy", "relationship-bonus", "clear-goals-feedback",
            "promoter-friendly")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=30)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("results/crn-efficiency"))
    args = parser.parse_args()
    scenario = load_scenario("configs/baseline.toml").with_overrides(months=args.months)
    policies = [find_policy(name) for name in POLICIES]
    paired_plan = replace(compare_plan(scenario, policies, args.replicates, args.seed),
                          series=False, events=False)
    independent_plan = replace(compare_plan(scenario, [], args.replicates, args.seed + 1),
                               series=False, events=False)
    with open_backend(workers=args.workers) as backend:
        execute(paired_plan, args.out / "common", backend)
        execute(independent_plan, args.out / "independent-baseline", backend)
    common = load_results(args.out / "common")
    baseline = load_results(args.out / "independent-baseline")
    paired = paired_differences(common, COMPARED)
    rows = []
    for row in paired.itertuples():
        own = common[common["label"] == row.label]
        alone = independent_differences(own, baseline, [row.outcome]).iloc[0]
        rows.append({"policy": row.label, "outcome": row.outcome,
                     "difference_crn": row.difference, "width_crn": row.high - row.low,
                     "difference_independent": alone.difference,
                     "width_independent": alone.high - alone.low})
    table = pd.DataFrame(rows)
    table["width_ratio"] = table["width_independent"] / table["width_crn"]
    table.to_csv(args.out / "crn_efficiency.csv", index=False)
    print(f"95% interval width of the difference from baseline, {args.replicates} replicates, "
          f"{args.months} months: independent seeds ÷ common random numbers")
    wide = table.pivot(index="policy", columns="outcome", values="width_ratio")
    print(wide.loc[list(POLICIES), list(COMPARED)].to_string(float_format=lambda x: f"{x:6.1f}×"))
    print(f"median over policies and outcomes: {table['width_ratio'].median():.1f}× narrower "
          f"(≈ {table['width_ratio'].median() ** 2:.0f}× fewer runs for the same precision)")
    print(f"table: {args.out / 'crn_efficiency.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
