"""From a sweep file to a plan of runs: the design table applied to the base scenario."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from promosim.errors import ConfigError
from promosim.experiments.designs import make_design
from promosim.experiments.limits import check_points, check_runs
from promosim.experiments.plan import Plan, design_points
from promosim.experiments.sweepfile import Sweep
from promosim.parameters import BY_NAME, check_consistency


def sweep_design(sweep: Sweep) -> pd.DataFrame:
    """The sweep's own design table (grid, Latin hypercube or Sobol sequence)."""
    return make_design(sweep.design, sweep.factors, sweep.samples, sweep.seed)


def sweep_plan(sweep: Sweep, table: pd.DataFrame | None = None,
               design: dict[str, Any] | None = None) -> Plan:
    """The plan of a sweep: every row of ``table`` (default: the sweep's design) × replicates.

    Args:
        sweep: the sweep.
        table: the design table (default: the sweep's own design).
        design: the manifest's description of the design (default: :func:`describe`).

    Returns:
        The plan.

    Raises:
        ConfigError: too many points or runs, a design point that breaks a rule involving
            several parameters, or a schedule beyond a point's horizon.
    """
    table = sweep_design(sweep) if table is None else table
    check_points(len(table), sweep.source)
    check_runs(len(table), sweep.replicates, sweep.source)
    points = design_points([f"p{i}" for i in range(len(table))], sweep.scenario.values, table)
    varied = list(table.columns)
    point = dict(sweep.scenario.values)
    for i, row in enumerate(points[varied].itertuples(index=False, name=None)):
        point.update(zip(varied, row, strict=True))
        check_consistency(point, f"{sweep.source}: design point {i}")
    schedule = sweep.scenario.policy_schedule(BY_NAME["months"].high)
    _check_horizons(sweep, schedule, points["months"].to_numpy())
    return Plan(
        kind="sweep",
        design=design or describe(sweep, sweep.design, len(points)),
        points=points,
        replicates=sweep.replicates,
        base_seed=sweep.seed,
        schedules=[schedule] * len(points),
        chunk_runs=sweep.chunk_runs,
        series=sweep.series,
        events=sweep.events,
    )


def _check_horizons(sweep: Sweep, schedule: list, months: np.ndarray) -> None:
    """Every scheduled change must fall within the horizon of every design point."""
    last = max((month for month, _ in schedule), default=0)
    short = np.flatnonzero(months < last)
    if short.size:
        i = int(short[0])
        sources = ", ".join(dict.fromkeys(source for source, _ in sweep.scenario.schedule))
        raise ConfigError(f"{sweep.source}: design point {i} runs {int(months[i])} months, but "
                          f"the [[schedule]] of {sources} changes levers at month {last}; every "
                          "scheduled month must fit every point's horizon")


def describe(sweep: Sweep, method: str, points: int, **settings: Any) -> dict[str, Any]:
    """The manifest's description of a sweep's design."""
    return {
        "name": sweep.name,
        "source": sweep.source,
        "description": sweep.description,
        "scenario": sweep.scenario.source or sweep.scenario.name,
        "method": method,
        "samples": sweep.samples if method == sweep.design else settings.get("samples"),
        "seed": sweep.seed,
        "points": points,
        "factors": [{k: v for k, v in asdict(f).items() if v is not None} for f in sweep.factors],
        "outputs": list(sweep.outputs),
        **settings,
    }


def about(sweep: Sweep) -> dict[str, Any]:
    """Extra manifest entries of a sweep: the base parameters every point starts from."""
    return {"parameters": sweep.scenario.values, "varied": list(sweep.varied)}
