"""The world's processes: the labour market, the customer market, succession, the spiral observer.

Like :mod:`promosim.phases`, each process acts on one record at a time and runs interpreted (the
Mesa model) and compiled (the batched engine). ``p`` is a position's index in its run, ``row`` an
account slot's index in its run, ``firm`` the run's record (id counters and random key). What
happens is left in the records' flows, from which the event log is written
(:func:`promosim.events.log_position`).
"""

from __future__ import annotations

import math

import numpy as np

from promosim import equations as eq
from promosim import phases
from promosim import randomness as rnd
from promosim.jit import kernel

# --- the month's start ---------------------------------------------------------------------------


@kernel
def take_census(c, team, promoters) -> None:
    """A team at the start of the month: headcount, a promoter-role holder, last month's quits."""
    headcount = 0.0
    holder = False
    for i in range(len(promoters)):
        pr = promoters[i]
        if pr.occupied:
            headcount += 1.0
            if pr.role:
                holder = True
    team.headcount = headcount
    team.has_role_holder = holder
    team.quits_last_month = team.quits_this_month / len(promoters)
    team.quits_this_month = 0.0


@kernel(inline=True)
def strike(c, pr) -> None:
    """Mark whether the scenario's failure shock hits the position this month (P3)."""
    P = c.P
    start = P.shock_month
    pr.struck = (pr.shocked and start > 0 and start <= c.month
                 and c.month < start + P.shock_months)


# --- the labour market -------------------------------------------------------------------------


@kernel
def hire(c, pr, p: int, firm, month: int) -> None:
    """Fill position ``p`` with a new promoter drawn from the labour market.

    Traits are drawn from the uniforms of the position and month (``month`` is the initial month
    for the first firm). Hiring for social skill shifts skill up and expertise down
    (beziehungsmanagement-innen-aussen); most promoters lower effort under control, some are
    neutral, some raise it (Falk & Kosfeld 2006); the personal network (uniform on [0, 1]) is
    what the person brings to the promoter role besides the trust they earn.
    """
    P = c.P
    u_skill, u_expertise, u_kind, u_size = rnd.uniforms(c.key, p, month, rnd.HIRE)
    u_outside, u_intrinsic, u_ramp, u_network = rnd.uniforms(c.key, p, month, rnd.HIRE_MORE)
    tilt = P.hiring_tilt * (P.hiring_social_weight - 0.5)
    size = P.control_size_min + P.control_size_spread * u_size
    if u_kind < P.share_control_averse:
        control = min(P.control_aversion * size, 1.0)
    elif u_kind >= 1.0 - P.share_control_raising:
        control = -min(P.control_raising * size, 1.0)
    else:
        control = 0.0
    intrinsic = eq.clip01(P.intrinsic_min + P.intrinsic_spread * u_intrinsic)
    pr.skill = eq.clip01(P.skill_min + P.skill_spread * u_skill + tilt)
    pr.expertise = eq.clip01(P.expertise_min + P.expertise_spread * u_expertise - tilt)
    pr.control = control
    pr.network = u_network
    pr.outside_option = 1.0 + P.outside_spread * (u_outside - 0.5)
    pr.intrinsic_base = intrinsic
    pr.ramp_months = eq.whole_months(u_ramp, P.ramp_min, P.ramp_max)
    pr.intrinsic = intrinsic
    pr.effort = intrinsic
    pr.share = P.hire_share
    pr.work = P.hire_work
    pr.hardness = P.hire_hardness
    pr.cooperativeness = P.hire_cooperativeness
    pr.quality = 0.0
    pr.knowledge = P.hire_knowledge
    pr.identification = 0.0
    pr.role_conflict = P.conflict_base
    pr.stress = P.hire_stress
    pr.material_reference = P.pay_level
    pr.reward = P.pay_level
    pr.material_satisfaction = P.hire_material_satisfaction
    pr.recognition = P.hire_recognition * P.social_recognition
    pr.career = P.hire_career
    pr.leader_trust = P.hire_leader_trust
    pr.satisfaction = P.hire_satisfaction
    pr.loyalty = P.hire_loyalty
    pr.peer_quits = 0.0
    pr.role_streak = 0.0
    pr.role_loss_streak = 0.0
    pr.sales_achievement = 1.0
    pr.relationship_achievement = 1.0
    pr.perceived = 0.0
    pr.mgmt_trust = P.trust_reference
    pr.trust_lag1 = P.trust_reference
    pr.trust_lag2 = P.trust_reference
    pr.trust_lag3 = P.trust_reference
    pr.supervision = P.supervision_base
    pr.rule_supervision = P.supervision_base
    pr.latitude = P.hire_latitude
    pr.tenure = 0.0
    pr.role = False
    pr.failure = False
    pr.failure_lag1 = False
    pr.failure_lag2 = False
    pr.in_spiral = False
    pr.occupied = True
    pr.person = firm.next_person
    firm.next_person = firm.next_person + 1


