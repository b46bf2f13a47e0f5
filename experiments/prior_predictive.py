"""Prior predictive check: the default firm's baseline over worlds drawn from the priors.

    .venv/bin/python experiments/prior_predictive.py [--worlds 256] [--seed 1]

Draws worlds from the priors (Latin hypercube), runs the baseline of the default firm once in
each, and prints the 5/25/50/75/95% quantiles of the outcomes P8 checks, and the share of worlds
the robust comparison keeps as plausible (turnover and churn within the literature's bands).
The numbers are in docs/calibration.md.
"""

import argparse

import numpy as np

from promosim.batch import simulate
from promosim.parameters import resolve
from promosim.randomness import replicate_seed
from promosim.summary import summarise
from promosim.uncertainty.robust import PLAUSIBLE
from promosim.uncertainty.worlds import prior_draws, worlds

SHOWN = ("turnover_rate", "churn_rate", "mean_customer_trust", "mean_management_trust",
         "spiral_incidence", "profit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=256)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    points = worlds(resolve({}), prior_draws(args.worlds, args.seed))
    seeds = [replicate_seed(args.seed, k) for k in range(args.worlds)]
    outcomes = summarise(simulate(points, seeds, events=False))
    quantiles = (0.05, 0.25, 0.5, 0.75, 0.95)
    print(f"{args.worlds} worlds from the priors, the default firm's baseline, one run each:")
    print("| outcome | " + " | ".join(f"{q:.0%}" for q in quantiles) + " |")
    print("|---|" + "---|" * len(quantiles))
    for name in SHOWN:
        values = np.nanquantile(outcomes[name], quantiles)
        print(f"| {name} | " + " | ".join(f"{v:.3g}" for v in values) + " |")
    kept = np.ones(len(outcomes), bool)
    for name, (low, high) in PLAUSIBLE.items():
        inside = outcomes[name].between(low, high).to_numpy()
        print(f"{name} within {low:.0%}–{high:.0%}: {inside.mean():.0%} of the worlds")
        kept &= inside
    print(f"plausible (both): {kept.mean():.0%} of the worlds")


if __name__ == "__main__":
    main()
