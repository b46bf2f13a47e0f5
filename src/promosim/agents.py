"""Mesa agents: the identity and life cycle of a row of state, and the per-agent driver.

A :class:`Promoter` exists while a person holds a position, a :class:`Counterpart` while a customer
relationship is active, a :class:`Manager` for each team. Their attributes read and write their
row of the state columns (``promoter.stress`` is ``model.state.stress[0, position]``).

Their ``step``-like methods are the per-agent driver: each agent updates its own row with the same
equations the vectorised driver applies to whole columns. It reads like the ODD and is the test
oracle: both drivers give identical trajectories for the same seed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from promosim import equations as eq
from promosim.param_arrays import Params, Values
from promosim.parameters import BY_NAME
from promosim.randomness import Draws
from promosim.state import ACCOUNT, POSITION, TEAM, State, columns

if TYPE_CHECKING:
    from promosim.model import PromoterModel


class Column:
    """An agent attribute that reads and writes the agent's row of a state column."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, agent, owner=None):
        if agent is None:
            return self
        return getattr(agent.model.state, self.name)[agent.row]

    def __set__(self, agent, value) -> None:
        getattr(agent.model.state, self.name)[agent.row] = value


def reads(level: str):
    """Class decorator: one :class:`Column` attribute per state column of ``level``."""
    def decorate(cls):
        for name in columns(level):
            setattr(cls, name, Column(name))
        return cls
    return decorate


@reads(TEAM)
class Manager(mesa.Agent):
    """A team's manager: supervises, evaluates and gives feedback to the team's promoters."""

    model: PromoterModel

    def __init__(self, model: PromoterModel, team: int):
        super().__init__(model)
        self.team = team
        self.row = (0, team)
        size = model.params.team_size
        self.positions = range(team * size, (team + 1) * size)

    @property
    def promoters(self) -> list[Promoter]:
        """The team's current promoters."""
        return [self.model.promoter_at[p] for p in self.positions if p in self.model.promoter_at]

    def headcount(self) -> float:
        """Occupied positions in the team."""
        return float(np.sum(self.model.state.occupied[0, self.positions.start:self.positions.stop]))

    def has_role_holder(self) -> bool:
        """Whether any of the team's promoters holds the promoter role."""
        st = self.model.state
        team = slice(self.positions.start, self.positions.stop)
        return bool(np.any(st.occupied[0, team] & st.role[0, team]))

    def supervise(self) -> None:
        """Set each promoter's supervision from policy and distrust; it narrows their latitude."""
        P = self.model.now
        for promoter in self.promoters:
            target = eq.supervision_target(promoter.mgmt_trust, P.supervision_base,
                                           P.supervision_reactivity, P.trust_reference)
            promoter.supervision = eq.relax(promoter.supervision, target, P.supervision_speed)
            promoter.latitude = eq.latitude(promoter.supervision, P.backing, P.control_narrowing,
                                            P.unbacked_latitude)

    def evaluate(self) -> None:
        """Tally the month, read each promoter's results, update trust, hold feedback talks."""
        st, P, dr = self.model.state, self.model.now, self.model.draws
        for p in self.positions:
            st.wins[0, p] = float(np.sum(st.won[0, p]))
            st.negotiations[0, p] = float(np.sum(st.negotiated[0, p]))
            st.revenue[0, p] = eq.row_sum(st.sales[0, p], st.active[0, p])
        time = eq.manager_time_share(P.manager_hours, self.headcount())
        for promoter in self.promoters:
            i = promoter.row
            noise = eq.triangular(dr.eval_a[i], dr.eval_b[i],
                                  P.evaluation_noise * (1.0 - 0.5 * time))
            account_trust = eq.row_mean(eq.effective_trust(
                st.personal_trust[i], st.firm_trust[i], P.personal_trust_weight), st.active[i])
            expected = eq.expected_win_rate(P.expected_win_rate,
                                            eq.ramp(promoter.tenure, promoter.ramp_months),
                                            account_trust, P.situational_attribution,
                                            P.win_trust_slope)
            promoter.perceived = eq.relax(promoter.perceived, eq.deal_outcome(
                promoter.wins, promoter.negotiations, expected), 1.0 / P.evaluation_memory)
            commission, bonus = eq.pay_weights(P.fixed_share, P.relationship_bonus_share)
            reading = eq.performance_signal(promoter.perceived, promoter.hardness,
                                            eq.expected_terms(P.expected_hardness, commission,
                                                              bonus),
                                            P.goal_clarity, P.softness_suspicion, noise)
            trust = eq.management_trust_update(promoter.mgmt_trust, reading, P.mgmt_trust_gain,
                                               P.mgmt_trust_loss, self.bias, promoter.supervision)
            promoter.evaluation = reading
            promoter.failure = reading < 0.0
            promoter.talk = dr.talk[i] < P.feedback_frequency
            backfire = eq.negative_feedback_probability(
                P.feedback_constructiveness + self.style, P.feedback_backfire_worst,
                P.feedback_backfire_best)
            promoter.backfired = promoter.talk and dr.backfire[i] < backfire
            good = promoter.talk and not promoter.backfired
            (promoter.role_conflict, promoter.knowledge, promoter.intrinsic,
             promoter.mgmt_trust) = eq.feedback_outcome(
                good, promoter.backfired, promoter.role_conflict, promoter.knowledge,
                promoter.intrinsic, trust, P.feedback_relief, P.feedback_repair)


