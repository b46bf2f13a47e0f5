"""What agents do each month: one function per phase and kind of agent, written once.

Each phase acts on one agent's record (a promoter position ``pr``, an account ``a``, a team) and
reads like the ODD ("Submodels"). The same source runs two ways: a Mesa agent's method calls it
with its own record (interpreted), and the batched engine calls it inside compiled loops over all
runs, positions and accounts (:mod:`promosim.engine`). ``c`` is the month
(:class:`~promosim.context.Month`: parameters ``c.P``, the month, the random key); ``u`` holds
the agent's uniforms for the month (``u.deal``; :mod:`promosim.randomness`); ``accs`` the
account records of a position, in slot order. Agents interact only through their team's census,
taken at the start of the month, so the order in which agents of one phase act does not matter.
"""

from __future__ import annotations

from promosim import equations as eq
from promosim.jit import kernel

# --- managers: supervision, bookkeeping, evaluation -------------------------------------------


@kernel
def supervise(c, pr) -> None:
    """Manager: set the promoter's supervision from policy and distrust; it narrows latitude."""
    P = c.P
    target = eq.supervision_target(P, pr.mgmt_trust)
    pr.supervision = eq.relax(pr.supervision, target, P.supervision_speed)
    pr.rule_supervision = eq.relax(pr.rule_supervision, P.supervision_base, P.supervision_speed)
    pr.latitude = eq.latitude(P, pr.supervision)


@kernel(inline=True)
def tally(c, pr, accs) -> None:
    """Manager: the position's month in its accounts: deals, revenue, trust, pressure.

    What the manager evaluates and the promoter reflects on (means over active accounts, 0 when
    the position has none).
    """
    P = c.P
    wins = negotiations = revenue = volume = 0.0
    personal = effective = soft = overused = 0.0
    count = 0
    for s in range(len(accs)):
        a = accs[s]
        if a.won:
            wins += 1.0
        if a.negotiated:
            negotiations += 1.0
        if a.active:
            revenue += a.sales
            volume += a.value
            personal += a.personal_trust
            effective += eq.effective_trust(P, a.personal_trust, a.firm_trust)
            soft += 0.5 * a.personal_trust + 0.5 * a.commitment
            overused += 1.0 if a.overuse > 0.0 else 0.0
            count += 1
    served = max(count, 1)
    pr.wins, pr.negotiations, pr.revenue, pr.volume = wins, negotiations, revenue, volume
    pr.customer_trust = personal / served if count > 0 else 0.0
    pr.account_trust = effective / served if count > 0 else 0.0
    pr.soft_facts = soft / served if count > 0 else 0.0
    pr.overuse_share = overused / served if count > 0 else 0.0


@kernel
def evaluate(c, pr, team, u) -> None:
    """Manager: read the promoter's month, update trust, and perhaps hold a feedback talk.

    Results are judged against what the manager expects (allowing for part of the inherited
    situation), read with noise and with suspicion of soft terms where goals are unclear; trust
    updates asymmetrically and is lost faster under the manager's own supervision. A talk helps
    or backfires (Kluger & DeNisi 1996).
    """
    P = c.P
    time = eq.manager_time_share(P, team.headcount)
    noise = eq.triangular(u.eval_a, u.eval_b, eq.evaluation_noise(P, time))
    expected = eq.expected_win_rate(P, eq.ramp(P, pr.tenure, pr.ramp_months), pr.account_trust)
    pr.perceived = eq.relax(pr.perceived, eq.deal_outcome(P, pr.wins, pr.negotiations, expected),
                            1.0 / P.evaluation_memory)
    reading = eq.performance_signal(P, pr.perceived, pr.hardness, noise)
    trust = eq.management_trust_update(P, pr.mgmt_trust, reading, team.bias, pr.supervision)
    pr.evaluation = reading
    pr.failure = reading < 0.0
    pr.talk = u.talk < P.feedback_frequency
    pr.backfired = pr.talk and u.backfire < eq.backfire_probability(P, team.style)
    good = pr.talk and not pr.backfired
    pr.role_conflict = eq.conflict_after_talk(P, pr.role_conflict, good, pr.backfired)
    step = eq.feedback_motivation_step(P)
    if good:
        pr.knowledge = pr.knowledge + P.feedback_knowledge * (1.0 - pr.knowledge)
        pr.intrinsic = eq.clip01(pr.intrinsic + step)
        trust = trust + P.feedback_repair * (1.0 - trust)
    elif pr.backfired:
        pr.intrinsic = eq.clip01(pr.intrinsic - step)
    else:
        pr.intrinsic = eq.clip01(pr.intrinsic + 0.0)
    pr.mgmt_trust = trust


# --- promoters: work, reflection, quitting ----------------------------------------------------


