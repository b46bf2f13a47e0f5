"""The compiled batched engine against the previous (NumPy) engine, and PromoterModel one by one.

Run: ``python benchmarks/batched.py [--runs 200] [--batch 50] [--before REV] [--model-runs 20]``.
The firm is the default one (10 teams × 10 = 100 promoter positions, 8 accounts each), 120
months of spin-up plus a 10-year horizon, every run with its own seed, events off (as in a
sweep). Throughput counts every simulated month, spin-up included, of every position, in CPU
time of this process (robust on a shared machine).

``--before`` names the commit of the engine to compare with (default: the last commit of the
NumPy engine). The script checks it out into a temporary git worktree and times it in a child
process with this environment (its code needs nothing the current one does not have), then times
the compiled engine on one thread and on every core (threads), and ``PromoterModel`` one run at
a time, both ways. The first run of the compiled engine in a process loads it from the on-disk
cache (or compiles it) and is not timed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The last commit of the NumPy engine (before one implementation was compiled with Numba).
NUMPY_ENGINE = "4c874bb"

TIMING = """
import sys, time
from promosim.batch import simulate
from promosim.model import PromoterModel
from promosim.parameters import resolve
from promosim.randomness import replicate_seeds
runs, batch, model_runs = (int(x) for x in sys.argv[1:4])
values = resolve({})
seeds = replicate_seeds(2024, runs)
simulate([values] * 2, seeds[:2], events=False)
clock = time.process_time()
for i in range(0, runs, batch):
    simulate([values] * len(seeds[i:i + batch]), seeds[i:i + batch], events=False)
batched = (time.process_time() - clock) / runs
clock = time.process_time()
for seed in seeds[:model_runs]:
    PromoterModel(rng=seed, **values).run()
model = (time.process_time() - clock) / model_runs
print(batched, model)
"""


def time_commit(commit: str, runs: int, batch: int, model_runs: int) -> tuple[float, float]:
    """CPU seconds per run (batched, PromoterModel) of the engine at ``commit``."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree),
                        commit], check=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(tree / "src")}
            out = subprocess.run([sys.executable, "-c", TIMING, str(runs), str(batch),
                                  str(model_runs)], env=env, check=True, capture_output=True,
                                 text=True, cwd=tree).stdout.split()
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=True)
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--model-runs", type=int, default=20)
    parser.add_argument("--before", default=NUMPY_ENGINE, help="commit of the engine to compare")
    args = parser.parse_args()

    from promosim.batch import simulate
    from promosim.model import PromoterModel
    from promosim.parameters import resolve
    from promosim.randomness import replicate_seeds

    values = resolve({})
    positions = int(values["n_teams"] * values["team_size"])
    months = int(values["months"] + values["spinup_months"])
    seeds = replicate_seeds(2024, args.runs)
    cores = os.cpu_count() or 1
    print(f"firm: {positions} positions, {months} months per run, {args.runs} runs in batches of "
          f"{args.batch}; load average {os.getloadavg()[0]:.1f} on {cores} cores")

    before, before_model = time_commit(args.before, args.runs, args.batch, args.model_runs)
    simulate([values] * 2, seeds[:2], events=False)  # load or compile, not timed

    def batched(threads: int, clock=time.process_time) -> float:
        start = clock()
        for i in range(0, args.runs, args.batch):
            chunk = seeds[i:i + args.batch]
            simulate([values] * len(chunk), chunk, events=False, threads=threads)
        return (clock() - start) / args.runs

    one = batched(1)
    wall_one = batched(1, time.perf_counter)
    wall_all = batched(cores, time.perf_counter)
    start = time.process_time()
    for seed in seeds[:args.model_runs]:
        PromoterModel(rng=seed, **values).run()
    model = (time.process_time() - start) / args.model_runs

    def rate(per_run: float) -> str:
        return f"{positions * months / per_run / 1e6:6.2f} M promoter-months/s"

    print(f"  engine at {args.before} (NumPy), one core   {before * 1000:8.1f} ms/run  "
          f"{rate(before)}")
    print(f"  compiled engine, one core              {one * 1000:8.1f} ms/run  {rate(one)}  "
          f"{before / one:5.1f}×")
    print(f"  compiled engine, {cores} threads (wall)      {wall_all * 1000:8.1f} ms/run  "
          f"{rate(wall_all)}  {before / wall_all:5.1f}× ({wall_one / wall_all:.2f}× one thread)")
    print(f"  PromoterModel one run, before          {before_model * 1000:8.1f} ms/run")
    print(f"  PromoterModel one run, compiled        {model * 1000:8.1f} ms/run  "
          f"{before_model / model:5.1f}×")


if __name__ == "__main__":
    main()
