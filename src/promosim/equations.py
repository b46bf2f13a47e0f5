"""The equations of promosim: one pure function per mechanism, for one agent at a time.

Every function takes scalars and, first, ``P``: the run's parameters (anything with one attribute
per row of the parameter table: a NumPy record in the engine and in Mesa agents). None has side
effects, reads global state or draws random numbers: uniforms come in as arguments. Only
IEEE-754 correctly rounded operations are used (``+ - * /``, ``sqrt``, ``min``/``max``,
comparisons), so a result is bit-identical interpreted by Python (a Mesa agent's step) and
compiled by Numba (the batched engine), on any machine. Exponentials are therefore replaced by
:func:`soft_exp`, a fixed polynomial of the same shape.

Every number that is a modelling choice is a parameter (``src/promosim/parameters.toml``, with
its unit, range and source); only mathematical constants appear in code: the unit interval's
bounds, the midpoint 0.5 at which a unit-scale variable is centred, and the polynomial of
:func:`soft_exp`. The docstring of each mechanism names its source in ``LITERATURE.md``.
"""

from __future__ import annotations

import math

from promosim.jit import kernel

# --- building blocks -------------------------------------------------------------------------


@kernel
def clip01(x: float) -> float:
    """Clamp to the unit interval, the range of every bounded state variable."""
    return min(max(x, 0.0), 1.0)


@kernel
def relax(current: float, target: float, rate: float) -> float:
    """Partial adjustment: move ``current`` a share ``rate`` of the way to ``target`` this month."""
    return current + rate * (target - current)


@kernel
def soft_exp(x: float) -> float:
    """Exponential-shaped growth ``(1 + x/64)**64``, computed by six exact squarings.

    Within 3% of ``exp(x)`` for ``|x| <= 2`` and monotone for ``x > -64``; used for hazards and
    the logistic so that results do not depend on a platform's ``exp``.
    """
    y = 1.0 + max(x, -63.0) / 64.0
    for _ in range(6):
        y = y * y
    return y


@kernel
def logistic(x: float) -> float:
    """Logistic curve ``1 / (1 + soft_exp(-x))``, used for choice probabilities."""
    return 1.0 / (1.0 + soft_exp(-x))


@kernel
def triangular(u1: float, u2: float, half_width: float) -> float:
    """Bounded, centred noise on ``[-half_width, half_width]`` from two uniforms."""
    return half_width * (u1 + u2 - 1.0)


@kernel
def uniform_between(u: float, low: float, high: float) -> float:
    """A uniform ``u`` mapped to ``[low, high)``."""
    return low + (high - low) * u


@kernel
def asymmetric_update(level: float, signal: float, gain: float, loss: float) -> float:
    """Trust update that is slow to build and fast to break.

    ``dT = gain * s * (1 - T)`` for a positive signal ``s`` and ``dT = -loss * |s| * T`` for a
    negative one (Pant & Yu 2025, gain 0.10, loss 0.30: a threefold negativity bias; Slovic 1993).
    Keeps ``T`` in [0, 1] for ``|s| <= 1``. Pattern P1.
    """
    up = max(signal, 0.0)
    down = max(-signal, 0.0)
    return level + gain * up * (1.0 - level) - loss * down * level


# --- 1. supervision and latitude --------------------------------------------------------------


@kernel
def supervision_target(P, mgmt_trust: float) -> float:
    """Supervision a manager wants to impose on a promoter.

    Policy sets a base tightness for everyone (the rule); distrust below the reference level adds
    supervision on top of it, in proportion to the manager's reactivity, up to full control. The
    reaction to distrust is the manager's own and does not depend on the rule, so the supervision
    a distrusted promoter gets beyond the rule is the same under any base. It closes the loop at
    the heart of the failure–distrust spiral (Walter & Mörmann; Manzoni & Barsoux 1998).
    """
    distrust = max(P.trust_reference - mgmt_trust, 0.0) / P.trust_reference
    return clip01(P.supervision_base + P.supervision_reactivity * distrust)


@kernel
def latitude(P, supervision: float) -> float:
    """Decision latitude: narrowed by supervision, widened by backing and resources.

    Supervision removes up to ``control_narrowing`` of the latitude; without backing only the
    share ``unbacked_latitude`` of it is usable (Walter & Mörmann: "promoters whose hands are
    tied cannot mobilise the resources"; Witte's power promoter gives room to act).
    """
    unbacked = P.unbacked_latitude
    return clip01((1.0 - P.control_narrowing * supervision)
                  * (unbacked + (1.0 - unbacked) * P.backing))


