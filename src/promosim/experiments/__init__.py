"""Experiments at scale: designs, sweeps, policy comparisons and sensitivity analysis.

A :class:`~promosim.experiments.plan.Plan` (design points × replicates on common random numbers)
is cut into chunks, run on any ``concurrent.futures.Executor`` and streamed into a results
folder that resumes after an interruption; :func:`load_results` reads any such folder back,
after checking every part against the manifest's checksums.

Names load on first use, so a worker process imports only what running a chunk needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from promosim.lazy import lazy_names

if TYPE_CHECKING:
    from promosim.experiments.compare import compare_plan, find_policy, paired_differences
    from promosim.experiments.designs import DESIGNS, Factor, make_design
    from promosim.experiments.execution import execute, open_backend
    from promosim.experiments.plan import Plan
    from promosim.experiments.store import (
        PartialResultsWarning,
        inspect_folder,
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
    "PartialResultsWarning",
    "Plan",
    "Sweep",
    "compare_plan",
    "execute",
    "find_policy",
    "inspect_folder",
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

_LAZY = {
    "DESIGNS": "promosim.experiments.designs",
    "Factor": "promosim.experiments.designs",
    "PartialResultsWarning": "promosim.experiments.store",
    "Plan": "promosim.experiments.plan",
    "Sweep": "promosim.experiments.sweepfile",
    "compare_plan": "promosim.experiments.compare",
    "execute": "promosim.experiments.execution",
    "find_policy": "promosim.experiments.compare",
    "inspect_folder": "promosim.experiments.store",
    "load_events": "promosim.experiments.store",
    "load_points": "promosim.experiments.store",
    "load_results": "promosim.experiments.store",
    "load_series": "promosim.experiments.store",
    "load_sweep": "promosim.experiments.sweepfile",
    "make_design": "promosim.experiments.designs",
    "open_backend": "promosim.experiments.execution",
    "paired_differences": "promosim.experiments.compare",
    "read_manifest": "promosim.experiments.store",
    "replicate_seed": "promosim.randomness",
    "sweep_plan": "promosim.experiments.sweep",
}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
