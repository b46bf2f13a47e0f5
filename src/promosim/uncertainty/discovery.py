"""Scenario discovery: the plain rule that says when a policy stops paying (PRIM).

The patient rule induction method (Friedman & Fisher 1999), as in EMA Workbench's ``prim``:
starting from every world, peel off the 5% slice of worlds along one parameter that raises the
share of worlds where the policy fails the most, until too few worlds are left; then choose, on
the way, the box with the best trade-off between *density* (the share of worlds in the box where
the policy fails) and *coverage* (the share of all failing worlds that are in the box). Boxes
restrict at most two parameters, so that the rule reads as a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

PEEL = 0.05
MIN_MASS = 0.05
MAX_RESTRICTED = 2


@dataclass(frozen=True)
class Box:
    """A box of parameter worlds: its limits, and how well it captures the failing worlds."""

    limits: dict[str, tuple[float, float]]  # restricted parameters; ±inf: that side is free
    density: float
    coverage: float
    mass: float

    def describe(self) -> str:
        """The box as a rule, e.g. ``control_aversion < 0.31 and trust_loss > 0.4``."""
        parts = []
        for name, (low, high) in self.limits.items():
            below, above = bool(np.isfinite(low)), bool(np.isfinite(high))
            if below and above:
                parts.append(f"{low:.3g} < {name} < {high:.3g}")
            elif above:
                parts.append(f"{name} < {high:.3g}")
            elif below:
                parts.append(f"{name} > {low:.3g}")
        return " and ".join(parts)


def prim(x: pd.DataFrame, failing: np.ndarray, names: Sequence[str] | None = None) -> Box | None:
    """The box of worlds where ``failing`` is most concentrated (None when there is no rule).

    ``x`` holds one row per world and one column per parameter; ``names`` limits the parameters
    a box may restrict.
    """
    failing = np.asarray(failing, dtype=bool)
    total = failing.sum()
    if total == 0 or total == len(failing):
        return None
    names = list(names if names is not None else x.columns)
    values = x[names].to_numpy(dtype=np.float64)
    inside = np.ones(len(failing), bool)
    limits: dict[str, tuple[float, float]] = {}
    boxes: list[Box] = []
    while inside.mean() > MIN_MASS:
        best = None
        for j, name in enumerate(names):
            if name not in limits and len(limits) >= MAX_RESTRICTED:
                continue
            column = values[inside, j]
            for side, cut in (("low", np.quantile(column, PEEL)),
                              ("high", np.quantile(column, 1 - PEEL))):
                keep = inside & (values[:, j] >= cut if side == "low" else values[:, j] <= cut)
                if keep.sum() == inside.sum() or keep.mean() < MIN_MASS:
                    continue
                density = failing[keep].mean()
                if best is None or (density, keep.sum()) > (best[0], best[1].sum()):
                    best = (density, keep, name, side, cut)
        if best is None:
            break
        _, inside, name, side, cut = best
        low, high = limits.get(name, (-np.inf, np.inf))
        limits[name] = (cut, high) if side == "low" else (low, cut)
        boxes.append(Box(dict(limits), float(failing[inside].mean()),
                         float(failing[inside].sum() / total), float(inside.mean())))
    if not boxes:
        return None
    base = total / len(failing)
    useful = [b for b in boxes if b.density > base]
    if not useful:
        return None
    return max(useful, key=lambda b: (b.density - base) * b.coverage)
