"""Money as HR reads it: a year's figures for the firm, the cost of turnover, the return on cost.

Every measure is computed per run from the run's outcomes and the firm's parameters, then compared
between policies like any outcome (paired, with 95% intervals; see
:mod:`promosim.analysis.comparison`). The **cost of turnover** is an estimate from the model's own
figures, in three parts: recruiting and onboarding (hires × ``hiring_cost``), the revenue new hires
do not bring while they ramp up (a hire starts at ``ramp_start`` of full productivity and reaches
it after ``ramp_min``–``ramp_max`` months, so each hire forgoes (1 − ``ramp_start``) × (mean ramp
months − 1) / 2 months of a filled position's revenue), and the revenue of positions standing
empty (vacant position-months × the revenue of a filled position-month). Customers who leave
because their promoter left are not in it: they are in churn and revenue. The **return on a
policy's cost** is its extra profit divided by its extra pay and resource cost, both against the
reference and a year: 50% means that every euro the policy costs more came back with 1.50 € of
margin, 0.50 € more than it cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from promosim.analysis.comparison import compare
from promosim.analysis.results import Results
from promosim.outcomes import MONEY

#: Parameters of the firm the estimates read from the results folder's points.
FIRM = ("n_teams", "team_size", "hiring_cost", "ramp_start", "ramp_min", "ramp_max")


@dataclass(frozen=True)
class Measure:
    """A money measure of the report: label, plain definition, kind of number, better direction."""

    name: str
    label: str
    definition: str
    kind: str = "money"
    better: int = -1
    group: str = MONEY

    @property
    def heading(self) -> str:
        """The label as a table heading."""
        return self.label


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("cost_a_year", "Pay and resource cost a year",
            "What the promoters are paid and what the firm spends to support them (backing, "
            "budgets, talks, managers' time, hiring), in a year."),
    Measure("turnover_cost", "Cost of turnover a year",
            "An estimate of what promoters leaving costs in a year: recruiting and onboarding "
            "their successors, the revenue new hires do not bring while they learn the job, and "
            "the revenue of positions standing empty (see How we computed this)."),
    Measure("recruiting_cost", "of which recruiting and onboarding",
            "Hires in a year times the cost of recruiting and onboarding one hire."),
    Measure("ramp_up_cost", "of which revenue lost while new hires ramp up",
            "The revenue new hires do not bring in their first months, while they reach full "
            "productivity."),
    Measure("vacancy_cost", "of which revenue lost while positions stand empty",
            "The revenue a filled position brings, for every month a position stands empty."),
    Measure("profit_a_year", "Profit a year",
            "Gross margin on revenue minus pay, resource and adaptation cost, in a year.",
            better=1),
)}


def money_runs(results: Results) -> pd.DataFrame:
    """Each run's money measures, a year: ``run``, ``label``, ``replicate``, ``seed`` and more."""
    runs = results.runs
    firm = results.points.set_index("label")[list(FIRM)]
    f = firm.loc[runs["label"]].reset_index(drop=True)
    years = results.months / 12.0
    position_months = (f["n_teams"] * f["team_size"]).to_numpy() * results.months
    vacancy = runs["vacancy_share"].to_numpy() * position_months
    filled = position_months - vacancy
    per_filled = np.divide(runs["revenue"].to_numpy(), filled, out=np.full(len(runs), np.nan),
                           where=filled > 0)
    hires = runs["hires"].to_numpy()
    ramp_months = (1.0 - f["ramp_start"].to_numpy()) * (
        (f["ramp_min"].to_numpy() + f["ramp_max"].to_numpy()) / 2.0 - 1.0) / 2.0
    parts = {
        "recruiting_cost": hires * f["hiring_cost"].to_numpy(),
        "ramp_up_cost": hires * ramp_months * per_filled,
        "vacancy_cost": vacancy * per_filled,
    }
    table = runs[["run", "label", "replicate", "seed"]].reset_index(drop=True).copy()
    table["cost_a_year"] = (runs["pay_cost"] + runs["resource_cost"]).to_numpy() / years
    table["turnover_cost"] = sum(parts.values()) / years
    for name, values in parts.items():
        table[name] = values / years
    table["profit_a_year"] = runs["profit"].to_numpy() / years
    return table


def money_table(results: Results) -> pd.DataFrame:
    """:func:`~promosim.analysis.comparison.compare` of :data:`MEASURES` between the policies."""
    return compare(money_runs(results), results.labels, results.reference, MEASURES)


@dataclass(frozen=True)
class Return:
    """A policy's return on its cost: extra profit over extra cost, a year."""

    label: str
    extra_cost: float
    extra_profit: float
    clear_cost: bool

    @property
    def ratio(self) -> float:
        """Extra profit / extra cost (NaN unless the policy clearly costs more)."""
        if not self.clear_cost or self.extra_cost <= 0:
            return math.nan
        return self.extra_profit / self.extra_cost


def returns(table: pd.DataFrame) -> dict[str, Return]:
    """Each policy's return on its cost, from :func:`money_table` (the reference left out)."""
    others = table[table["method"] != "reference"]
    rows = others.set_index(["label", "outcome"])
    out = {}
    for label in dict.fromkeys(others["label"]):
        cost, profit = rows.loc[(label, "cost_a_year")], rows.loc[(label, "profit_a_year")]
        clear = bool(cost["difference_low"] > 0 or cost["difference_high"] < 0)
        out[label] = Return(label, float(cost["difference"]), float(profit["difference"]), clear)
    return out
