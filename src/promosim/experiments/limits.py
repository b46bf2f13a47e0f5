"""How big an experiment may be: bounds on its sizes, and its runs and disk space before it starts.

The bounds keep every design, plan and chunk within memory (a plan holds one row per point and
one number per run); experiments beyond them belong on a cluster as several folders. The disk
estimate comes from measured Parquet sizes (docs/experiments.md); it is meant to be right within
a factor of two.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from promosim.errors import ConfigError, shown

if TYPE_CHECKING:
    from promosim.experiments.plan import Plan

MAX_SEED = 2**63 - 1
MAX_REPLICATES = 100_000
MAX_POINTS = 100_000
MAX_RUNS = 10_000_000
MAX_CHUNK_RUNS = 10_000
#: A sweep of more runs, or more bytes on disk, starts only when the user confirms (``--yes``).
CONFIRM_RUNS = 100_000
CONFIRM_BYTES = 10 * 1000**3

#: Measured Parquet sizes: bytes per part file (schema and footer) and per row or run-month.
PART_BYTES = {"runs": 24_000, "series": 20_000, "events": 10_000}
RUN_BYTES = 200
SERIES_BYTES_PER_MONTH = 190
EVENT_BYTES_PER_POSITION_MONTH = 3


def check_whole(value: object, key: str, where: object, low: int, high: int) -> int:
    """A whole-number setting within its bounds (booleans are not numbers here).

    Args:
        value: the value given.
        key: the setting's name, quoted in the message.
        where: the file or caller named first in the message.
        low: the least value allowed.
        high: the largest value allowed.

    Returns:
        ``value``.

    Raises:
        ConfigError: ``value`` is not a whole number from ``low`` to ``high``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{where}: '{key}' must be a whole number from {low:,} to {high:,}, "
                          f"got {shown(value)}")
    return value


def check_points(points: int, where: str) -> int:
    """``points`` if a design may have that many points, else a ConfigError naming ``where``."""
    if points > MAX_POINTS:
        raise ConfigError(f"{where}: {_count(points)} design points; at most {MAX_POINTS:,} fit "
                          "one results folder (split the ranges over several sweeps)")
    return points


def check_runs(points: int, replicates: int, where: str) -> int:
    """The number of runs, or a ConfigError if points × replicates exceeds :data:`MAX_RUNS`."""
    runs = points * replicates
    if runs > MAX_RUNS:
        raise ConfigError(f"{where}: {points:,} points × {replicates:,} replicates = "
                          f"{_count(runs)} runs; at most {MAX_RUNS:,} fit one results folder")
    return runs


def estimate_bytes(plan: Plan) -> int:
    """About how many bytes the plan's results folder takes on disk."""
    months = plan.points["months"].to_numpy(dtype=float) + 1
    positions = (plan.points["n_teams"] * plan.points["team_size"]).to_numpy(dtype=float)
    total = plan.chunks * PART_BYTES["runs"] + plan.runs * RUN_BYTES
    if plan.series:
        total += plan.chunks * PART_BYTES["series"]
        total += plan.replicates * SERIES_BYTES_PER_MONTH * months.sum()
    if plan.events:
        total += plan.chunks * PART_BYTES["events"]
        total += plan.replicates * EVENT_BYTES_PER_POSITION_MONTH * (months * positions).sum()
    return int(total)


def needs_confirmation(plan: Plan) -> bool:
    """Whether the plan is large enough to start only when the user confirms it."""
    return plan.runs > CONFIRM_RUNS or estimate_bytes(plan) > CONFIRM_BYTES


def size_line(plan: Plan) -> str:
    """The plan's size in words: ``288 runs in 9 chunks, about 2.1 MB on disk``."""
    return (f"{plan.runs:,} runs in {plan.chunks:,} chunk{'s' if plan.chunks != 1 else ''}, "
            f"about {size_text(estimate_bytes(plan))} on disk")


def size_text(count: float) -> str:
    """Bytes in readable units: ``850 kB``, ``12 MB``, ``3.4 GB``."""
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            value = count / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    return f"{count:.0f} bytes"


def _count(number: int) -> str:
    return f"{number:,}" if number < 10**15 else f"about 10^{math.log10(number):.0f}"
