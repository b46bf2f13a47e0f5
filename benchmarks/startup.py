"""Start-up: time to a first result in a new process, with a cold and a warm compile cache.

Run: ``python benchmarks/startup.py``. Each figure is a fresh Python process that imports
promosim and simulates one small firm (``promosim.batch.simulate``), timed from the outside:

- *cold*: an empty cache folder (``PROMOSIM_CACHE_DIR``), as on the first run after installing:
  the engine is compiled and stored;
- *warm*: the same folder again, as every later process (pool and Dask workers included):
  the engine is loaded from the cache;
- *read-only*: a cache folder that cannot be written: compiled in memory, with a warning;
- ``promosim --help``, which imports neither the engine nor Numba.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST_RESULT = ("from promosim.batch import simulate; from promosim.parameters import resolve; "
                "simulate([resolve({'n_teams': 2, 'team_size': 3, 'months': 12, "
                "'spinup_months': 12})], [1])")


def seconds(command: list[str], cache: Path) -> tuple[float, str]:
    """Wall-clock seconds of ``command`` in a new process using ``cache``, and its stderr."""
    env = {**os.environ, "PROMOSIM_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stderr.strip()


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    python = [sys.executable, "-c", FIRST_RESULT]
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        cold, _ = seconds(python, cache)
        print(f"  first result, cold cache (compiles)   {cold:6.1f} s")
        warm = sorted(seconds(python, cache)[0] for _ in range(3))[1]
        print(f"  first result, warm cache (median of 3) {warm:6.1f} s")
        locked = Path(tmp) / "locked"
        locked.mkdir(mode=0o555)
        if os.access(locked, os.W_OK):
            print("  read-only cache: not measurable as root (every folder is writable)")
        else:
            ro, warning = seconds(python, locked / "cache")
            said = warning.splitlines()[-1] if warning else "no warning"
            print(f"  first result, read-only cache        {ro:6.1f} s ({said})")
        helped = sorted(seconds([sys.executable, "-m", "promosim.cli", "--help"], cache)[0]
                        for _ in range(3))[1]
        print(f"  promosim --help (median of 3)          {helped:6.2f} s")


if __name__ == "__main__":
    main()
