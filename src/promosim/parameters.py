"""The parameter table: one row per parameter, the single source for every use of parameters.

Validation, the TOML loader, the command line's ``--set``, the model's constructor signature, the
dashboard's sliders and the parameter table in ``docs/parameters.md`` are all generated from
:data:`PARAMETERS`, so they cannot drift apart.

Each parameter has a unit, a range, a default and a source (a reference in ``LITERATURE.md`` or
``sources/``) or the word "assumption". Policy levers (group ``policy``) also carry a label and a
help text in business language; only levers may change during a run (policy schedule).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from promosim.errors import ConfigError, shown


@dataclass(frozen=True)
class Parameter:
    """Metadata of one model parameter."""

    name: str
    default: float
    low: float
    high: float
    unit: str
    group: str
    meaning: str
    source: str
    integer: bool = False
    label: str = ""
    help: str = ""

    @property
    def is_lever(self) -> bool:
        """Whether this is a policy lever (may be set by policy files and schedules)."""
        return self.group == "policy"

    def allowed(self) -> str:
        """The allowed values, as said in error messages."""
        kind = "an integer" if self.integer else "a number"
        return f"{kind} from {_fmt(self.low)} to {_fmt(self.high)}"


def _fmt(x: float) -> str:
    return f"{x:g}"


def _p(name, default, low, high, unit, group, meaning, source, *, integer=False, label="", help=""):
    return Parameter(name, default, low, high, unit, group, meaning, source, integer, label, help)


ASSUMPTION = "assumption"

PARAMETERS: tuple[Parameter, ...] = (
    # --- structure -----------------------------------------------------------------------------
    _p("n_teams", 10, 1, 200, "teams", "structure", "Sales teams, one manager each.",
       ASSUMPTION, integer=True),
    _p("team_size", 10, 1, 30, "positions", "structure",
       "Promoter positions (relationship managers) per team.", ASSUMPTION, integer=True),
    _p("accounts_per_position", 8, 1, 20, "accounts", "structure",
       "Customer account slots looked after by one position.",
       "assumption (key-account practice, beziehungsmarketing-lexikon)", integer=True),
    _p("months", 120, 1, 600, "months", "structure", "Simulated horizon; one step is one month.",
       "DESIGN.md (10 years)", integer=True),
    _p("spinup_months", 120, 0, 600, "months", "structure",
       "Months the firm runs under the baseline policy before month 1 (not reported).",
       "assumption; calibrated (tenures and relationships settle: 1.5% drift in 10 years)",
       integer=True),
    # --- market and accounts -------------------------------------------------------------------
    _p("share_a_accounts", 0.2, 0.0, 1.0, "share", "market",
       "Share of new accounts in class A (highest profit value).",
       "assumption (classification by profit value, beziehungsmarketing-lexikon)"),
    _p("share_b_accounts", 0.3, 0.0, 1.0, "share", "market",
       "Share of new accounts in class B; the rest are class C.", ASSUMPTION),
    _p("value_a", 40.0, 0.1, 1000.0, "k€/month", "market",
       "Monthly business volume of a class-A account if every negotiation were won (a won deal "
       "brings value / deal_rate).", ASSUMPTION),
    _p("value_b", 15.0, 0.1, 1000.0, "k€/month", "market",
       "Monthly business volume of a class-B account (as value_a).", ASSUMPTION),
    _p("value_c", 5.0, 0.1, 1000.0, "k€/month", "market",
       "Monthly business volume of a class-C account (as value_a).", ASSUMPTION),
    _p("deal_rate", 0.5, 0.05, 1.0, "1/month", "market",
       "Probability that an account negotiates in a month.", ASSUMPTION),
    _p("win_base", 0.0, -3.0, 3.0, "logit", "market",
       "Log-odds of winning a negotiation for a typical dyad.",
       "assumption (calibrated: baseline win rate about 0.6)"),
    _p("win_trust_slope", 1.5, 0.0, 10.0, "logit per unit trust", "market",
       "How strongly the customer's trust raises the chance of winning a negotiation.",
       "beziehungsmanagement-innen-aussen (trusting customers buy from the trusted supplier); "
       "calibrated to P7"),
    _p("win_quality_slope", 1.0, 0.0, 10.0, "logit per unit quality", "market",
       "How strongly this month's interaction quality raises the chance of winning.",
       "Palmatier et al. 2006; calibrated to P7"),
    _p("price_premium", 0.3, 0.0, 1.0, "share", "market",
       "Price spread between the softest and the hardest terms.", ASSUMPTION),
    _p("competitor_pull", 0.3, 0.0, 1.0, "index", "market",
       "Strength of competitors' pull on accounts.", ASSUMPTION),
    _p("competitor_standard", 0.48, 0.0, 1.0, "quality", "market",
       "Interaction quality customers get from competitors (trust grows above it).",
       "assumption (calibrated: baseline customer trust about 0.6)"),
    _p("hard_terms_strain", 0.15, 0.0, 1.0, "per unit", "market",
       "How much hard terms strain a price-sensitive counterpart's trust.",
       "Walter & Mörmann (negotiate hard vs build trust); value: assumption"),
    _p("acquisition_months", 4.0, 1.0, 36.0, "months", "market",
       "Mean time to win a new account into an empty slot.", ASSUMPTION),
    _p("defection_floor", 0.004, 0.0, 0.1, "1/month", "market",
       "Monthly chance that a customer ends the relationship for reasons no supplier controls.",
       "assumption (customers close, merge or change strategy: about 5% a year)"),
    _p("defection_base", 0.0185, 0.0, 0.3, "1/month", "market",
       "Monthly defection hazard of a typical relationship.",
       "Butzer-Strothmann (about a quarter of relationships end each year); calibrated (P8)"),
    _p("vacancy_defection", 0.3, 0.0, 3.0, "logit", "market",
       "Extra defection pull while the account's position is vacant.",
       "beziehungsmanagement-innen-aussen (switching when the seller changes jobs); "
       "calibrated to P7"),
    _p("gross_margin", 0.3, 0.0, 1.0, "share", "market", "Gross margin on revenue.", ASSUMPTION),
    # --- customer trust ------------------------------------------------------------------------
    _p("trust_gain", 0.10, 0.0, 1.0, "1/month", "trust",
       "Rate at which a positive interaction builds trust (λ⁺).", "Pant & Yu 2025 (λ⁺ = 0.10)"),
    _p("trust_loss", 0.30, 0.0, 1.0, "1/month", "trust",
       "Rate at which a negative interaction breaks trust (λ⁻).",
       "Pant & Yu 2025 (λ⁻ = 0.30, 3× negativity bias); Slovic 1993"),
    _p("firm_trust_speed", 0.3, 0.0, 1.0, "ratio", "trust",
       "Speed of trust in the firm relative to trust in the person.",
       "assumption (firm-level ties move slower; Palmatier et al. 2006)"),
    _p("personal_trust_weight", 0.3, 0.0, 1.0, "share", "trust",
       "Weight of personal (vs firm) trust in buying and staying.",
       "Palmatier et al. 2006 (person-level ties matter); Schmitz et al. 2020 (firm-level ties "
       "carry transitions); calibrated to P7"),
    _p("signal_gain", 2.0, 0.1, 10.0, "signal per quality", "trust",
       "Scale from quality beyond the competitors' standard to the trust signal.",
       "assumption (calibrated: a good promoter builds trust within about two years)"),
    _p("interaction_noise", 0.6, 0.0, 1.0, "quality", "trust",
       "Half-width of the month-to-month noise in how an interaction comes across.",
       "assumption; calibrated with signal_gain (customer trust about 0.6)"),
    _p("firm_trust_exit_loss", 0.03, 0.0, 1.0, "share", "trust",
       "Share of firm trust lost when the account's promoter quits.",
       "Schmitz et al. 2020 (firm trust survives the exit in part); calibrated to P7"),
    _p("new_account_trust", 0.3, 0.0, 1.0, "trust", "trust",
       "Personal and firm trust of a newly won account.", ASSUMPTION),
    _p("commitment_rate", 0.05, 0.0, 1.0, "1/month", "trust",
       "Rate at which commitment follows trust.",
       "Morgan & Hunt 1994 (trust → commitment); value: assumption"),
    _p("vacancy_cover", 0.6, 0.0, 1.0, "quality", "trust",
       "Interaction quality while the account's position is vacant (team covers).",
       "assumption; calibrated to P7"),
    # --- promoters -----------------------------------------------------------------------------
    _p("share_control_averse", 0.55, 0.0, 1.0, "share", "promoter",
       "Share of promoters who lower effort under control.",
       "Falk & Kosfeld 2006 (57%); replications 37%"),
    _p("share_control_raising", 0.25, 0.0, 1.0, "share", "promoter",
       "Share of promoters who raise effort under control.", "Falk & Kosfeld 2006 (25%)"),
    _p("control_aversion", 0.7, 0.0, 1.0, "per unit supervision", "promoter",
       "Mean effort loss per unit of supervision among control-averse promoters.",
       "Falk & Kosfeld 2006 (calibrated to P4: −10% to −25% on average)"),
    _p("control_raising", 0.2, 0.0, 1.0, "per unit supervision", "promoter",
       "Mean effort gain per unit of supervision among those who raise effort.",
       "Falk & Kosfeld 2006; value: assumption"),
    _p("incentive_pull", 0.2, 0.0, 1.0, "effort", "promoter",
       "Effort added by a fully variable pay package.",
       "Cerasoli, Nicklin & Ford 2014 (incentives drive quantity); value: assumption"),
    _p("reward_crowding", 0.03, 0.0, 0.5, "motivation", "promoter",
       "Loss of intrinsic motivation under fully performance-contingent pay.",
       "Deci, Koestner & Ryan 1999 (d = −0.28 × trait SD 0.115 ≈ 0.03)"),
    _p("control_crowding", 0.15, 0.0, 1.0, "motivation", "promoter",
       "Loss of intrinsic motivation per unit of felt control.",
       "Bernstrøm & Svare 2017 (monitoring → felt trust → intrinsic motivation); "
       "value: assumption"),
    _p("intrinsic_rate", 0.05, 0.0, 1.0, "1/month", "promoter",
       "Rate at which intrinsic motivation follows its target.", ASSUMPTION),
    _p("habit_months", 6.0, 1.0, 36.0, "months", "promoter",
       "Time for the effort split to follow a changed incentive.",
       "strategie-umsetzung-vertrieb (habits; Roth 2007); value: assumption"),
    _p("habit_threshold", 0.03, 0.0, 0.5, "share", "promoter",
       "Smallest change in the desired effort split that overcomes habit.",
       "strategie-umsetzung-vertrieb (change needs a clearly larger reward); value: assumption"),
    _p("relationship_bias", 0.25, -2.0, 2.0, "pull", "promoter",
       "Pull towards relationship work with neutral pay.",
       "assumption (calibrated: even split under baseline pay)"),
    _p("pay_pull", 1.0, 0.0, 10.0, "pull per pay share", "promoter",
       "Pull of commission towards selling and of relationship bonus towards relationship work.",
       "Walter & Mörmann; reviews of sales compensation; value: assumption"),
    _p("career_pull", 0.5, 0.0, 5.0, "pull", "promoter",
       "Pull of career linkage towards relationship work.", "Walter & Mörmann; value: assumption"),
    _p("intrinsic_pull", 1.0, 0.0, 5.0, "pull", "promoter",
       "Pull of intrinsic motivation towards relationship work.",
       "Cerasoli et al. 2014; value: assumption"),
    _p("control_hardening", 0.5, 0.0, 2.0, "hardness", "promoter",
       "How much supervision hardens the terms a promoter asks.",
       "Schweitzer, Ho & Zhang 2018 (monitored trustees comply); value: assumption"),
    _p("identification_softening", 0.3, 0.0, 2.0, "hardness", "promoter",
       "How much identification with customers softens the terms.",
       "Walter & Mörmann (over-identification); value: assumption"),
    _p("control_coop_loss", 0.5, 0.0, 1.0, "per unit", "promoter",
       "Cooperativeness lost per unit of supervision.",
       "Walter & Mörmann (supervision lowers cooperative attitude); value: assumption"),
    _p("conflict_coop_loss", 0.4, 0.0, 1.0, "per unit", "promoter",
       "Cooperativeness lost per unit of role conflict.", ASSUMPTION),
    _p("coop_rate", 0.2, 0.0, 1.0, "1/month", "promoter",
       "Rate at which cooperativeness follows its target.", ASSUMPTION),
    _p("conflict_base", 0.15, 0.0, 1.0, "conflict", "promoter",
       "Role conflict of a promoter under no pressure.", ASSUMPTION),
    _p("conflict_demand", 0.5, 0.0, 2.0, "conflict", "promoter",
       "Role conflict from divergent demands (pressure for hard terms × customer orientation).",
       "Walter & Mörmann; Verbeke, Dietz & Verwaal 2011; value: assumption"),
    _p("conflict_clarity_relief", 0.3, 0.0, 1.0, "conflict", "promoter",
       "Role conflict removed by fully clear goals.",
       "Walter & Mörmann (clear goals avoid role conflict); value: assumption"),
    _p("conflict_rate", 0.1, 0.0, 1.0, "1/month", "promoter",
       "Rate at which role conflict follows its target.", ASSUMPTION),
    _p("stress_rate", 0.05, 0.0, 1.0, "1/month", "promoter",
       "Rate at which exhaustion builds and recovers.", ASSUMPTION),
    _p("habituation_rate", 0.25, 0.0, 1.0, "1/month", "promoter",
       "Rate at which a material reward becomes the new normal.",
       "strategie-umsetzung-vertrieb (material rewards act only briefly); value: assumption"),
    _p("material_sensitivity", 2.0, 0.0, 10.0, "per unit pay", "promoter",
       "Satisfaction per unit of material reward above the habituated level.", ASSUMPTION),
    _p("recognition_rate", 0.05, 0.0, 1.0, "1/month", "promoter",
       "Rate at which felt recognition follows the recognition given (it lasts).",
       "strategie-umsetzung-vertrieb (social recognition acts longer); value: assumption"),
    _p("knowledge_rate", 0.02, 0.0, 1.0, "1/month", "promoter",
       "Base rate of learning the firm's goals, resources and strategy.", ASSUMPTION),
    _p("knowledge_forgetting", 0.01, 0.0, 1.0, "1/month", "promoter",
       "Rate at which knowledge of the firm goes stale.", ASSUMPTION),
    _p("identification_rate", 0.05, 0.0, 1.0, "1/month", "promoter",
       "Rate at which identification with customers follows its target.", ASSUMPTION),
    _p("leader_trust_rate", 0.1, 0.0, 1.0, "1/month", "promoter",
       "Rate at which the promoter's trust in the manager follows its target.", ASSUMPTION),
    _p("loyalty_rate", 0.05, 0.0, 1.0, "1/month", "promoter",
       "Rate at which loyalty follows its target.", ASSUMPTION),
    _p("career_rate", 0.05, 0.0, 1.0, "1/month", "promoter",
       "Rate at which career progress follows its target.", ASSUMPTION),
    _p("quit_floor", 0.004, 0.0, 0.1, "1/month", "promoter",
       "Monthly chance of quitting for reasons no policy touches (relocation, retirement).",
       "assumption (about 5% a year no policy prevents)"),
    _p("quit_base", 0.013, 0.0, 0.3, "1/month", "promoter",
       "Monthly quit hazard of a typical promoter.",
       "sales-force turnover 20–27% a year; calibrated to 15–30% (P8)"),
    _p("outside_spread", 0.3, 0.0, 1.0, "pay", "promoter",
       "Spread of promoters' outside offers around market pay (uniform).", ASSUMPTION),
    _p("vacancy_min", 1, 0, 24, "months", "promoter", "Shortest time to fill a vacancy.",
       "Alexander Group 2015 (hiring takes 1–3 months)", integer=True),
    _p("vacancy_max", 3, 0, 24, "months", "promoter", "Longest time to fill a vacancy.",
       "Alexander Group 2015 (hiring takes 1–3 months)", integer=True),
    _p("ramp_min", 4, 1, 24, "months", "promoter", "Shortest ramp-up of a new hire.",
       "new hires reach full productivity after 4–6 months", integer=True),
    _p("ramp_max", 6, 1, 24, "months", "promoter", "Longest ramp-up of a new hire.",
       "new hires reach full productivity after 4–6 months", integer=True),
    # --- management ----------------------------------------------------------------------------
    _p("trust_reference", 0.6, 0.05, 1.0, "trust", "management",
       "Management trust below which a manager starts to tighten supervision.", ASSUMPTION),
    _p("supervision_speed", 0.3, 0.0, 1.0, "1/month", "management",
       "Rate at which supervision follows the manager's target.",
       "Manzoni & Barsoux 1998 (labels form fast); value: assumption"),
    _p("control_narrowing", 0.7, 0.0, 1.0, "share", "management",
       "Share of latitude removed by full supervision.", "Walter & Mörmann; value: assumption"),
    _p("unbacked_latitude", 0.5, 0.0, 1.0, "share", "management",
       "Share of latitude usable without any backing.", "Walter & Mörmann; value: assumption"),
    _p("mgmt_trust_gain", 0.10, 0.0, 1.0, "1/month", "management",
       "Rate at which good results build the manager's trust.",
       "Pant & Yu 2025 (λ⁺); Slovic 1993"),
    _p("mgmt_trust_loss", 0.30, 0.0, 1.0, "1/month", "management",
       "Rate at which poor results break the manager's trust.",
       "Pant & Yu 2025 (λ⁻); Slovic 1993"),
    _p("attribution_bias", 1.0, 0.0, 3.0, "per unit supervision", "management",
       "Extra blame on the person for failures under supervision (mean over managers).",
       "Repenning & Sterman 2002; Manzoni & Barsoux 1998; value: assumption"),
    _p("evaluation_memory", 6.0, 1.0, 24.0, "months", "management",
       "Months of results a manager's view of a promoter rests on (recent results weigh most).",
       "assumption (half-yearly reviews); calibrated (stable management trust)"),
    _p("evaluation_noise", 0.2, 0.0, 1.0, "signal", "management",
       "Half-width of the noise in how a manager reads a month's results.",
       "assumption; calibrated (stable management trust at baseline)"),
    _p("expected_win_rate", 0.5, 0.0, 1.0, "share", "management",
       "Win rate a manager expects of a promoter, and the sales target (× account volume).",
       "assumption; calibrated (typical promoters slightly beat it; stable management trust)"),
    _p("situational_attribution", 0.55, 0.0, 1.0, "share", "management",
       "Share of the account situation (inherited trust) a manager allows for when judging "
       "results.",
       "Repenning & Sterman 2002 (attribution to the person); calibrated (visible spirals "
       "at baseline)"),
    _p("expected_hardness", 0.3, 0.0, 1.0, "hardness", "management",
       "Hardness of terms management expects under neutral pay; commission raises it, a "
       "relationship bonus lowers it. Also the terms the team offers while a position is vacant.",
       ASSUMPTION),
    _p("softness_suspicion", 1.0, 0.0, 3.0, "signal", "management",
       "How strongly soft terms under unclear goals read as siding with the customer.",
       "Walter & Mörmann (suspected of bargaining too softly); value: assumption"),
    _p("feedback_backfire_worst", 0.6, 0.0, 1.0, "probability", "management",
       "Chance that a person-directed (not constructive) feedback talk backfires.",
       "Kluger & DeNisi 1996 (over a third of interventions lowered performance)"),
    _p("feedback_backfire_best", 0.1, 0.0, 1.0, "probability", "management",
       "Chance that a fully constructive feedback talk backfires.",
       "Kluger & DeNisi 1996; value: assumption"),
    _p("feedback_relief", 0.3, 0.0, 1.0, "share", "management",
       "Share of role conflict removed by a good feedback talk.",
       "Walter & Mörmann; Deci et al. 1999 (positive feedback d = +0.33); value: assumption"),
    _p("feedback_repair", 0.08, 0.0, 1.0, "share", "management",
       "Share of the manager's missing trust restored by a good feedback talk.", ASSUMPTION),
    # --- promoter role -------------------------------------------------------------------------
    _p("role_trust", 0.55, 0.0, 1.0, "trust", "role",
       "Mean customer trust needed for the promoter role.", "Walter & Mörmann; value: assumption"),
    _p("role_standing", 0.55, 0.0, 1.0, "trust", "role",
       "Management trust (internal standing) needed for the role.",
       "Walter & Mörmann; value: assumption"),
    _p("role_knowledge", 0.5, 0.0, 1.0, "knowledge", "role",
       "Knowledge of the firm needed for the role.", "Walter & Mörmann; value: assumption"),
    _p("role_work", 0.6, 0.0, 1.0, "intensity", "role",
       "Relationship work needed for the role (the linking activity itself).",
       "Walter & Mörmann; value: assumption"),
    _p("role_skill", 0.55, 0.0, 1.0, "skill", "role",
       "Social skill needed for the role.",
       "beziehungsmanagement-innen-aussen (social intelligence); value: assumption"),
    _p("role_months", 12, 1, 60, "months", "role",
       "Months the conditions must hold before the role emerges.",
       "Walter & Mörmann (the role takes time); calibrated to P2", integer=True),
    _p("role_loss_months", 4, 1, 24, "months", "role",
       "Months of failed conditions after which the role is lost.", ASSUMPTION, integer=True),
    _p("role_quality_bonus", 0.08, 0.0, 0.5, "quality", "role",
       "Interaction quality added by holding the promoter role.",
       "Walter & Gemünden 2000; value: assumption"),
    # --- customer side -------------------------------------------------------------------------
    _p("customer_promoter_success", 0.45, 0.0, 1.0, "success", "customer",
       "Career success a counterpart needs to act as customer-side promoter.", ASSUMPTION),
    _p("customer_promoter_trust", 0.5, 0.0, 1.0, "trust", "customer",
       "Personal trust a counterpart needs to act as customer-side promoter.", ASSUMPTION),
    _p("customer_success_rate", 0.1, 0.0, 1.0, "1/month", "customer",
       "Rate at which a counterpart's career success follows the supplier's support.", ASSUMPTION),
    _p("customer_promoter_rate", 0.1, 0.0, 1.0, "1/month", "customer",
       "Monthly chance that an eligible counterpart takes the customer-side promoter role.",
       ASSUMPTION),
    _p("overuse_cost", 0.15, 0.0, 1.0, "share of volume", "customer",
       "Cost of adaptation demands by a customer-side promoter facing no supplier-side promoter.",
       "Walter & Mörmann (power over-use); value: assumption"),
    # --- spiral definition ---------------------------------------------------------------------
    _p("spiral_excess_on", 0.15, 0.0, 1.0, "supervision", "spiral",
       "Supervision above the policy base at which a spiral can start.",
       "definition (docs/ODD.md)"),
    _p("spiral_recovery_trust", 0.55, 0.0, 1.0, "trust", "spiral",
       "Management trust at which a spiral has ended in recovery.", "definition (docs/ODD.md)"),
    _p("spiral_trust_drop", 0.05, 0.0, 1.0, "trust", "spiral",
       "Fall in management trust over three months needed to start a spiral.",
       "definition (docs/ODD.md)"),
    _p("spiral_failures", 2, 1, 3, "months", "spiral",
       "Failure months (negative evaluation) among the last three needed to start a spiral.",
       "definition (docs/ODD.md)", integer=True),
    # --- scenario events -----------------------------------------------------------------------
    _p("shock_month", 0, 0, 600, "month", "shock",
       "First month of an early failure shock (0: none): shocked positions lose every "
       "negotiation.",
       "experiment design (P3)", integer=True),
    _p("shock_months", 1, 1, 24, "months", "shock",
       "How many months the failure shock lasts.", "experiment design (P3)", integer=True),
    _p("shock_share", 0.0, 0.0, 1.0, "share", "shock",
       "Share of positions hit by the failure shock.", "experiment design (P3)"),
    # --- costs ---------------------------------------------------------------------------------
    _p("pay_unit", 8.0, 0.0, 100.0, "k€/month", "cost",
       "On-target monthly pay of a promoter at market level.", ASSUMPTION),
    _p("hiring_cost", 20.0, 0.0, 500.0, "k€", "cost",
       "Cost of recruiting and onboarding one hire.", ASSUMPTION),
    _p("cost_backing", 2.0, 0.0, 50.0, "k€/month", "cost",
       "Monthly cost per promoter of full backing and resources.", ASSUMPTION),
    _p("cost_contact_budget", 1.0, 0.0, 50.0, "k€/month", "cost",
       "Monthly cost per promoter of a full budget for contacts.", ASSUMPTION),
    _p("cost_release", 3.0, 0.0, 50.0, "k€/month", "cost",
       "Monthly cost per promoter of full release from formal duties.", ASSUMPTION),
    _p("cost_development", 1.0, 0.0, 50.0, "k€/month", "cost",
       "Monthly cost per promoter of full orientation talks and full participation, each.",
       ASSUMPTION),
    _p("cost_feedback_talk", 0.2, 0.0, 10.0, "k€/talk", "cost", "Cost of one feedback talk.",
       ASSUMPTION),
    _p("cost_recognition", 0.2, 0.0, 10.0, "k€/month", "cost",
       "Monthly cost per promoter of full social recognition.", ASSUMPTION),
    _p("manager_hour_cost", 0.1, 0.0, 5.0, "k€/hour", "cost", "Cost of one manager hour.",
       ASSUMPTION),
    _p("cost_customer_support", 0.3, 0.0, 10.0, "k€/month", "cost",
       "Monthly cost per account of full support for the counterpart's success.", ASSUMPTION),
    _p("cost_matching", 0.5, 0.0, 10.0, "k€/month", "cost",
       "Monthly cost per account of a matched supplier-side promoter.", ASSUMPTION),
    # --- policy levers -------------------------------------------------------------------------
    _p("pay_level", 1.0, 0.7, 1.5, "× market", "policy", "Pay level relative to the market.",
       "Walter & Mörmann (a good fixed salary)", label="Pay level (× market)",
       help="On-target pay relative to what promoters could earn elsewhere."),
    _p("fixed_share", 0.7, 0.2, 1.0, "share", "policy", "Fixed share of on-target pay.",
       "Walter & Mörmann; reviews of sales compensation", label="Fixed salary share",
       help="The part of pay that does not depend on results. The rest is variable."),
    _p("relationship_bonus_share", 0.2, 0.0, 1.0, "share of variable", "policy",
       "Share of variable pay tied to relationship soft facts (customer trust and commitment).",
       "Walter & Mörmann (reward soft facts)", label="Relationship bonus (share of variable pay)",
       help="Variable pay for measured customer trust and commitment instead of commission on "
            "revenue."),
    _p("bonus_horizon", 12.0, 1.0, 36.0, "months", "policy",
       "Months over which variable pay is measured.",
       "Walter & Mörmann (short-term measurement leaves no room)", label="Bonus horizon (months)",
       help="Long horizons reward what lasts; short ones reward this quarter's revenue."),
    _p("social_recognition", 0.3, 0.0, 1.0, "intensity", "policy",
       "Social recognition given for good work.", "strategie-umsetzung-vertrieb",
       label="Social recognition", help="Praise, visibility and appreciation; its effect lasts."),
    _p("material_recognition", 0.2, 0.0, 1.0, "intensity", "policy",
       "Material rewards beyond pay (gifts, trips, one-off bonuses).",
       "strategie-umsetzung-vertrieb", label="Material rewards",
       help="Extra material rewards; people soon take them for granted."),
    _p("goal_clarity", 0.5, 0.0, 1.0, "clarity", "policy",
       "How clearly goals are agreed with promoters.", "Walter & Mörmann (clear goals)",
       label="Goal clarity", help="Clear, agreed goals reduce role conflict and misreadings."),
    _p("feedback_frequency", 0.25, 0.0, 1.0, "talks/month", "policy",
       "Feedback talks per promoter per month.", "Walter & Mörmann (constructive feedback)",
       label="Feedback talks per month", help="1 = monthly, 0.25 = quarterly."),
    _p("feedback_constructiveness", 0.5, 0.0, 1.0, "share", "policy",
       "How task-directed and constructive feedback is.", "Kluger & DeNisi 1996",
       label="Feedback constructiveness",
       help="Constructive, task-directed feedback rarely backfires; person-directed often does."),
    _p("supervision_base", 0.3, 0.0, 1.0, "tightness", "policy",
       "Base tightness of supervision imposed on every promoter.",
       "Walter & Mörmann; Falk & Kosfeld 2006", label="Base supervision",
       help="How tightly promoters are controlled regardless of trust."),
    _p("supervision_reactivity", 1.0, 0.0, 3.0, "gain", "policy",
       "How strongly managers tighten supervision when their trust falls.",
       "Manzoni & Barsoux 1998; Repenning & Sterman 2002", label="Supervision reactivity",
       help="High: managers clamp down quickly after disappointments."),
    _p("supervision_legitimacy", 0.2, 0.0, 1.0, "share", "policy",
       "How far promoters accept control as legitimate (agreed, explained, rule-based).",
       "Burdin, Halliday & Landini 2018", label="Legitimacy of control",
       help="Control that is explained and agreed costs little motivation."),
    _p("backing", 0.4, 0.0, 1.0, "level", "policy",
       "Backing by top management: access to the firm's resources.",
       "Walter & Mörmann (Rückhalt durch die Geschäftsleitung)", label="Management backing",
       help="Access to resources and protection by senior management."),
    _p("contact_budget", 0.3, 0.0, 1.0, "level", "policy",
       "Budget for building and keeping personal contacts.", "Walter & Mörmann",
       label="Budget for contacts",
       help="Money for customer visits, events and informal contacts."),
    _p("formal_duty_release", 0.2, 0.0, 1.0, "share", "policy",
       "Release from formal duties to free time for relationship work.", "Walter & Mörmann",
       label="Release from formal duties", help="Time freed from reporting and admin."),
    _p("participation", 0.3, 0.0, 1.0, "level", "policy",
       "Participation in business planning and holistic, meaningful tasks.", "Walter & Mörmann",
       label="Participation and holistic tasks",
       help="Promoters take part in planning and own whole relationships."),
    _p("career_linkage", 0.2, 0.0, 1.0, "share", "policy",
       "How closely career advancement is tied to the success of the relationships managed.",
       "Walter & Mörmann", label="Career linked to relationship success",
       help="Promotion depends on how the customer relationships develop."),
    _p("orientation_talks", 0.3, 0.0, 1.0, "level", "policy",
       "Regular orientation talks with experts, superiors and other relationship managers.",
       "Walter & Mörmann", label="Orientation talks",
       help="Regular exchange on the firm's goals, resources and strategy."),
    _p("customer_promoter_support", 0.2, 0.0, 1.0, "level", "policy",
       "Support for the counterpart's own success (market information, supplier search, savings).",
       "Walter & Mörmann", label="Support for the customer's key person",
       help="Help the customer's key person succeed in their own firm."),
    _p("matching", 0.0, 0.0, 1.0, "probability", "policy",
       "Monthly chance that a customer-side promoter facing none gets a supplier-side role holder.",
       "Walter & Mörmann (a promoter should face a promoter)", label="Matching promoters",
       help="Pair the customer's key person with one of your established promoters."),
    _p("succession_handover", 0.6, 0.0, 1.0, "share", "policy",
       "Share of a leaver's personal trust passed on to the successor (handover, similar "
       "successor).",
       "Shi et al. 2017 (~40% of the loss avoidable); Schmitz et al. 2020; baseline value "
       "calibrated to P7",
       label="Succession handover", help="Introduce successors personally and pick similar ones."),
    _p("manager_hours", 3.0, 0.0, 20.0, "hours/week", "policy",
       "Hours a week a manager spends on relationships with the team.",
       "top-manager-beziehungsebene (half of managers: at most 3 h)",
       label="Manager hours for the team (h/week)",
       help="Time managers spend with their promoters."),
    _p("hiring_social_weight", 0.5, 0.0, 1.0, "weight", "policy",
       "Weight of social skill (vs expertise) when hiring.",
       "beziehungsmanagement-innen-aussen (hiring on expertise, not social intelligence)",
       label="Hire for social skill (vs expertise)",
       help="1 = hire for social skill, 0 = hire for technical expertise."),
)

BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
LEVERS: tuple[str, ...] = tuple(p.name for p in PARAMETERS if p.is_lever)
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(p.group for p in PARAMETERS))
DEFAULTS: dict[str, float] = {p.name: p.default for p in PARAMETERS}
STRUCTURAL: tuple[str, ...] = ("n_teams", "team_size", "accounts_per_position")


def suggest(name: str, choices: list[str] | tuple[str, ...] = tuple(BY_NAME)) -> str:
    """A "did you mean" hint for an unknown name, or an empty string."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_value(name: str, value: Any, where: str = "") -> float | int:
    """Validate one parameter value and return it with its proper type.

    Raises:
        ConfigError: unknown name, wrong type, a fraction for an integer, NaN, infinite or out
            of range (the message echoes at most a short piece of the value).

    """
    prefix = f"{where}: " if where else ""
    spec = BY_NAME.get(name) if isinstance(name, str) else None
    if spec is None:
        hint = suggest(name) if isinstance(name, str) else ""
        raise ConfigError(f"{prefix}unknown parameter {shown(name)}{hint}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{prefix}'{name}' must be {spec.allowed()}, got "
                          f"{type(value).__name__} {shown(value)}")
    if spec.integer and isinstance(value, float) and not value.is_integer():
        raise ConfigError(f"{prefix}'{name}' must be {spec.allowed()}, got {shown(value)}")
    finite = math.isfinite(value) if isinstance(value, float) else True  # any size of integer
    if not finite or not spec.low <= value <= spec.high:
        raise ConfigError(f"{prefix}'{name}' = {shown(value)} is out of range: allowed "
                          f"{spec.allowed()}")
    return int(value) if spec.integer else float(value)


