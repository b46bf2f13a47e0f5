"""The outcome registry: every monthly series and every per-run outcome, declared once.

A :class:`Series` is a value per run and month, computed by :func:`promosim.metrics.account_month`
(one line per series). An :class:`Outcome` is a value per run, summarised from the reported
months of the series; it carries its label, meaning, kind of number (which fixes its range,
unit and format), which direction is better, and where it is shown. Run summaries, comparisons,
the HTML report, the command line's printouts, the dashboard, sensitivity analyses and the
defaults of sweep files all read this module, so adding an outcome is one declaration here plus
its computation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

# --- monthly series ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A monthly series: its name, meaning, unit, its report chart's title, its dashboard legend."""

    name: str
    meaning: str
    unit: str = ""
    plotted: str = ""  # the title of its trajectory chart in the report ("" if not plotted)
    legend: str = ""  # its line's label in the dashboard's charts ("" if not charted there)


#: Monthly series. Counts and money are per month; means are over occupied positions or active
#: accounts. Month 0 is the last month of the spin-up (the firm as it stands when the reported
#: months begin); its events are not in the event log.
SERIES: tuple[Series, ...] = (
    Series("promoters", "occupied promoter positions", "positions"),
    Series("vacancies", "vacant positions", "positions"),
    Series("hires", "promoters hired this month", "people"),
    Series("quits", "promoters who quit this month", "people", legend="quits"),
    Series("promoters_in_role", "promoters holding the relationship-promoter role", "people"),
    Series("mean_customer_trust", "counterparts' mean trust in their promoter", "0–1",
           "Customers' trust in their promoter", "customers' trust in their promoter"),
    Series("mean_firm_trust", "counterparts' mean trust in the supplier firm", "0–1"),
    Series("mean_commitment", "counterparts' mean commitment", "0–1"),
    Series("mean_management_trust", "managers' mean trust in their promoters", "0–1",
           "Managers' trust in their promoters", "managers' trust in their promoters"),
    Series("mean_supervision", "mean tightness of supervision", "0–1", "Tightness of supervision",
           "supervision"),
    Series("mean_latitude", "promoters' mean decision latitude", "0–1"),
    Series("mean_effort", "promoters' mean voluntary effort", "0–1"),
    Series("mean_relationship_share", "mean share of effort given to relationship work", "0–1"),
    Series("mean_hardness", "mean hardness of the terms negotiated", "0–1"),
    Series("mean_role_conflict", "promoters' mean role conflict", "0–1",
           "Promoters' role conflict", "role conflict"),
    Series("mean_stress", "promoters' mean stress", "0–1"),
    Series("mean_satisfaction", "promoters' mean job satisfaction", "0–1"),
    Series("mean_intrinsic", "promoters' mean intrinsic motivation", "0–1"),
    Series("mean_knowledge", "promoters' mean knowledge of the firm", "0–1"),
    Series("active_relationships", "customer relationships", "relationships"),
    Series("defections", "relationships ended by the customer this month", "relationships"),
    Series("acquisitions", "relationships started this month", "relationships"),
    Series("customer_promoters", "counterparts acting as customer-side promoters", "people"),
    Series("power_overuse", "customer-side promoters facing none, over-using power this month",
           "people"),
    Series("negotiations", "negotiations this month", "negotiations"),
    Series("wins", "negotiations won this month", "negotiations"),
    Series("revenue", "revenue", "k€", legend="revenue"),
    Series("pay_cost", "promoters' pay", "k€", legend="pay cost"),
    Series("resource_cost", "cost of backing, budgets, talks, support, manager time and hiring",
           "k€"),
    Series("adaptation_cost", "cost of adaptations demanded by over-using customer promoters",
           "k€"),
    Series("profit", "gross margin minus pay, resource and adaptation cost", "k€"),
    Series("spirals_active", "dyads in a failure–distrust spiral", "dyads",
           legend="in a failure–distrust spiral now"),
    Series("spirals_started", "spirals started this month", "spirals"),
    Series("spirals_recovered", "spirals ended in recovery this month", "spirals"),
    Series("spirals_quit", "spirals ended by the promoter's quit this month", "spirals"),
    Series("feedback_talks", "feedback talks held this month", "talks"),
    Series("mean_customer_satisfaction", "counterparts' mean satisfaction with the supplier",
           "0–1"),
    Series("won_volume", "business won this month at list prices", "k€"),
    Series("customer_volume", "business the month's customers placed (their monthly volume)",
           "k€"),
)
SERIES_NAMES: tuple[str, ...] = tuple(s.name for s in SERIES)
SERIES_BY_NAME: dict[str, Series] = {s.name: s for s in SERIES}
#: Series the report plots month by month (name → chart title).
TRAJECTORIES: dict[str, str] = {s.name: s.plotted for s in SERIES if s.plotted}
#: One run-month of every series, as the engine writes it.
SERIES_RECORD = np.dtype([(name, np.float64) for name in SERIES_NAMES])

