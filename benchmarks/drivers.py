"""Months simulated per second by PromoterModel, compiled and with Mesa agents, and their ratio.

One PromoterModel at a time (a single run, as a Mesa user runs it), at 10, 100 and 1,000 promoter
positions (8 accounts each), without spin-up so that only simulated months are timed. Both ways
run the same phase code: compiled in the engine (``driver="compiled"``, the default), or
interpreted by each Mesa agent (``driver="agents"``). Each figure is the median of three timings
measured in this run; the first compiled model is built untimed (it loads the engine).

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
    PromoterModel(rng=0, n_teams=1, team_size=2, months=1, spinup_months=1).run()
    print(f"{'positions':>9} {'compiled':>14} {'Mesa agents':>14} {'ratio':>8}")
    for positions in SIZES:
        fast = months_per_second(positions, "compiled", args.months)
        slow = months_per_second(positions, "agents", max(args.months // 4, 3)
                                 if positions >= 1000 else args.months)
        print(f"{positions:>9} {fast:>10.1f} m/s {slow:>10.1f} m/s {fast / slow:>7.1f}×")


if __name__ == "__main__":
    main()