# --- 2. effort ---------------------------------------------------------------------------------


@kernel
def personal_control(P, supervision: float, rule: float) -> float:
    """Supervision the manager imposes on this promoter alone, above the rule everyone gets.

    ``rule`` is the dyad's rule supervision (what the policy alone would impose on it by now).
    Tightened personally, a promoter reads the control as the boss's distrust (Manzoni & Barsoux
    1998: closer supervision tells the subordinate the boss doubts them; Falk & Kosfeld 2006:
    control signals distrust).
    """
    return max(supervision - rule, 0.0)


@kernel
def felt_control(P, sensitivity: float, supervision: float, rule: float) -> float:
    """The control a promoter's effort responds to: ``c`` in the effort factor ``1 - c``.

    Most promoters lower effort under control, some are neutral, some raise it (``sensitivity``
    > 0, 0, < 0; Falk & Kosfeld 2006). For the control-averse, control that is legitimate
    (agreed, explained, rule-based; or imposed by a third party) loses most of its hidden cost:
    ``legitimacy_relief`` of it at full ``supervision_legitimacy`` (Burdin, Halliday & Landini
    2018: 4% lowered effort under third-party control, against 57% under the principal's own in
    Falk & Kosfeld). Legitimacy covers the rule only: the manager's personal tightening signals
    distrust of this promoter and is felt in full. Those who work harder under control keep their
    response whatever its legitimacy.
    """
    if sensitivity <= 0.0:
        return sensitivity * supervision
    personal = personal_control(P, supervision, rule)
    accepted = P.legitimacy_relief * P.supervision_legitimacy
    return sensitivity * (personal + (1.0 - accepted) * (supervision - personal))


@kernel
def voluntary_effort(P, intrinsic: float, felt: float) -> float:
    """Voluntary effort under control: the hidden cost of control.

    Effort comes from intrinsic motivation plus an incentive component (Cerasoli et al. 2014:
    incentives drive quantity) and is scaled by ``1 - felt`` (:func:`felt_control`):
    control-averse promoters lower effort, some are neutral, some raise it. Falk & Kosfeld 2006:
    -24% on average; replications -12%. Pattern P4.
    """
    variable_pay = 1.0 - P.fixed_share
    return clip01((intrinsic + P.incentive_pull * variable_pay) * (1.0 - felt))


@kernel
def commission_weight(P) -> float:
    """Share of on-target pay paid as commission on revenue (the variable pay not tied to trust)."""
    variable = 1.0 - P.fixed_share
    return variable - variable * P.relationship_bonus_share


@kernel
def bonus_weight(P) -> float:
    """Share of on-target pay paid as a bonus on relationship soft facts."""
    return (1.0 - P.fixed_share) * P.relationship_bonus_share


@kernel
def horizon_factor(P) -> float:
    """Short-termism of a bonus measured over ``bonus_horizon`` months: 1 at the reference horizon.

    A short horizon pays for this quarter's revenue and pulls effort to short-term selling; a long
    one pays for what lasts (Walter & Mörmann: promoters measured on short-term results find no
    room for relationship investments). Functional form: assumption.
    """
    reference = P.horizon_reference
    return 2.0 * reference / (reference + P.bonus_horizon)


@kernel
def relationship_share_target(P, intrinsic: float) -> float:
    """Share of effort a promoter would like to give to relationship work rather than selling.

    Commission (amplified by a short bonus horizon) pulls to short-term selling; relationship
    bonuses, career linkage and intrinsic motivation pull to relationship work (Walter & Mörmann;
    Braganza's proxy-vs-goal split; Cerasoli et al. 2014). No incentive takes the share below
    ``share_floor`` or above ``share_ceiling``: some of each kind of work is part of the job.
    """
    pull = (
        P.relationship_bias
        + P.pay_pull * (bonus_weight(P) - commission_weight(P) * horizon_factor(P))
        + P.career_pull * P.career_linkage
        + P.intrinsic_pull * (intrinsic - P.intrinsic_reference)
    )
    floor = P.share_floor
    return floor + (P.share_ceiling - floor) * logistic(P.share_steepness * pull)


