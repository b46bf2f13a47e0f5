"""What checking a results folder costs: checksums on load and on resume, against plain reading.

Run: ``python benchmarks/folder_checks.py [--runs 4000]``. Writes a sweep of a small firm with
monthly series and event log (chunks of 32 runs), then times (median of 5): checking every part
against the manifest (``inspect_folder``), ``load_results`` and ``load_series`` (which check
first), the same tables read straight from the Parquet parts without any check, and a resume
that finds nothing to do (it checks every part too).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import pyarrow.dataset as ds

from promosim.experiments import (
    execute,
    inspect_folder,
    load_results,
    load_series,
    load_sweep,
    open_backend,
    sweep_plan,
)

SWEEP = """\
name = "folder-checks"
design = "lhs"
samples = {points}
replicates = 10
seed = 5
months = 24
chunk_runs = 32
series = true
events = true

[parameters]
supervision_base = {{ low = 0.0, high = 1.0 }}
goal_clarity = {{ low = 0.0, high = 1.0 }}

[set]
n_teams = 2
team_size = 5
accounts_per_position = 4
spinup_months = 24
"""


def median_seconds(task, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plain(out: Path, table: str):
    return ds.dataset(sorted(str(p) for p in (out / table).glob("part-*.parquet")),
                      format="parquet").to_table().to_pandas()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=4000, help="runs in the sweep (default 4000)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        sweep = Path(tmp) / "sweep.toml"
        sweep.write_text(SWEEP.format(points=max(args.runs // 10, 1)))
        plan = sweep_plan(load_sweep(sweep))
        out = Path(tmp) / "out"
        with open_backend(workers=2) as backend:
            start = time.perf_counter()
            execute(plan, out, backend, progress=False)
            print(f"sweep: {plan.runs:,} runs in {plan.chunks} chunks, "
                  f"{time.perf_counter() - start:.1f} s")
        size = sum(f.stat().st_size for f in out.rglob("*.parquet")) / 1e6
        print(f"folder: {size:.1f} MB of Parquet, manifest "
              f"{(out / 'manifest.json').stat().st_size / 1e3:.0f} kB")
        check = median_seconds(lambda: inspect_folder(out))
        rows = [("check every part (inspect_folder)", check)]
        for name, loader in (("runs", load_results), ("series", load_series)):
            checked = median_seconds(lambda loader=loader: loader(out))
            unchecked = median_seconds(lambda name=name: plain(out, name))
            rows += [(f"load_{'results' if name == 'runs' else name} (checks first)", checked),
                     (f"{name} parts read without checks", unchecked)]
        with open_backend(workers=0) as backend:
            rows.append(("resume with nothing left to do", median_seconds(
                lambda: execute(plan, out, backend, progress=False))))
        for what, seconds in rows:
            print(f"{what:<40} {seconds * 1000:8.1f} ms")
        print(f"checking reads {size / check:.0f} MB/s")


if __name__ == "__main__":
    main()
