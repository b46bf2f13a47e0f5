"""Where the batched engine spends its time: a sampling profile of its compiled functions.

Run: ``python benchmarks/engine_profile.py [--seconds 15] [--batch 50]``. Needs Linux ``perf``
(allowed to sample the user's own processes) and ``objdump``. The script compiles the engine
afresh into a temporary cache folder, so that its object code, with a symbol for every compiled
function, is at hand; writes a perf map of that code (``/tmp/perf-PID.map``, the format perf
reads for code made at run time); samples this process with ``perf record`` while it simulates
batches of the default firm (as ``benchmarks/batched.py`` does); and prints each compiled
function's share of the samples. Phases the engine inlines (``@kernel(inline=True)``: the account
phases, ``tally``, ``strike``, ``market``) count towards the loop they are inlined into,
``engine.run_month``; everything that is not the engine's code (Python, NumPy, the summaries)
is one line.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUTSIDE = "(not the engine: Python, NumPy, summaries, the kernel)"


def symbols(obj: Path, section: str) -> list[tuple[int, int, str]]:
    """Functions (offset, size, mangled name) of one section of an object file."""
    out = subprocess.run(["objdump", "-t", str(obj)], capture_output=True, text=True,
                         check=True).stdout
    found = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 6 and parts[3] == section and "F" in parts[2]:
            found.append((int(parts[0], 16), int(parts[4], 16), parts[5]))
    return sorted(found)


def readable(mangled: str) -> str:
    """``promosim.engine.run_month`` from Numba's mangled name of it."""
    rest = mangled.removeprefix("_ZN")
    words = []
    while (match := re.match(r"(\d+)", rest)) and len(words) < 4:
        size = int(match.group(1))
        word = rest[len(match.group(1)):len(match.group(1)) + size]
        rest = rest[len(match.group(1)) + size:]
        words.append(word)
        if not rest[:1].isdigit():
            break
    return ".".join(words) if words else mangled[:60]


def perf_map(libraries: list, folder: Path) -> set[str]:
    """Write the perf map of the compiled libraries' functions; returns their names.

    Each function is placed where the process resolves its symbol (a function that several
    libraries contain runs from one of them), with the size it has in the library's object code.
    """
    names, placed = set(), set()
    with open(f"/tmp/perf-{os.getpid()}.map", "w", encoding="utf-8") as handle:
        for k, library in enumerate(libraries):
            obj = folder / f"library-{k}.o"
            obj.write_bytes(library.serialize_using_object_code()[2][0])
            for _, size, name in symbols(obj, ".ltext"):
                try:
                    address = library.get_pointer_to_function(name)
                except (RuntimeError, ValueError):
                    continue
                if address and address not in placed:
                    placed.add(address)
                    handle.write(f"{address:x} {size:x} {readable(name)}\n")
                    names.add(readable(name))
    return names


def sample(simulate, values, seeds, args, data: Path) -> tuple[int, float, str]:
    """Simulate batches for ``args.seconds`` under ``perf record``; returns the runs, the wall
    milliseconds a run and ``perf script``'s samples (address and function)."""
    perf = subprocess.Popen(["perf", "record", "-q", "-F", "2000", "-p", str(os.getpid()),
                             "-o", str(data)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.0)
    clock, runs = time.perf_counter(), 0
    while time.perf_counter() - clock < args.seconds:
        simulate([values] * args.batch, seeds, events=False)
        runs += args.batch
    per_run = (time.perf_counter() - clock) / runs * 1000
    perf.send_signal(signal.SIGINT)
    error = perf.communicate()[1].decode(errors="replace").strip()
    if perf.returncode not in (0, -signal.SIGINT) or not data.exists():
        sys.exit(f"engine_profile: perf record failed: {error[-300:]}")
    script = subprocess.run(["perf", "script", "-i", str(data), "-F", "ip,sym"],
                            capture_output=True, text=True, check=True).stdout
    return runs, per_run, script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    for tool in ("perf", "objdump"):
        if shutil.which(tool) is None:
            sys.exit(f"engine_profile: needs '{tool}' on the PATH")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["PROMOSIM_CACHE_DIR"] = str(folder / "cache")
        from promosim import engine
        from promosim.batch import simulate
        from promosim.parameters import resolve
        from promosim.randomness import replicate_seeds

        values = resolve({})
        seeds = replicate_seeds(2024, args.batch)
        print("compiling the engine afresh (about 15 s) …", flush=True)
        simulate([values] * 2, seeds[:2], events=False)
        libraries = [result.library for loop in (engine.advance, engine.found, engine.measure)
                     for result in loop.overloads.values()]
        try:
            ours = perf_map(libraries, folder)
            runs, per_run, script = sample(simulate, values, seeds, args, folder / "perf.data")
        finally:
            Path(f"/tmp/perf-{os.getpid()}.map").unlink(missing_ok=True)
    functions = ((line.split(maxsplit=1)[1:] or [""])[0].strip()
                 for line in script.splitlines() if line.strip())
    counts = collections.Counter(name if name in ours else OUTSIDE for name in functions)
    total = sum(counts.values())
    print(f"{runs} runs of the default firm, {per_run:.1f} ms a run (wall, while sampled); "
          f"{total} samples")
    for name, count in counts.most_common():
        print(f"  {100 * count / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
