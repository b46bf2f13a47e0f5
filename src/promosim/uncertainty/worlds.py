"""Parameter worlds: complete parameter sets whose uncertain parameters are drawn.

A world holds every parameter: the drawable ones (:data:`promosim.parameters.DRAWABLE`) drawn
from their priors by a seeded Latin hypercube or Sobol design, or resampled from a posterior,
and the fixed ones (structure, levers, reference points, scenario events) as the user set them.
The same seed and count give the same worlds on any machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from promosim.errors import ConfigError
from promosim.parameters import BY_NAME, DRAWABLE, check_consistency

#: Designs that spread worlds over the priors.
WORLD_DESIGNS = ("lhs", "sobol")


def unit_design(count: int, dimensions: int, seed: int, design: str = "lhs") -> np.ndarray:
    """``count`` points in the unit cube ``[0, 1)^dimensions``, seeded.

    Raises:
        ConfigError: an unknown design, or a Sobol design whose count is not a power of 2.

    """
    from scipy.stats import qmc  # SciPy's statistics load only when worlds are drawn

    if design == "lhs":
        return qmc.LatinHypercube(d=dimensions, rng=seed).random(count)
    if design == "sobol":
        if count < 1 or count & (count - 1):
            raise ConfigError(f"a Sobol design needs a power of 2 worlds (e.g. 64, 128, 256), got "
                              f"{count}; or use the Latin hypercube (lhs)")
        return qmc.Sobol(d=dimensions, scramble=True, rng=seed).random_base2(
            int(np.log2(count)))
    raise ConfigError(f"unknown design {design!r}; designs are {', '.join(WORLD_DESIGNS)}")


def prior_draws(count: int, seed: int, design: str = "lhs",
                names: Sequence[str] = DRAWABLE) -> pd.DataFrame:
    """``count`` draws of the parameters ``names`` from their priors: one row per world."""
    unit = unit_design(count, len(names), seed, design)
    return pd.DataFrame({name: BY_NAME[name].prior.ppf(unit[:, i])
                         for i, name in enumerate(names)})


def worlds(base: Mapping[str, float], draws: pd.DataFrame) -> list[dict[str, float]]:
    """Complete parameter sets: ``base`` with the columns of ``draws`` put in, one per row.

    Raises:
        ConfigError: a world breaks a rule that involves several parameters.

    """
    typed = {name: (draws[name].round().astype(np.int64) if BY_NAME[name].integer
                    else draws[name].astype(np.float64)).tolist() for name in draws.columns}
    result = []
    for row in range(len(draws)):
        world = dict(base)
        world.update({name: values[row] for name, values in typed.items()})
        check_consistency(world, where=f"world {row}")
        result.append(world)
    return result