@kernel
def plan_work(c, pr) -> None:
    """Promoter: choose effort, its split between selling and relationship work, and the terms."""
    P = c.P
    felt = eq.felt_control(P, pr.control, pr.supervision, pr.rule_supervision)
    pr.effort = eq.voluntary_effort(P, pr.intrinsic, felt)
    wanted = eq.relationship_share_target(P, pr.intrinsic)
    pr.share = eq.habit_step(P, pr.share, wanted)
    pr.work = eq.relationship_work(P, pr.share, pr.effort)
    pr.hardness = eq.bargaining_hardness(P, pr.share, pr.supervision, pr.identification)
    pr.cooperativeness = eq.relax(pr.cooperativeness, eq.cooperativeness_target(
        P, pr.supervision, pr.role_conflict), P.coop_rate)
    pr.quality = eq.interaction_quality(
        P, pr.skill, pr.expertise, pr.knowledge, pr.latitude, pr.cooperativeness, pr.work,
        eq.ramp(P, pr.tenure, pr.ramp_months), pr.role)


@kernel
def reflect(c, pr, team) -> None:
    """Promoter: update conflict, stress, motivation, rewards, loyalty and the promoter role."""
    P = c.P
    customer_trust = pr.customer_trust
    felt = eq.felt_control(P, pr.control, pr.supervision, pr.rule_supervision)
    personal = eq.personal_control(P, pr.supervision, pr.rule_supervision)
    pr.role_conflict = eq.relax(pr.role_conflict, eq.role_conflict_target(
        P, pr.supervision, pr.share, pr.identification, pr.overuse_share), P.conflict_rate)
    pr.stress = eq.relax(pr.stress, eq.stress_target(P, pr.role_conflict, felt, personal),
                         P.stress_rate)
    pr.intrinsic = eq.relax(pr.intrinsic, eq.intrinsic_target(P, pr.intrinsic_base, felt),
                            P.intrinsic_rate)
    pr.knowledge = eq.knowledge_step(P, pr.knowledge)
    pr.identification = eq.relax(pr.identification, eq.identification_target(
        P, customer_trust, pr.share, pr.knowledge), P.identification_rate)
    pr.sales_achievement = eq.sales_achievement(P, pr.sales_achievement, pr.revenue,
                                                pr.volume * P.expected_win_rate)
    pr.relationship_achievement = eq.relationship_achievement(P, pr.relationship_achievement,
                                                              pr.soft_facts)
    pr.reward = eq.material_reward(P, pr.sales_achievement, pr.relationship_achievement)
    pr.material_satisfaction = eq.material_satisfaction(P, pr.reward, pr.material_reference)
    pr.material_reference = eq.relax(pr.material_reference, pr.reward, P.habituation_rate)
    pr.recognition = eq.relax(pr.recognition, eq.recognition_target(P, pr.mgmt_trust),
                              P.recognition_rate)
    pr.career = eq.relax(pr.career, eq.career_target(P, customer_trust), P.career_rate)
    time = eq.manager_time_share(P, team.headcount)
    pr.leader_trust = eq.relax(pr.leader_trust, eq.leader_trust_target(
        P, pr.latitude, time, pr.mgmt_trust, personal), P.leader_trust_rate)
    pr.satisfaction = eq.satisfaction(P, pr.material_satisfaction, pr.recognition, pr.career,
                                      pr.intrinsic, pr.leader_trust, pr.stress, pr.role)
    pr.loyalty = eq.relax(pr.loyalty, eq.loyalty_target(
        P, pr.satisfaction, pr.leader_trust, pr.career, pr.identification), P.loyalty_rate)
    standing = eq.role_standing(P, customer_trust, pr.mgmt_trust, pr.knowledge, pr.work,
                                pr.skill, pr.network) and pr.tenure >= pr.ramp_months
    pr.role_streak = pr.role_streak + 1.0 if standing else 0.0
    failing = pr.role and not standing
    pr.role_loss_streak = pr.role_loss_streak + 1.0 if failing else 0.0
    pr.role_gained = not pr.role and pr.role_streak >= P.role_months
    pr.role_lost = pr.role and pr.role_loss_streak >= P.role_loss_months
    pr.role = (pr.role or pr.role_gained) and not pr.role_lost
    pr.tenure = pr.tenure + 1.0


