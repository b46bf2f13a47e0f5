"""The equations of promosim: one pure function per mechanism.

Every function works elementwise on NumPy arrays of any shape or on scalars, and reduces at most
the last axis. None has side effects, reads global state or draws random numbers: uniforms come in
as arguments. Only IEEE-754 correctly rounded operations are used (``+ - * /``, ``sqrt``,
``min``/``max``, comparisons), so a result is bit-identical whether it is computed for one agent,
for a column of agents or for a batch of runs, on any machine. Exponentials are therefore replaced
by :func:`soft_exp`, a fixed polynomial of the same shape.

The docstring of each mechanism names its source in ``LITERATURE.md``; numbers without a source
are assumptions and are marked so in the parameter table (``promosim.parameters``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

#: Standard deviation of the intrinsic motivation promoters bring (uniform on 0.5–0.9): the unit
#: of the effect sizes (Cohen's d) taken from Deci, Koestner & Ryan (1999).
TRAIT_SD = 0.4 / np.sqrt(12.0)


# --- building blocks -------------------------------------------------------------------------


def clip01(x: ArrayLike) -> Array:
    """Clamp to the unit interval, the range of every bounded state variable."""
    return np.minimum(np.maximum(x, 0.0), 1.0)


def relax(current: ArrayLike, target: ArrayLike, rate: ArrayLike) -> Array:
    """Partial adjustment: move ``current`` a share ``rate`` of the way to ``target`` this month."""
    return current + rate * (target - current)


def soft_exp(x: ArrayLike) -> Array:
    """Exponential-shaped growth ``(1 + x/64)**64``, computed by six exact squarings.

    Within 3% of ``exp(x)`` for ``|x| <= 2`` and monotone for ``x > -64``; used for hazards and
    the logistic so that results do not depend on a platform's ``exp``.
    """
    y = 1.0 + np.maximum(x, -63.0) / 64.0
    for _ in range(6):
        y = y * y
    return y


def logistic(x: ArrayLike) -> Array:
    """Logistic curve ``1 / (1 + soft_exp(-x))``, used for choice probabilities."""
    return 1.0 / (1.0 + soft_exp(-np.asarray(x, dtype=np.float64)))


def triangular(u1: ArrayLike, u2: ArrayLike, half_width: ArrayLike) -> Array:
    """Bounded, centred noise on ``[-half_width, half_width]`` from two uniforms."""
    return half_width * (u1 + u2 - 1.0)


def row_sum(values: ArrayLike, mask: ArrayLike) -> Array:
    """Sum of ``values`` over the last axis where ``mask`` holds."""
    return np.sum(np.where(mask, values, 0.0), axis=-1)


def row_mean(values: ArrayLike, mask: ArrayLike, empty: float = 0.0) -> Array:
    """Mean of ``values`` over the last axis where ``mask`` holds (``empty`` if none does)."""
    count = np.sum(mask, axis=-1)
    total = row_sum(values, mask)
    return np.where(count > 0, total / np.maximum(count, 1), empty)


def asymmetric_update(level: ArrayLike, signal: ArrayLike, gain: ArrayLike,
                      loss: ArrayLike) -> Array:
    """Trust update that is slow to build and fast to break.

    ``dT = gain * s * (1 - T)`` for a positive signal ``s`` and ``dT = -loss * |s| * T`` for a
    negative one (Pant & Yu 2025, gain 0.10, loss 0.30: a threefold negativity bias; Slovic 1993).
    Keeps ``T`` in [0, 1] for ``|s| <= 1``. Pattern P1.
    """
    up = np.maximum(signal, 0.0)
    down = np.maximum(-signal, 0.0)
    return level + gain * up * (1.0 - level) - loss * down * level


# --- 1. supervision and latitude --------------------------------------------------------------


def supervision_target(
    mgmt_trust: ArrayLike, base: ArrayLike, reactivity: ArrayLike, trust_reference: ArrayLike
) -> Array:
    """Supervision a manager wants to impose on a promoter.

    Policy sets a base tightness; distrust below the reference level adds supervision in
    proportion to the manager's reactivity, up to full control. The reaction to distrust is the
    loop at the heart of the failure–distrust spiral (Walter & Mörmann; Manzoni & Barsoux 1998).
    """
    distrust = np.maximum(trust_reference - mgmt_trust, 0.0) / trust_reference
    return clip01(base + (1.0 - base) * np.minimum(reactivity * distrust, 1.0))


def latitude(
    supervision: ArrayLike, backing: ArrayLike, control_narrowing: ArrayLike, unbacked: ArrayLike
) -> Array:
    """Decision latitude: narrowed by supervision, widened by backing and resources.

    Supervision removes up to ``control_narrowing`` of the latitude; without backing only the
    share ``unbacked`` of it is usable (Walter & Mörmann: "promoters whose hands are tied cannot
    mobilise the resources"; Witte's power promoter gives room to act).
    """
    return clip01((1.0 - control_narrowing * supervision) * (unbacked + (1.0 - unbacked) * backing))


# --- 2. effort ---------------------------------------------------------------------------------


def control_response(sensitivity: ArrayLike, legitimacy: ArrayLike) -> Array:
    """Effective sensitivity to control: legitimate control costs less.

    Falk & Kosfeld (2006): control lowers the effort of most agents; Burdin, Halliday & Landini
    (2018): control seen as legitimate (imposed by a third party) costs almost nothing.
    """
    return sensitivity * (1.0 - legitimacy)


def voluntary_effort(
    intrinsic: ArrayLike, variable_pay: ArrayLike, incentive_pull: ArrayLike,
    control: ArrayLike, supervision: ArrayLike,
) -> Array:
    """Voluntary effort under control: the hidden cost of control.

    Effort comes from intrinsic motivation plus an incentive component (Cerasoli et al. 2014:
    incentives drive quantity) and is scaled by ``1 - control * supervision``: control-averse
    promoters (positive response) lower effort, some are neutral, some raise it (negative
    response). Falk & Kosfeld 2006: -24% on average; replications -12%. Pattern P4.
    """
    return clip01((intrinsic + incentive_pull * variable_pay) * (1.0 - control * supervision))


def pay_weights(
    fixed_share: ArrayLike, relationship_bonus_share: ArrayLike
) -> tuple[Array, Array]:
    """Split variable pay into commission on revenue and bonus on relationship soft facts."""
    variable = 1.0 - np.asarray(fixed_share)
    relationship = variable * relationship_bonus_share
    return variable - relationship, relationship


def horizon_factor(bonus_horizon: ArrayLike) -> Array:
    """Short-termism of a bonus measured over ``bonus_horizon`` months: 1 at one year.

    A short horizon pays for this quarter's revenue and pulls effort to short-term selling; a long
    one pays for what lasts (Walter & Mörmann: promoters measured on short-term results find no
    room for relationship investments). Functional form: assumption.
    """
    return 24.0 / (12.0 + np.asarray(bonus_horizon, dtype=np.float64))


def relationship_share_target(
    commission: ArrayLike, relationship_bonus: ArrayLike, short_termism: ArrayLike,
    career_linkage: ArrayLike, intrinsic: ArrayLike, bias: ArrayLike, pay_pull: ArrayLike,
    career_pull: ArrayLike, intrinsic_pull: ArrayLike,
) -> Array:
    """Share of effort a promoter would like to give to relationship work rather than selling.

    Commission (amplified by a short bonus horizon) pulls to short-term selling; relationship
    bonuses, career linkage and intrinsic motivation pull to relationship work (Walter & Mörmann;
    Braganza's proxy-vs-goal split; Cerasoli et al. 2014). No incentive takes the share below
    0.15 or above 0.85: some of each kind of work is part of the job (assumption).
    """
    pull = (
        bias
        + pay_pull * (relationship_bonus - commission * short_termism)
        + career_pull * career_linkage
        + intrinsic_pull * (intrinsic - 0.7)
    )
    return 0.15 + 0.7 * logistic(2.0 * pull)


def habit_step(current: ArrayLike, target: ArrayLike, months: ArrayLike,
               threshold: ArrayLike) -> Array:
    """Behaviour follows incentives slowly and only when the gain clearly beats the habit.

    A gap below ``threshold`` leaves the habit unchanged; a larger gap closes over ``months``
    (Roth 2007 via strategie-umsetzung-vertrieb: behaviour changes only when the new behaviour
    promises a clearly larger reward than the habit).
    """
    gap = target - current
    excess = np.maximum(np.abs(gap) - threshold, 0.0)
    return current + np.sign(gap) * excess / months


def relationship_work(share: ArrayLike, effort: ArrayLike, release: ArrayLike) -> Array:
    """Intensity of relationship work: effort share times effort times time freed for it.

    Release from formal duties frees time for informal contacts (Walter & Mörmann).
    Normalised so that an even split at full effort and no release gives 0.7.
    """
    return clip01(2.0 * share * effort * (0.7 + 0.3 * release))


def bargaining_hardness(
    share: ArrayLike, supervision: ArrayLike, identification: ArrayLike,
    control_hardening: ArrayLike, identification_softening: ArrayLike,
) -> Array:
    """How hard the promoter bargains (0 soft, 1 hard).

    Short-term selling means hard terms; supervised promoters comply with management's demand for
    hard terms (Schweitzer, Ho & Zhang 2018); a promoter who identifies with the customer softens
    (Walter & Mörmann: over-identification).
    """
    return clip01(
        (1.0 - share) + control_hardening * (supervision - 0.3)
        - identification_softening * identification
    )


def cooperativeness_target(
    supervision: ArrayLike, role_conflict: ArrayLike, control_loss: ArrayLike,
    conflict_loss: ArrayLike,
) -> Array:
    """Cooperativeness the promoter settles at: lowered by tight supervision and role conflict.

    Walter & Mörmann: tighter supervision "lowers his cooperative attitude"; role conflict brings
    falling motivation.
    """
    return clip01(1.0 - control_loss * supervision - conflict_loss * role_conflict)


# --- 3. interaction, customer trust, deals -----------------------------------------------------


def interaction_quality(
    skill: ArrayLike, expertise: ArrayLike, knowledge: ArrayLike, latitude_: ArrayLike,
    cooperativeness: ArrayLike, work: ArrayLike, contact_budget: ArrayLike, ramp: ArrayLike,
    role_bonus: ArrayLike,
) -> Array:
    """Quality of this month's interaction between a promoter and a counterpart, in [0, 1].

    A weighted mix of social skill, expertise, knowledge of the firm, latitude, cooperativeness
    and relationship work, scaled by ramp-up, plus a budget for contacts and a bonus for holding
    the promoter role (Walter & Mörmann; Palmatier et al. 2006: relationship quality drives
    performance). Weights: assumption (relationship work and social skill weigh most).
    """
    core = (
        0.20 * skill + 0.10 * expertise + 0.15 * knowledge + 0.15 * latitude_
        + 0.15 * cooperativeness + 0.25 * work
    )
    return clip01(ramp * core + 0.10 * contact_budget + role_bonus)


def trust_signal(
    quality: ArrayLike, benchmark: ArrayLike, hardness: ArrayLike, price_sensitivity: ArrayLike,
    strain: ArrayLike, gain: ArrayLike, noise: ArrayLike,
) -> Array:
    """What the counterpart takes from the interaction: quality beyond the competitors' standard.

    Hard terms strain the relationship in proportion to the counterpart's price sensitivity
    (Walter & Mörmann: negotiate hard vs build trust); ``gain`` scales quality differences to
    the signal range of the trust update. Bounded to [-1, 1].
    """
    excess = quality - benchmark - strain * hardness * price_sensitivity
    return np.clip(gain * excess + noise, -1.0, 1.0)


def effective_trust(personal: ArrayLike, firm: ArrayLike, personal_weight: ArrayLike) -> Array:
    """Trust that drives buying: person-level ties weigh more (Palmatier et al. 2006)."""
    return personal_weight * personal + (1.0 - personal_weight) * firm


def effective_price_sensitivity(price_sensitivity: ArrayLike, commitment: ArrayLike) -> Array:
    """Commitment lowers price sensitivity (key-account goal, beziehungsmarketing-lexikon)."""
    return price_sensitivity * (1.0 - 0.5 * commitment)


def win_probability(
    trust: ArrayLike, quality: ArrayLike, selling: ArrayLike, hardness: ArrayLike,
    price_sensitivity: ArrayLike, customer_promoter: ArrayLike, competitor_pull: ArrayLike,
    base: ArrayLike, trust_slope: ArrayLike, quality_slope: ArrayLike,
) -> Array:
    """Probability that a negotiation closes.

    Trusting customers buy from the trusted supplier (beziehungsmanagement-innen-aussen); quality
    and short-term selling effort help now; hard terms put off price-sensitive buyers; a
    customer-side promoter raises success (Walter & Gemünden 2000); competitors pull. The trust
    and quality slopes are calibrated to the cost of a promoter's exit (P7); the other
    coefficients are assumptions.
    """
    x = (
        base + trust_slope * (trust - 0.5) + quality_slope * (quality - 0.5)
        + 1.5 * (selling - 0.3)
        - 2.0 * (hardness - 0.5) * price_sensitivity + 0.6 * customer_promoter
        - 2.0 * (competitor_pull - 0.3)
    )
    return logistic(x)


def price_factor(hardness: ArrayLike, premium: ArrayLike) -> Array:
    """Price obtained relative to list: hard terms get up to ``premium/2`` more, soft ones less."""
    return 1.0 + premium * (hardness - 0.5)


# --- 4. management evaluation and feedback -----------------------------------------------------


def expected_win_rate(base: ArrayLike, ramp_: ArrayLike, account_trust: ArrayLike,
                      situational: ArrayLike, trust_slope: ArrayLike) -> Array:
    """The win rate a manager expects of a promoter this month.

    The firm's standard, lowered during ramp-up, and adjusted for how far the trust of the
    promoter's accounts lies from a typical 0.6, as far as the manager attributes results to the
    situation rather than the person (``situational`` = 1: fully; the fundamental attribution
    error leaves it below 1; Repenning & Sterman 2002). The adjustment uses the true slope of the
    win probability in trust at the standard, ``trust_slope * base * (1 - base)``.
    """
    slope = trust_slope * base * (1.0 - base)
    return base * ramp_ + situational * slope * (account_trust - 0.6)


def deal_outcome(wins: ArrayLike, negotiations: ArrayLike, expected_win: ArrayLike) -> Array:
    """A month's results against expectation: wins above the expected share of negotiations.

    Damped by one pseudo-negotiation, so a month with few deals says little.
    """
    return (wins - expected_win * negotiations) / (negotiations + 1.0)


def expected_terms(neutral: ArrayLike, commission: ArrayLike,
                   relationship_bonus: ArrayLike) -> Array:
    """Hardness of terms management expects: what its own incentive system asks for."""
    return clip01(neutral + commission - relationship_bonus)


def performance_signal(
    perceived: ArrayLike, hardness: ArrayLike, expected_hardness: ArrayLike,
    goal_clarity: ArrayLike, suspicion: ArrayLike, noise: ArrayLike,
) -> Array:
    """What the manager reads from a promoter's recent results, in [-1, 1].

    Recent results (the manager's running view, ``perceived``), plus suspicion of soft bargaining
    where goals are unclear: with divergent demands management suspects a soft promoter of
    siding with the customer (Walter & Mörmann); agreed, clear goals remove that misreading.
    Observed with noise.
    """
    softness = np.maximum(expected_hardness - hardness, 0.0)
    return np.clip(2.0 * perceived - suspicion * (1.0 - goal_clarity) * softness + noise, -1.0, 1.0)


def management_trust_update(
    trust: ArrayLike, signal: ArrayLike, gain: ArrayLike, loss: ArrayLike,
    attribution_bias: ArrayLike, supervision: ArrayLike,
) -> Array:
    """Asymmetric trust update with attribution bias under supervision (set-up-to-fail).

    Failures under tight supervision are blamed on the person, since the manager believes the
    situation is under control: the loss is amplified by ``1 + bias * supervision`` (Repenning &
    Sterman 2002; Manzoni & Barsoux 1998). Asymmetry as for customer trust (Slovic 1993).
    """
    down_rate = np.minimum(loss * (1.0 + attribution_bias * supervision), 1.0)
    return asymmetric_update(trust, signal, gain, down_rate)


def negative_feedback_probability(constructiveness: ArrayLike, worst: ArrayLike,
                                  best: ArrayLike) -> Array:
    """Chance that a feedback talk backfires: ``worst`` if person-directed, ``best`` if helpful.

    Kluger & DeNisi (1996): over a third of feedback interventions lowered performance, more so
    when feedback targets the person rather than the task.
    """
    return worst + (best - worst) * clip01(constructiveness)


def feedback_outcome(
    good: ArrayLike, backfired: ArrayLike, conflict: ArrayLike, knowledge: ArrayLike,
    intrinsic: ArrayLike, mgmt_trust: ArrayLike, relief: ArrayLike, repair: ArrayLike,
) -> tuple[Array, Array, Array, Array]:
    """Effects of a feedback talk on role conflict, knowledge, motivation and the manager's trust.

    A good talk removes a share of role conflict, teaches about the firm, raises intrinsic
    motivation by 0.33 trait SD (Deci et al. 1999: positive feedback d = +0.33) and restores some
    of the manager's trust; a talk that backfires (Kluger & DeNisi 1996) adds conflict and lowers
    motivation as much.
    """
    step = 0.33 * TRAIT_SD
    conflict = np.where(good, conflict * (1.0 - relief),
                        np.where(backfired, conflict + 0.5 * relief * (1.0 - conflict), conflict))
    knowledge = np.where(good, knowledge + 0.05 * (1.0 - knowledge), knowledge)
    intrinsic = clip01(intrinsic + np.where(good, step, np.where(backfired, -step, 0.0)))
    mgmt_trust = np.where(good, mgmt_trust + repair * (1.0 - mgmt_trust), mgmt_trust)
    return conflict, knowledge, intrinsic, mgmt_trust


# --- 5. role conflict and well-being -----------------------------------------------------------


def role_conflict_target(
    commission: ArrayLike, supervision: ArrayLike, share: ArrayLike, identification: ArrayLike,
    goal_clarity: ArrayLike, participation: ArrayLike, power_pressure: ArrayLike,
    base: ArrayLike, demand: ArrayLike, clarity_relief: ArrayLike,
) -> Array:
    """Role conflict from divergent demands: hard terms wanted inside, trust needed outside.

    Conflict grows with management's pressure for hard terms (commission, supervision) times the
    promoter's orientation to the customer (relationship work, identification); clear goals and
    participation lower it; a customer-side promoter over-using power adds pressure (Walter &
    Mörmann; Verbeke et al. 2011).
    """
    pressure = 2.0 * commission + 0.5 * supervision
    orientation = share + identification
    return clip01(
        base + demand * pressure * orientation - clarity_relief * goal_clarity
        - 0.1 * participation + 0.3 * power_pressure
    )


def stress_target(
    role_conflict: ArrayLike, control: ArrayLike, supervision: ArrayLike, release: ArrayLike,
    backing: ArrayLike,
) -> Array:
    """Exhaustion the promoter tends to: role conflict, felt control, workload, minus backing.

    Role stress brings exhaustion (Walter & Mörmann; meta-analysis of 129 samples); control hurts
    the control-averse; release from formal duties and backing relieve. Weights: assumption.
    """
    return clip01(
        0.6 * role_conflict + 0.3 * np.maximum(control, 0.0) * supervision
        + 0.15 * (1.0 - release) - 0.1 * backing
    )


def intrinsic_target(
    baseline: ArrayLike, variable_pay: ArrayLike, control: ArrayLike, supervision: ArrayLike,
    participation: ArrayLike, reward_crowding: ArrayLike, control_crowding: ArrayLike,
) -> Array:
    """Intrinsic motivation crowded out by contingent pay and felt control, raised by participation.

    Deci, Koestner & Ryan (1999): performance-contingent rewards d = -0.28; Bernstrøm & Svare
    (2017): monitoring lowers felt trust and through it intrinsic motivation; Walter & Mörmann:
    participation and holistic tasks.
    """
    return clip01(
        baseline - reward_crowding * variable_pay
        - control_crowding * np.maximum(control, 0.0) * supervision + 0.1 * participation
    )


def knowledge_step(
    knowledge: ArrayLike, orientation: ArrayLike, participation: ArrayLike,
    goal_clarity: ArrayLike, base_rate: ArrayLike, forgetting: ArrayLike,
) -> Array:
    """Knowledge of the firm's goals, resources and strategy: learnt, helped by orientation talks.

    Walter & Mörmann: regular orientation talks with experts, superiors and other relationship
    managers give the knowledge a promoter needs. Rates: assumption.
    """
    rate = np.minimum(base_rate + 0.05 * orientation + 0.02 * participation + 0.02 * goal_clarity,
                      1.0)
    return clip01(knowledge + rate * (1.0 - knowledge) - forgetting * knowledge)


def identification_target(customer_trust: ArrayLike, share: ArrayLike,
                          knowledge: ArrayLike) -> Array:
    """Identification with the customers: grows with their trust and relationship work.

    Knowledge of the own firm's goals anchors the promoter (Walter & Mörmann: over-identification
    leads a promoter to adopt the customer's position unreflectingly).
    """
    return clip01(customer_trust * (0.5 + share) * (1.0 - 0.5 * knowledge))


def material_reward(
    pay_level: ArrayLike, fixed_share: ArrayLike, commission: ArrayLike,
    relationship_bonus: ArrayLike, sales_achievement: ArrayLike,
    relationship_achievement: ArrayLike, material_recognition: ArrayLike,
) -> Array:
    """Material reward this month, relative to on-target pay (1 = on target)."""
    return (
        pay_level * (fixed_share + commission * sales_achievement
                     + relationship_bonus * relationship_achievement)
        + 0.1 * material_recognition
    )


def achievements(
    sales: ArrayLike, relationship: ArrayLike, revenue: ArrayLike, target: ArrayLike,
    soft_facts: ArrayLike, horizon: ArrayLike,
) -> tuple[Array, Array]:
    """What variable pay is measured on, averaged over the bonus horizon.

    Sales achievement is revenue against target; relationship achievement is the soft facts
    (customer trust and commitment, Walter & Mörmann) against a target of 0.6; both capped at 2.
    """
    rate = 1.0 / horizon
    sales_now = np.clip(revenue / np.maximum(target, 1e-9), 0.0, 2.0)
    soft_now = np.clip(soft_facts / 0.6, 0.0, 2.0)
    return relax(sales, sales_now, rate), relax(relationship, soft_now, rate)


def material_satisfaction(reward: ArrayLike, reference: ArrayLike, sensitivity: ArrayLike) -> Array:
    """Satisfaction with material rewards relative to what has become normal (habituation).

    Material rewards act only briefly and are soon taken for granted (strategie-umsetzung-vertrieb):
    only the difference to the habituated reference satisfies. Pattern P6.
    """
    return clip01(0.5 + sensitivity * (reward - reference))


def recognition_target(social_recognition: ArrayLike, mgmt_trust: ArrayLike) -> Array:
    """Recognition a promoter comes to feel: what policy gives, more for those the boss trusts."""
    return social_recognition * (0.5 + 0.5 * mgmt_trust)


def career_target(linkage: ArrayLike, customer_trust: ArrayLike) -> Array:
    """Career progress: tied to relationship success as far as policy links them.

    Walter & Mörmann: linking advancement to the relationships' success binds promoters; without
    linkage everyone progresses at a typical 0.3 (assumption).
    """
    return (1.0 - linkage) * 0.3 + linkage * customer_trust


def satisfaction(
    material: ArrayLike, recognition: ArrayLike, career: ArrayLike, intrinsic: ArrayLike,
    leader_trust: ArrayLike, stress: ArrayLike, role: ArrayLike,
) -> Array:
    """Job satisfaction: pay, lasting recognition, career, meaningful work, the boss, minus stress.

    Recognition acts longer than material reward (strategie-umsetzung-vertrieb); trust in the
    direct leader relates to satisfaction (Dirks & Ferrin 2002); role stress lowers it (Walter &
    Mörmann). Weights: assumption.
    """
    return clip01(
        0.10 + 0.20 * material + 0.25 * recognition + 0.15 * career + 0.25 * intrinsic
        + 0.20 * leader_trust - 0.40 * stress + 0.05 * role
    )


def leader_trust_target(latitude_: ArrayLike, manager_time: ArrayLike, backing: ArrayLike,
                        mgmt_trust: ArrayLike) -> Array:
    """Trust the promoter feels in the manager: latitude, the boss's time, backing, being trusted.

    Bernstrøm & Svare (2017): decision latitude raises felt trust, monitoring lowers it; trust is
    reciprocated, so a distrusted promoter comes to distrust the boss (Manzoni & Barsoux 1998);
    top-manager-beziehungsebene: half of managers spend at most 3 hours a week on their staff.
    """
    return clip01(0.15 + 0.3 * latitude_ + 0.2 * manager_time + 0.1 * backing + 0.25 * mgmt_trust)


def manager_time_share(hours_per_week: ArrayLike, team_size: ArrayLike) -> Array:
    """Manager time per promoter, as a share of a generous 1.5 hours a week each."""
    return clip01(hours_per_week / (1.5 * np.maximum(team_size, 1)))


def loyalty_target(satisfaction_: ArrayLike, leader_trust: ArrayLike, career: ArrayLike,
                   identification: ArrayLike) -> Array:
    """Loyalty to the firm: satisfaction, trust in the boss, career; eroded by going native."""
    return clip01(
        0.5 * satisfaction_ + 0.3 * leader_trust + 0.2 * career
        - 0.3 * np.maximum(identification - 0.5, 0.0)
    )


# --- 6. the promoter role ----------------------------------------------------------------------


def role_standing(customer_trust: ArrayLike, mgmt_trust: ArrayLike, knowledge: ArrayLike,
                  work: ArrayLike, skill: ArrayLike, trust_threshold: ArrayLike,
                  standing_threshold: ArrayLike, knowledge_threshold: ArrayLike,
                  work_threshold: ArrayLike, skill_threshold: ArrayLike) -> Array:
    """Whether the conditions for the promoter role hold this month.

    The role is earned, not assigned: it needs the trust of the customers and of management,
    knowledge of the own firm, the linking activity itself (relationship work) and the social
    skill for it (Walter & Mörmann: gaining the trust and sympathy of external and internal
    partners and understanding the customer takes time; beziehungsmanagement-innen-aussen:
    social intelligence, not only expertise).
    """
    return (
        (customer_trust >= trust_threshold) & (mgmt_trust >= standing_threshold)
        & (knowledge >= knowledge_threshold) & (work >= work_threshold)
        & (skill >= skill_threshold)
    )


def streak(count: ArrayLike, condition: ArrayLike) -> Array:
    """Consecutive months a condition has held (0 when it fails)."""
    return np.where(condition, count + 1, 0)


# --- 7. customer side --------------------------------------------------------------------------


def career_success_target(ambition: ArrayLike, support: ArrayLike, quality: ArrayLike) -> Array:
    """The counterpart's own career success: their drive, helped by the supplier's support.

    Market information, help finding suppliers and cost savings make the customer's key person
    successful and bind them (Walter & Mörmann). Weights: assumption.
    """
    return clip01(ambition + 0.8 * support * (0.4 + 0.6 * quality))


def customer_promoter_step(
    current: ArrayLike, success: ArrayLike, trust: ArrayLike, standing_trust: ArrayLike,
    success_needed: ArrayLike, trust_needed: ArrayLike, chance: ArrayLike,
) -> Array:
    """Whether a counterpart acts as customer-side promoter this month.

    A successful counterpart who trusts the promoter personally may take the role (with a monthly
    chance); it is dropped when their trust in the relationship (personal and firm,
    ``standing_trust``) falls clearly below the threshold, so a customer-side promoter outlasts a
    change of the supplier's person (Walter & Mörmann).
    """
    becomes = (np.logical_not(current) & (success >= success_needed) & (trust >= trust_needed)
               & chance)
    stops = np.logical_and(current, standing_trust < trust_needed - 0.15)
    return np.logical_and(np.logical_or(current, becomes), np.logical_not(stops))


def power_overuse_cost(customer_promoter: ArrayLike, supplier_promoter: ArrayLike, power: ArrayLike,
                       value: ArrayLike, cost_rate: ArrayLike) -> Array:
    """Cost of inappropriate adaptation demands by a customer-side promoter facing none.

    Walter & Mörmann: without a promoter opposite, customer-side promoters over-use power and
    demand inappropriate customer-specific adaptations and investments. Pattern P9.
    """
    facing_none = np.logical_and(customer_promoter, np.logical_not(supplier_promoter))
    return np.where(facing_none, cost_rate * power * value, 0.0)


# --- 8./9. hazards -----------------------------------------------------------------------------


def quit_probability(
    floor: ArrayLike, base: ArrayLike, satisfaction_: ArrayLike, stress: ArrayLike,
    leader_trust: ArrayLike, loyalty: ArrayLike, outside_option: ArrayLike, income: ArrayLike,
    role: ArrayLike,
) -> Array:
    """Monthly probability that a promoter quits (proportional hazard).

    Emotional exhaustion and trust in the supervisor are the strongest antecedents of turnover
    (meta-analysis of 129 samples); satisfaction and loyalty (Walter & Mörmann: dissatisfaction up
    to disloyalty); an outside offer above the income the promoter has got used to (so volatile
    commission income that falls drives people out; reviews of sales compensation); role holders
    are more embedded. Centred on a typical promoter so that ``floor + base`` is their hazard;
    ``floor`` is turnover no policy prevents (relocation, retirement, life events).
    Coefficients: assumption, calibrated to 15–30% turnover a year (P8).
    """
    x = (
        2.0 * (0.55 - satisfaction_) + 2.5 * (stress - 0.2) + 2.0 * (0.55 - leader_trust)
        + 1.0 * (0.6 - loyalty) + 2.0 * (outside_option - income) - 0.3 * role
    )
    return np.minimum(floor + base * soft_exp(x), 1.0)


def defection_probability(
    floor: ArrayLike, base: ArrayLike, trust: ArrayLike, commitment: ArrayLike,
    price_sensitivity: ArrayLike, hardness: ArrayLike, competitor_pull: ArrayLike,
    vacant: ArrayLike, vacancy_pull: ArrayLike, customer_promoter: ArrayLike,
    supplier_promoter: ArrayLike,
) -> Array:
    """Monthly probability that a customer ends the relationship (proportional hazard).

    Trust and commitment bind (Morgan & Hunt 1994); hard terms put off the price-sensitive;
    competitors pull; switching becomes likely when the seller leaves (beziehungsmanagement-innen-
    aussen; Palmatier, Scheer & Steenkamp 2007); promoters on either side bind (Walter & Gemünden
    2000). ``floor`` is churn no relationship prevents (a customer closes, merges or changes
    strategy). Coefficients: assumption, calibrated to about a quarter of relationships a year
    (P8).
    """
    x = (
        -3.0 * (trust - 0.5) - 1.5 * (commitment - 0.4) + 2.0 * price_sensitivity * (hardness - 0.5)
        + 2.0 * (competitor_pull - 0.3) + vacancy_pull * vacant - 0.5 * customer_promoter
        - 0.4 * supplier_promoter
    )
    return np.minimum(floor + base * soft_exp(x), 1.0)


def vacancy_months(u: ArrayLike, shortest: ArrayLike, longest: ArrayLike) -> Array:
    """Months a position stays empty, uniform on ``shortest..longest`` (hiring takes 1–3 months)."""
    return shortest + np.floor(u * (longest - shortest + 1.0))


def ramp(tenure_months: ArrayLike, ramp_months: ArrayLike) -> Array:
    """Productivity of a new hire: just over half in the first month, full in month ``ramp_months``.

    New hires reach full productivity after 4–6 months (LITERATURE.md, sales-force turnover);
    hired from the market, they start from half of it (assumption). ``tenure_months`` counts the
    months already worked (0 in the first month).
    """
    return 0.5 + 0.5 * clip01((tenure_months + 1.0) / ramp_months)


def succession_trust(personal_trust: ArrayLike, handover: ArrayLike) -> Array:
    """Personal trust the successor inherits: the leaver's introduction passes on a share.

    Personal trust goes with the person; a handover by the leaver and a similar successor keep
    part of it (Shi et al. 2017: ~40% of the transition loss is avoidable; Schmitz et al. 2020).
    """
    return handover * personal_trust