@kernel
def habit_step(P, current: float, target: float) -> float:
    """Behaviour follows incentives slowly and only when the gain clearly beats the habit.

    A gap below ``habit_threshold`` leaves the habit unchanged; a larger gap closes over
    ``habit_months`` (Roth 2007 via strategie-umsetzung-vertrieb: behaviour changes only when the
    new behaviour promises a clearly larger reward than the habit).
    """
    gap = target - current
    excess = max(abs(gap) - P.habit_threshold, 0.0)
    sign = 1.0 if gap > 0.0 else (-1.0 if gap < 0.0 else 0.0)
    return current + sign * excess / P.habit_months


@kernel
def relationship_work(P, share: float, effort: float) -> float:
    """Intensity of relationship work: effort share times effort times time freed for it.

    Release from formal duties frees time for informal contacts (Walter & Mörmann); without it a
    promoter has the share ``1 - release_time_gain`` of the time. Normalised so that an even split
    at full effort and full release gives 1.
    """
    gain = P.release_time_gain
    return clip01(2.0 * share * effort * ((1.0 - gain) + gain * P.formal_duty_release))


@kernel
def bargaining_hardness(P, share: float, supervision: float, identification: float) -> float:
    """How hard the promoter bargains (0 soft, 1 hard).

    Short-term selling means hard terms; supervision above its usual level makes promoters comply
    with management's demand for hard terms (Schweitzer, Ho & Zhang 2018); a promoter who
    identifies with the customer softens (Walter & Mörmann: over-identification).
    """
    return clip01(
        (1.0 - share) + P.control_hardening * (supervision - P.hardening_reference)
        - P.identification_softening * identification
    )


@kernel
def cooperativeness_target(P, supervision: float, role_conflict: float) -> float:
    """Cooperativeness the promoter settles at: lowered by tight supervision and role conflict.

    Walter & Mörmann: tighter supervision "lowers his cooperative attitude"; role conflict brings
    falling motivation.
    """
    return clip01(1.0 - P.control_coop_loss * supervision - P.conflict_coop_loss * role_conflict)


# --- 3. interaction, customer trust, deals -----------------------------------------------------


@kernel
def ramp(P, tenure_months: float, ramp_months: float) -> float:
    """Productivity of a new hire: ``ramp_start`` in the first month, full in month ``ramp_months``.

    New hires reach full productivity after 4–6 months (LITERATURE.md, sales-force turnover);
    hired from the market, they start from part of it. ``tenure_months`` counts the months already
    worked (0 in the first month).
    """
    start = P.ramp_start
    return start + (1.0 - start) * clip01((tenure_months + 1.0) / ramp_months)


@kernel
def interaction_quality(P, skill: float, expertise: float, knowledge: float, latitude_: float,
                        cooperativeness: float, work: float, ramp_: float, role: bool) -> float:
    """Quality of this month's interaction between a promoter and a counterpart, in [0, 1].

    A weighted mix of social skill, expertise, knowledge of the firm, latitude, cooperativeness
    and relationship work, scaled by ramp-up, plus a budget for contacts and a bonus for holding
    the promoter role (Walter & Mörmann; Palmatier et al. 2006: relationship quality drives
    performance). Weights: assumption (relationship work and social skill weigh most).
    """
    core = (
        P.quality_skill * skill + P.quality_expertise * expertise
        + P.quality_knowledge * knowledge + P.quality_latitude * latitude_
        + P.quality_cooperativeness * cooperativeness + P.quality_work * work
    )
    bonus = P.role_quality_bonus if role else 0.0
    return clip01(ramp_ * core + P.quality_contact_budget * P.contact_budget + bonus)


@kernel
def effective_price_sensitivity(P, price_sensitivity: float, commitment: float) -> float:
    """Commitment lowers price sensitivity (key-account goal, beziehungsmarketing-lexikon)."""
    return price_sensitivity * (1.0 - P.commitment_price_relief * commitment)


@kernel
def trust_signal(P, quality: float, hardness: float, price_sensitivity: float,
                 noise: float) -> float:
    """What the counterpart takes from the interaction: quality beyond the competitors' standard.

    Hard terms strain the relationship in proportion to the counterpart's price sensitivity
    (Walter & Mörmann: negotiate hard vs build trust); ``signal_gain`` scales quality differences
    to the signal range of the trust update. Bounded to [-1, 1].
    """
    excess = quality - P.competitor_standard - P.hard_terms_strain * hardness * price_sensitivity
    return min(max(P.signal_gain * excess + noise, -1.0), 1.0)


