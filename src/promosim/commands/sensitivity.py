"""``promosim sensitivity``: Sobol or Morris indices of a sweep file's parameters (SALib).

A wrapper of :func:`promosim.sensitivity`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from promosim.commands.common import positive_int, said
from promosim.commands.experiment_options import ExamplesFormatter, execution_from_args
from promosim.commands.sweep import add_sweep_options, sweep_from_args
from promosim.experiments.sweepfile import METHODS
from promosim.workflows.sensitivity import CHART, INDICES, sensitivity


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
    sweep = sweep_from_args(args).with_sensitivity(args.method, args.sensitivity_samples)
    out = args.out or Path("results") / f"{sweep.name}-{sweep.sensitivity.method}"
    with said("sensitivity"):
        result = sensitivity(sweep, out=out, **execution_from_args(args))
    folder = result.save()
    print(result.report())
    print(f"indices: {folder / INDICES}\nchart:   {folder / CHART}\nresults: {out}/")
    return 0
