"""``promosim sensitivity``: Sobol or Morris indices of a sweep file's parameters (SALib)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from promosim.commands.common import positive_int
from promosim.commands.experiment_options import (
    ExamplesFormatter,
    backend_from_args,
    experiment_folder,
    size_line,
)
from promosim.commands.sweep import add_sweep_options, sweep_from_args
from promosim.errors import ConfigError
from promosim.experiments import sensitivity
from promosim.experiments.execution import execute
from promosim.experiments.store import load_results
from promosim.experiments.sweep import about, describe, sweep_plan
from promosim.experiments.sweepfile import METHODS
from promosim.output import atomic_write


def add_parser(commands, summary: str) -> None:
    """Register ``sensitivity`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "sensitivity", help=summary,
        description="Sample the parameter ranges of a sweep file with SALib (Saltelli's scheme "
                    "for Sobol indices, trajectories for Morris), run the sample as a sweep "
                    "(results folder, resumable), average the outputs over replicates and write "
                    "the indices with confidence intervals (indices.csv) and a bar chart for "
                    "retention and relationship success (indices.png) into the folder.",
        epilog="examples:\n  promosim sensitivity configs/sweeps/policy-levers.toml "
               "--out results/levers-sobol\n  promosim sensitivity "
               "configs/sweeps/policy-levers.toml --method morris --samples 40",
        formatter_class=ExamplesFormatter,
    )
    parser.add_argument("sweep", metavar="SWEEP", help="sweep file (TOML) with the ranges")
    parser.add_argument("--method", choices=METHODS,
                        help="sobol (first- and total-order indices) or morris (elementary "
                             "effects); default: the file's [sensitivity] method")
    parser.add_argument("--samples", type=positive_int, metavar="N", dest="sensitivity_samples",
                        help="Sobol base samples (a power of 2; runs N × (parameters + 2) "
                             "points) or Morris trajectories (N × (parameters + 1) points)")
    add_sweep_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Sample, run, analyse, write the indices and the chart."""
    samples = args.sensitivity_samples
    sweep = sweep_from_args(args)
    settings = replace(sweep.sensitivity, **{k: v for k, v in
                                             (("method", args.method), ("samples", samples))
                                             if v is not None})
    if settings.method == "sobol" and settings.samples & (settings.samples - 1):
        raise ConfigError(f"--samples must be a power of 2 for Sobol indices (e.g. 32, 64, 128), "
                          f"got {settings.samples}")
    design = sensitivity.sample(sweep.factors, settings, sweep.seed)
    method = "saltelli" if settings.method == "sobol" else "morris"
    plan = sweep_plan(sweep, design, describe(
        sweep, method, len(design), samples=settings.samples, levels=settings.levels,
        sensitivity=settings.method, outputs=list(settings.outputs)))
    out = args.out or Path("results") / f"{sweep.name}-{settings.method}"
    with experiment_folder(plan, out, args) as folder:
        with backend_from_args(args) as backend:
            print(f"promosim sensitivity: {sweep.name}, {settings.method}, {len(sweep.factors)} "
                  f"parameters, {len(design):,} points × {sweep.replicates:,} replicates = "
                  f"{size_line(plan)}, on {backend.name}", file=sys.stderr)
            execute(plan, folder, backend, force=args.force, about=about(sweep))
        try:
            indices = sensitivity.analyse(sweep.factors, design, load_results(out), settings,
                                          sweep.seed)
        except ValueError as error:
            raise ConfigError(f"{sweep.source}: [sensitivity] outputs: {error}") from None
        csv = atomic_write(Path(out) / "indices.csv", lambda p: indices.to_csv(p, index=False))
        png = sensitivity.plot_indices(indices, settings.method, Path(out) / "indices.png",
                                       f"{sweep.name}: {settings.method} indices, {len(design)} "
                                       f"points × {sweep.replicates} replicates")
    key = "ST" if settings.method == "sobol" else "mu_star"
    for outcome, rows in indices.groupby("outcome", sort=False):
        top = rows.nlargest(5, key)
        print(f"{outcome}: most influential by {key}: " + ", ".join(
            f"{r.parameter} {getattr(r, key):.3g}" for r in top.itertuples()))
    print(f"indices: {csv}\nchart:   {png}\nresults: {out}/")
    return 0