@kernel
def effective_trust(P, personal: float, firm: float) -> float:
    """Trust that drives buying: person-level ties weigh more (Palmatier et al. 2006)."""
    weight = P.personal_trust_weight
    return weight * personal + (1.0 - weight) * firm


@kernel
def customer_satisfaction_target(signal: float) -> float:
    """Satisfaction a counterpart tends to after an interaction: what they took from it, on [0, 1].

    The counterpart's evaluation of what the supplier delivers against the competitors' standard
    and on what terms (the trust signal, :func:`trust_signal`), mapped from [-1, 1] to [0, 1].
    Unlike trust, satisfaction is symmetric and recent: it follows the last months' experience at
    ``customer_satisfaction_rate`` (relationship quality = trust, commitment and satisfaction:
    Palmatier et al. 2006).
    """
    return 0.5 * (1.0 + signal)


@kernel
def win_probability(P, trust: float, quality: float, selling: float, hardness: float,
                    price_sensitivity: float, customer_promoter: bool,
                    satisfaction_: float) -> float:
    """Probability that a negotiation closes: the supplier's share of the customer's business.

    Trusting customers buy from the trusted supplier (beziehungsmanagement-innen-aussen); quality
    and short-term selling effort help now; satisfied customers place more of their business with
    the supplier (share of wallet: Walter & Gemünden 2000; Palmatier et al. 2006); hard terms put
    off price-sensitive buyers; a customer-side promoter raises success (Walter & Gemünden 2000);
    competitors pull. The trust and quality slopes are calibrated to the cost of a promoter's exit
    (P7); the others are assumptions.
    """
    x = (
        P.win_base + P.win_trust_slope * (trust - 0.5) + P.win_quality_slope * (quality - 0.5)
        + P.win_satisfaction_slope * (satisfaction_ - P.typical_customer_satisfaction)
        + P.win_selling_slope * (selling - P.typical_selling)
        - P.win_hardness_slope * (hardness - 0.5) * price_sensitivity
        + (P.win_customer_promoter if customer_promoter else 0.0)
        - P.win_competitor_slope * (P.competitor_pull - P.typical_competitor_pull)
    )
    return logistic(x)


@kernel
def price_factor(P, hardness: float) -> float:
    """Price obtained relative to list: hard terms get up to ``premium/2`` more, soft ones less."""
    return 1.0 + P.price_premium * (hardness - 0.5)


# --- 4. management evaluation and feedback -----------------------------------------------------


@kernel
def manager_time_share(P, headcount: float) -> float:
    """Manager time per promoter, as a share of a generous ``generous_hours`` a week each.

    top-manager-beziehungsebene: half of managers spend at most 3 hours a week on their staff.
    """
    return clip01(P.manager_hours / (P.generous_hours * max(headcount, 1.0)))


@kernel
def evaluation_noise(P, manager_time: float) -> float:
    """Half-width of the noise in a manager's reading: time with the promoter sharpens it."""
    return P.evaluation_noise * (1.0 - P.time_noise_relief * manager_time)


@kernel
def expected_win_rate(P, ramp_: float, account_trust: float) -> float:
    """The win rate a manager expects of a promoter this month.

    The firm's standard, lowered during ramp-up, and adjusted for how far the trust of the
    promoter's accounts lies from the typical, as far as the manager attributes results to the
    situation rather than the person (``situational_attribution`` = 1: fully; the fundamental
    attribution error leaves it below 1; Repenning & Sterman 2002). The adjustment uses the true
    slope of the win probability in trust at the standard, ``win_trust_slope * base * (1 -
    base)``.
    """
    base = P.expected_win_rate
    slope = P.win_trust_slope * base * (1.0 - base)
    return base * ramp_ + P.situational_attribution * slope * (account_trust
                                                               - P.typical_account_trust)


@kernel
def deal_outcome(P, wins: float, negotiations: float, expected_win: float) -> float:
    """A month's results against expectation: wins above the expected share of negotiations.

    Damped by ``evaluation_prior`` pseudo-negotiations, so a month with few deals says little.
    """
    return (wins - expected_win * negotiations) / (negotiations + P.evaluation_prior)


