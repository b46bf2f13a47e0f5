"""Spiral starts right after a switch of each lever, against both references.

    python experiments/spiral_switch.py [--replicates 50] [--seed 2026]

Prints a Markdown table (figures quoted in docs/validation.md, "Spiral detection and policy
switches"): for every lever switched at month 1 to the bottom and the top of its range, the
spiral starts per 100 promoter-months in months 1–3 and once settled (months 25–60), the excess of
months 1–3 over the same firms without the switch, and over the larger of that and the settled
rate (the test's criterion), each with its 95% interval. Every arm runs on the same replicate
seeds from the same spun-up firms (default firm).
"""

from __future__ import annotations

import argparse
import time

from promosim.parameters import BY_NAME, LEVERS
from promosim.validation.core import Runner, Settings, fmt_interval, mean_interval
from promosim.validation.switches import burst, start_rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    clock = time.perf_counter()
    runner = Runner(Settings(replicates=args.replicates, seed=args.seed))
    unswitched, settled_base = start_rates(runner)
    print(f"baseline: {unswitched.mean():.2f} starts per 100 promoter-months in months 1–3, "
          f"{settled_base.mean():.2f} settled ({args.replicates} replicates, seed {args.seed})\n")
    print("| switch at month 1 | months 1–3 | settled | excess over the same firms "
          "| excess over the larger reference |")
    print("|---|---|---|---|---|")
    for lever in LEVERS:
        for value in (BY_NAME[lever].low, BY_NAME[lever].high):
            first, settled = start_rates(runner, **{lever: value})
            same = fmt_interval(*mean_interval(first - unswitched), ".2f")
            larger = fmt_interval(*mean_interval(burst(first, unswitched, settled)), ".2f")
            print(f"| `{lever}` = {value:g} | {first.mean():.2f} | {settled.mean():.2f} "
                  f"| {same} | {larger} |")
    print(f"\n({time.perf_counter() - clock:.0f} s)")


if __name__ == "__main__":
    main()