@kernel
def fill_vacancy(c, pr, p: int, firm) -> None:
    """A vacancy counts down; when it is due, a new promoter is hired into it."""
    if pr.occupied:
        return
    if pr.vacancy_left <= 0.0:
        hire(c, pr, p, firm, c.month)
        pr.hired = True
    else:
        pr.vacancy_left = pr.vacancy_left - 1.0


@kernel
def succession(c, pr, team, accs, u) -> None:
    """A leaver vacates the position; who takes over the accounts is settled at the month's end.

    Firm trust is partly kept (Schmitz et al. 2020); matches with other role holders end. The
    vacancy lasts ``vacancy_min..vacancy_max`` months. The quit joins the team's count of the
    month's quits (read by the next census).
    """
    P = c.P
    team.quits_this_month = team.quits_this_month + 1.0
    pr.spiral_quit = pr.in_spiral
    pr.leaver, pr.leaver_tenure, pr.leaver_role = pr.person, pr.tenure, pr.role
    pr.in_spiral = False
    pr.occupied = False
    pr.role = False
    pr.person = -1
    pr.vacancy_left = eq.whole_months(u.vacancy, P.vacancy_min, P.vacancy_max)
    for s in range(len(accs)):
        a = accs[s]
        if a.active:
            a.firm_trust = a.firm_trust * (1.0 - P.firm_trust_exit_loss)
            a.matched = False


#: The named values of ``succession_rule`` (parameters.toml).
WAIT, REASSIGN, SIMILAR = 0.0, 1.0, 2.0


@kernel
def free_slot(accs) -> int:
    """An account slot of a position that can take an account now (-1 if none).

    Empty, and not emptied this month (its customer's defection is still to be counted).
    """
    for s in range(len(accs)):
        if not accs[s].active and not accs[s].defected:
            return s
    return -1


@kernel
def successor(c, promoters, accounts, leaver: int) -> int:
    """The teammate who takes over an account of the leaver at ``leaver`` (-1: it waits).

    Only promoters who were in post before this month and have a free slot qualify; ``reassign``
    picks the best standing (the manager's trust), ``similar`` the experience (tenure) closest to
    the leaver's; ties go to the lower position.
    """
    P = c.P
    best = -1
    score = 0.0
    for q in range(len(promoters)):
        pr = promoters[q]
        if q == leaver or not pr.occupied or pr.hired or free_slot(accounts[q]) < 0:
            continue
        if P.succession_rule == SIMILAR:
            value = -abs(pr.tenure - promoters[leaver].leaver_tenure)
        else:
            value = pr.mgmt_trust
        if best < 0 or value > score:
            best, score = q, value
    return best


@kernel
def hand_over(c, promoters, accounts, first: int) -> None:
    """The succession rule at the end of the month, for one team's leavers of the month.

    Each leaver's accounts, the most valuable first, go to a teammate with room (Shi, Sridhar,
    Grewal & Lilien 2017) or, under ``wait`` or when no teammate has room, wait at the vacant
    position for the new hire under the team's cover. Whoever takes over inherits part of the
    customer's personal trust in the leaver: the leaver's introduction, less for a successor whose
    experience differs (a new hire has none) [``eq.handover_share``]. A moved account takes its
    month's flows along and notes where it came from (``origin``; ``first`` is the team's first
    position in the run); its old slot falls empty.
    """
    P = c.P
    slots = accounts.shape[1]
    for p in range(len(promoters)):
        if not promoters[p].quit:
            continue
        done = np.zeros(slots, np.bool_)
        for _ in range(slots):
            s = -1
            for k in range(slots):
                a = accounts[p, k]
                if a.active and not done[k] and (s < 0 or a.value > accounts[p, s].value):
                    s = k
            if s < 0:
                break
            done[s] = True
            tenure = promoters[p].leaver_tenure
            q = successor(c, promoters, accounts, p) if P.succession_rule != WAIT else -1
            if q < 0:
                a = accounts[p, s]
                a.personal_trust = a.personal_trust * eq.handover_share(P, tenure, 0.0)
                continue
            target = free_slot(accounts[q])
            empty = accounts[q, target:target + 1].copy()
            accounts[q, target] = accounts[p, s]
            accounts[p, s] = empty[0]
            a = accounts[q, target]
            a.personal_trust = a.personal_trust * eq.handover_share(P, tenure,
                                                                    promoters[q].tenure)
            a.origin = (first + p) * slots + s + 1