# --- kinds of number -----------------------------------------------------------------------------

MINUS = "\u2212"


@dataclass(frozen=True)
class Kind:
    """A kind of number: its range, and how it is shown (factor, unit, decimals)."""

    low: float
    high: float
    factor: float = 1.0
    unit: str = ""
    decimals: int = 2
    difference_decimals: int = 3
    difference_unit: str = ""
    #: The unit of a difference in plain words (" points" for percentage points), if another.
    difference_said: str = ""

    def number(self, x: float, difference: bool = False) -> str:
        """The number alone: scaled, rounded, with a true minus; differences carry their sign."""
        if not difference:
            return f"{x * self.factor:,.{self.decimals}f}".replace("-", MINUS)
        text = f"{abs(x * self.factor):,.{self.difference_decimals}f}"
        sign = "±" if float(text.replace(",", "")) == 0.0 else ("+" if x > 0 else MINUS)
        return sign + text

    def unit_of(self, difference: bool = False) -> str:
        """The unit of a value, or of a difference (percentages differ in percentage points)."""
        return (self.difference_unit or self.unit) if difference else self.unit

    def value(self, x: float) -> str:
        """A value with its unit, e.g. ``18.2%``, ``0.61``, ``8.90 M€`` ("n/a" if undefined)."""
        return self.number(x) + self.unit if math.isfinite(x) else "n/a"

    def difference(self, x: float, said: bool = False) -> str:
        """A signed difference with its unit, e.g. ``+2.5 pp`` (``said``: ``+2.5 points``)."""
        if not math.isfinite(x):
            return "n/a"
        return self.number(x, True) + (self.difference_said if said and self.difference_said
                                       else self.unit_of(True))


KINDS: dict[str, Kind] = {
    "rate": Kind(0.0, math.inf, 100.0, "%", 1, 1, " pp", " points"),  # per year
    "share": Kind(0.0, 1.0, 100.0, "%", 1, 1, " pp", " points"),
    "index": Kind(0.0, 1.0, 1.0, "", 2, 3),  # a 0..1 scale of the model
    "per_year": Kind(0.0, math.inf, 1.0, "", 3, 3),  # events per promoter-year
    "money": Kind(-math.inf, math.inf, 0.001, " M€", 2, 2),  # k€, shown in M€
    "unit_cost": Kind(0.0, math.inf, 1.0, " k€", 1, 1),  # k€ per promoter-year
    "count": Kind(0.0, math.inf, 1.0, "", 1, 1),
    "years": Kind(0.0, math.inf, 1.0, " years", 1, 1),
    "month": Kind(0.0, math.inf, 1.0, "", 0, 1),  # a month of the horizon (1-based)
}

# --- per-run outcomes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A span of the reported months: ``first`` to ``last`` (None: to the horizon), 1-based."""

    name: str
    label: str
    first: int
    last: int | None = None

    def reached(self, months: int) -> bool:
        """Whether a horizon of ``months`` reaches into the window."""
        return self.first <= months

    def years(self, months: int) -> float:
        """Years the window spans within a horizon of ``months`` (at least a month's worth)."""
        last = months if self.last is None else min(self.last, months)
        return max(last - self.first + 1, 1) / 12.0