@kernel
def expected_terms(P) -> float:
    """Hardness of terms management expects: what its own incentive system asks for."""
    return clip01(P.expected_hardness + commission_weight(P) - bonus_weight(P))


@kernel
def performance_signal(P, perceived: float, hardness: float, noise: float) -> float:
    """What the manager reads from a promoter's recent results, in [-1, 1].

    Recent results (the manager's running view, ``perceived``), plus suspicion of soft bargaining
    where goals are unclear: with divergent demands management suspects a soft promoter of
    siding with the customer (Walter & Mörmann); agreed, clear goals remove that misreading.
    Observed with noise.
    """
    softness = max(expected_terms(P) - hardness, 0.0)
    reading = (P.evaluation_scale * perceived
               - P.softness_suspicion * (1.0 - P.goal_clarity) * softness + noise)
    return min(max(reading, -1.0), 1.0)


@kernel
def management_trust_update(P, trust: float, signal: float, bias: float,
                            supervision: float) -> float:
    """Asymmetric trust update with attribution bias under supervision (set-up-to-fail).

    Failures under tight supervision are blamed on the person, since the manager believes the
    situation is under control: the loss is amplified by ``1 + bias * supervision`` (Repenning &
    Sterman 2002; Manzoni & Barsoux 1998). Asymmetry as for customer trust (Slovic 1993).
    """
    down_rate = min(P.mgmt_trust_loss * (1.0 + bias * supervision), 1.0)
    return asymmetric_update(trust, signal, P.mgmt_trust_gain, down_rate)


@kernel
def backfire_probability(P, style: float) -> float:
    """Chance that a feedback talk backfires: high if person-directed, low if constructive.

    Kluger & DeNisi (1996): over a third of feedback interventions lowered performance, more so
    when feedback targets the person rather than the task. ``style`` is the manager's own bent.
    """
    worst = P.feedback_backfire_worst
    return worst + (P.feedback_backfire_best - worst) * clip01(P.feedback_constructiveness + style)


@kernel
def feedback_motivation_step(P) -> float:
    """Change of intrinsic motivation after a good (or backfiring) feedback talk.

    Deci, Koestner & Ryan (1999): positive feedback d = +0.33, in units of the standard deviation
    of the intrinsic motivation promoters bring (uniform over ``intrinsic_spread``).
    """
    return P.feedback_motivation_d * (P.intrinsic_spread / math.sqrt(12.0))


@kernel
def conflict_after_talk(P, conflict: float, good: bool, backfired: bool) -> float:
    """A good talk removes a share of role conflict; one that backfires adds conflict."""
    if good:
        return conflict * (1.0 - P.feedback_relief)
    if backfired:
        return conflict + P.backfire_conflict * P.feedback_relief * (1.0 - conflict)
    return conflict


# --- 5. role conflict and well-being -----------------------------------------------------------


@kernel
def role_conflict_target(P, supervision: float, share: float, identification: float,
                         power_pressure: float) -> float:
    """Role conflict from divergent demands: hard terms wanted inside, trust needed outside.

    Conflict grows with management's pressure for hard terms (commission, supervision) times the
    promoter's orientation to the customer (relationship work, identification); clear goals and
    participation lower it; a customer-side promoter over-using power adds pressure (Walter &
    Mörmann; Verbeke et al. 2011).
    """
    pressure = P.conflict_commission * commission_weight(P) + P.conflict_supervision * supervision
    orientation = share + identification
    return clip01(
        P.conflict_base + P.conflict_demand * pressure * orientation
        - P.conflict_clarity_relief * P.goal_clarity
        - P.conflict_participation_relief * P.participation
        + P.conflict_power_pressure * power_pressure
    )


@kernel
def stress_target(P, role_conflict: float, felt: float, personal: float) -> float:
    """Exhaustion the promoter tends to: job demands minus the resources that relieve them.

    Demands: role conflict (Walter & Mörmann: role conflict brings stress); control, for the
    control-averse as they feel it (``felt``); the manager's personal distrust, for everyone:
    supervision above the rule (``personal``; Manzoni & Barsoux 1998: the subordinate the boss
    doubts works under a microscope, loses confidence and withdraws); formal duties without
    release. Backing relieves. Emotional exhaustion is among the strongest antecedents of
    turnover (meta-analysis of 129 samples). Weights: assumption.
    """
    return clip01(
        P.stress_conflict * role_conflict + P.stress_control * max(felt, 0.0)
        + P.stress_distrust * personal
        + P.stress_workload * (1.0 - P.formal_duty_release) - P.stress_backing_relief * P.backing
    )