# --- the customer market -----------------------------------------------------------------------


@kernel
def open_account(c, a, row: int, firm, month: int) -> None:
    """Start a relationship with a new customer in an empty slot (``row``: the slot in the run).

    Accounts are classed A/B/C by profit value; counterparts are deciders, co-deciders or
    influencers with falling power (beziehungsmarketing-lexikon).
    """
    P = c.P
    u_class, u_price, u_power, u_ambition = rnd.uniforms(c.key, row, month, rnd.NEW_ACCOUNT)
    if u_class < P.share_a_accounts:
        a.value = P.value_a
    elif u_class < P.share_a_accounts + P.share_b_accounts:
        a.value = P.value_b
    else:
        a.value = P.value_c
    a.price_sensitivity = eq.clip01(P.price_sensitivity_min + P.price_sensitivity_spread * u_price)
    if u_power < P.share_deciders:
        a.power = P.power_decider
    elif u_power < P.share_deciders + P.share_co_deciders:
        a.power = P.power_co_decider
    else:
        a.power = P.power_influencer
    a.ambition = P.ambition_spread * u_ambition
    a.career_success = P.ambition_spread * u_ambition
    a.personal_trust = P.new_account_trust
    a.firm_trust = P.new_account_trust
    a.commitment = P.new_commitment_ratio * P.new_account_trust
    a.customer_satisfaction = P.typical_customer_satisfaction
    a.signal = 0.0
    a.started = month
    a.customer_promoter = False
    a.matched = False
    a.active = True
    a.account = firm.next_account
    firm.next_account = firm.next_account + 1


@kernel(inline=True)
def market(c, a, row: int, firm, u) -> None:
    """A defecting customer leaves; an empty slot is refilled by acquisition over time.

    A slot emptied this month is refilled from next month on (mean wait ``acquisition_months``).
    """
    if a.defected:
        a.active = False
        a.customer_promoter = False
        a.matched = False
    elif not a.active and u.acquire < 1.0 / c.P.acquisition_months:
        open_account(c, a, row, firm, c.month)
        a.acquired = True


# --- the spiral observer -----------------------------------------------------------------------


@kernel
def observe_spiral(c, pr) -> None:
    """Detect the start and end of a failure–distrust spiral in the manager–promoter dyad.

    Judged only against the dyad's own history, never against the policy in force: a spiral
    starts when the manager's trust has fallen over the last three months by at least
    ``spiral_trust_drop`` to below ``spiral_recovery_trust``, the manager has raised supervision at
    least ``spiral_excess_on`` above the dyad's rule supervision (what the policy alone would
    impose on it by now, which follows a change of policy as supervision does), and at least
    ``spiral_failures`` of the three months read as failures (DESIGN.md: management trust
    falling while supervision rises and failures recur). It ends in recovery when the manager's
    trust is back at ``spiral_recovery_trust``, or with the promoter's quit (ODD, "Design
    concepts: observation").
    """
    P = c.P
    if pr.occupied:
        failures = ((1.0 if pr.failure else 0.0) + (1.0 if pr.failure_lag1 else 0.0)
                    + (1.0 if pr.failure_lag2 else 0.0))
        falling = pr.mgmt_trust <= pr.trust_lag3 - P.spiral_trust_drop
        distrusted = pr.mgmt_trust < P.spiral_recovery_trust
        clamped = pr.supervision - pr.rule_supervision >= P.spiral_excess_on
        if pr.in_spiral:
            if pr.mgmt_trust >= P.spiral_recovery_trust:
                pr.spiral_recovered = True
                pr.in_spiral = False
        elif distrusted and falling and clamped and failures >= P.spiral_failures:
            pr.spiral_started = True
            pr.in_spiral = True
            pr.spiral_start = c.month
    pr.trust_lag3 = pr.trust_lag2
    pr.trust_lag2 = pr.trust_lag1
    pr.trust_lag1 = pr.mgmt_trust
    pr.failure_lag2 = pr.failure_lag1
    pr.failure_lag1 = pr.failure


