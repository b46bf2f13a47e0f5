"""Policies against the baseline: per-run outcomes, differences and their 95% intervals.

In a ``promosim compare`` folder replicate *k* of every policy ran on the same seed (common random
numbers): the firms meet the same customers and the same luck, so a policy's effect is estimated
from the **paired** differences policy − baseline over replicates, with a t interval (n − 1 degrees
of freedom). Where the seeds do not match replicate by replicate (some sweeps), Welch's
unequal-variance t interval for the difference of means is used instead; the ``method`` column
says which.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from promosim.analysis.intervals import Interval, paired_difference, t_interval, welch_difference


@dataclass(frozen=True)
class Outcome:
    """How an outcome is shown: a short label, its kind of number and which direction is better."""

    label: str
    kind: str  # see KINDS
    better: int  # +1 higher is better, -1 lower is better, 0 neither
    group: str


#: Kinds of outcome and the range each can take (t intervals of levels are clipped to it).
KINDS: dict[str, tuple[float, float]] = {
    "rate": (0.0, np.inf),  # per year, shown in %
    "share": (0.0, 1.0),  # shown in %
    "index": (0.0, 1.0),  # a 0..1 scale of the model
    "per_year": (0.0, np.inf),  # events per promoter-year
    "money": (-np.inf, np.inf),  # k€ over the horizon, shown in M€
    "unit_cost": (0.0, np.inf),  # k€ per promoter-year
}

#: Outcomes compared between policies, in the order of the report.
COMPARED: dict[str, Outcome] = {
    "turnover_rate": Outcome("Promoter turnover", "rate", -1, "Retention"),
    "vacancy_share": Outcome("Positions vacant", "share", -1, "Retention"),
    "role_share": Outcome("Promoters holding the promoter role", "share", 1, "Retention"),
    "churn_rate": Outcome("Customer churn", "rate", -1, "Relationships"),
    "mean_customer_trust": Outcome("Customers' trust in their promoter", "index", 1,
                                   "Relationships"),
    "final_customer_trust": Outcome("Customers' trust, last year", "index", 1, "Relationships"),
    "mean_commitment": Outcome("Customers' commitment", "index", 1, "Relationships"),
    "revenue": Outcome("Revenue", "money", 1, "Relationships"),
    "revenue_first_year": Outcome("Revenue in the first year", "money", 1, "Relationships"),
    "mean_management_trust": Outcome("Managers' trust in promoters", "index", 1, "Inside the firm"),
    "mean_supervision": Outcome("Tightness of supervision", "index", 0, "Inside the firm"),
    "mean_role_conflict": Outcome("Promoters' role conflict", "index", -1, "Inside the firm"),
    "mean_satisfaction": Outcome("Promoters' job satisfaction", "index", 1, "Inside the firm"),
    "spiral_incidence": Outcome("Spirals per promoter-year", "per_year", -1, "Spirals"),
    "spiral_share": Outcome("Promoters in a spiral", "share", -1, "Spirals"),
    "spiral_quit_share": Outcome("Ended spirals that ended in a quit (incl. spirals begun "
                                 "before month 1)", "share", -1, "Spirals"),
    "pay_cost": Outcome("Pay cost", "money", -1, "Money"),
    "resource_cost": Outcome("Resource cost", "money", -1, "Money"),
    "adaptation_cost": Outcome("Adaptations demanded by customers", "money", -1, "Money"),
    "cost_per_retained_year": Outcome("Pay and resources per promoter-year", "unit_cost", -1,
                                      "Money"),
    "profit": Outcome("Profit", "money", 1, "Money"),
}

#: The rows of the report's summary table.
HEADLINE = ("turnover_rate", "churn_rate", "mean_customer_trust", "revenue",
            "mean_management_trust", "mean_role_conflict", "spiral_incidence",
            "spiral_share", "pay_cost", "resource_cost", "profit")

def common_random_numbers(own: pd.DataFrame, base: pd.DataFrame) -> bool:
    """Whether replicate k of ``own`` used the same seed as replicate k of ``base``.

    Both hold one row per run with ``replicate`` and ``seed``.
    """
    a, b = (x.set_index("replicate")["seed"].astype(str).sort_index() for x in (own, base))
    return bool(a.index.equals(b.index) and (a.to_numpy() == b.to_numpy()).all())


def compare(runs: pd.DataFrame, labels: list[str], reference: str,
            outcomes: dict[str, Outcome] = COMPARED) -> pd.DataFrame:
    """One row per label and outcome: mean with 95% interval, difference against ``reference``.

    ``runs`` has one row per run with ``label``, ``replicate``, ``seed`` and the outcomes.
    ``relative`` is the difference as a share of the reference mean. ``n`` counts the runs with
    a value (of ``runs``; an outcome can be undefined, e.g. when no spiral ended) and ``pairs`` the
    replicates behind the difference. Intervals of means are clipped to the range an outcome can
    take (:data:`KINDS`).
    """
    base = runs[runs["label"] == reference].set_index("replicate").sort_index()
    rows = []
    for label in labels:
        own = runs[runs["label"] == label].set_index("replicate").sort_index()
        paired = common_random_numbers(own.reset_index(), base.reset_index())
        method = "reference" if label == reference else "paired t" if paired else "Welch t"
        for name, info in outcomes.items():
            level = t_interval(own[name]).clip(*KINDS[info.kind])
            if method == "reference":
                diff = Interval(np.nan, np.nan, np.nan, level.n)
            elif paired:
                diff = paired_difference(own[name].to_numpy(), base[name].to_numpy())
            else:
                diff = welch_difference(own[name].to_numpy(), base[name].to_numpy())
            reference_mean = t_interval(base[name]).estimate
            rows.append({
                "label": label, "outcome": name, "description": info.label, "group": info.group,
                "kind": info.kind, "better": info.better, "runs": len(own), "n": level.n,
                "mean": level.estimate, "low": level.low, "high": level.high,
                "reference": reference, "reference_mean": reference_mean,
                "difference": diff.estimate, "difference_low": diff.low,
                "difference_high": diff.high,
                "relative": diff.estimate / reference_mean if reference_mean else np.nan,
                "pairs": diff.n, "method": method,
            })
    return pd.DataFrame(rows)