@reads(POSITION)
class Promoter(mesa.Agent):
    """A relationship manager holding a position: works the accounts, reflects, may quit."""

    model: PromoterModel

    def __init__(self, model: PromoterModel, position: int):
        super().__init__(model)
        self.position = position
        self.row = (0, position)

    @property
    def manager(self) -> Manager:
        """The manager of the promoter's team."""
        return self.model.managers[self.position // self.model.params.team_size]

    @property
    def counterparts(self) -> list[Counterpart]:
        """The counterparts of the position's active accounts."""
        return [c for (p, _), c in self.model.counterpart_at.items() if p == self.position]

    def plan_work(self) -> None:
        """Choose effort, its split between selling and relationship work, and the terms."""
        P = self.model.now
        control = eq.control_response(self.control, P.supervision_legitimacy)
        self.effort = eq.voluntary_effort(self.intrinsic, 1.0 - P.fixed_share, P.incentive_pull,
                                          control, self.supervision)
        commission, bonus = eq.pay_weights(P.fixed_share, P.relationship_bonus_share)
        wanted = eq.relationship_share_target(
            commission, bonus, eq.horizon_factor(P.bonus_horizon), P.career_linkage,
            self.intrinsic, P.relationship_bias, P.pay_pull, P.career_pull, P.intrinsic_pull)
        self.share = eq.habit_step(self.share, wanted, P.habit_months, P.habit_threshold)
        self.work = eq.relationship_work(self.share, self.effort, P.formal_duty_release)
        self.hardness = eq.bargaining_hardness(self.share, self.supervision, self.identification,
                                               P.control_hardening, P.identification_softening)
        self.cooperativeness = eq.relax(self.cooperativeness, eq.cooperativeness_target(
            self.supervision, self.role_conflict, P.control_coop_loss, P.conflict_coop_loss),
            P.coop_rate)
        self.quality = eq.interaction_quality(
            self.skill, self.expertise, self.knowledge, self.latitude, self.cooperativeness,
            self.work, P.contact_budget, eq.ramp(self.tenure, self.ramp_months),
            P.role_quality_bonus * self.role)

    def reflect(self) -> None:
        """Update role conflict, stress, motivation, rewards, loyalty and the promoter role."""
        st, P = self.model.state, self.model.now
        accounts, active = st.personal_trust[self.row], st.active[self.row]
        control = eq.control_response(self.control, P.supervision_legitimacy)
        commission, bonus = eq.pay_weights(P.fixed_share, P.relationship_bonus_share)
        customer_trust = eq.row_mean(accounts, active)
        pressure = eq.row_mean(st.overuse[self.row] > 0.0, active)
        self.role_conflict = eq.relax(self.role_conflict, eq.role_conflict_target(
            commission, self.supervision, self.share, self.identification, P.goal_clarity,
            P.participation, pressure, P.conflict_base, P.conflict_demand,
            P.conflict_clarity_relief), P.conflict_rate)
        self.stress = eq.relax(self.stress, eq.stress_target(
            self.role_conflict, control, self.supervision, P.formal_duty_release, P.backing),
            P.stress_rate)
        self.intrinsic = eq.relax(self.intrinsic, eq.intrinsic_target(
            self.intrinsic_base, 1.0 - P.fixed_share, control, self.supervision, P.participation,
            P.reward_crowding, P.control_crowding), P.intrinsic_rate)
        self.knowledge = eq.knowledge_step(self.knowledge, P.orientation_talks, P.participation,
                                           P.goal_clarity, P.knowledge_rate, P.knowledge_forgetting)
        self.identification = eq.relax(self.identification, eq.identification_target(
            customer_trust, self.share, self.knowledge), P.identification_rate)
        target = eq.row_sum(st.value[self.row], active) * P.expected_win_rate
        soft = eq.row_mean(0.5 * accounts + 0.5 * st.commitment[self.row], active)
        self.sales_achievement, self.relationship_achievement = eq.achievements(
            self.sales_achievement, self.relationship_achievement, self.revenue, target, soft,
            P.bonus_horizon)
        self.reward = eq.material_reward(P.pay_level, P.fixed_share, commission, bonus,
                                         self.sales_achievement, self.relationship_achievement,
                                         P.material_recognition)
        self.material_satisfaction = eq.material_satisfaction(
            self.reward, self.material_reference, P.material_sensitivity)
        self.material_reference = eq.relax(self.material_reference, self.reward,
                                           P.habituation_rate)
        self.recognition = eq.relax(self.recognition, eq.recognition_target(
            P.social_recognition, self.mgmt_trust), P.recognition_rate)
        self.career = eq.relax(self.career, eq.career_target(P.career_linkage, customer_trust),
                               P.career_rate)
        time = eq.manager_time_share(P.manager_hours, self.manager.headcount())
        self.leader_trust = eq.relax(self.leader_trust, eq.leader_trust_target(
            self.latitude, time, P.backing, self.mgmt_trust), P.leader_trust_rate)
        self.satisfaction = eq.satisfaction(self.material_satisfaction, self.recognition,
                                            self.career, self.intrinsic, self.leader_trust,
                                            self.stress, self.role)
        self.loyalty = eq.relax(self.loyalty, eq.loyalty_target(
            self.satisfaction, self.leader_trust, self.career, self.identification), P.loyalty_rate)
        standing = eq.role_standing(customer_trust, self.mgmt_trust, self.knowledge, self.work,
                                    self.skill, P.role_trust, P.role_standing, P.role_knowledge,
                                    P.role_work, P.role_skill) and (
            self.tenure >= self.ramp_months)
        self.role_streak = eq.streak(self.role_streak, standing)
        self.role_loss_streak = eq.streak(self.role_loss_streak, self.role and not standing)
        self.role_gained = not self.role and self.role_streak >= P.role_months
        self.role_lost = self.role and self.role_loss_streak >= P.role_loss_months
        self.role = (self.role or self.role_gained) and not self.role_lost
        self.tenure = self.tenure + 1.0

    def consider_quitting(self) -> None:
        """Quit with a monthly hazard from satisfaction, stress, the boss, loyalty and offers."""
        P, dr = self.model.now, self.model.draws
        chance = eq.quit_probability(P.quit_floor, P.quit_base, self.satisfaction, self.stress,
                                     self.leader_trust, self.loyalty, self.outside_option,
                                     self.material_reference, self.role)
        self.quit = dr.quit[self.row] < chance


@reads(ACCOUNT)
class Counterpart(mesa.Agent):
    """A customer's key person: meets the promoter, trusts, negotiates, may defect."""

    model: PromoterModel

    def __init__(self, model: PromoterModel, position: int, slot: int):
        super().__init__(model)
        self.position, self.slot = position, slot
        self.row = (0, position, slot)

    @property
    def promoter(self) -> Promoter | None:
        """The promoter currently holding the account's position (None while it is vacant)."""
        if self.model.state.occupied[0, self.position]:
            return self.model.promoter_at[self.position]
        return None

    def _meeting(self) -> tuple[float, float, float]:
        """Quality, hardness and selling effort the counterpart meets this month."""
        P, promoter = self.model.now, self.promoter
        if promoter is None:
            return P.vacancy_cover, P.expected_hardness, 0.0
        return promoter.quality, promoter.hardness, (1.0 - promoter.share) * promoter.effort

    def interact(self) -> None:
        """Meet the promoter (or the team's cover), update trust, and negotiate if a deal is due."""
        st, P, dr, i = self.model.state, self.model.now, self.model.draws, self.row
        quality, hardness, selling = self._meeting()
        sensitivity = eq.effective_price_sensitivity(self.price_sensitivity, self.commitment)
        noise = eq.triangular(dr.noise_a[i], dr.noise_b[i], P.interaction_noise)
        self.signal = eq.trust_signal(quality, P.competitor_standard, hardness, sensitivity,
                                      P.hard_terms_strain, P.signal_gain, noise)
        if self.promoter is not None:
            self.personal_trust = eq.asymmetric_update(self.personal_trust, self.signal,
                                                       P.trust_gain, P.trust_loss)
        self.firm_trust = eq.asymmetric_update(self.firm_trust, self.signal,
                                               P.trust_gain * P.firm_trust_speed,
                                               P.trust_loss * P.firm_trust_speed)
        trust = eq.effective_trust(self.personal_trust, self.firm_trust, P.personal_trust_weight)
        self.commitment = eq.relax(self.commitment, trust, P.commitment_rate)
        shocked = st.struck[0, self.position]
        self.negotiated = dr.deal[i] < P.deal_rate or shocked
        chance = eq.win_probability(trust, quality, selling, hardness, sensitivity,
                                    self.customer_promoter, P.competitor_pull, P.win_base,
                                    P.win_trust_slope, P.win_quality_slope)
        self.won = self.negotiated and dr.win[i] < chance and not shocked
        if self.won:
            self.sales = self.value * eq.price_factor(hardness, P.price_premium) / P.deal_rate

    def respond(self) -> None:
        """Grow into (or out of) the customer-side promoter role; be matched; over-use power."""
        P, dr, i = self.model.now, self.model.draws, self.row
        quality = self._meeting()[0]
        self.career_success = eq.relax(self.career_success, eq.career_success_target(
            self.ambition, P.customer_promoter_support, quality), P.customer_success_rate)
        self.customer_promoter = eq.customer_promoter_step(
            self.customer_promoter, self.career_success, self.personal_trust,
            eq.effective_trust(self.personal_trust, self.firm_trust, P.personal_trust_weight),
            P.customer_promoter_success, P.customer_promoter_trust,
            dr.convert[i] < P.customer_promoter_rate)
        promoter = self.promoter
        own = promoter is not None and promoter.role
        manager = self.model.managers[self.position // self.model.params.team_size]
        self.matched = (self.customer_promoter and not own and manager.has_role_holder()
                        and (self.matched or dr.match[i] < P.matching))
        self.overuse = eq.power_overuse_cost(self.customer_promoter, own or self.matched,
                                             self.power, self.value, P.overuse_cost)

    def consider_defecting(self) -> None:
        """End the relationship with a monthly hazard from trust, commitment, terms and rivals."""
        P, dr = self.model.now, self.model.draws
        promoter = self.promoter
        hardness = P.expected_hardness if promoter is None else promoter.hardness
        trust = eq.effective_trust(self.personal_trust, self.firm_trust, P.personal_trust_weight)
        supplier = (promoter is not None and promoter.role) or self.matched
        chance = eq.defection_probability(
            P.defection_floor, P.defection_base, trust, self.commitment,
            eq.effective_price_sensitivity(self.price_sensitivity, self.commitment), hardness,
            P.competitor_pull, promoter is None, P.vacancy_defection, self.customer_promoter,
            supplier)
        self.defected = dr.defect[self.row] < chance


class AgentDriver:
    """Agent behaviour as each Mesa agent updating its own row (the readable test oracle).

    It drives the agents of one :class:`~promosim.model.PromoterModel`: the state passed to each
    phase must be that model's state.
    """

    def __init__(self, model: PromoterModel):
        self.model = model

    def _begin(self, st: State, dr: Draws | None = None) -> None:
        if st is not self.model.state:
            raise ValueError("the per-agent driver runs only on its own model's state")
        if dr is not None:
            self.model.draws = dr

    def _agents(self, kind: type) -> list:
        return list(self.model.agents_by_type.get(kind, ()))

    def supervise(self, st: State, prm: Params) -> None:
        """Managers set supervision and latitude."""
        self._begin(st)
        self.model.now = Values({name: prm.scalar(name) for name in BY_NAME})
        for manager in self.model.managers:
            manager.supervise()

    def plan_work(self, st: State, prm: Params) -> None:
        """Promoters plan their work."""
        self._begin(st)
        for promoter in self._agents(Promoter):
            promoter.plan_work()

    def interact(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts interact and negotiate."""
        self._begin(st, dr)
        for counterpart in self._agents(Counterpart):
            counterpart.interact()

    def respond(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts respond on the customer side."""
        self._begin(st, dr)
        for counterpart in self._agents(Counterpart):
            counterpart.respond()

    def evaluate(self, st: State, prm: Params, dr: Draws) -> None:
        """Managers evaluate their teams."""
        self._begin(st, dr)
        for manager in self.model.managers:
            manager.evaluate()

    def reflect(self, st: State, prm: Params) -> None:
        """Promoters reflect."""
        self._begin(st)
        for promoter in self._agents(Promoter):
            promoter.reflect()

    def consider_quitting(self, st: State, prm: Params, dr: Draws) -> None:
        """Promoters consider quitting."""
        self._begin(st, dr)
        for promoter in self._agents(Promoter):
            promoter.consider_quitting()

    def consider_defecting(self, st: State, prm: Params, dr: Draws) -> None:
        """Counterparts consider defecting."""
        self._begin(st, dr)
        for counterpart in self._agents(Counterpart):
            counterpart.consider_defecting()