#: The whole horizon, the first year after the policy took effect (the transition) and the
#: steady state from year 3 on. A run's outcomes are usually over the whole horizon.
HORIZON = Window("horizon", "whole horizon", 1)
FIRST_YEAR = Window("first_year", "first year after the switch", 1, 12)
STEADY_STATE = Window("steady_state", "steady state (year 3 on)", 25)
WINDOWS: tuple[Window, ...] = (HORIZON, FIRST_YEAR, STEADY_STATE)


class Months:
    """Reported months of a batch's series (by default 1..T), with the sums and means outcomes need.

    ``window`` restricts them (month 0, the firm before the reported months, is never included);
    a window that starts after the horizon leaves no months, and every outcome is then NaN.
    """

    def __init__(self, series: Mapping[str, np.ndarray], window: Window = HORIZON):
        stop = None if window.last is None else window.last + 1
        self.s = {name: np.asarray(v, dtype=np.float64)[:, max(window.first, 1):stop]
                  for name, v in series.items()}
        self.months = self.s["promoters"].shape[1]
        self.years = self.months / 12.0

    def total(self, name: str) -> np.ndarray:
        """Sum over the months."""
        return self.s[name].sum(axis=1)

    def mean(self, name: str) -> np.ndarray:
        """Mean over the months (NaN when there are none)."""
        return _mean(self.s[name])

    def first_year(self, name: str) -> np.ndarray:
        """Sum over the first 12 months (fewer if there are fewer)."""
        return self.s[name][:, :min(12, self.months)].sum(axis=1)

    def last_year(self, name: str, mean: bool = False) -> np.ndarray:
        """Sum (or mean) over the last 12 months."""
        last = self.s[name][:, max(self.months - 12, 0):]
        return _mean(last) if mean else last.sum(axis=1)

    def first(self, name: str) -> np.ndarray:
        """The first month (1-based) in which the series is positive; NaN if it never is."""
        positive = self.s[name] > 0
        if not self.months:
            return np.full(positive.shape[0], np.nan)
        return np.where(positive.any(axis=1), positive.argmax(axis=1) + 1.0, np.nan)

    def years_of(self, name: str) -> np.ndarray:
        """Exposure in years: the series summed over months, divided by 12."""
        return self.total(name) / 12.0

    @staticmethod
    def ratio(count: np.ndarray, exposure: np.ndarray) -> np.ndarray:
        """``count / exposure``, NaN where there was no exposure."""
        return np.divide(count, exposure, out=np.full_like(count, np.nan), where=exposure > 0)


def _mean(values: np.ndarray) -> np.ndarray:
    """Row means of ``values`` (NaN for rows without columns)."""
    return values.mean(axis=1) if values.shape[1] else np.full(values.shape[0], np.nan)


#: Where an outcome is shown: "compare" (comparison tables and CSV), "headline" (the report's
#: summary table), "lead" (the report's one sentence per policy at the top), "said" (the
#: report's plain-words findings), "printed" (the command line's printout of ``run`` and
#: ``compare``), "app" (the dashboard's projection table), "board" (the columns of the class
#: leaderboard besides the one it is ranked by), "sweep" (the default outputs of a sweep file and
#: the sensitivity charts).
PLACES = ("compare", "headline", "lead", "said", "printed", "app", "board", "sweep")


@dataclass(frozen=True)
class Plain:
    """How a difference in an outcome is said in plain words ("6 fewer leavers a year per 100 …").

    ``text`` holds ``{n}``, the size of the difference times ``factor`` with ``decimals``, and
    ``{dir}``, the word for its direction (``up`` or ``down``).
    """

    text: str
    factor: float = 1.0
    up: str = "more"
    down: str = "fewer"
    decimals: int = 0

    def say(self, difference: float) -> str:
        """The difference in words, e.g. ``"6 fewer leavers a year per 100 promoters"``."""
        size = f"{abs(difference) * self.factor:,.{self.decimals}f}"
        return self.text.format(n=size, dir=self.up if difference > 0 else self.down)