@kernel
def consider_quitting(c, pr, team, u) -> None:
    """Promoter: quit with a monthly hazard: satisfaction, stress, boss, loyalty, offers, peers.

    Colleagues' quits since the promoter joined stay on their mind, fading (each month the memory
    keeps ``1 - 1/contagion_months``): turnover is contagious among people who know each other
    (Sunder et al. 2017: peer effects through social identity).

    In a scenario with a forced exit, the marked positions' holders quit at the end of its month.
    """
    P = c.P
    pr.peer_quits = (eq.relax(pr.peer_quits, 0.0, 1.0 / P.contagion_months)
                     + team.quits_last_month)
    chance = eq.quit_probability(P, pr.satisfaction, pr.stress, pr.leader_trust, pr.loyalty,
                                 pr.outside_option, pr.material_reference, pr.role,
                                 pr.peer_quits)
    forced = pr.shocked and P.forced_exit_month > 0 and c.month == P.forced_exit_month
    pr.quit = u.quit < chance or forced


# --- counterparts: interaction, the customer side, defection -----------------------------------


@kernel(inline=True)
def meeting_quality(c, pr) -> float:
    """Quality the counterpart meets this month: the promoter's, or the team's cover if vacant."""
    return pr.quality if pr.occupied else c.P.vacancy_cover


@kernel(inline=True)
def meeting_hardness(c, pr) -> float:
    """Terms the counterpart meets: the promoter's, or the team's usual terms if vacant."""
    return pr.hardness if pr.occupied else c.P.expected_hardness


@kernel(inline=True)
def interact(c, a, pr, u) -> None:
    """Counterpart: meet the promoter (or the team's cover), update trust, negotiate if due.

    Trust in the person grows only while the promoter is there; trust in the firm moves slower;
    satisfaction follows what the counterpart got lately, symmetrically.
    In a failure shock the position loses every negotiation it is offered (P3).
    """
    P = c.P
    quality = meeting_quality(c, pr)
    hardness = meeting_hardness(c, pr)
    selling = (1.0 - pr.share) * pr.effort if pr.occupied else 0.0
    sensitivity = eq.effective_price_sensitivity(P, a.price_sensitivity, a.commitment)
    noise = eq.triangular(u.noise_a, u.noise_b, P.interaction_noise)
    a.signal = eq.trust_signal(P, quality, hardness, sensitivity, noise)
    if pr.occupied:
        a.personal_trust = eq.asymmetric_update(a.personal_trust, a.signal, P.trust_gain,
                                                P.trust_loss)
    a.firm_trust = eq.asymmetric_update(a.firm_trust, a.signal, P.trust_gain * P.firm_trust_speed,
                                        P.trust_loss * P.firm_trust_speed)
    a.customer_satisfaction = eq.relax(a.customer_satisfaction,
                                       eq.customer_satisfaction_target(a.signal),
                                       P.customer_satisfaction_rate)
    trust = eq.effective_trust(P, a.personal_trust, a.firm_trust)
    a.commitment = eq.relax(a.commitment, trust, P.commitment_rate)
    a.negotiated = u.deal < P.deal_rate or pr.struck
    if a.negotiated and not pr.struck:
        chance = eq.win_probability(P, trust, quality, selling, hardness, sensitivity,
                                    a.customer_promoter, a.customer_satisfaction)
        a.won = u.win < chance
        sales = a.value * eq.price_factor(P, hardness) / P.deal_rate  # the sale, if won
        a.sales = sales if a.won else 0.0


@kernel(inline=True)
def respond(c, a, pr, team, u) -> None:
    """Counterpart: grow into (or out of) the customer-side promoter role; be matched; over-use.

    A customer-side promoter facing no supplier-side role holder may be matched with one from the
    team (policy ``matching``); facing none, they over-use power (Walter & Mörmann; P9).
    """
    P = c.P
    a.career_success = eq.relax(a.career_success, eq.career_success_target(
        P, a.ambition, meeting_quality(c, pr)), P.customer_success_rate)
    a.customer_promoter = eq.stays_customer_promoter(
        P, a.customer_promoter, a.career_success, a.personal_trust,
        eq.effective_trust(P, a.personal_trust, a.firm_trust),
        u.convert < P.customer_promoter_rate)
    own = pr.occupied and pr.role
    a.matched = (a.customer_promoter and not own and team.has_role_holder
                 and (a.matched or u.match < P.matching))
    a.overuse = eq.power_overuse_cost(P, a.customer_promoter, own or a.matched, a.power, a.value)


@kernel(inline=True)
def consider_defecting(c, a, pr, u) -> None:
    """Counterpart: end the relationship with a monthly hazard (trust, commitment, terms)."""
    P = c.P
    sensitivity = eq.effective_price_sensitivity(P, a.price_sensitivity, a.commitment)
    supplier_promoter = (pr.occupied and pr.role) or a.matched
    chance = eq.defection_probability(
        P, eq.effective_trust(P, a.personal_trust, a.firm_trust), a.commitment, sensitivity,
        meeting_hardness(c, pr), not pr.occupied, a.customer_promoter, supplier_promoter)
    a.defected = u.defect < chance
