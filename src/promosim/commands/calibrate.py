"""``promosim calibrate``: fit the uncertain parameters to a firm's own records (ABC-SMC)."""

from __future__ import annotations

import argparse
import importlib.util
import os
from pathlib import Path

from promosim.commands.common import positive_int, seed_number, whole_number
from promosim.commands.experiment_options import ExamplesFormatter, worker_count
from promosim.errors import ConfigError

INSTALL = ("promosim calibrate needs the optional calibration libraries (pyabc): install them "
           "with  pip install 'promosim[calibrate]'  (in a checkout:  .venv/bin/pip install -e "
           "'.[calibrate]')")


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
                        help=f"processes (default: one per core, {os.cpu_count() or 1}; the "
                             "results do not depend on it)")
    parser.add_argument("--force", action="store_true",
                        help="replace a calibration of other data or settings in OUT")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Calibrate; print the fitted parameters and the checks."""
    if importlib.util.find_spec("pyabc") is None:
        raise ConfigError(INSTALL)
    from promosim.commands.common import default_scenario
    from promosim.experiments.compare import find_policy
    from promosim.scenario import load_scenario
    from promosim.uncertainty.calibration import Settings, calibrate

    scenario = load_scenario(default_scenario())
    if args.policy:
        scenario = scenario.with_policy(find_policy(args.policy))
    levers = {name: scenario.values[name] for name in scenario.values
              if name in _levers()}
    workers = args.workers or os.cpu_count() or 1
    settings = Settings(population=args.population, generations=args.generations,
                        budget=args.budget, screening=args.screening, fitted=args.fit,
                        seed=args.seed, workers=workers)
    from promosim.batch import warm_up

    warm_up()  # the forked workers inherit the loaded engine
    result = calibrate(args.folder, args.out, settings, levers, force=args.force,
                       progress=not args.quiet and not os.environ.get("PROMOSIM_QUIET"))
    g = result.generations
    print(f"calibrated {result.firm.name!r} ({result.firm.window} months) in {len(g)} "
          f"generations, {int(g['samples'].sum()):,} simulations; final tolerance "
          f"{g['epsilon'].iloc[-1]:.3f}, acceptance {g['acceptance'].iloc[-1]:.1%}")
    print("fitted parameters: prior 90% → posterior 90% (median); share of uncertainty left")
    table = result.parameters
    for row in table[table["fitted"]].itertuples():
        flag = "" if row.identified else "   not identified by the data"
        print(f"  {row.parameter:<28} {row.prior_5:.3g}–{row.prior_95:.3g} → "
              f"{row.posterior_5:.3g}–{row.posterior_95:.3g} ({row.posterior_50:.3g})  "
              f"{row.uncertainty_left:.0%}{flag}")
    others = int((~table["fitted"]).sum())
    print(f"  {others} other uncertain parameters move the firm's statistics less (screening, "
          "influence.csv): not fitted, drawn from their priors in every simulation")
    check = result.predictive
    print(f"posterior predictive check: {int(check['typical'].sum())} of {len(check)} statistics "
          "of the firm lie between the 5% and 95% of simulated firms"
          + (f"; not: {', '.join(check[~check['typical']]['statistic'])}"
             if not check["typical"].all() else ""))
    print(f"results: {result.out}/ (posterior.parquet, predictive.csv/.png, parameters.csv/.png, "
          "influence.csv, generations.csv, calibration.json)")
    return 0


def _levers() -> tuple[str, ...]:
    from promosim.parameters import LEVERS

    return LEVERS
