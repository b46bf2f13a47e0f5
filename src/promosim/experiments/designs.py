"""Experimental designs: which parameter values to run, as a table with one row per design point.

Grids are exhaustive; Latin hypercube and Sobol designs (``scipy.stats.qmc``) fill the ranges with
a given number of points and are seeded, so the same file and seed always give the same design.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from promosim.errors import ConfigError, shown

#: Designs a sweep file may name.
DESIGNS = ("grid", "lhs", "sobol")


def check_power_of_two(samples: int, where: str, purpose: str = "a Sobol design") -> int:
    """The number of Sobol samples, checked: Sobol sequences and Saltelli's scheme need 2^k.

    Args:
        samples: the number of points (Sobol design) or base samples (Sobol indices).
        where: what the message names first: ``--samples``, ``FILE: 'samples'``.
        purpose: what needs the power of 2, for the message.

    Returns:
        ``samples``, unchanged.

    Raises:
        ConfigError: ``samples`` is not a power of 2 (1, 2, 4, 8, …).
    """
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1 or (
            samples & (samples - 1)):
        raise ConfigError(f"{where} must be a power of 2 for {purpose} (e.g. 32, 64, 128), got "
                          f"{shown(samples)}")
    return samples


@dataclass(frozen=True)
class Factor:
    """A varied parameter: a range (``low``..``high``) and, for grids, its levels or values."""

    name: str
    low: float
    high: float
    levels: int | None = None
    values: tuple[float, ...] | None = None
    integer: bool = False

    def grid_size(self) -> int:
        """How many values a full grid takes for this factor."""
        return len(self.values) if self.values is not None else self.levels or 2

    def grid_values(self) -> np.ndarray:
        """The values a full grid takes: the explicit values, or ``levels`` evenly spaced ones."""
        if self.values is not None:
            values = np.asarray(self.values, dtype=np.float64)
        else:
            values = np.linspace(self.low, self.high, self.levels or 2)
        return self._typed(values)

    def scale(self, unit: np.ndarray) -> np.ndarray:
        """Map numbers in [0, 1] onto the factor's range (rounded for integer parameters)."""
        return self._typed(self.low + np.asarray(unit) * (self.high - self.low))

    def _typed(self, values: np.ndarray) -> np.ndarray:
        return np.round(values) if self.integer else values


def grid_points(factors: Sequence[Factor]) -> int:
    """How many points the full grid of the factors has (computed without building it)."""
    return math.prod(f.grid_size() for f in factors)


def full_grid(factors: Sequence[Factor]) -> pd.DataFrame:
    """Every combination of the factors' grid values (the first factor varies slowest)."""
    rows = list(itertools.product(*(f.grid_values() for f in factors)))
    return pd.DataFrame(rows, columns=[f.name for f in factors], dtype=np.float64)


def latin_hypercube(factors: Sequence[Factor], samples: int, seed: int) -> pd.DataFrame:
    """A seeded Latin hypercube of ``samples`` points over the factors' ranges."""
    from scipy.stats import qmc  # SciPy's statistics load only when a design is made

    unit = qmc.LatinHypercube(d=len(factors), rng=seed).random(samples)
    return _scaled(factors, unit)


def sobol_sequence(factors: Sequence[Factor], samples: int, seed: int) -> pd.DataFrame:
    """The first ``samples`` points (a power of 2) of a seeded, scrambled Sobol sequence.

    Returns:
        One row per point, one column per factor, within the factors' ranges.

    Raises:
        ConfigError: ``samples`` is not a power of 2.
    """
    check_power_of_two(samples, "samples")
    from scipy.stats import qmc

    sampler = qmc.Sobol(d=len(factors), scramble=True, rng=seed)
    return _scaled(factors, sampler.random_base2(int(np.log2(samples))))


def make_design(design: str, factors: Sequence[Factor], samples: int | None = None,
                seed: int = 0) -> pd.DataFrame:
    """The design table of a named design: one column per factor, one row per point.

    Args:
        design: ``grid``, ``lhs`` or ``sobol`` (:data:`DESIGNS`).
        factors: the varied parameters.
        samples: the number of points of a Latin hypercube or Sobol design.
        seed: the seed of a Latin hypercube or Sobol design.

    Returns:
        The design table.

    Raises:
        ValueError: an unknown design, or no ``samples`` for one that needs them.
    """
    if design == "grid":
        return full_grid(factors)
    if samples is None:
        raise ValueError(f"a {design} design needs a number of samples")
    if design == "lhs":
        return latin_hypercube(factors, samples, seed)
    if design == "sobol":
        return sobol_sequence(factors, samples, seed)
    raise ValueError(f"unknown design {design!r}; designs are {', '.join(DESIGNS)}")


def _scaled(factors: Sequence[Factor], unit: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({f.name: f.scale(unit[:, i]) for i, f in enumerate(factors)})
