"""Experiments at scale: designs, sweeps, policy comparisons and sensitivity analysis.

A :class:`~promosim.experiments.plan.Plan` (design points × replicates on common random numbers)
is cut into chunks, run on any ``concurrent.futures.Executor`` and streamed into a results
folder that resumes after an interruption; :func:`load_results` reads any such folder back.
"""

from promosim.experiments.compare import compare_plan, find_policy, paired_differences
from promosim.experiments.designs import DESIGNS, Factor, make_design
from promosim.experiments.execution import execute, open_backend
from promosim.experiments.plan import Plan
from promosim.experiments.store import (
    load_events,
    load_points,
    load_results,
    load_series,
    read_manifest,
)
from promosim.experiments.sweep import sweep_plan
from promosim.experiments.sweepfile import Sweep, load_sweep
from promosim.randomness import replicate_seed

__all__ = [
    "DESIGNS",
    "Factor",
    "Plan",
    "Sweep",
    "compare_plan",
    "execute",
    "find_policy",
    "load_events",
    "load_points",
    "load_results",
    "load_series",
    "load_sweep",
    "make_design",
    "open_backend",
    "paired_differences",
    "read_manifest",
    "replicate_seed",
    "sweep_plan",
]