# --- the first firm ----------------------------------------------------------------------------


@kernel
def found_team(c, team, t: int, month: int) -> None:
    """A team's manager: attribution bias and feedback style, drawn once (they never change)."""
    P = c.P
    u_bias, u_style, _, _ = rnd.uniforms(c.key, t, month, rnd.INITIAL_TEAM)
    team.bias = P.attribution_bias * ((1.0 - 0.5 * P.bias_spread) + P.bias_spread * u_bias)
    team.style = P.style_spread * (u_style - 0.5)


@kernel
def found_position(c, pr, p: int, firm, month: int) -> None:
    """A position of the first firm: a promoter with a tenure drawn with a long tail.

    State variables start near where tenure puts them in a long baseline run; the spin-up then
    lets them settle (ODD, "Initialisation").
    """
    P = c.P
    hire(c, pr, p, firm, month)
    u_tenure, u_standing, u_shock, _ = rnd.uniforms(c.key, p, month, rnd.INITIAL_POSITION)
    tenure = float(math.floor(P.initial_tenure_max * u_tenure * u_tenure))
    seniority = min(tenure / P.seniority_months, 1.0)
    pr.tenure = tenure
    pr.knowledge = eq.clip01(P.hire_knowledge + P.initial_knowledge_gain
                             * min(tenure / P.knowledge_months, 1.0))
    pr.identification = P.initial_identification * seniority
    pr.mgmt_trust = eq.clip01(P.initial_trust_floor + P.initial_trust_gain * seniority
                              * u_standing)
    pr.trust_lag1 = pr.mgmt_trust
    pr.trust_lag2 = pr.mgmt_trust
    pr.trust_lag3 = pr.mgmt_trust
    pr.shocked = u_shock < P.shock_share


@kernel
def found_account(c, a, row: int, firm, month: int) -> None:
    """An account of the first firm: a relationship of an age drawn with a long tail.

    Older relationships have more personal and firm trust (personal trust builds faster).
    """
    P = c.P
    open_account(c, a, row, firm, month)
    u_age, u_personal, u_firm, _ = rnd.uniforms(c.key, row, month, rnd.INITIAL_ACCOUNT)
    age = math.floor(P.initial_age_max * u_age * u_age)
    a.started = month - age
    room = 1.0 - P.new_account_trust
    a.personal_trust = P.new_account_trust + room * min(age / P.initial_personal_months, 1.0) \
        * P.initial_personal_level * math.sqrt(u_personal)
    a.firm_trust = P.new_account_trust + room * min(age / P.initial_firm_months, 1.0) \
        * P.initial_firm_level * math.sqrt(u_firm)
    a.commitment = P.initial_commitment_ratio * eq.effective_trust(P, a.personal_trust,
                                                                   a.firm_trust)


@kernel
def settle_role(c, pr, accs) -> None:
    """A promoter of the first firm holds the role if its conditions have held long enough."""
    P = c.P
    pr.work = eq.relationship_work(P, pr.share, pr.effort)
    phases.tally(c, pr, accs)
    standing = eq.role_standing(P, pr.customer_trust, pr.mgmt_trust, pr.knowledge, pr.work,
                                pr.skill, pr.network)
    pr.role_streak = min(pr.tenure, P.role_months) if standing else 0.0
    pr.role = standing and pr.role_streak >= P.role_months


@kernel
def found_firm(c, promoters, accounts, teams, firm) -> None:
    """The first firm of one run at the month before the spin-up: every position and slot filled."""
    month = c.month
    for t in range(len(teams)):
        found_team(c, teams[t], t, month)
    for p in range(promoters.shape[0]):
        found_position(c, promoters[p], p, firm, month)
    slots = accounts.shape[1]
    for p in range(accounts.shape[0]):
        for s in range(slots):
            found_account(c, accounts[p, s], p * slots + s, firm, month)
    for p in range(promoters.shape[0]):
        settle_role(c, promoters[p], accounts[p])
