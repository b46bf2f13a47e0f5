"""How fast the dashboard's what-if re-simulates the horizon after a lever moves.

Run: ``python benchmarks/whatif.py [--repeats N]``. For the classroom firm the dashboard uses (4
teams × 6 positions) and the full default firm (10 × 10), it times one cached spin-up and then
``promosim.app.whatif.project`` (simulate 10 years from the checkpoint, plus the retention curve)
for a new lever value each time, and prints the median. Aim: under 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import time

from promosim.app import whatif
from promosim.parameters import BY_NAME, resolve

FIRMS = {"classroom 4 × 6": {"n_teams": 4, "team_size": 6},
         "default 10 × 10": {"n_teams": 10, "team_size": 10}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    lever = BY_NAME["supervision_base"]
    print(f"what-if: {resolve({})['months']:g} months from a cached spin-up, median of "
          f"{args.repeats} lever moves")
    for name, size in FIRMS.items():
        values = resolve(size)
        clock = time.perf_counter()
        whatif.checkpoint(values, 1)
        spin = time.perf_counter() - clock
        times = []
        for i in range(args.repeats):
            moved = {**values, lever.name: lever.low + (lever.high - lever.low) * i / args.repeats}
            clock = time.perf_counter()
            whatif.project(moved, 1)
            times.append(time.perf_counter() - clock)
        print(f"  {name:16} {statistics.median(times):.3f} s (min {min(times):.3f}, max "
              f"{max(times):.3f}; spin-up once {spin:.3f} s)")


if __name__ == "__main__":
    main()
