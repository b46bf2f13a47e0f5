"""The monthly loop over column state, and the vectorised driver of agent behaviour.

:func:`month` runs one month in the order of the ODD ("Process overview and scheduling"). Agent
behaviour (what managers, promoters and counterparts do) comes from a *driver*: :data:`VECTORISED`
updates whole columns at once; :class:`promosim.agents.AgentDriver` lets each Mesa agent update its
own row. The world's own processes (succession, the market, the labour market, the spiral observer,
accounting) are shared by both drivers and written here once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from promosim import equations as eq
from promosim.events import EventLog
from promosim.param_arrays import Params, Values
from promosim.randomness import Draws, Streams
from promosim.state import State


class Driver(Protocol):
    """Agent behaviour, one method per phase of the month."""

    def supervise(self, st: State, prm: Params) -> None:
        """Managers set supervision and latitude."""

    def plan_work(self, st: State, prm: Params) -> None:
        """Promoters choose effort, its split, their terms and cooperativeness."""

    def interact(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts meet their promoter, update trust and negotiate."""

    def respond(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts grow (or stop) as customer-side promoters and may over-use power."""

    def evaluate(self, st: State, prm: Params, dr: Draws) -> None:
        """Managers read results, update trust and give feedback."""

    def reflect(self, st: State, prm: Params) -> None:
        """Promoters update conflict, well-being, knowledge and the promoter role."""

    def consider_quitting(self, st: State, prm: Params, dr: Draws) -> None:
        """Promoters decide whether to quit (sets ``st.quit``)."""

    def consider_defecting(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts decide whether to end the relationship (sets ``st.defected``)."""


# --- shared helpers ----------------------------------------------------------------------------


def team_values(values: np.ndarray, prm: Params) -> np.ndarray:
    """Spread a per-team array ``(runs, teams)`` over the team's positions ``(runs, positions)``."""
    return np.repeat(values, prm.team_size, axis=1)


def team_headcount(st: State, prm: Params) -> np.ndarray:
    """Occupied positions in each position's team, per position."""
    per_team = st.occupied.reshape(st.occupied.shape[0], prm.teams, prm.team_size).sum(axis=2)
    return team_values(per_team.astype(np.float64), prm)


def team_has_role(st: State, prm: Params) -> np.ndarray:
    """Whether any holder in each position's team has the promoter role, per position."""
    holders = (st.occupied & st.role).reshape(st.occupied.shape[0], prm.teams, prm.team_size)
    return team_values(holders.any(axis=2), prm)


def supplier_promoter(st: State) -> np.ndarray:
    """Whether each account faces a supplier-side promoter (its own holder or a matched one)."""
    return (st.occupied & st.role)[..., None] | st.matched


def mean_customer_trust(st: State) -> np.ndarray:
    """Each position's mean personal trust over its active accounts (0 without accounts)."""
    return eq.row_mean(st.personal_trust, st.active)


# --- the vectorised driver ---------------------------------------------------------------------


class VectorisedDriver:
    """Agent behaviour as whole-column updates (the default driver)."""

    def supervise(self, st: State, prm: Params) -> None:
        """Managers set supervision from policy and distrust; supervision narrows latitude."""
        p, occ = prm.p, st.occupied
        target = eq.supervision_target(st.mgmt_trust, p.supervision_base, p.supervision_reactivity,
                                       p.trust_reference)
        st.supervision = np.where(occ, eq.relax(st.supervision, target, p.supervision_speed),
                                  st.supervision)
        st.latitude = np.where(occ, eq.latitude(st.supervision, p.backing, p.control_narrowing,
                                                p.unbacked_latitude), st.latitude)

    def plan_work(self, st: State, prm: Params) -> None:
        """Promoters set effort and its split, their terms, cooperativeness and quality."""
        p, occ = prm.p, st.occupied
        control = eq.control_response(st.control, p.supervision_legitimacy)
        effort = eq.voluntary_effort(st.intrinsic, 1.0 - p.fixed_share, p.incentive_pull, control,
                                     st.supervision)
        commission, bonus = eq.pay_weights(p.fixed_share, p.relationship_bonus_share)
        wanted = eq.relationship_share_target(
            commission, bonus, eq.horizon_factor(p.bonus_horizon), p.career_linkage, st.intrinsic,
            p.relationship_bias, p.pay_pull, p.career_pull, p.intrinsic_pull)
        share = eq.habit_step(st.share, wanted, p.habit_months, p.habit_threshold)
        work = eq.relationship_work(share, effort, p.formal_duty_release)
        hardness = eq.bargaining_hardness(share, st.supervision, st.identification,
                                          p.control_hardening, p.identification_softening)
        coop = eq.relax(st.cooperativeness, eq.cooperativeness_target(
            st.supervision, st.role_conflict, p.control_coop_loss, p.conflict_coop_loss),
            p.coop_rate)
        quality = eq.interaction_quality(
            st.skill, st.expertise, st.knowledge, st.latitude, coop, work, p.contact_budget,
            eq.ramp(st.tenure, st.ramp_months), p.role_quality_bonus * st.role)
        st.effort = np.where(occ, effort, st.effort)
        st.share = np.where(occ, share, st.share)
        st.work = np.where(occ, work, st.work)
        st.hardness = np.where(occ, hardness, st.hardness)
        st.cooperativeness = np.where(occ, coop, st.cooperativeness)
        st.quality = np.where(occ, quality, st.quality)

    def interact(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts meet their promoter (or the team's cover), update trust and negotiate."""
        a, act = prm.a, st.active
        held = st.occupied[..., None]
        quality = np.where(held, st.quality[..., None], a.vacancy_cover)
        hardness = np.where(held, st.hardness[..., None], a.expected_hardness)
        selling = np.where(held, ((1.0 - st.share) * st.effort)[..., None], 0.0)
        sensitivity = eq.effective_price_sensitivity(st.price_sensitivity, st.commitment)
        noise = eq.triangular(dr.noise_a, dr.noise_b, a.interaction_noise)
        signal = eq.trust_signal(quality, a.competitor_standard, hardness, sensitivity,
                                 a.hard_terms_strain, a.signal_gain, noise)
        st.signal = np.where(act, signal, 0.0)
        st.personal_trust = np.where(
            act & held, eq.asymmetric_update(st.personal_trust, signal, a.trust_gain, a.trust_loss),
            st.personal_trust)
        st.firm_trust = np.where(act, eq.asymmetric_update(
            st.firm_trust, signal, a.trust_gain * a.firm_trust_speed,
            a.trust_loss * a.firm_trust_speed), st.firm_trust)
        trust = eq.effective_trust(st.personal_trust, st.firm_trust, a.personal_trust_weight)
        st.commitment = np.where(act, eq.relax(st.commitment, trust, a.commitment_rate),
                                 st.commitment)
        shocked = st.struck[..., None]
        st.negotiated = act & ((dr.deal < a.deal_rate) | shocked)
        chance = eq.win_probability(trust, quality, selling, hardness, sensitivity,
                                    st.customer_promoter, a.competitor_pull, a.win_base,
                                    a.win_trust_slope, a.win_quality_slope)
        st.won = st.negotiated & (dr.win < chance) & ~shocked
        st.sales = np.where(st.won, st.value * eq.price_factor(hardness, a.price_premium)
                            / a.deal_rate, 0.0)

    def respond(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts become customer-side promoters, are matched, or over-use power."""
        a, act = prm.a, st.active
        quality = np.where(st.occupied[..., None], st.quality[..., None], a.vacancy_cover)
        st.career_success = np.where(act, eq.relax(
            st.career_success, eq.career_success_target(st.ambition, a.customer_promoter_support,
                                                        quality),
            a.customer_success_rate), st.career_success)
        st.customer_promoter = act & eq.customer_promoter_step(
            st.customer_promoter, st.career_success, st.personal_trust,
            eq.effective_trust(st.personal_trust, st.firm_trust, a.personal_trust_weight),
            a.customer_promoter_success, a.customer_promoter_trust,
            dr.convert < a.customer_promoter_rate)
        own = (st.occupied & st.role)[..., None]
        st.matched = st.customer_promoter & ~own & team_has_role(st, prm)[..., None] & (
            st.matched | (dr.match < a.matching))
        st.overuse = np.where(act, eq.power_overuse_cost(
            st.customer_promoter, own | st.matched, st.power, st.value, a.overuse_cost), 0.0)

    def evaluate(self, st: State, prm: Params, dr: Draws) -> None:
        """Managers read each promoter's month, update trust, and hold feedback talks."""
        p, occ = prm.p, st.occupied
        st.wins = np.sum(st.won, axis=-1).astype(np.float64)
        st.negotiations = np.sum(st.negotiated, axis=-1).astype(np.float64)
        st.revenue = eq.row_sum(st.sales, st.active)
        time = eq.manager_time_share(p.manager_hours, team_headcount(st, prm))
        noise = eq.triangular(dr.eval_a, dr.eval_b, p.evaluation_noise * (1.0 - 0.5 * time))
        account_trust = eq.row_mean(eq.effective_trust(
            st.personal_trust, st.firm_trust, prm.a.personal_trust_weight), st.active)
        expected = eq.expected_win_rate(p.expected_win_rate, eq.ramp(st.tenure, st.ramp_months),
                                        account_trust, p.situational_attribution,
                                        p.win_trust_slope)
        perceived = eq.relax(st.perceived, eq.deal_outcome(st.wins, st.negotiations, expected),
                             1.0 / p.evaluation_memory)
        commission, bonus = eq.pay_weights(p.fixed_share, p.relationship_bonus_share)
        reading = eq.performance_signal(perceived, st.hardness, eq.expected_terms(
            p.expected_hardness, commission, bonus), p.goal_clarity, p.softness_suspicion, noise)
        trust = eq.management_trust_update(st.mgmt_trust, reading, p.mgmt_trust_gain,
                                           p.mgmt_trust_loss, team_values(st.bias, prm),
                                           st.supervision)
        st.perceived = np.where(occ, perceived, st.perceived)
        st.evaluation = np.where(occ, reading, 0.0)
        st.failure = occ & (reading < 0.0)
        st.talk = occ & (dr.talk < p.feedback_frequency)
        backfire = eq.negative_feedback_probability(
            p.feedback_constructiveness + team_values(st.style, prm), p.feedback_backfire_worst,
            p.feedback_backfire_best)
        st.backfired = st.talk & (dr.backfire < backfire)
        good = st.talk & ~st.backfired
        conflict, knowledge, intrinsic, trust = eq.feedback_outcome(
            good, st.backfired, st.role_conflict, st.knowledge, st.intrinsic, trust,
            p.feedback_relief, p.feedback_repair)
        st.mgmt_trust = np.where(occ, trust, st.mgmt_trust)
        st.role_conflict = np.where(occ, conflict, st.role_conflict)
        st.knowledge = np.where(occ, knowledge, st.knowledge)
        st.intrinsic = np.where(occ, intrinsic, st.intrinsic)

    def reflect(self, st: State, prm: Params) -> None:
        """Promoters update role conflict, stress, motivation, rewards, loyalty and the role."""
        p, occ = prm.p, st.occupied
        control = eq.control_response(st.control, p.supervision_legitimacy)
        commission, bonus = eq.pay_weights(p.fixed_share, p.relationship_bonus_share)
        customer_trust = mean_customer_trust(st)
        pressure = eq.row_mean(st.overuse > 0.0, st.active)
        conflict = eq.relax(st.role_conflict, eq.role_conflict_target(
            commission, st.supervision, st.share, st.identification, p.goal_clarity,
            p.participation, pressure, p.conflict_base, p.conflict_demand,
            p.conflict_clarity_relief), p.conflict_rate)
        stress = eq.relax(st.stress, eq.stress_target(
            conflict, control, st.supervision, p.formal_duty_release, p.backing), p.stress_rate)
        intrinsic = eq.relax(st.intrinsic, eq.intrinsic_target(
            st.intrinsic_base, 1.0 - p.fixed_share, control, st.supervision, p.participation,
            p.reward_crowding, p.control_crowding), p.intrinsic_rate)
        knowledge = eq.knowledge_step(st.knowledge, p.orientation_talks, p.participation,
                                      p.goal_clarity, p.knowledge_rate, p.knowledge_forgetting)
        identification = eq.relax(st.identification, eq.identification_target(
            customer_trust, st.share, knowledge), p.identification_rate)
        target = eq.row_sum(st.value, st.active) * p.expected_win_rate
        soft = eq.row_mean(0.5 * st.personal_trust + 0.5 * st.commitment, st.active)
        sales_ach, rel_ach = eq.achievements(
            st.sales_achievement, st.relationship_achievement, st.revenue, target, soft,
            p.bonus_horizon)
        reward = eq.material_reward(p.pay_level, p.fixed_share, commission, bonus, sales_ach,
                                    rel_ach, p.material_recognition)
        material = eq.material_satisfaction(reward, st.material_reference, p.material_sensitivity)
        reference = eq.relax(st.material_reference, reward, p.habituation_rate)
        recognition = eq.relax(st.recognition, eq.recognition_target(
            p.social_recognition, st.mgmt_trust), p.recognition_rate)
        career = eq.relax(st.career, eq.career_target(p.career_linkage, customer_trust),
                          p.career_rate)
        time = eq.manager_time_share(p.manager_hours, team_headcount(st, prm))
        leader = eq.relax(st.leader_trust, eq.leader_trust_target(st.latitude, time, p.backing,
                                                                  st.mgmt_trust),
                          p.leader_trust_rate)
        satisfaction = eq.satisfaction(material, recognition, career, intrinsic, leader, stress,
                                       st.role)
        loyalty = eq.relax(st.loyalty, eq.loyalty_target(satisfaction, leader, career,
                                                         identification), p.loyalty_rate)
        standing = eq.role_standing(customer_trust, st.mgmt_trust, knowledge, st.work, st.skill,
                                    p.role_trust, p.role_standing, p.role_knowledge, p.role_work,
                                    p.role_skill) & (
            st.tenure >= st.ramp_months)
        streak = eq.streak(st.role_streak, standing)
        loss_streak = eq.streak(st.role_loss_streak, st.role & ~standing)
        gained = occ & ~st.role & (streak >= p.role_months)
        lost = occ & st.role & (loss_streak >= p.role_loss_months)
        updates = {
            "role_conflict": conflict, "stress": stress, "intrinsic": intrinsic,
            "knowledge": knowledge, "identification": identification,
            "sales_achievement": sales_ach, "relationship_achievement": rel_ach, "reward": reward,
            "material_satisfaction": material, "material_reference": reference,
            "recognition": recognition, "career": career, "leader_trust": leader,
            "satisfaction": satisfaction, "loyalty": loyalty, "role_streak": streak,
            "role_loss_streak": loss_streak, "tenure": st.tenure + 1.0,
            "role": (st.role | gained) & ~lost,
        }
        for name, value in updates.items():
            setattr(st, name, np.where(occ, value, getattr(st, name)))
        st.role_gained, st.role_lost = gained, lost

    def consider_quitting(self, st: State, prm: Params, dr: Draws) -> None:
        """Promoters quit with a monthly hazard."""
        p = prm.p
        chance = eq.quit_probability(p.quit_floor, p.quit_base, st.satisfaction, st.stress,
                                     st.leader_trust, st.loyalty, st.outside_option,
                                     st.material_reference, st.role)
        st.quit = st.occupied & (dr.quit < chance)

    def consider_defecting(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts end the relationship with a monthly hazard."""
        a = prm.a
        held = st.occupied[..., None]
        hardness = np.where(held, st.hardness[..., None], a.expected_hardness)
        trust = eq.effective_trust(st.personal_trust, st.firm_trust, a.personal_trust_weight)
        chance = eq.defection_probability(
            a.defection_floor, a.defection_base, trust, st.commitment,
            eq.effective_price_sensitivity(st.price_sensitivity, st.commitment), hardness,
            a.competitor_pull, ~held, a.vacancy_defection, st.customer_promoter,
            supplier_promoter(st))
        st.defected = st.active & (dr.defect < chance)


VECTORISED = VectorisedDriver()


# --- the world's processes (shared by both drivers) --------------------------------------------


def new_promoters(st: State, prm: Params, dr: Draws, hire: np.ndarray) -> None:
    """Fill the positions in ``hire`` with new promoters drawn from the labour market.

    Traits are drawn from this month's (or the initial) uniforms of the position; hiring for
    social skill shifts skill up and expertise down (beziehungsmanagement-innen-aussen). Only the
    hired rows are touched.
    """
    st.hired = hire
    where = np.nonzero(hire)
    if not where[0].size:
        return
    p = Values({name: getattr(prm.p, name)[where[0], 0] for name in (
        "hiring_social_weight", "share_control_averse", "share_control_raising",
        "control_aversion", "control_raising", "outside_spread", "ramp_min", "ramp_max",
        "conflict_base", "pay_level", "social_recognition", "trust_reference",
        "supervision_base")})
    u = Values({name: getattr(dr, name)[where] for name in (
        "skill", "expertise", "control_kind", "control_size", "outside", "intrinsic", "ramp")})
    tilt = 0.3 * (p.hiring_social_weight - 0.5)
    size = 0.5 + u.control_size
    control = np.where(u.control_kind < p.share_control_averse,
                       np.minimum(p.control_aversion * size, 1.0),
                       np.where(u.control_kind >= 1.0 - p.share_control_raising,
                                -np.minimum(p.control_raising * size, 1.0), 0.0))
    intrinsic = 0.5 + 0.4 * u.intrinsic
    values = {
        # traits
        "skill": eq.clip01(0.3 + 0.5 * u.skill + tilt),
        "expertise": eq.clip01(0.3 + 0.5 * u.expertise - tilt),
        "control": control, "outside_option": 1.0 + p.outside_spread * (u.outside - 0.5),
        "intrinsic_base": intrinsic,
        "ramp_months": eq.vacancy_months(u.ramp, p.ramp_min, p.ramp_max),
        # first state
        "intrinsic": intrinsic, "effort": intrinsic, "share": 0.5, "work": 0.5, "hardness": 0.5,
        "cooperativeness": 0.8, "quality": 0.0, "knowledge": 0.2, "identification": 0.0,
        "role_conflict": p.conflict_base, "stress": 0.1, "material_reference": p.pay_level,
        "reward": p.pay_level, "material_satisfaction": 0.5,
        "recognition": 0.75 * p.social_recognition, "career": 0.3, "leader_trust": 0.6,
        "satisfaction": 0.6, "loyalty": 0.5, "role_streak": 0.0, "role_loss_streak": 0.0,
        "sales_achievement": 1.0, "relationship_achievement": 1.0, "perceived": 0.0,
        "mgmt_trust": p.trust_reference, "trust_lag1": p.trust_reference,
        "trust_lag2": p.trust_reference, "trust_lag3": p.trust_reference,
        "supervision": p.supervision_base, "latitude": 0.5, "tenure": 0.0,
        "role": False, "failure": False, "failure_lag1": False, "failure_lag2": False,
        "in_spiral": False, "occupied": True,
    }
    for name, value in values.items():
        getattr(st, name)[where] = value
    first = st.next_person[:, None] + np.cumsum(hire, axis=1) - 1
    st.person[where] = first[where]
    st.next_person = st.next_person + hire.sum(axis=1)


def new_accounts(st: State, prm: Params, dr: Draws, slots: np.ndarray, month: int) -> None:
    """Start relationships with new customers in the empty ``slots``.

    Accounts are classed A/B/C by profit value; counterparts are deciders, co-deciders or
    influencers with falling power (beziehungsmarketing-lexikon). Only those slots are touched.
    """
    st.acquired = slots
    where = np.nonzero(slots)
    if not where[0].size:
        return
    a = Values({name: getattr(prm.p, name)[where[0], 0] for name in (
        "share_a_accounts", "share_b_accounts", "value_a", "value_b", "value_c",
        "new_account_trust")})
    u = Values({name: getattr(dr, name)[where] for name in (
        "account_class", "price", "power", "ambition")})
    values = {
        "value": np.where(u.account_class < a.share_a_accounts, a.value_a,
                          np.where(u.account_class < a.share_a_accounts + a.share_b_accounts,
                                   a.value_b, a.value_c)),
        "price_sensitivity": 0.2 + 0.6 * u.price,
        "power": np.where(u.power < 1.0 / 3.0, 1.0, np.where(u.power < 2.0 / 3.0, 0.6, 0.3)),
        "ambition": 0.5 * u.ambition, "career_success": 0.5 * u.ambition,
        "personal_trust": a.new_account_trust, "firm_trust": a.new_account_trust,
        "commitment": 0.5 * a.new_account_trust, "signal": 0.0, "started": month,
        "customer_promoter": False, "matched": False, "active": True,
    }
    for name, value in values.items():
        getattr(st, name)[where] = value
    runs = slots.shape[0]
    flat = slots.reshape(runs, -1)
    ids = (st.next_account[:, None] + np.cumsum(flat, axis=1) - 1).reshape(slots.shape)
    st.account[where] = ids[where]
    st.next_account = st.next_account + flat.sum(axis=1)


def initialise(st: State, prm: Params, dr: Draws) -> None:
    """Set up the firm at the start of the spin-up: every position filled, every slot active.

    Tenures and relationship ages are drawn with long tails and state variables start near where
    tenure or age put them in a long baseline run; the spin-up then lets them settle (ODD,
    "Initialisation").
    """
    p, a = prm.p, prm.a
    everyone = np.ones(st.occupied.shape, dtype=bool)
    new_promoters(st, prm, dr, everyone)
    st.hired[:] = False
    tenure = np.floor(200.0 * dr.tenure * dr.tenure)
    seniority = np.minimum(tenure / 96.0, 1.0)
    st.tenure = tenure
    st.knowledge = 0.2 + 0.65 * np.minimum(tenure / 36.0, 1.0)
    st.identification = 0.3 * seniority
    st.mgmt_trust = 0.55 + 0.4 * seniority * dr.standing
    st.trust_lag1, st.trust_lag2, st.trust_lag3 = (st.mgmt_trust.copy() for _ in range(3))
    st.shocked = dr.shock < p.shock_share
    st.bias = p.attribution_bias * (0.5 + dr.bias)
    st.style = 0.4 * (dr.style - 0.5)
    everywhere = np.ones(st.active.shape, dtype=bool)
    new_accounts(st, prm, dr, everywhere, -prm.spinup)
    st.acquired[:] = False
    age = np.floor(300.0 * dr.age * dr.age)
    st.started = -prm.spinup - age.astype(np.int64)
    room = 1.0 - a.new_account_trust
    st.personal_trust = a.new_account_trust + room * np.minimum(age / 60.0, 1.0) * 0.97 * np.sqrt(
        dr.personal)
    st.firm_trust = a.new_account_trust + room * np.minimum(age / 120.0, 1.0) * 0.86 * np.sqrt(
        dr.firm)
    st.commitment = 0.9 * eq.effective_trust(st.personal_trust, st.firm_trust,
                                             a.personal_trust_weight)
    st.work = eq.relationship_work(st.share, st.effort, p.formal_duty_release)
    standing = eq.role_standing(mean_customer_trust(st), st.mgmt_trust, st.knowledge, st.work,
                                st.skill, p.role_trust, p.role_standing, p.role_knowledge,
                                p.role_work, p.role_skill)
    st.role_streak = np.where(standing, np.minimum(tenure, p.role_months), 0.0)
    st.role = standing & (st.role_streak >= p.role_months)


def succession(st: State, prm: Params, dr: Draws, log: EventLog, month: int) -> None:
    """Leavers vacate their positions; their accounts wait for a successor.

    Personal trust goes with the leaver except the handed-over share; firm trust is partly kept
    (ODD, "Turnover and succession").
    """
    p, a = prm.p, prm.a
    leaving = st.quit
    st.spiral_quit = leaving & st.in_spiral
    log.positions("spiral_end", month, st, st.spiral_quit, duration=month - st.spiral_start,
                  detail="quit")
    log.positions("quit", month, st, leaving, duration=st.tenure, detail=np.where(
        st.role, "role holder", ""))
    st.in_spiral &= ~leaving
    st.occupied &= ~leaving
    st.role &= ~leaving
    st.person = np.where(leaving, -1, st.person)
    st.vacancy_left = np.where(leaving, eq.vacancy_months(dr.vacancy, p.vacancy_min,
                                                           p.vacancy_max), st.vacancy_left)
    handed = leaving[..., None] & st.active
    st.personal_trust = np.where(handed, eq.succession_trust(st.personal_trust,
                                                             a.succession_handover),
                                 st.personal_trust)
    st.firm_trust = np.where(handed, st.firm_trust * (1.0 - a.firm_trust_exit_loss), st.firm_trust)
    st.matched &= ~handed


def market(st: State, prm: Params, dr: Draws, log: EventLog, month: int) -> None:
    """Defecting customers leave; empty slots are refilled by acquisition over time."""
    a = prm.a
    gone = st.defected
    log.accounts("relationship_end", month, st, gone, duration=month - st.started)
    empty_before = ~st.active
    st.active &= ~gone
    st.customer_promoter &= ~gone
    st.matched &= ~gone
    won = empty_before & (dr.acquire < 1.0 / a.acquisition_months)
    new_accounts(st, prm, dr, won, month)
    log.accounts("relationship_start", month, st, won)


def labour_market(st: State, prm: Params, dr: Draws, log: EventLog, month: int) -> None:
    """Vacancies count down; when one is due, a new promoter is hired into it."""
    vacant = ~st.occupied
    due = vacant & (st.vacancy_left <= 0.0)
    st.vacancy_left = np.where(vacant & ~due, st.vacancy_left - 1.0, st.vacancy_left)
    new_promoters(st, prm, dr, due)
    log.positions("hire", month, st, due)


def observe_spirals(st: State, prm: Params, log: EventLog, month: int) -> None:
    """Detect the start and end of failure–distrust spirals in manager–promoter dyads.

    A spiral starts when supervision is at least ``spiral_excess_on`` above the policy base (or
    near full control, 0.95, when the base leaves no such room), management trust has fallen by
    at least ``spiral_trust_drop`` over three months, and at least ``spiral_failures`` of the
    last three months read as failures. It ends in recovery when the
    manager's trust is back at ``spiral_recovery_trust`` (the distrust has gone, whatever the
    policy's base supervision), or with the promoter's quit (ODD, "Design concepts:
    observation").
    """
    p, occ = prm.p, st.occupied
    failures = (st.failure.astype(np.int64) + st.failure_lag1 + st.failure_lag2).astype(np.float64)
    falling = st.mgmt_trust < st.trust_lag3 - p.spiral_trust_drop
    controlled = st.supervision >= np.minimum(p.supervision_base + p.spiral_excess_on, 0.95)
    start = occ & ~st.in_spiral & controlled & falling & (
        failures >= p.spiral_failures)
    recovered = occ & st.in_spiral & (st.mgmt_trust >= p.spiral_recovery_trust)
    log.positions("spiral_end", month, st, recovered, duration=month - st.spiral_start,
                  detail="recovery")
    st.spiral_start = np.where(start, month, st.spiral_start)
    log.positions("spiral_start", month, st, start)
    st.in_spiral = (st.in_spiral | start) & ~recovered
    st.spiral_started, st.spiral_recovered = start, recovered
    st.trust_lag3, st.trust_lag2, st.trust_lag1 = st.trust_lag2, st.trust_lag1, st.mgmt_trust.copy()
    st.failure_lag2, st.failure_lag1 = st.failure_lag1, st.failure.copy()


def start_month(st: State, prm: Params, month: int) -> None:
    """Apply scheduled policy changes and clear last month's flows."""
    prm.apply_schedule(month)
    p = prm.p
    st.struck = st.shocked & (p.shock_month > 0) & (p.shock_month <= month) & (
        month < p.shock_month + p.shock_months)
    st.clear_flows()


def month(st: State, prm: Params, dr: Draws, log: EventLog, month_: int, driver: Driver) -> None:
    """Run one month (ODD, "Process overview and scheduling")."""
    start_month(st, prm, month_)
    driver.supervise(st, prm)
    driver.plan_work(st, prm)
    driver.interact(st, prm, dr)
    driver.respond(st, prm, dr)
    driver.evaluate(st, prm, dr)
    driver.reflect(st, prm)
    log.positions("role_gained", month_, st, st.role_gained)
    log.positions("role_lost", month_, st, st.role_lost)
    driver.consider_quitting(st, prm, dr)
    succession(st, prm, dr, log, month_)
    driver.consider_defecting(st, prm, dr)
    market(st, prm, dr, log, month_)
    labour_market(st, prm, dr, log, month_)
    observe_spirals(st, prm, log, month_)


def spin_up(st: State, prm: Params, streams: Streams, driver: Driver,
            after_month: Callable[[], None] | None = None) -> None:
    """Run the months ``1 - spinup_months .. 0`` under the baseline levers, without logging."""
    quiet = EventLog(enabled=False)
    for month_ in range(1 - prm.spinup, 1):
        month(st, prm, streams.month(), quiet, month_, driver)
        if after_month is not None:
            after_month()