@kernel
def intrinsic_target(P, baseline: float, felt: float) -> float:
    """Intrinsic motivation crowded out by contingent pay and felt control, raised by participation.

    Deci, Koestner & Ryan (1999): performance-contingent rewards d = -0.28; Bernstrøm & Svare
    (2017): monitoring lowers felt trust and through it intrinsic motivation; Walter & Mörmann:
    participation and holistic tasks.
    """
    return clip01(
        baseline - P.reward_crowding * (1.0 - P.fixed_share)
        - P.control_crowding * max(felt, 0.0)
        + P.participation_motivation * P.participation
    )


@kernel
def knowledge_step(P, knowledge: float) -> float:
    """Knowledge of the firm's goals, resources and strategy: learnt, helped by orientation talks.

    Walter & Mörmann: regular orientation talks with experts, superiors and other relationship
    managers give the knowledge a promoter needs. Rates: assumption.
    """
    rate = min(P.knowledge_rate + P.knowledge_orientation * P.orientation_talks
               + P.knowledge_participation * P.participation
               + P.knowledge_clarity * P.goal_clarity, 1.0)
    return clip01(knowledge + rate * (1.0 - knowledge) - P.knowledge_forgetting * knowledge)


@kernel
def identification_target(P, customer_trust: float, share: float, knowledge: float) -> float:
    """Identification with the customers: grows with their trust and relationship work.

    Knowledge of the own firm's goals anchors the promoter (Walter & Mörmann: over-identification
    leads a promoter to adopt the customer's position unreflectingly).
    """
    return clip01(customer_trust * (P.identification_base + share)
                  * (1.0 - P.knowledge_anchoring * knowledge))


@kernel
def material_reward(P, sales_achievement: float, relationship_achievement: float) -> float:
    """Material reward this month, relative to on-target pay (1 = on target)."""
    return (
        P.pay_level * (P.fixed_share + commission_weight(P) * sales_achievement
                       + bonus_weight(P) * relationship_achievement)
        + P.material_recognition_value * P.material_recognition
    )


@kernel
def sales_achievement(P, current: float, revenue: float, target: float) -> float:
    """Revenue against target, averaged over the bonus horizon and capped (what commission pays)."""
    now = min(max(revenue / max(target, 1e-9), 0.0), P.achievement_cap)
    return relax(current, now, 1.0 / P.bonus_horizon)


@kernel
def relationship_achievement(P, current: float, soft_facts: float) -> float:
    """Soft facts (customer trust and commitment) against their target, over the bonus horizon.

    Walter & Mörmann: reward soft facts such as customer trust and commitment.
    """
    now = min(max(soft_facts / P.soft_facts_target, 0.0), P.achievement_cap)
    return relax(current, now, 1.0 / P.bonus_horizon)


@kernel
def material_satisfaction(P, reward: float, reference: float) -> float:
    """Satisfaction with material rewards relative to what has become normal (habituation).

    Material rewards act only briefly and are soon taken for granted (strategie-umsetzung-vertrieb):
    only the difference to the habituated reference satisfies (0.5 = no difference). Pattern P6.
    """
    return clip01(0.5 + P.material_sensitivity * (reward - reference))


@kernel
def recognition_target(P, mgmt_trust: float) -> float:
    """Recognition a promoter comes to feel: what policy gives, more for those the boss trusts."""
    weight = P.recognition_trust_weight
    return P.social_recognition * ((1.0 - weight) + weight * mgmt_trust)


@kernel
def career_target(P, customer_trust: float) -> float:
    """Career progress: tied to relationship success as far as policy links them.

    Walter & Mörmann: linking advancement to the relationships' success binds promoters; without
    linkage everyone progresses at ``typical_career``.
    """
    linkage = P.career_linkage
    return (1.0 - linkage) * P.typical_career + linkage * customer_trust