@dataclass(frozen=True)
class Outcome:
    """A per-run outcome: label, meaning, kind of number, better direction, computation, places."""

    name: str
    label: str
    meaning: str
    kind: str
    better: int  # +1 higher is better, -1 lower is better, 0 neither
    group: str
    summary: Callable[[Months], np.ndarray]
    shown: frozenset[str] = field(default_factory=frozenset)
    #: What it is, in plain words, for readers who are not modellers (the report's glossary).
    definition: str = ""
    #: How a difference is said in a sentence (None: it is not said in words).
    plain: Plain | None = None
    #: For a rate of events: the series of its exposure and the exposure's unit
    #: (``("promoters", "promoter-years")``), so that "none observed in N promoter-years" can be
    #: said when no event happened.
    exposure: tuple[str, str] = ()
    #: For money: summed over one year already (the first or last), so not divided by the
    #: horizon's years where money is shown a year.
    one_year: bool = False

    @property
    def glossary(self) -> str:
        """The definition for the glossary (the meaning when no definition is written)."""
        return self.definition or self.meaning[:1].upper() + self.meaning[1:] + "."

    @property
    def heading(self) -> str:
        """The label as a table heading: rates say they are per year."""
        return f"{self.label} (a year)" if self.kind == "rate" else self.label

    @property
    def yearly_heading(self) -> str:
        """The heading where money is shown a year too: rates and money say they are per year."""
        return f"{self.label} (a year)" if self.kind == "rate" or self.summed else self.label

    @property
    def summed(self) -> bool:
        """Whether the outcome is money summed over the span (shown a year by dividing)."""
        return self.kind == "money" and not self.one_year

    def a_year(self, x: float | np.ndarray, years: float | np.ndarray) -> float | np.ndarray:
        """A value as shown a year: money summed over ``years`` divided by them, others as is."""
        return x / years if self.summed else x

    def format(self, x: float) -> str:
        """A value as shown to people."""
        return KINDS[self.kind].value(x)

    def format_difference(self, x: float) -> str:
        """A difference as shown to people."""
        return KINDS[self.kind].difference(x)


def _in(*places: str) -> frozenset[str]:
    unknown = set(places) - set(PLACES)
    if unknown:
        raise ValueError(f"unknown places {sorted(unknown)}")
    return frozenset(places)


def _staff_years(m: Months) -> np.ndarray:
    return m.years_of("promoters")


RETENTION, RELATIONSHIPS, INSIDE, SPIRALS, MONEY = (
    "Retention", "Relationships", "Inside the firm", "Spirals", "Money")

