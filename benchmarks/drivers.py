"""Months simulated per second by the vectorised and the per-agent driver, and their ratio.

One PromoterModel at a time (a single run, as a Mesa user runs it), at 10, 100 and 1,000 promoter
positions (8 accounts each), without spin-up so that only simulated months are timed. Each
figure is the median of three timings measured in this run.

    python benchmarks/drivers.py [--months N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from promosim import PromoterModel

SIZES = {10: (1, 10), 100: (10, 10), 1000: (100, 10)}


def months_per_second(positions: int, driver: str, months: int) -> float:
    """Median months per second over three runs of ``months`` months."""
    teams, size = SIZES[positions]
    rates = []
    for seed in range(3):
        model = PromoterModel(rng=seed, driver=driver, n_teams=teams, team_size=size,
                              months=months, spinup_months=0)
        start = time.perf_counter()
        model.run()
        rates.append(months / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=24, help="months per timed run")
    args = parser.parse_args()
    print(f"{'positions':>9} {'vectorised':>14} {'per-agent':>14} {'ratio':>8}")
    for positions in SIZES:
        fast = months_per_second(positions, "vectorised", args.months)
        slow = months_per_second(positions, "agents", max(args.months // 4, 3)
                                 if positions >= 1000 else args.months)
        print(f"{positions:>9} {fast:>10.1f} m/s {slow:>10.1f} m/s {fast / slow:>7.1f}×")


if __name__ == "__main__":
    main()
