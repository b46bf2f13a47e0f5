"""Speed-up of a 4,000-run sweep with 2 worker processes over 1.

Run: ``python benchmarks/workers.py [--points 400] [--replicates 10] [--months 120]``. The
sweep is a Latin hypercube over base supervision and goal clarity in the default firm (100
positions, 120 months of spin-up, a 120-month horizon), summaries only, chunks of 32 runs. It
runs the same plan into two empty folders, first with ``--workers 1`` then ``--workers 2``
(local process pools, process start-up included), ``--repeats`` times alternately, checks that
every folder holds the same results, and prints the wall-clock times, the CPU time of this
process (which writes the folders and shares the cores with the workers) and the ratio of the
best time of each (the machine may be shared: the load average is printed with each timing). The
sweep is large enough that starting the workers (about a second each, in parallel) does not
dominate: at 1,000 runs the compiled engine takes about 8 s on one worker, of which a second is
start-up.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from promosim.experiments import execute, load_results, load_sweep, open_backend, sweep_plan

SWEEP = """\
name = "workers-benchmark"
design = "lhs"
samples = {points}
replicates = {replicates}
seed = 7
months = {months}

[parameters]
supervision_base = {{ low = 0.0, high = 1.0 }}
goal_clarity = {{ low = 0.0, high = 1.0 }}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=400)
    parser.add_argument("--replicates", type=int, default=10)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sweep.toml"
        path.write_text(SWEEP.format(**vars(args)), encoding="utf-8")
        plan = sweep_plan(load_sweep(path))
        print(f"sweep: {plan.runs} runs ({args.points} points × {args.replicates} replicates), "
              f"{args.months} months, {plan.chunks} chunks; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        seconds: dict[int, list[float]] = {1: [], 2: []}
        for repeat in range(args.repeats):
            for workers in (1, 2):
                folder = Path(tmp) / f"w{workers}-{repeat}"
                clock, cpu = time.perf_counter(), time.process_time()
                with open_backend(workers=workers) as backend:
                    execute(plan, folder, backend, progress=False)
                seconds[workers].append(time.perf_counter() - clock)
                print(f"  {workers} worker{'s' if workers > 1 else ' '}: "
                      f"{seconds[workers][-1]:7.1f} s  ({plan.runs / seconds[workers][-1]:6.1f} "
                      f"runs/s), this process's CPU {time.process_time() - cpu:.2f} s, load "
                      f"average {os.getloadavg()[0]:.1f}")
        for repeat in range(args.repeats):
            pd.testing.assert_frame_equal(load_results(Path(tmp) / "w1-0"),
                                          load_results(Path(tmp) / f"w2-{repeat}"))
        best = {workers: min(times) for workers, times in seconds.items()}
        print(f"speed-up with 2 workers over 1 (best of {args.repeats} each): "
              f"{best[1] / best[2]:.2f}× (results identical)")

if __name__ == "__main__":
    main()
