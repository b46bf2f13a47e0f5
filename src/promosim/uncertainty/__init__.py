"""Answers that carry their uncertainty: parameter worlds, robust comparison and calibration.

Names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from promosim.lazy import lazy_names

if TYPE_CHECKING:
    from promosim.uncertainty.worlds import prior_draws, unit_design, worlds

__all__ = ["prior_draws", "unit_design", "worlds"]

_LAZY = {
    "prior_draws": "promosim.uncertainty.worlds",
    "unit_design": "promosim.uncertainty.worlds",
    "worlds": "promosim.uncertainty.worlds",
}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