@kernel
def satisfaction(P, material: float, recognition: float, career: float, intrinsic: float,
                 leader_trust: float, stress: float, role: bool) -> float:
    """Job satisfaction: pay, lasting recognition, career, meaningful work, the boss, minus stress.

    Recognition acts longer than material reward (strategie-umsetzung-vertrieb); trust in the
    direct leader relates to satisfaction (Dirks & Ferrin 2002); role stress lowers it (Walter &
    Mörmann). Weights: assumption.
    """
    return clip01(
        P.satisfaction_base + P.satisfaction_material * material
        + P.satisfaction_recognition * recognition + P.satisfaction_career * career
        + P.satisfaction_intrinsic * intrinsic + P.satisfaction_leader * leader_trust
        - P.satisfaction_stress * stress + (P.satisfaction_role if role else 0.0)
    )


@kernel
def leader_trust_target(P, latitude_: float, manager_time: float, mgmt_trust: float,
                        personal: float) -> float:
    """Trust the promoter feels in the manager: latitude, the boss's time, backing, being trusted.

    Bernstrøm & Svare (2017): decision latitude raises felt trust, monitoring lowers it; trust is
    reciprocated, so a distrusted promoter comes to distrust the boss, and supervision the boss
    imposes on them alone (``personal``) shows the distrust (Manzoni & Barsoux 1998);
    top-manager-beziehungsebene: time for the staff.
    """
    return clip01(P.leader_base + P.leader_latitude * latitude_ + P.leader_time * manager_time
                  + P.leader_backing * P.backing + P.leader_reciprocity * mgmt_trust
                  - P.leader_distrust * personal)


@kernel
def loyalty_target(P, satisfaction_: float, leader_trust: float, career: float,
                   identification: float) -> float:
    """Loyalty to the firm: satisfaction, trust in the boss, career; eroded by going native."""
    return clip01(
        P.loyalty_satisfaction * satisfaction_ + P.loyalty_leader * leader_trust
        + P.loyalty_career * career
        - P.loyalty_going_native * max(identification - P.going_native_threshold, 0.0)
    )


# --- 6. the promoter role ----------------------------------------------------------------------


@kernel
def role_standing(P, customer_trust: float, mgmt_trust: float, knowledge: float, work: float,
                  skill: float, network: float) -> bool:
    """Whether the conditions for the promoter role hold this month.

    The role is earned, not assigned: it needs standing with the customers and with management,
    knowledge of the own firm, the linking activity itself (relationship work) and the social
    skill for it (Walter & Mörmann: gaining the trust and sympathy of external and internal
    partners and understanding the customer takes time; beziehungsmanagement-innen-aussen:
    social intelligence, not only expertise). Standing with the customers is the trust the
    promoter has earned with them and, with weight ``role_network_weight``, the person's own
    network and personality, which they bring to the role from the start (assumption: the route
    docs/validation.md names for P2).
    """
    weight = P.role_network_weight
    standing = (1.0 - weight) * customer_trust + weight * network
    return (standing >= P.role_trust and mgmt_trust >= P.role_standing
            and knowledge >= P.role_knowledge and work >= P.role_work and skill >= P.role_skill)


# --- 7. customer side --------------------------------------------------------------------------


@kernel
def career_success_target(P, ambition: float, quality: float) -> float:
    """The counterpart's own career success: their drive, helped by the supplier's support.

    Market information, help finding suppliers and cost savings make the customer's key person
    successful and bind them (Walter & Mörmann). Weights: assumption.
    """
    weight = P.support_quality_weight
    return clip01(ambition + P.support_success * P.customer_promoter_support
                  * ((1.0 - weight) + weight * quality))


@kernel
def stays_customer_promoter(P, current: bool, success: float, trust: float,
                            standing_trust: float, chance: bool) -> bool:
    """Whether a counterpart acts as customer-side promoter this month.

    A successful counterpart who trusts the promoter personally may take the role (with a monthly
    chance); it is dropped when their trust in the relationship (personal and firm,
    ``standing_trust``) falls clearly below the threshold, so a customer-side promoter outlasts a
    change of the supplier's person (Walter & Mörmann).
    """
    needed = P.customer_promoter_trust
    if current:
        return standing_trust >= needed - P.customer_promoter_hysteresis
    return success >= P.customer_promoter_success and trust >= needed and chance


