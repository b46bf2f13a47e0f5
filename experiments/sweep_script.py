"""What the sweep scripts share: run a shipped sweep into a folder, then draw its figure there."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from promosim.cli import main as promosim
from promosim.experiments import load_results


def run_and_draw(description: str, sweep: str, out: str,
                 draw: Callable[[pd.DataFrame, Path], Path], figure: str) -> int:
    """``promosim sweep SWEEP --out OUT [options]``, then ``draw(results, OUT/figure)``.

    Options the script does not know (``--replicates``, ``--months``, ``--workers``, …) go to
    ``promosim sweep``.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=Path(out))
    args, rest = parser.parse_known_args()
    status = promosim(["sweep", sweep, "--out", str(args.out), *rest])
    if status:
        return status
    print(f"figure: {draw(load_results(args.out), args.out / figure)}")
    return 0
