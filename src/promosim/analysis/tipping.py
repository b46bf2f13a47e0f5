"""The tipping-point map: how likely an early failure locks a manager–promoter dyad into a spiral.

Experiment. Every run gets the model's failure shock: from month ``S`` (``shock_month``) for
``shock_months`` months a share ``shock_share`` of positions lose every negotiation (by default a
lost quarter from month 12 for half the positions). A dyad is **at risk** if its position is hit,
occupied at the end of month ``S − 1`` and not already in a spiral; the dyad is that manager with
that promoter. It **locks in** if a spiral of that promoter starts within ``N`` months of the
shock (months ``S .. S + N − 1``) and has not ended in recovery within ``M`` months of its start
(it is still running, or it ended with the promoter's quit). The horizon is ``S + N − 1 + M`` so
every such spiral is observed for ``M`` months.

The same dyads are followed in runs on the same seeds **without** the shock (common random
numbers: identical up to month ``S − 1``); the difference is the lock-in the failure itself causes.
Each grid cell pools the at-risk dyads of all replicates; the share has a Wilson interval and the
paired excess a t interval over dyads (both ignore that dyads in one firm are not independent).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from promosim.analysis.spirals import spiral_spells
from promosim.batch import simulate, spin_up
from promosim.intervals import paired_difference, wilson
from promosim.parameters import resolve
from promosim.randomness import replicate_seeds


@dataclass(frozen=True)
class LockIn:
    """The experiment's timing and the definition of "locks in" (see the module text)."""

    shock_month: int = 12
    shock_months: int = 3
    shock_share: float = 0.5
    within: int = 12
    persist: int = 12

    @property
    def months(self) -> int:
        """The horizon that observes every qualifying spiral for ``persist`` months."""
        return self.shock_month + self.within - 1 + self.persist


def at_risk(state) -> pd.DataFrame:
    """Dyads hit by the shock, occupied and not in a spiral: ``run, position, person``."""
    mask = state.shocked & state.occupied & ~state.in_spiral
    runs, positions = np.nonzero(mask)
    return pd.DataFrame({"run": runs, "position": positions, "person": state.person[mask]})


def locked_in(events: pd.DataFrame, dyads: pd.DataFrame, rule: LockIn) -> np.ndarray:
    """Whether each dyad in ``dyads`` locked in (one boolean per row)."""
    spells = spiral_spells(events, rule.months)
    first, last = rule.shock_month, rule.shock_month + rule.within - 1
    recovered = (spells["outcome"] == "recovery") & (spells["duration"] <= rule.persist)
    locking = spells[spells["start"].between(first, last) & ~recovered]
    hit = locking[["run", "position", "person"]].drop_duplicates().assign(locked=True)
    merged = dyads.merge(hit, on=["run", "position", "person"], how="left")
    return merged["locked"].eq(True).to_numpy()


def tipping_grid(x: tuple[str, Sequence[float]], y: tuple[str, Sequence[float]],
                 replicates: int, rule: LockIn = LockIn(), base: Mapping[str, float] | None = None,
                 seed: int = 1) -> pd.DataFrame:
    """Lock-in with and without the shock for every cell of the lever grid ``x`` × ``y``.

    ``base`` holds other parameters (e.g. a smaller firm); replicate k of every cell runs on the
    same seed. One row per cell: ``x, y`` values, ``dyads``, ``p_shock`` and ``p_none`` with
    Wilson intervals, and ``excess`` (``p_shock − p_none``) with its paired interval.
    """
    (x_name, x_values), (y_name, y_values) = x, y
    cells = [(xv, yv) for yv in y_values for xv in x_values]
    seeds = replicate_seeds(seed, replicates) * len(cells)
    common = {**(base or {}), "months": rule.months}
    shocked = [resolve({**common, x_name: xv, y_name: yv, "shock_month": rule.shock_month,
                        "shock_months": rule.shock_months, "shock_share": rule.shock_share})
               for xv, yv in cells for _ in range(replicates)]
    calm = [{**pt, "shock_month": 0, "shock_share": 0.0} for pt in shocked]
    checkpoint = spin_up(shocked, seeds)
    if rule.shock_month > 1:
        before = [{**pt, "months": rule.shock_month - 1} for pt in shocked]
        state = simulate(before, seeds, events=False, start=checkpoint).state
    else:
        state = checkpoint.state
    dyads = at_risk(state)
    with_shock = locked_in(simulate(shocked, seeds, start=checkpoint).events, dyads, rule)
    without = locked_in(simulate(calm, seeds).events, dyads, rule)
    cell = dyads["run"].to_numpy() // replicates
    rows = []
    for index, (xv, yv) in enumerate(cells):
        mine = cell == index
        p_shock = wilson(int(with_shock[mine].sum()), int(mine.sum()))
        p_none = wilson(int(without[mine].sum()), int(mine.sum()))
        excess = paired_difference(with_shock[mine].astype(float), without[mine].astype(float))
        rows.append({
            "x": x_name, "x_value": xv, "y": y_name, "y_value": yv, "dyads": int(mine.sum()),
            "p_shock": p_shock.estimate, "p_shock_low": p_shock.low,
            "p_shock_high": p_shock.high, "p_none": p_none.estimate, "p_none_low": p_none.low,
            "p_none_high": p_none.high, "excess": excess.estimate, "excess_low": excess.low,
            "excess_high": excess.high,
        })
    return pd.DataFrame(rows)