@kernel
def power_overuse_cost(P, customer_promoter: bool, facing_promoter: bool, power: float,
                       value: float) -> float:
    """Cost of inappropriate adaptation demands by a customer-side promoter facing none.

    Walter & Mörmann: without a promoter opposite, customer-side promoters over-use power and
    demand inappropriate customer-specific adaptations and investments. Pattern P9.
    """
    if customer_promoter and not facing_promoter:
        return P.overuse_cost * power * value
    return 0.0


# --- 8./9. hazards -----------------------------------------------------------------------------


@kernel
def quit_probability(P, satisfaction_: float, stress: float, leader_trust: float, loyalty: float,
                     outside_option: float, income: float, role: bool,
                     peer_quits: float) -> float:
    """Monthly probability that a promoter quits (proportional hazard).

    Emotional exhaustion and trust in the supervisor are the strongest antecedents of turnover
    (meta-analysis of 129 samples); satisfaction and loyalty (Walter & Mörmann: dissatisfaction up
    to disloyalty); an outside offer above the income the promoter has got used to (so volatile
    commission income that falls drives people out; reviews of sales compensation); role holders
    are more embedded; colleagues' recent quits (``peer_quits``, the promoter's fading memory of
    the share of the team's positions whose holder quit) raise the hazard: turnover is
    contagious (Sunder, Kumar, Goreczny & Maurer 2017). Centred on the typical promoter so that
    ``quit_floor + quit_base`` is their hazard; ``quit_floor`` is turnover no policy prevents
    (relocation, retirement).
    Coefficients: assumption, calibrated to 15–30% turnover a year (P8).
    """
    x = (
        P.quit_satisfaction * (P.typical_satisfaction - satisfaction_)
        + P.quit_stress * (stress - P.typical_stress)
        + P.quit_leader_trust * (P.typical_leader_trust - leader_trust)
        + P.quit_loyalty * (P.typical_loyalty - loyalty)
        + P.quit_outside * (outside_option - income) - (P.quit_role if role else 0.0)
        + P.quit_contagion * (peer_quits - P.typical_peer_quits)
    )
    return min(P.quit_floor + P.quit_base * soft_exp(x), 1.0)


@kernel
def defection_probability(P, trust: float, commitment: float, price_sensitivity: float,
                          hardness: float, vacant: bool, customer_promoter: bool,
                          supplier_promoter: bool) -> float:
    """Monthly probability that a customer ends the relationship (proportional hazard).

    Trust and commitment bind (Morgan & Hunt 1994); hard terms put off the price-sensitive;
    competitors pull; switching becomes likely when the seller leaves (beziehungsmanagement-innen-
    aussen; Palmatier, Scheer & Steenkamp 2007); promoters on either side bind (Walter & Gemünden
    2000). ``defection_floor`` is churn no relationship prevents (a customer closes, merges or
    changes strategy). Coefficients: assumption, calibrated to about a quarter of relationships a
    year (P8).
    """
    x = (
        -P.defection_trust * (trust - 0.5)
        - P.defection_commitment * (commitment - P.typical_commitment)
        + P.defection_hard_terms * price_sensitivity * (hardness - 0.5)
        + P.defection_competitor * (P.competitor_pull - P.typical_competitor_pull)
        + (P.vacancy_defection if vacant else 0.0)
        - (P.defection_customer_promoter if customer_promoter else 0.0)
        - (P.defection_supplier_promoter if supplier_promoter else 0.0)
    )
    return min(P.defection_floor + P.defection_base * soft_exp(x), 1.0)


@kernel
def whole_months(u: float, shortest: float, longest: float) -> float:
    """A whole number of months, uniform on ``shortest..longest`` (e.g. hiring takes 1–3 months)."""
    return shortest + math.floor(u * (longest - shortest + 1.0))


@kernel
def handover_share(P, leaver_tenure: float, successor_tenure: float) -> float:
    """Share of a customer's personal trust in a leaver that their successor inherits.

    Personal trust goes with the person; the leaver's introduction passes on
    ``succession_handover`` of it to a successor of the same experience, less to one whose
    experience (tenure) differs, down to ``1 - handover_mismatch`` of it when the gap reaches
    ``handover_experience_months`` (Shi, Sridhar, Grewal & Lilien 2017: a successor with similar
    experience does better than a star, ~40% of the transition loss is avoidable; Schmitz et al.
    2020).
    """
    gap = min(abs(leaver_tenure - successor_tenure) / P.handover_experience_months, 1.0)
    return P.succession_handover * (1.0 - P.handover_mismatch * gap)