_DECLARED: tuple[Outcome, ...] = (
    Outcome("turnover_rate", "Promoter turnover",
            "promoter quits per occupied position-year", "rate", -1, RETENTION,
            lambda m: m.ratio(m.total("quits"), _staff_years(m)),
            _in("compare", "headline", "lead", "said", "printed", "app", "board",
                "sweep"),
            definition="How many promoters quit in a year, per occupied position: 18% means "
                       "that 18 of 100 promoters quit within a year (their positions are then "
                       "filled again).",
            plain=Plain("{n} {dir} leavers a year per 100 promoters", 100.0),
            exposure=("promoters", "promoter-years")),
    Outcome("vacancy_share", "Positions vacant",
            "share of positions vacant, mean over the horizon", "share", -1, RETENTION,
            lambda m: m.ratio(m.total("vacancies"), m.total("promoters") + m.total("vacancies")),
            _in("compare"),
            definition="The share of promoter positions standing empty, on average: a position "
                       "is empty from a quit until the successor starts."),
    Outcome("role_share", "Promoters holding the promoter role",
            "share of occupied positions whose holder has the promoter role", "share", 1,
            RETENTION, lambda m: m.ratio(m.total("promoters_in_role"), m.total("promoters")),
            _in("compare", "app"),
            definition="The share of promoters who hold the relationship-promoter role: "
                       "customers and management have trusted them for a year, and they carry "
                       "the customer relationships."),
    Outcome("churn_rate", "Customer churn",
            "customer defections per relationship-year", "rate", -1, RELATIONSHIPS,
            lambda m: m.ratio(m.total("defections"), m.years_of("active_relationships")),
            _in("compare", "headline", "lead", "said", "printed", "app", "board",
                "sweep"),
            definition="How many customer relationships end in a year because the customer "
                       "leaves, per relationship: 24% means that 24 of 100 customers leave within "
                       "a year.",
            plain=Plain("{n} {dir} lost customers a year per 100 customers", 100.0),
            exposure=("active_relationships", "relationship-years")),
    Outcome("mean_customer_trust", "Customers' trust in their promoter",
            "counterparts' trust in their promoter, mean over the horizon", "index", 1,
            RELATIONSHIPS, lambda m: m.mean("mean_customer_trust"),
            _in("compare", "headline", "said", "printed", "app", "board", "sweep"),
            definition="How much the customers' key people trust the promoter who looks after "
                       "them, from 0 (not at all) to 1 (completely), averaged over the years.",
            plain=Plain("customers' trust {dir} by {n} (on a scale of 0 to 1)", 1.0, "higher",
                        "lower", 2)),
    Outcome("final_customer_trust", "Customers' trust, last year",
            "counterparts' trust in their promoter in the last year", "index", 1, RELATIONSHIPS,
            lambda m: m.last_year("mean_customer_trust", mean=True), _in("compare"),
            definition="Customers' trust in their promoter (0 to 1) in the last year "
                       "simulated, once the policy has had its full effect."),
    Outcome("mean_commitment", "Customers' commitment",
            "counterparts' commitment, mean over the horizon", "index", 1, RELATIONSHIPS,
            lambda m: m.mean("mean_commitment"), _in("compare"),
            definition="How committed the customers' key people are to staying with the "
                       "firm, from 0 to 1, averaged over the years."),
    Outcome("revenue", "Revenue", "revenue over the horizon (k€)", "money", 1, RELATIONSHIPS,
            lambda m: m.total("revenue"),
            _in("compare", "headline", "said", "printed", "app"),
            definition="Revenue from all customer accounts.",
            plain=Plain("{n} M€ {dir} revenue a year", 0.001, "more", "less", 1)),
    Outcome("revenue_first_year", "Revenue in the first year", "revenue in the first year (k€)",
            "money", 1, RELATIONSHIPS, lambda m: m.first_year("revenue"),
            _in("compare", "app"), one_year=True,
            definition="Revenue in the first year after the policy starts, while the firm "
                       "adapts to it."),
    Outcome("revenue_last_year", "Revenue in the last year", "revenue in the last year (k€)",
            "money", 1, RELATIONSHIPS, lambda m: m.last_year("revenue"), _in("app"),
            one_year=True,
            definition="Revenue in the last year simulated."),
    Outcome("mean_customer_satisfaction", "Customers' satisfaction",
            "counterparts' satisfaction with what the supplier delivers, mean over the horizon",
            "index", 1, RELATIONSHIPS, lambda m: m.mean("mean_customer_satisfaction"),
            _in("compare", "app"),
            definition="How satisfied the customers' key people are with what the supplier "
                       "delivers, from 0 to 1, averaged over the years."),
    Outcome("share_of_wallet", "Share of wallet",
            "share of the customers' business the supplier won (at list prices)", "share", 1,
            RELATIONSHIPS, lambda m: m.ratio(m.total("won_volume"), m.total("customer_volume")),
            _in("compare", "headline", "printed", "app", "sweep"),
            definition="The share of its customers' business the firm wins: of 100 € the "
                       "customers spend on what the firm offers, how many go to it."),
    Outcome("mean_management_trust", "Managers' trust in promoters",
            "managers' trust in their promoters, mean over the horizon", "index", 1, INSIDE,
            lambda m: m.mean("mean_management_trust"),
            _in("compare", "headline", "printed", "app"),
            definition="How much managers trust their promoters, from 0 to 1, averaged "
                       "over the years; when it is low, managers supervise tightly."),
    Outcome("mean_supervision", "Tightness of supervision",
            "tightness of supervision, mean over the horizon", "index", 0, INSIDE,
            lambda m: m.mean("mean_supervision"), _in("compare"),
            definition="How tightly managers supervise their promoters, from 0 (free to act) "
                       "to 1 (full control), averaged over the years."),
    Outcome("mean_role_conflict", "Promoters' role conflict",
            "promoters' role conflict, mean over the horizon", "index", -1, INSIDE,
            lambda m: m.mean("mean_role_conflict"), _in("compare", "headline", "said"),
            definition="The strain promoters feel between conflicting demands (hard terms for "
                       "the firm against the trust of their customers), from 0 to 1; it drives "
                       "stress and quits.",
            plain=Plain("promoters' role conflict {dir} by {n} (on a scale of 0 to 1)", 1.0,
                        "higher", "lower", 2)),
    Outcome("mean_satisfaction", "Promoters' job satisfaction",
            "promoters' job satisfaction, mean over the horizon", "index", 1, INSIDE,
            lambda m: m.mean("mean_satisfaction"), _in("compare"),
            definition="How satisfied promoters are with their job, from 0 to 1, averaged "
                       "over the years."),
    Outcome("spiral_incidence", "Spirals per promoter-year",
            "spirals started per promoter-year", "per_year", -1, SPIRALS,
            lambda m: m.ratio(m.total("spirals_started"), _staff_years(m)),
            _in("compare", "headline", "said", "printed", "app"),
            definition="How often a failure–distrust spiral starts, per promoter and year.",
            plain=Plain("{n} {dir} spirals a year per 100 promoters", 100.0, decimals=1),
            exposure=("promoters", "promoter-years")),
    Outcome("spiral_share", "Promoters in a spiral",
            "share of occupied positions in a spiral, mean over the horizon", "share", -1,
            SPIRALS, lambda m: m.ratio(m.total("spirals_active"), m.total("promoters")),
            _in("compare", "headline", "app"),
            definition="The share of promoters caught in a failure–distrust spiral at any "
                       "time, on average."),
    Outcome("first_spiral", "First spiral (month)",
            "the month in which the first spiral of the horizon started", "month", 0, SPIRALS,
            lambda m: m.first("spirals_started"), _in("app"),
            definition="The month in which the first failure–distrust spiral started."),
    Outcome("spiral_quit_share", "Spirals ending in a quit",
            "share of ended spirals that ended with the promoter's quit", "share", -1,
            SPIRALS, lambda m: m.ratio(m.total("spirals_quit"),
                                       m.total("spirals_recovered") + m.total("spirals_quit")),
            _in("compare", "printed", "app"),
            definition="Of the spirals that ended, the share that ended with the "
                       "promoter quitting rather than with the manager's trust restored "
                       "(spirals begun before month 1 included)."),
    Outcome("pay_cost", "Pay cost", "promoters' pay over the horizon (k€)", "money", -1, MONEY,
            lambda m: m.total("pay_cost"), _in("compare", "headline", "said", "printed"),
            definition="What the promoters are paid: fixed pay and bonuses.",
            plain=Plain("{n} M€ {dir} pay a year", 0.001, "more", "less", 1)),
    Outcome("resource_cost", "Resource cost",
            "backing, budgets, talks, support, manager time and hiring over the horizon (k€)",
            "money", -1, MONEY, lambda m: m.total("resource_cost"),
            _in("compare", "headline", "said", "app"),
            definition="What the firm spends besides pay to support its promoters: "
                       "management backing, budgets for customer contacts, feedback and "
                       "orientation talks, support for customers' key people, managers' time and "
                       "hiring new promoters.",
            plain=Plain("{n} M€ {dir} spent on resources a year", 0.001, "more", "less", 1)),
    Outcome("adaptation_cost", "Adaptations demanded by customers",
            "adaptations demanded by over-using customer promoters over the horizon (k€)",
            "money", -1, MONEY, lambda m: m.total("adaptation_cost"), _in("compare", "app"),
            definition="What the firm spends adapting its offers to customers whose key "
                       "person over-uses their power because no promoter of the firm faces them."),
    Outcome("cost_per_retained_year", "Pay and resources per promoter-year",
            "pay and resource cost per promoter-year (k€)", "unit_cost", -1, MONEY,
            lambda m: m.ratio(m.total("pay_cost") + m.total("resource_cost"), _staff_years(m)),
            _in("compare"),
            definition="Pay and resource cost divided by the years promoters were "
                       "employed: what keeping one promoter costs the firm for a year."),
    Outcome("profit", "Profit", "gross margin minus all costs over the horizon (k€)", "money", 1,
            MONEY, lambda m: m.total("profit"),
            _in("compare", "headline", "lead", "said", "printed", "app", "board",
                "sweep"),
            definition="Gross margin on revenue minus pay, resource and adaptation cost.",
            plain=Plain("{n} M€ {dir} profit a year", 0.001, "more", "less", 1)),
    Outcome("mean_firm_trust", "Customers' trust in the firm",
            "counterparts' trust in the firm, mean over the horizon", "index", 1, RELATIONSHIPS,
            lambda m: m.mean("mean_firm_trust")),
    Outcome("mean_stress", "Promoters' stress",
            "promoters' stress, mean over the horizon", "index", -1, INSIDE,
            lambda m: m.mean("mean_stress")),
    Outcome("customer_promoter_share", "Relationships with a customer-side promoter",
            "share of relationships with a customer-side promoter", "share", 1, RELATIONSHIPS,
            lambda m: m.ratio(m.total("customer_promoters"), m.total("active_relationships")),
            _in("app"),
            definition="The share of customer relationships in which the "
                       "customer's key person acts as a promoter for their own firm."),
    Outcome("overuse_share", "Customer-side promoters over-using power",
            "share of customer-side promoters who face no promoter of the supplier and over-use "
            "their power", "share", -1, RELATIONSHIPS,
            lambda m: m.ratio(m.total("power_overuse"), m.total("customer_promoters")),
            _in("app"),
            definition="Of the customers' key people who act as promoters for their firm, "
                       "the share facing no promoter of the supplier, who then over-use their "
                       "power."),
    Outcome("active_relationships", "Customer relationships",
            "customer relationships, mean over the horizon", "count", 1, RELATIONSHIPS,
            lambda m: m.mean("active_relationships")),
    Outcome("quits", "Quits", "promoters who quit over the horizon", "count", -1, RETENTION,
            lambda m: m.total("quits")),
    Outcome("hires", "Hires", "promoters hired over the horizon", "count", 0, RETENTION,
            lambda m: m.total("hires")),
    Outcome("defections", "Defections", "relationships ended by customers over the horizon",
            "count", -1, RELATIONSHIPS, lambda m: m.total("defections")),
)

#: Outcomes by name, in declaration order.
OUTCOMES: dict[str, Outcome] = {o.name: o for o in _DECLARED}


def shown_in(place: str) -> tuple[Outcome, ...]:
    """The outcomes shown in ``place`` (one of :data:`PLACES`), in declaration order."""
    if place not in PLACES:
        raise ValueError(f"unknown place {place!r}; places are {', '.join(PLACES)}")
    return tuple(o for o in _DECLARED if place in o.shown)


def names_in(place: str) -> tuple[str, ...]:
    """Names of the outcomes shown in ``place``."""
    return tuple(o.name for o in shown_in(place))
