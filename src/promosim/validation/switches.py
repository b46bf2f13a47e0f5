"""Spiral starts right after a policy switch, against the same firms and the switched firms settled.

A spiral is judged against the dyad's own history, so a switch of a lever must not make a burst
of spiral starts in the months right after it (``docs/validation.md``, "Spiral detection and
policy switches"; tested in ``tests/test_spiral_switch.py``, tabulated by
``experiments/spiral_switch.py``).
"""

from __future__ import annotations

import numpy as np

from promosim.validation.core import Runner

#: Months right after the switch at month 1; the settled window; the horizon.
FIRST, SETTLED, HORIZON = 3, (25, 60), 60


def start_rates(runner: Runner, **levers: float) -> tuple[np.ndarray, np.ndarray]:
    """Per replicate: spiral starts per 100 promoter-months in months 1..FIRST and settled.

    ``levers`` switch at month 1 (none: the baseline, the same firms without a switch).
    """
    series = runner.run(months=HORIZON, **levers).series
    starts, staff = series["spirals_started"][:, 1:], series["promoters"][:, 1:]

    def rate(first: int, last: int) -> np.ndarray:
        return 100 * starts[:, first - 1:last].sum(axis=1) / staff[:, first - 1:last].sum(axis=1)

    return rate(1, FIRST), rate(*SETTLED)


def burst(first: np.ndarray, unswitched: np.ndarray, settled: np.ndarray) -> np.ndarray:
    """Per replicate: excess of the first months' starts over the larger of the two references."""
    return first - np.maximum(unswitched, settled)
