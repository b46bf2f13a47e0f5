"""Tipping-point maps: how likely an early failure locks a manager–promoter dyad into a spiral.

Two maps, each a grid of two levers (method and definition of "locks in": docs/analysis.md and
promosim.analysis.tipping):

1. supervision reactivity × goal clarity, other levers at the baseline;
2. feedback constructiveness × legitimacy of control under reactive tight supervision (the
   tight-control policy's base supervision 0.6 and reactivity 2.5): can feedback and agreed,
   explained control keep a failure from locking in where managers clamp down?

Each map is written as ``tipping-<x>-<y>.png`` (lock-in after the failure with the 50% boundary,
and the part the failure causes against the same runs without it) and ``.csv`` (every cell with
intervals) into the output folder.

    python experiments/tipping_point.py --out results/tipping            # full firm, ~2 min
    python experiments/tipping_point.py --quick --out results/tipping    # small firm, seconds
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from promosim.analysis.figures import tipping_map, to_png
from promosim.analysis.tipping import LockIn, tipping_grid
from promosim.output import atomic_write, write_table

TIGHT = {"supervision_base": 0.6, "supervision_reactivity": 2.5}
SMALL = {"n_teams": 2, "team_size": 4, "accounts_per_position": 4, "spinup_months": 24}


def maps(steps: int) -> list[tuple[tuple, tuple, dict, str]]:
    """The two lever pairs: (x, values), (y, values), levers held fixed, a note for the figure."""
    unit = np.round(np.linspace(0.0, 1.0, steps), 3).tolist()
    gain = np.round(np.linspace(0.0, 3.0, steps), 3).tolist()
    return [
        (("supervision_reactivity", gain), ("goal_clarity", unit), {},
         "other levers at the baseline"),
        (("feedback_constructiveness", unit), ("supervision_legitimacy", unit), TIGHT,
         "under reactive tight supervision (base 0.6, reactivity 2.5)"),
    ]


def main(argv: list[str] | None = None) -> int:
    """Compute and draw both maps."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("results/tipping"))
    parser.add_argument("--replicates", type=int, default=8)
    parser.add_argument("--steps", type=int, default=6, help="grid values per lever")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help="a small firm, 3 values per lever, 2 replicates (a smoke test)")
    args = parser.parse_args(argv)
    rule = LockIn()
    base = SMALL if args.quick else {}
    steps, replicates = (3, 2) if args.quick else (args.steps, args.replicates)
    args.out.mkdir(parents=True, exist_ok=True)
    for x, y, fixed, note in maps(steps):
        clock = time.perf_counter()
        grid = tipping_grid(x, y, replicates, rule, {**base, **fixed}, seed=args.seed)
        stem = args.out / f"tipping-{x[0]}-{y[0]}"
        write_table(grid, stem, "csv")
        text = (f"{note}\nfailure: months {rule.shock_month}–"
                f"{rule.shock_month + rule.shock_months - 1} lost for {rule.shock_share:.0%} of "
                f"positions; locked in: spiral within {rule.within} months, not recovered "
                f"{rule.persist} months later; {replicates} replicates")
        png = to_png(tipping_map(grid, text))
        atomic_write(stem.with_suffix(".png"), lambda p, png=png: p.write_bytes(png))
        top = grid.loc[grid["p_shock"].idxmax()]
        print(f"{stem}.png: {len(grid)} cells in {time.perf_counter() - clock:.0f} s; highest "
              f"lock-in {top['p_shock']:.0%} at {x[0]} = {top['x_value']:g}, "
              f"{y[0]} = {top['y_value']:g} (without the failure {top['p_none']:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
