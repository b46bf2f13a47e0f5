"""Peak memory of a 100,000-run summary-only sweep (results stream to disk chunk by chunk).

Run: ``python benchmarks/memory.py [--runs 100000] [--firm small|default] [--workers 2]``.
The sweep is a Latin hypercube over base supervision and goal clarity with 10 replicates per
point, summaries only. A thread samples the resident memory (RSS, from /proc) of this process
and all its worker processes every 0.2 s and keeps the peak of their sum; ``resource`` adds
the peak RSS of this process and of the largest worker (the target: below 1 GiB). The default
firm (100 positions, 120 + 120 months) takes about a quarter of an hour on 2 cores; ``--firm
small`` (2 teams × 5 positions, 4 accounts, 24 + 24 months) shows the same streaming in minutes:
memory per chunk depends on the firm, memory across chunks must not grow with the number of runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from pathlib import Path

from promosim.experiments import execute, load_results, load_sweep, open_backend, sweep_plan

FIRMS = {
    "small": "n_teams = 2\nteam_size = 5\naccounts_per_position = 4\nspinup_months = 24\n",
    "default": "",
}
SWEEP = """\
name = "memory-benchmark"
design = "lhs"
samples = {points}
replicates = 10
seed = 11
months = {months}
chunk_runs = {chunk}

[parameters]
supervision_base = {{ low = 0.0, high = 1.0 }}
goal_clarity = {{ low = 0.0, high = 1.0 }}

[set]
{firm}"""


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and its descendants, read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in family)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--firm", choices=FIRMS, default="small")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-runs", type=int, default=64)
    args = parser.parse_args()
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], tree_rss(os.getpid()))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sweep.toml"
        months = 24 if args.firm == "small" else 120
        path.write_text(SWEEP.format(points=args.runs // 10, months=months,
                                     chunk=args.chunk_runs, firm=FIRMS[args.firm]))
        plan = sweep_plan(load_sweep(path))
        print(f"sweep: {plan.runs:,} runs, {args.firm} firm, {months} months, {plan.chunks:,} "
              f"chunks of {args.chunk_runs}, {args.workers} workers, summaries only")
        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        clock = time.perf_counter()
        with open_backend(workers=args.workers) as backend:
            execute(plan, Path(tmp) / "out", backend, progress=True)
        seconds = time.perf_counter() - clock
        done.set()
        watcher.join()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        on_disk = sum(f.stat().st_size for f in (Path(tmp) / "out").rglob("*") if f.is_file())
        rows = len(load_results(Path(tmp) / "out"))
        loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gib = max(peak[0], (own + worker) * 2**20) / 2**30
    print(f"  {rows:,} runs in {seconds / 60:.1f} min ({rows / seconds:,.0f} runs/s), "
          f"{on_disk / 2**20:.0f} MiB on disk")
    print(f"  peak RSS of the process tree (sampled): {peak[0] / 2**20:,.0f} MiB")
    print(f"  peak RSS of this process during the sweep: {own:,.0f} MiB; of the largest worker: "
          f"{worker:,.0f} MiB; the sweep's peak at most {gib:.2f} GiB (sampled, or the two "
          "peaks added, whichever is larger)")
    print(f"  under 1 GiB: {'yes' if gib < 1 else 'NO'}")
    print(f"  afterwards, loading the {rows:,} runs' summaries into pandas: this process peaks "
          f"at {loaded:,.0f} MiB")


if __name__ == "__main__":
    main()