def check_consistency(values: Mapping[str, float], where: str = "") -> None:
    """Checks that involve several parameters at once."""
    prefix = f"{where}: " if where else ""
    for low, high in (("vacancy_min", "vacancy_max"), ("ramp_min", "ramp_max")):
        if values[low] > values[high]:
            raise ConfigError(f"{prefix}'{low}' ({values[low]:g}) must not exceed '{high}' "
                              f"({values[high]:g})")
    if values["share_a_accounts"] + values["share_b_accounts"] > 1.0:
        raise ConfigError(f"{prefix}'share_a_accounts' + 'share_b_accounts' must not exceed 1")
    if values["share_control_averse"] + values["share_control_raising"] > 1.0:
        raise ConfigError(f"{prefix}'share_control_averse' + 'share_control_raising' must not "
                          "exceed 1")


def check_schedule(schedule: Any, months: int, where: str = "policy_schedule") -> list[
        tuple[int, dict[str, float]]]:
    """Validate a policy schedule: (month, {lever: value}) pairs or {"month": m, lever: v}."""
    if schedule is None:
        return []
    if not isinstance(schedule, list | tuple):
        raise ConfigError(f"{where}: must be a list of scheduled changes, got {shown(schedule)}")
    checked = []
    for entry in schedule:
        if isinstance(entry, Mapping):
            levers = dict(entry)
            month = levers.pop("month", None)
        elif (isinstance(entry, list | tuple) and len(entry) == 2
              and isinstance(entry[1], Mapping)):
            month, levers = entry
        else:
            raise ConfigError(f"{where}: each change must be a table with 'month' and the levers "
                              f"it changes, got {shown(entry)}")
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= months:
            raise ConfigError(f"{where}: 'month' must be an integer from 1 to {months} (the "
                              f"horizon), got {shown(month)}")
        for name, value in levers.items():
            if name not in LEVERS:
                hint = suggest(name, LEVERS) if isinstance(name, str) else ""
                raise ConfigError(f"{where}: {shown(name)} is not a policy lever{hint}; only "
                                  "levers can change during a run")
            check_value(name, value, where)
        checked.append((month, {k: float(v) for k, v in levers.items()}))
    return checked


def resolve(overrides: Mapping[str, Any] | None = None, where: str = "") -> dict[str, float]:
    """Defaults updated by ``overrides``, each checked; returns the full parameter set."""
    if overrides is not None and not isinstance(overrides, Mapping):
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}parameters must be a table of NAME = VALUE, got "
                          f"{shown(overrides)}")
    values = dict(DEFAULTS)
    for name, value in (overrides or {}).items():
        values[name] = check_value(name, value, where)
    check_consistency(values, where)
    return values
