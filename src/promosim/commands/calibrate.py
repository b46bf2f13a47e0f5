"""``promosim calibrate``: fit the uncertain parameters to a firm's own records (ABC-SMC).

A wrapper of :func:`promosim.calibrate`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from promosim.commands.common import positive_int, seed_number, whole_number
from promosim.commands.experiment_options import ExamplesFormatter, worker_count


def add_parser(commands, summary: str) -> None:
    """Register ``calibrate`` (``summary``: its line in ``promosim --help``)."""
    from promosim.uncertainty.calibration import Settings

    d = Settings()
    parser = commands.add_parser(
        "calibrate", help=summary,
        description="Fit the model's uncertain parameters to a firm's own records (a firm "
                    "folder, docs/firm-data.md) by approximate Bayesian computation (ABC-SMC, "
                    "pyabc). The firm's structure and current policy are fixed; prior worlds "
                    "are screened for the parameters the firm's statistics depend on most, "
                    "which are fitted while every other uncertain parameter is drawn from its "
                    "prior. Writes OUT/posterior.parquet (the posterior file for 'promosim "
                    "compare --uncertainty N --posterior FILE'), diagnostics (predictive.csv "
                    "and .png, parameters.csv and .png, influence.csv, generations.csv) and "
                    "calibration.json. Re-running the same command goes on where it stopped. "
                    "Method and checks: docs/calibration.md.",
        epilog="examples:\n  promosim calibrate examples/firm --out results/calibration "
               "--workers 2\n  promosim compare clear-goals-feedback --uncertainty 50 "
               "--posterior results/calibration/posterior.parquet",
        formatter_class=ExamplesFormatter)
    parser.add_argument("folder", metavar="DIR", help="the firm folder")
    parser.add_argument("--out", type=Path, default=Path("results/calibration"), metavar="OUT",
                        help="folder for the posterior and diagnostics (default: "
                             "results/calibration)")
    parser.add_argument("--policy", metavar="POLICY",
                        help="the firm's current practice: a policy file or the name of one in "
                             "configs/policies/ (default: the baseline's levers)")
    parser.add_argument("--population", type=lambda t: whole_number(t, 20, most=100_000),
                        default=d.population, metavar="N",
                        help=f"worlds per generation (default: {d.population})")
    parser.add_argument("--generations", type=lambda t: whole_number(t, 1, most=100),
                        default=d.generations, metavar="G",
                        help=f"most generations (default: {d.generations})")
    parser.add_argument("--budget", type=lambda t: whole_number(t, 100, most=10_000_000),
                        default=d.budget, metavar="S",
                        help=f"most simulations in all (default: {d.budget:,})")
    parser.add_argument("--screening", type=lambda t: whole_number(t, 32, most=100_000),
                        default=d.screening, metavar="M",
                        help=f"prior worlds simulated to choose what to fit (default: "
                             f"{d.screening})")
    parser.add_argument("--fit", type=positive_int, default=d.fitted, metavar="K",
                        help=f"how many parameters to fit (default: {d.fitted})")
    parser.add_argument("--seed", type=seed_number, default=d.seed, metavar="S",
                        help=f"seed of the calibration (default: {d.seed})")
    parser.add_argument("--workers", type=worker_count, default=None, metavar="N",
                        help=f"processes (default: one per core, {os.cpu_count() or 1}; 0 or 1 = "
                             "in this process; the results do not depend on it)")
    parser.add_argument("--force", action="store_true",
                        help="replace a calibration of other data or settings in OUT")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Calibrate (:func:`promosim.calibrate`); print the fitted parameters and the checks."""
    from promosim.workflows.calibrate import calibrate

    result = calibrate(args.folder, out=args.out, policy=args.policy,
                       population=args.population, generations=args.generations,
                       budget=args.budget, screening=args.screening, fit=args.fit,
                       seed=args.seed, workers=args.workers, force=args.force,
                       progress=not args.quiet and not os.environ.get("PROMOSIM_QUIET"))
    print(result.report())
    return 0
