"""Monthly series: one run's month, counted and summed into the series of the outcome registry.

:func:`account_month` writes one record (``promosim.outcomes.SERIES_RECORD``) per run and month,
compiled in the engine and interpreted in the Mesa model. Sums run over positions, then account
slots, in index order.
"""

from __future__ import annotations

from promosim.jit import kernel
from promosim.outcomes import SERIES

#: Series name → meaning (see :data:`promosim.outcomes.SERIES`).
SERIES_MEANINGS: dict[str, str] = {s.name: s.meaning for s in SERIES}
WEEKS_PER_MONTH = 52.0 / 12.0


@kernel
def _mean(total: float, count: float) -> float:
    return total / max(count, 1.0) if count > 0.0 else 0.0


@kernel
def account_month(c, promoters, accounts, out) -> None:
    """This month's value of every series for one run (``out``: a series record)."""
    P = c.P
    occupied = vacant = hires = quits = in_role = staff = talks = 0.0
    spirals = started = recovered = ended_by_quit = 0.0
    mgmt_trust = supervision = latitude = effort = share = hardness = 0.0
    conflict = stress = satisfaction = intrinsic = knowledge = pay = 0.0
    for p in range(promoters.shape[0]):
        pr = promoters[p]
        hires += 1.0 if pr.hired else 0.0
        quits += 1.0 if pr.quit else 0.0
        talks += 1.0 if pr.talk else 0.0
        started += 1.0 if pr.spiral_started else 0.0
        recovered += 1.0 if pr.spiral_recovered else 0.0
        ended_by_quit += 1.0 if pr.spiral_quit else 0.0
        if (pr.occupied and not pr.hired) or pr.quit:  # worked this month: paid
            staff += 1.0
            pay += pr.reward
        if not pr.occupied:
            vacant += 1.0
            continue
        occupied += 1.0
        in_role += 1.0 if pr.role else 0.0
        spirals += 1.0 if pr.in_spiral else 0.0
        mgmt_trust += pr.mgmt_trust
        supervision += pr.supervision
        latitude += pr.latitude
        effort += pr.effort
        share += pr.share
        hardness += pr.hardness
        conflict += pr.role_conflict
        stress += pr.stress
        satisfaction += pr.satisfaction
        intrinsic += pr.intrinsic
        knowledge += pr.knowledge
    active = defections = acquisitions = customer_promoters = overusing = matched = 0.0
    negotiations = wins = revenue = adaptation = 0.0
    personal = firm = commitment = satisfied = won_volume = volume = 0.0
    for p in range(accounts.shape[0]):
        for s in range(accounts.shape[1]):
            a = accounts[p, s]
            defections += 1.0 if a.defected else 0.0
            acquisitions += 1.0 if a.acquired else 0.0
            negotiations += 1.0 if a.negotiated else 0.0
            wins += 1.0 if a.won else 0.0
            revenue += a.sales
            won_volume += a.value / P.deal_rate if a.won else 0.0
            if (a.active and not a.acquired) or a.defected:  # a customer of the month
                volume += a.value
            adaptation += a.overuse
            overusing += 1.0 if a.overuse > 0.0 else 0.0
            if a.active:
                active += 1.0
                customer_promoters += 1.0 if a.customer_promoter else 0.0
                matched += 1.0 if a.matched else 0.0
                personal += a.personal_trust
                firm += a.firm_trust
                commitment += a.commitment
                satisfied += a.customer_satisfaction
    per_promoter = (
        P.cost_backing * P.backing + P.cost_contact_budget * P.contact_budget
        + P.cost_release * P.formal_duty_release
        + P.cost_development * (P.orientation_talks + P.participation)
        + P.cost_recognition * P.social_recognition
    )
    teams = P.n_teams
    resources = (
        staff * per_promoter + talks * P.cost_feedback_talk
        + teams * P.manager_hours * WEEKS_PER_MONTH * P.manager_hour_cost
        + active * P.cost_customer_support * P.customer_promoter_support
        + matched * P.cost_matching + hires * P.hiring_cost
    )
    pay_cost = P.pay_unit * pay
    out.promoters = occupied
    out.vacancies = vacant
    out.hires = hires
    out.quits = quits
    out.promoters_in_role = in_role
    out.mean_customer_trust = _mean(personal, active)
    out.mean_firm_trust = _mean(firm, active)
    out.mean_commitment = _mean(commitment, active)
    out.mean_management_trust = _mean(mgmt_trust, occupied)
    out.mean_supervision = _mean(supervision, occupied)
    out.mean_latitude = _mean(latitude, occupied)
    out.mean_effort = _mean(effort, occupied)
    out.mean_relationship_share = _mean(share, occupied)
    out.mean_hardness = _mean(hardness, occupied)
    out.mean_role_conflict = _mean(conflict, occupied)
    out.mean_stress = _mean(stress, occupied)
    out.mean_satisfaction = _mean(satisfaction, occupied)
    out.mean_intrinsic = _mean(intrinsic, occupied)
    out.mean_knowledge = _mean(knowledge, occupied)
    out.active_relationships = active
    out.defections = defections
    out.acquisitions = acquisitions
    out.customer_promoters = customer_promoters
    out.power_overuse = overusing
    out.negotiations = negotiations
    out.wins = wins
    out.revenue = revenue
    out.pay_cost = pay_cost
    out.resource_cost = resources
    out.adaptation_cost = adaptation
    out.profit = P.gross_margin * revenue - pay_cost - resources - adaptation
    out.spirals_active = spirals
    out.spirals_started = started
    out.spirals_recovered = recovered
    out.spirals_quit = ended_by_quit
    out.feedback_talks = talks
    out.mean_customer_satisfaction = _mean(satisfied, active)
    out.won_volume = won_volume
    out.customer_volume = volume
