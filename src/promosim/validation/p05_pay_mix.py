"""P5: commission-heavy pay raises short-term revenue but costs trust, relationships and people.

Experiment: two arms on common seeds, each from month 1 under its pay policy (as the shipped
policy files): *commission-heavy* (40% fixed, all variable pay on this quarter's revenue) and
*relationship bonus* (75% fixed, 70% of variable pay on measured customer trust and commitment,
measured over two years). Criterion (Walter & Mörmann; reviews of sales compensation; Cerasoli
et al. 2014): paired over replicates, commission-heavy pay has higher first-year revenue, lower
customer trust in the last year, higher relationship churn and higher promoter turnover, each
with a 95% interval excluding zero.
"""

from __future__ import annotations

import numpy as np

from promosim.summary import summarise
from promosim.validation.core import Pattern, Result, Runner, Settings, paired_difference

COMMISSION = {"fixed_share": 0.4, "relationship_bonus_share": 0.0, "bonus_horizon": 3}
RELATIONSHIP = {"fixed_share": 0.75, "relationship_bonus_share": 0.7, "bonus_horizon": 24}
CHECKS = (  # outcome, expected sign of commission − relationship bonus, label
    ("revenue_first_year", 1, "first-year revenue"),
    ("final_customer_trust", -1, "last-year customer trust"),
    ("churn_rate", 1, "relationship churn"),
    ("turnover_rate", 1, "promoter turnover"),
)


def measure(settings: Settings) -> Result:
    """Paired differences commission-heavy minus relationship bonus."""
    runner = Runner(settings)
    commission, relationship = runner.run(**COMMISSION), runner.run(**RELATIONSHIP)
    a, b = summarise(commission), summarise(relationship)
    differences = {name: paired_difference(a[name], b[name]) for name, _, _ in CHECKS}
    relative = {name: differences[name][0] / b[name].mean() for name, _, _ in CHECKS}
    ok = [sign * low > 0 and sign * high > 0 for (name, sign, _), (_, low, high) in
          zip(CHECKS, differences.values(), strict=True)]
    text = "; ".join(f"{label} {100 * relative[name]:+.0f}% [{'ok' if good else 'not shown'}]"
                     for (name, _, label), good in zip(CHECKS, ok, strict=True))
    return Result("P5", TITLE, CRITERION, text, passed=all(ok),
                  details={"differences": differences, "relative": relative,
                           "revenue": (commission.series["revenue"],
                                       relationship.series["revenue"])})


def figure(result: Result, ax) -> None:
    """Monthly revenue under both pay policies (mean over replicates, yearly smoothed)."""
    for label, revenue in zip(("commission-heavy", "relationship bonus"),
                              result.details["revenue"], strict=True):
        mean = revenue[:, 1:].mean(axis=0)
        smooth = np.convolve(mean, np.ones(12) / 12, mode="valid")
        ax.plot(np.arange(12, 12 + smooth.size), smooth / 1000, label=label)
    ax.set_xlabel("month")
    ax.set_ylabel("revenue, 12-month moving average (M€/month)")
    ax.legend()


TITLE = "Commission-heavy pay: more revenue now, less trust, shorter relationships, more quits"
CRITERION = ("vs fixed pay + relationship bonus: first-year revenue higher, last-year trust "
             "lower, churn higher, turnover higher (95% intervals exclude 0)")
PATTERN = Pattern("P5", TITLE, CRITERION, "Walter & Mörmann; reviews of sales compensation",
                  measure, figure)
