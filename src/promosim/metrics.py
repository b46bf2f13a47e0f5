"""Monthly outcomes of each run, computed from the state after a month (shared by both drivers)."""

from __future__ import annotations

import numpy as np

from promosim import equations as eq
from promosim.param_arrays import Params
from promosim.state import State

#: Monthly series: name → meaning. Counts and money are per month; means are over occupied
#: positions or active accounts. Month 0 is the last month of the spin-up (the firm as it stands
#: when the reported months begin); its events are not in the event log.
SERIES: dict[str, str] = {
    "promoters": "occupied promoter positions",
    "vacancies": "vacant positions",
    "hires": "promoters hired this month",
    "quits": "promoters who quit this month",
    "promoters_in_role": "promoters holding the relationship-promoter role",
    "mean_customer_trust": "counterparts' mean trust in their promoter",
    "mean_firm_trust": "counterparts' mean trust in the supplier firm",
    "mean_commitment": "counterparts' mean commitment",
    "mean_management_trust": "managers' mean trust in their promoters",
    "mean_supervision": "mean tightness of supervision",
    "mean_latitude": "promoters' mean decision latitude",
    "mean_effort": "promoters' mean voluntary effort",
    "mean_relationship_share": "mean share of effort given to relationship work",
    "mean_hardness": "mean hardness of the terms negotiated",
    "mean_role_conflict": "promoters' mean role conflict",
    "mean_stress": "promoters' mean stress",
    "mean_satisfaction": "promoters' mean job satisfaction",
    "mean_intrinsic": "promoters' mean intrinsic motivation",
    "mean_knowledge": "promoters' mean knowledge of the firm",
    "active_relationships": "customer relationships",
    "defections": "relationships ended by the customer this month",
    "acquisitions": "relationships started this month",
    "customer_promoters": "counterparts acting as customer-side promoters",
    "power_overuse": "customer-side promoters facing none, over-using power this month",
    "negotiations": "negotiations this month",
    "wins": "negotiations won this month",
    "revenue": "revenue (k€)",
    "pay_cost": "promoters' pay (k€)",
    "resource_cost": "cost of backing, budgets, talks, support, manager time and hiring (k€)",
    "adaptation_cost": "cost of adaptations demanded by over-using customer promoters (k€)",
    "profit": "gross margin minus pay, resource and adaptation cost (k€)",
    "spirals_active": "dyads in a failure–distrust spiral",
    "spirals_started": "spirals started this month",
    "spirals_recovered": "spirals ended in recovery this month",
    "spirals_quit": "spirals ended by the promoter's quit this month",
    "feedback_talks": "feedback talks held this month",
}

WEEKS_PER_MONTH = 52.0 / 12.0


def monthly(st: State, prm: Params) -> dict[str, np.ndarray]:
    """This month's value of every series, one per run."""
    p = prm.p
    runs = st.occupied.shape[0]
    occ = st.occupied.reshape(runs, -1)
    act = st.active.reshape(runs, -1)

    def over_promoters(x: np.ndarray) -> np.ndarray:
        return eq.row_mean(x.reshape(runs, -1), occ)

    def over_accounts(x: np.ndarray) -> np.ndarray:
        return eq.row_mean(x.reshape(runs, -1), act)

    def count(x: np.ndarray) -> np.ndarray:
        return x.reshape(runs, -1).sum(axis=1).astype(np.float64)

    def total(x: np.ndarray) -> np.ndarray:
        return x.reshape(runs, -1).sum(axis=1)

    worked = (st.occupied & ~st.hired) | st.quit
    staff = count(worked)
    pay = p.pay_unit[:, 0] * eq.row_sum(st.reward, worked)
    per_promoter = (
        p.cost_backing * p.backing + p.cost_contact_budget * p.contact_budget
        + p.cost_release * p.formal_duty_release
        + p.cost_development * (p.orientation_talks + p.participation)
        + p.cost_recognition * p.social_recognition
    )[:, 0]
    resources = (
        staff * per_promoter
        + count(st.talk) * p.cost_feedback_talk[:, 0]
        + prm.teams * p.manager_hours[:, 0] * WEEKS_PER_MONTH * p.manager_hour_cost[:, 0]
        + count(st.active) * p.cost_customer_support[:, 0] * p.customer_promoter_support[:, 0]
        + count(st.matched) * p.cost_matching[:, 0]
        + count(st.hired) * p.hiring_cost[:, 0]
    )
    revenue = total(st.sales)
    adaptation = total(st.overuse)
    return {
        "promoters": count(st.occupied),
        "vacancies": count(~st.occupied),
        "hires": count(st.hired),
        "quits": count(st.quit),
        "promoters_in_role": count(st.occupied & st.role),
        "mean_customer_trust": over_accounts(st.personal_trust),
        "mean_firm_trust": over_accounts(st.firm_trust),
        "mean_commitment": over_accounts(st.commitment),
        "mean_management_trust": over_promoters(st.mgmt_trust),
        "mean_supervision": over_promoters(st.supervision),
        "mean_latitude": over_promoters(st.latitude),
        "mean_effort": over_promoters(st.effort),
        "mean_relationship_share": over_promoters(st.share),
        "mean_hardness": over_promoters(st.hardness),
        "mean_role_conflict": over_promoters(st.role_conflict),
        "mean_stress": over_promoters(st.stress),
        "mean_satisfaction": over_promoters(st.satisfaction),
        "mean_intrinsic": over_promoters(st.intrinsic),
        "mean_knowledge": over_promoters(st.knowledge),
        "active_relationships": count(st.active),
        "defections": count(st.defected),
        "acquisitions": count(st.acquired),
        "customer_promoters": count(st.customer_promoter),
        "power_overuse": count(st.overuse > 0.0),
        "negotiations": count(st.negotiated),
        "wins": count(st.won),
        "revenue": revenue,
        "pay_cost": pay,
        "resource_cost": resources,
        "adaptation_cost": adaptation,
        "profit": p.gross_margin[:, 0] * revenue - pay - resources - adaptation,
        "spirals_active": count(st.in_spiral & st.occupied),
        "spirals_started": count(st.spiral_started),
        "spirals_recovered": count(st.spiral_recovered),
        "spirals_quit": count(st.spiral_quit),
        "feedback_talks": count(st.talk),
    }
