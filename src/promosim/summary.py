"""Per-run outcomes: one row per run, the tidy unit of sweeps and policy comparisons.

Rates are per year over the reported horizon (months 1..T); means are over months 1..T; money is
in k€ over the whole horizon unless the name says otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from promosim.batch import BatchResult

#: Outcome columns of :func:`summarise`: name → meaning.
OUTCOMES: dict[str, str] = {
    "turnover_rate": "promoter quits per occupied position-year",
    "churn_rate": "customer defections per relationship-year",
    "mean_customer_trust": "counterparts' trust in their promoter, mean over the horizon",
    "final_customer_trust": "counterparts' trust in their promoter in the last year",
    "mean_firm_trust": "counterparts' trust in the firm, mean over the horizon",
    "mean_commitment": "counterparts' commitment, mean over the horizon",
    "mean_management_trust": "managers' trust in their promoters, mean over the horizon",
    "mean_supervision": "tightness of supervision, mean over the horizon",
    "mean_role_conflict": "promoters' role conflict, mean over the horizon",
    "mean_stress": "promoters' stress, mean over the horizon",
    "mean_satisfaction": "promoters' job satisfaction, mean over the horizon",
    "role_share": "share of occupied positions whose holder has the promoter role",
    "customer_promoter_share": "share of relationships with a customer-side promoter",
    "active_relationships": "customer relationships, mean over the horizon",
    "vacancy_share": "share of positions vacant, mean over the horizon",
    "spiral_incidence": "spirals started per promoter-year",
    "spiral_share": "share of occupied positions in a spiral, mean over the horizon",
    "spiral_quit_share": "share of ended spirals that ended with the promoter's quit",
    "quits": "promoters who quit over the horizon",
    "hires": "promoters hired over the horizon",
    "defections": "relationships ended by customers over the horizon",
    "revenue": "revenue over the horizon (k€)",
    "revenue_first_year": "revenue in the first year (k€)",
    "revenue_last_year": "revenue in the last year (k€)",
    "pay_cost": "promoters' pay over the horizon (k€)",
    "resource_cost": "backing, budgets, talks, support, manager time and hiring (k€)",
    "adaptation_cost": "adaptations demanded by over-using customer promoters (k€)",
    "profit": "gross margin minus all costs over the horizon (k€)",
    "cost_per_retained_year": "pay and resource cost per promoter-year (k€)",
}


def summarise(result: BatchResult) -> pd.DataFrame:
    """One row per run of ``result`` with the columns of :data:`OUTCOMES`."""
    return summarise_series(result.series)


def summarise_series(series: dict[str, np.ndarray]) -> pd.DataFrame:
    """Outcomes from monthly series shaped ``(runs, months + 1)`` (month 0 first)."""
    s = {name: np.asarray(values, dtype=np.float64)[:, 1:] for name, values in series.items()}
    months = s["promoters"].shape[1]
    years = months / 12.0
    last = slice(max(months - 12, 0), months)
    first = slice(0, min(12, months))
    promoter_years = s["promoters"].sum(axis=1) / 12.0
    relationship_years = s["active_relationships"].sum(axis=1) / 12.0
    positions = s["promoters"] + s["vacancies"]
    ended_recovery = s["spirals_recovered"].sum(axis=1)
    ended_quit = s["spirals_quit"].sum(axis=1)
    ended = ended_recovery + ended_quit

    def rate(count: np.ndarray, exposure: np.ndarray) -> np.ndarray:
        return np.divide(count, exposure, out=np.full_like(count, np.nan), where=exposure > 0)

    out = {
        "turnover_rate": rate(s["quits"].sum(axis=1), promoter_years),
        "churn_rate": rate(s["defections"].sum(axis=1), relationship_years),
        "mean_customer_trust": s["mean_customer_trust"].mean(axis=1),
        "final_customer_trust": s["mean_customer_trust"][:, last].mean(axis=1),
        "mean_firm_trust": s["mean_firm_trust"].mean(axis=1),
        "mean_commitment": s["mean_commitment"].mean(axis=1),
        "mean_management_trust": s["mean_management_trust"].mean(axis=1),
        "mean_supervision": s["mean_supervision"].mean(axis=1),
        "mean_role_conflict": s["mean_role_conflict"].mean(axis=1),
        "mean_stress": s["mean_stress"].mean(axis=1),
        "mean_satisfaction": s["mean_satisfaction"].mean(axis=1),
        "role_share": rate(s["promoters_in_role"].sum(axis=1), s["promoters"].sum(axis=1)),
        "customer_promoter_share": rate(s["customer_promoters"].sum(axis=1),
                                        s["active_relationships"].sum(axis=1)),
        "active_relationships": s["active_relationships"].mean(axis=1),
        "vacancy_share": rate(s["vacancies"].sum(axis=1), positions.sum(axis=1)),
        "spiral_incidence": rate(s["spirals_started"].sum(axis=1), promoter_years),
        "spiral_share": rate(s["spirals_active"].sum(axis=1), s["promoters"].sum(axis=1)),
        "spiral_quit_share": rate(ended_quit, ended),
        "quits": s["quits"].sum(axis=1),
        "hires": s["hires"].sum(axis=1),
        "defections": s["defections"].sum(axis=1),
        "revenue": s["revenue"].sum(axis=1),
        "revenue_first_year": s["revenue"][:, first].sum(axis=1),
        "revenue_last_year": s["revenue"][:, last].sum(axis=1),
        "pay_cost": s["pay_cost"].sum(axis=1),
        "resource_cost": s["resource_cost"].sum(axis=1),
        "adaptation_cost": s["adaptation_cost"].sum(axis=1),
        "profit": s["profit"].sum(axis=1),
        "cost_per_retained_year": rate(s["pay_cost"].sum(axis=1) + s["resource_cost"].sum(axis=1),
                                       promoter_years),
    }
    frame = pd.DataFrame(out)
    frame.insert(0, "years", years)
    return frame
