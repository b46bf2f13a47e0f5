"""A firm's structure as parameter values: teams, positions, accounts and their value classes.

The model's teams are of equal size, so a firm's teams become ``n_teams`` teams of its mean
number of positions. A position's account slots are the customers of a full book: the upper
quartile of the numbers of customers the promoters look after at the end of the window (some
books have a slot free while a new customer is won). Shares of value classes are fixed only when
every account has a class.
"""

from __future__ import annotations

import numpy as np

from promosim.errors import ConfigError
from promosim.firm.format import ASSIGNMENTS, TEAMS, FirmData
from promosim.parameters import BY_NAME


def firm_parameters(data: FirmData) -> dict[str, float]:
    """The parameters a firm's data fix: its structure and, where given, its account classes.

    Raises:
        ConfigError: the firm is outside the model's ranges (too many teams, positions or
            accounts per position).

    """
    teams = len(data.teams)
    size = round(data.teams["positions"].mean())
    current = data.assignments[data.assignments["end_date"].isna()]
    books = current.groupby("person").size()
    per_position = max(1, round(float(np.quantile(books, 0.75)))) if len(books) else 1
    fixed: dict[str, float] = {"n_teams": teams, "team_size": size,
                               "accounts_per_position": per_position}
    files = {"n_teams": f"{TEAMS.file}: {teams} teams",
             "team_size": f"{TEAMS.file}: {size} positions per team on average",
             "accounts_per_position": f"{ASSIGNMENTS.file}: {per_position} customers in a full "
                                      "book at the end of the window"}
    for name, value in fixed.items():
        spec = BY_NAME[name]
        if not spec.low <= value <= spec.high:
            raise ConfigError(f"{files[name]}, but the model takes {spec.allowed()} "
                              f"('{name}')")
    classes = data.accounts["value_class"]
    if len(classes) and classes.notna().all():
        fixed["share_a_accounts"] = float((classes == "A").mean())
        fixed["share_b_accounts"] = float((classes == "B").mean())
    return fixed
