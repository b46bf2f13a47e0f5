"""What every pattern experiment shares: settings, results, paired runs and intervals.

A pattern is a defined experiment with a pass criterion set from ``LITERATURE.md`` before its
result was looked at. Runs of one pattern share their seeds (replicate k of every arm uses the
same random stream) and their spin-up, so differences between arms are paired.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from promosim.batch import BatchResult, Checkpoint, history_key, simulate, spin_up
from promosim.intervals import t_interval
from promosim.parameters import resolve
from promosim.randomness import replicate_seeds
from promosim.state import State


@dataclass(frozen=True)
class Settings:
    """How hard to look: replicates, base seed and the firm's size."""

    replicates: int = 50
    seed: int = 2026
    firm: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def quick(cls) -> Settings:
        """A small, fast version for the test suite (noisier, same experiments)."""
        return cls(replicates=12, firm={"n_teams": 4, "team_size": 6, "spinup_months": 120})


@dataclass
class Result:
    """The outcome of one pattern experiment."""

    code: str
    title: str
    criterion: str
    measured: str
    passed: bool
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Pattern:
    """A pattern of DESIGN.md: its experiment and its figure."""

    code: str
    title: str
    criterion: str
    source: str
    measure: Callable[[Settings], Result]
    figure: Callable[[Result, Any], None]


class Runner:
    """Runs arms of an experiment on common seeds, spinning the firm up once per setting."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.seeds = replicate_seeds(settings.seed, settings.replicates)
        self._checkpoints: dict[tuple, Checkpoint] = {}

    def point(self, **values: float) -> dict[str, float]:
        """A full parameter set: the settings' firm with ``values`` on top."""
        return resolve({**self.settings.firm, **values})

    def run(self, observe: Callable[[State, int], None] | None = None,
            **values: float) -> BatchResult:
        """All replicates of one arm (parameters ``values``), paired with every other arm."""
        point = self.point(**values)
        points = [point] * self.settings.replicates
        key = history_key(point, self.seeds[0])
        if key not in self._checkpoints:
            self._checkpoints[key] = spin_up(points, self.seeds)
        return simulate(points, self.seeds, start=self._checkpoints[key], observe=observe)


def mean_interval(values: np.ndarray) -> tuple[float, float, float]:
    """Mean of replicate values with its 95% t-interval (NaN bounds with fewer than two)."""
    interval = t_interval(values)
    return interval.estimate, interval.low, interval.high


def paired_difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of ``a - b`` over replicates with its 95% t-interval (arms share seeds)."""
    return mean_interval(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))


def fmt_interval(mean: float, low: float, high: float, spec: str = ".3f", unit: str = "") -> str:
    """``mean [low, high]`` with a unit (a number that rounds to zero has no minus sign)."""
    def number(x: float) -> str:
        text = f"{x:{spec}}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text

    return f"{number(mean)}{unit} [{number(low)}, {number(high)}]{unit}"


def annual_rate(result: BatchResult, count: str, exposure: str) -> np.ndarray:
    """Events per exposure-year in each run (e.g. quits per promoter-year)."""
    s = result.series
    return s[count][:, 1:].sum(axis=1) / (s[exposure][:, 1:].sum(axis=1) / 12.0)
