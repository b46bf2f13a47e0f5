"""Time of a calibration of the example firm with the default settings.

Run: ``python benchmarks/calibration.py [--workers 2] [--out DIR]``: ``promosim calibrate
examples/firm`` as a user runs it (screening, ABC-SMC, predictive check), into an empty folder.
Prints the wall-clock time, the simulations per second, the generations and the load average
(the machine may be shared). Target: within 30 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from promosim.batch import warm_up
from promosim.uncertainty.calibration import Settings, calibrate

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "firm"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None,
                        help="keep the calibration here (default: a temporary folder)")
    args = parser.parse_args()
    warm_up()
    settings = Settings(workers=args.workers)
    print(f"load average before: {os.getloadavg()[0]:.2f}; settings {settings}")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "calibration"
        start = time.perf_counter()
        result = calibrate(EXAMPLE, out, settings, progress=False)
        took = time.perf_counter() - start
    g = result.generations
    simulations = int(g["samples"].sum()) + settings.screening
    print(f"calibration of the example firm: {took:.0f} s = {took / 60:.1f} min (target: 30 "
          f"min) on {args.workers} workers; {len(g)} generations, {simulations:,} simulated "
          f"firms ({simulations / took:.1f} a second), final tolerance "
          f"{g['epsilon'].iloc[-1]:.3f}; load average after: {os.getloadavg()[0]:.2f}")
    print("fitted: " + ", ".join(result.posterior.fitted)
          + f"; not identified: {', '.join(result.unidentified) or 'none'}")


if __name__ == "__main__":
    main()
