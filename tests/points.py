"""Random valid parameter points: every non-structural parameter drawn within its range."""

from collections.abc import Mapping

import numpy as np

from promosim.parameters import PARAMETERS, resolve

#: Parameters a random point keeps from its base (the firm's structure and horizon).
KEPT = {"n_teams", "team_size", "accounts_per_position", "months", "spinup_months"}
#: Scenario events happen within the horizon (or not at all: 0).
WITHIN_HORIZON = {"shock_month", "forced_exit_month"}


def random_point(rng: np.random.Generator, base: Mapping[str, float]) -> dict[str, float]:
    """``base`` with every other parameter drawn uniformly in its range, constraints respected."""
    point = dict(base)
    for spec in PARAMETERS:
        if spec.name in KEPT:
            continue
        high = min(spec.high, base["months"]) if spec.name in WITHIN_HORIZON else spec.high
        if spec.integer:
            point[spec.name] = int(rng.integers(int(spec.low), int(high) + 1))
        else:
            point[spec.name] = float(rng.uniform(spec.low, high))
    for low, high in (("vacancy_min", "vacancy_max"), ("ramp_min", "ramp_max")):
        point[low], point[high] = sorted((point[low], point[high]))
    for first, second in (("share_a_accounts", "share_b_accounts"),
                          ("share_control_averse", "share_control_raising"),
                          ("share_deciders", "share_co_deciders")):
        point[second] = min(point[second], 1.0 - point[first])
    return resolve(point)
