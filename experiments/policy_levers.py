"""Every policy lever: Sobol and Morris sensitivity indices for retention and relationships.

Run: ``python experiments/policy_levers.py [--out DIR] [options]``, e.g. ``--samples 128``
(options after ``--out`` go to ``promosim sensitivity``). Runs ``promosim sensitivity`` on
``configs/sweeps/policy-levers.toml`` with Sobol and with Morris; each writes its results
folder (default ``results/policy-levers-sobol`` and ``-morris``) with ``indices.csv`` and the
bar chart ``indices.png`` (turnover, churn and customer trust).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from promosim.cli import main as promosim

SWEEP = "configs/sweeps/policy-levers.toml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results/policy-levers"))
    parser.add_argument("--methods", nargs="+", default=["sobol", "morris"])
    args, rest = parser.parse_known_args()
    for method in args.methods:
        out = args.out.with_name(f"{args.out.name}-{method}")
        status = promosim(["sensitivity", SWEEP, "--method", method, "--out", str(out), *rest])
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
