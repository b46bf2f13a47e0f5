"""The posterior file: weighted parameter worlds fitted to a firm, as a Parquet table.

One row per world (a particle of the final ABC-SMC population): every drawable parameter the
firm's data do not fix, and its ``weight``. The table's metadata (key ``promosim``) holds the
format, the values the firm fixes (its structure and current policy levers), which parameters
were fitted, and the model version. ``promosim compare --uncertainty N --posterior FILE`` draws
its N worlds from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from promosim.errors import ConfigError, shown
from promosim.output import atomic_write
from promosim.parameters import BY_NAME, DRAWABLE, check_value

FORMAT = "promosim-posterior 1"
KEY = b"promosim"


@dataclass
class Posterior:
    """Weighted worlds (``draws``, one column per drawable parameter) and what fixed them."""

    draws: pd.DataFrame
    weights: np.ndarray
    fixed: dict[str, float]
    fitted: list[str]
    about: dict[str, Any] = field(default_factory=dict)

    def best_estimate(self) -> dict[str, float]:
        """One world to look at closely: the fixed values and the fitted parameters' medians.

        The other parameters stay at their defaults.
        """
        medians = {name: float(weighted_quantiles(self.draws[name].to_numpy(dtype=np.float64),
                                                  self.weights, (0.5,))[0])
                   for name in self.fitted}
        return {**self.fixed, **medians}

    def resample(self, count: int, seed: int) -> pd.DataFrame:
        """``count`` worlds drawn by weight (systematic resampling, seeded): equal-weight rows."""
        weights = self.weights / self.weights.sum()
        start = np.random.default_rng([seed, 7]).random()
        points = (start + np.arange(count)) / count
        rows = np.minimum(np.searchsorted(np.cumsum(weights), points), len(weights) - 1)
        order = np.random.default_rng([seed, 8]).permutation(count)  # no sorted order
        return self.draws.iloc[rows[order]].reset_index(drop=True)


def weighted_quantiles(values: np.ndarray, weights: np.ndarray,
                       quantiles: tuple[float, ...] = (0.05, 0.5, 0.95)) -> np.ndarray:
    """Quantiles of weighted values (the weighted empirical distribution, interpolated)."""
    order = np.argsort(values)
    values, weights = np.asarray(values, float)[order], np.asarray(weights, float)[order]
    cumulative = (np.cumsum(weights) - 0.5 * weights) / weights.sum()
    return np.interp(quantiles, cumulative, values)


def write_posterior(path: Path, posterior: Posterior) -> Path:
    """Write the posterior file (atomically)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = posterior.draws.assign(weight=posterior.weights)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {"format": FORMAT, "fixed": posterior.fixed, "fitted": posterior.fitted,
            **posterior.about}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           KEY: json.dumps(meta).encode()})
    return atomic_write(path, lambda p: pq.write_table(table, p))


def read_posterior(path: Path | str) -> Posterior:
    """Read and check a posterior file.

    Raises:
        ConfigError: not a posterior file, or one whose parameters this model does not take.

    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    where = f"posterior file {path}"
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        raise ConfigError(f"{where}: no such file") from None
    except (OSError, pa.ArrowException) as error:
        raise ConfigError(f"{where}: not a Parquet table ({str(error)[:80]})") from None
    try:
        meta = json.loads((table.schema.metadata or {}).get(KEY, b"{}"))
    except (ValueError, UnicodeDecodeError):
        meta = {}
    if meta.get("format") != FORMAT:
        raise ConfigError(f"{where}: not a promosim posterior (made by 'promosim calibrate', "
                          f"format \"{FORMAT}\")")
    frame = table.to_pandas()
    if "weight" not in frame or not len(frame):
        raise ConfigError(f"{where}: holds no weighted worlds")
    weights = frame.pop("weight").to_numpy(dtype=np.float64)
    if not np.isfinite(weights).all() or (weights < 0).any() or weights.sum() <= 0:
        raise ConfigError(f"{where}: weights must be finite, not negative and not all zero")
    fixed = {k: float(v) for k, v in meta.get("fixed", {}).items()}
    for name in [*frame.columns, *fixed]:
        if name not in BY_NAME:
            raise ConfigError(f"{where}: parameter {shown(name)} is unknown to this version of "
                              "promosim; calibrate the firm again")
    missing = [n for n in DRAWABLE if n not in frame.columns and n not in fixed]
    if missing:
        raise ConfigError(f"{where}: has no values of {len(missing)} uncertain parameters "
                          f"({', '.join(missing[:3])}…), which this version of promosim draws; "
                          "calibrate the firm again")
    for name, value in fixed.items():
        fixed[name] = check_value(name, value, where)
    for name in frame.columns:
        spec = BY_NAME[name]
        values = frame[name].to_numpy(dtype=np.float64)
        if not (np.isfinite(values) & (values >= spec.low) & (values <= spec.high)).all():
            raise ConfigError(f"{where}: values of '{name}' outside {spec.allowed()}")
    return Posterior(frame, weights, fixed, list(meta.get("fitted", [])),
                     {k: v for k, v in meta.items() if k not in ("format", "fixed", "fitted")})
