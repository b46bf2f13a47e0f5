"""Recovery check of the calibration (simulation-based calibration), as in docs/calibration.md.

    .venv/bin/python experiments/calibration_recovery.py [--firms 20] [--out results/recovery]

Synthetic firms with the example firm's structure, window and survey waves are made from
parameters drawn from the priors and calibrated; prints how often the 50% and 90% posterior
intervals cover the true values, per fitted parameter and over all, and writes the rows to
OUT/recovery.csv and the table to OUT/coverage.csv. Interrupted, it goes on where it stopped.
"""

import argparse
import time
from pathlib import Path

import numpy as np

from promosim.batch import warm_up
from promosim.uncertainty.calibration import Settings, load_firm
from promosim.uncertainty.recovery import coverage_table, learning_table, recover

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "firm"

#: The settings of the check: smaller than a calibration's defaults, so that 20 firms take
#: about an hour on two cores.
SETTINGS = Settings(population=100, generations=4, budget=2000, screening=256, fitted=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("results/recovery"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    warm_up()
    settings = Settings(**{**SETTINGS.__dict__, "workers": args.workers})
    start = time.perf_counter()
    example = load_firm(EXAMPLE)  # its structure, window and survey waves
    rows = recover(args.out, args.firms, settings, example.fixed, example.window,
                   example.surveys, seed=11,
                   progress=lambda line: print(f"  {line} ({time.perf_counter() - start:.0f} s)",
                                               flush=True))
    table = coverage_table(rows)
    table.to_csv(args.out / "coverage.csv", index=False)
    ess = rows.groupby("firm")["effective_size"].first()
    print(f"{args.firms} synthetic firms, {len(rows)} checks, "
          f"{time.perf_counter() - start:.0f} s; settings {settings}; effective sample size of "
          f"the posteriors: median {ess.median():.0f} (from {ess.min():.0f} to {ess.max():.0f})")
    ranks = np.histogram(rows["rank"], bins=10, range=(0, 1))[0]
    print(f"ranks of the truths in their posteriors, in tenths (uniform if calibrated): "
          f"{' '.join(map(str, ranks))}")
    print("| parameter | checks | 50% intervals cover | 90% intervals cover |")
    print("|---|---|---|---|")
    for row in table.itertuples():
        print(f"| {row.parameter} | {row.checks} | {row.coverage_50:.0%} "
              f"[{row.low_50:.0%}, {row.high_50:.0%}] | {row.coverage_90:.0%} "
              f"[{row.low_90:.0%}, {row.high_90:.0%}] |")
    learnt = learning_table(rows)
    print("what was learnt, per parameter: the posterior's 90% interval as a share of the "
          "prior's (median over firms), and the posterior median's mean error as a share of "
          "the prior median's:")
    for row in learnt.itertuples():
        print(f"  {row.parameter:<28} {row.width_left:.0%} {row.error_ratio:.2f}")


if __name__ == "__main__":
    main()
