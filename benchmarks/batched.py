"""The compiled batched engine against the previous (NumPy) engine, and PromoterModel one by one.

Run: ``python benchmarks/batched.py [--runs 200] [--batch 50] [--before REV] [--model-runs 20]
[--rounds 3]``.
The firm is the default one (10 teams × 10 = 100 promoter positions, 8 accounts each), 120
months of spin-up plus a 10-year horizon, every run with its own seed, events off (as in a
sweep). Throughput counts every simulated month, spin-up included, of every position, in CPU
time of this process (robust on a shared machine).

``--before`` names the commit of the engine to compare with (default: the last commit of the
NumPy engine). The script checks it out into a temporary git worktree and times it in a child
process with this environment (its code needs nothing the current one does not have), then times
the compiled engine on one thread and on every core (threads), and ``PromoterModel`` one run at
a time, both ways; ``--rounds`` times, alternating, and prints each round's ratios and the
medians (the machine may be shared). The first run of the compiled engine in a process loads it
from the on-disk cache (or compiles it) and is not timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def worktree(commit: str) -> Iterator[Path]:
    """A temporary git worktree of ``commit``."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree),
                        commit], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=True)


def time_tree(tree: Path, runs: int, batch: int, model_runs: int) -> tuple[float, float]:
    """CPU seconds per run (batched, PromoterModel) of the engine in worktree ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run([sys.executable, "-c", TIMING, str(runs), str(batch), str(model_runs)],
                         env=env, check=True, capture_output=True, text=True,
                         cwd=tree).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--model-runs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of before-and-after timings (the table gives medians)")
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
          f"{args.batch}; load average {os.getloadavg()[0]:.1f} on {cores} cores; "
          f"medians of {args.rounds} rounds")
    simulate([values] * 2, seeds[:2], events=False)  # load or compile, not timed

    def batched(threads: int, clock=time.process_time) -> float:
        start = clock()
        for i in range(0, args.runs, args.batch):
            chunk = seeds[i:i + args.batch]
            simulate([values] * len(chunk), chunk, events=False, threads=threads)
        return (clock() - start) / args.runs

    def promoter_model() -> float:
        start = time.process_time()
        for seed in seeds[:args.model_runs]:
            PromoterModel(rng=seed, **values).run()
        return (time.process_time() - start) / args.model_runs

    rounds = []
    with worktree(args.before) as tree:
        for k in range(args.rounds):
            before, before_model = time_tree(tree, args.runs, args.batch, args.model_runs)
            timing = {"before": before, "one": batched(1),
                      "wall_one": batched(1, time.perf_counter),
                      "wall_all": batched(cores, time.perf_counter),
                      "before_model": before_model, "model": promoter_model()}
            rounds.append(timing)
            print(f"  round {k + 1}: engine {before / timing['one']:.1f}×, PromoterModel "
                  f"{before_model / timing['model']:.1f}×", flush=True)
    t = {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}
    ratio = {name: statistics.median(r["before"] / r[name] for r in rounds)
             for name in ("one", "wall_all")}
    ratio["threads"] = statistics.median(r["wall_one"] / r["wall_all"] for r in rounds)
    ratio["model"] = statistics.median(r["before_model"] / r["model"] for r in rounds)

    def rate(per_run: float) -> str:
        return f"{positions * months / per_run / 1e6:6.2f} M promoter-months/s"

    print(f"  engine at {args.before} (NumPy), one core   {t['before'] * 1000:8.1f} ms/run  "
          f"{rate(t['before'])}")
    print(f"  compiled engine, one core              {t['one'] * 1000:8.1f} ms/run  "
          f"{rate(t['one'])}  {ratio['one']:5.1f}×")
    print(f"  compiled engine, {cores} threads (wall)      {t['wall_all'] * 1000:8.1f} ms/run  "
          f"{rate(t['wall_all'])}  {ratio['wall_all']:5.1f}× ({ratio['threads']:.2f}× one "
          "thread)")
    print(f"  PromoterModel one run, before          {t['before_model'] * 1000:8.1f} ms/run")
    print(f"  PromoterModel one run, compiled        {t['model'] * 1000:8.1f} ms/run  "
          f"{ratio['model']:5.1f}×")


if __name__ == "__main__":
    main()
