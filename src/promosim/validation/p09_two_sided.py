"""P9: dyads with promoters on both sides do best; a customer promoter facing none over-uses power.

Experiment: the baseline; every month, every active relationship is classed by whether it faces
a supplier-side promoter (its promoter holds the role, or a role holder was matched to it) and
whether its counterpart acts as customer-side promoter (the supplier side as it stood at the
start of the month). Compared per class: revenue per
relationship-month, defections per relationship-year and the cost of adaptation demands. Also:
matching every customer-side promoter (matching = 1) against the baseline on common seeds.
Criterion (Walter & Gemünden 2000: a promoter on either side raises sales growth and share of
wallet; Walter & Mörmann: without a promoter opposite, customer-side promoters over-use power):
both-sided dyads have the highest revenue and the lowest defection rate of the four classes;
adaptation costs arise where a customer promoter faces none (at least 95% of them; a promoter
can change status within a month); matching lowers them (paired
95% interval below zero).
"""

from __future__ import annotations

import numpy as np

from promosim.validation.core import Pattern, Result, Runner, Settings, paired_difference

CLASSES = ("neither", "supplier only", "customer only", "both")


class DyadClasses:
    """Observer: relationship-months, revenue, defections and adaptation cost per class."""

    def __init__(self):
        self.totals = {name: np.zeros(4) for name in ("months", "revenue", "defections",
                                                      "adaptation")}
        self.supplier = None

    def __call__(self, st, month: int) -> None:
        """Add this month's relationships to their class (supplier side as at its start)."""
        supplier = (st.occupied & st.role)[..., None] | st.matched
        if month > 0:
            counted = (st.active & ~st.acquired) | st.defected
            customer = np.where(st.defected, self.customer, st.customer_promoter)
            klass = self.supplier.astype(int) + 2 * customer.astype(int)
            self._add(st, counted, klass)
        self.supplier, self.customer = supplier, st.customer_promoter.copy()

    def _add(self, st, counted: np.ndarray, klass: np.ndarray) -> None:
        for k in range(4):
            mask = counted & (klass == k)
            self.totals["months"][k] += mask.sum()
            self.totals["revenue"][k] += st.sales[mask].sum()
            self.totals["defections"][k] += st.defected[mask].sum()
            self.totals["adaptation"][k] += st.overuse[mask].sum()


def measure(settings: Settings) -> Result:
    """Outcomes by dyad class, and the effect of matching on adaptation costs."""
    runner = Runner(settings)
    classes = DyadClasses()
    base = runner.run(observe=classes)
    matched = runner.run(matching=1.0)
    t = classes.totals
    revenue = t["revenue"] / t["months"]
    defection = 12.0 * t["defections"] / t["months"]
    adaptation = t["adaptation"] / t["months"]
    saving = paired_difference(matched.series["adaptation_cost"][:, 1:].sum(axis=1),
                               base.series["adaptation_cost"][:, 1:].sum(axis=1))
    both = CLASSES.index("both")
    ok = (revenue.argmax() == both and defection.argmin() == both
          and adaptation[CLASSES.index("customer only")] > 0
          and adaptation.sum() - adaptation[CLASSES.index("customer only")]
          <= 0.05 * adaptation.sum()
          and saving[2] < 0)
    text = "; ".join(f"{name}: {revenue[k]:.1f} k€/month, churn {100 * defection[k]:.0f}%/yr, "
                     f"adaptation {adaptation[k]:.2f} k€/month" for k, name in enumerate(CLASSES))
    text += f"; matching changes adaptation cost by {saving[0] / 1000:+.1f} M€ over the horizon"
    return Result("P9", TITLE, CRITERION, text, passed=bool(ok),
                  details={"revenue": revenue, "defection": defection, "adaptation": adaptation,
                           "share": t["months"] / t["months"].sum(), "saving": saving})


def figure(result: Result, ax) -> None:
    """Revenue and churn per dyad class."""
    x = np.arange(len(CLASSES))
    ax.bar(x - 0.2, result.details["revenue"], width=0.4, label="revenue (k€/month)")
    ax.bar(x + 0.2, 100 * result.details["defection"], width=0.4, label="churn (%/year)")
    ax.set_xticks(x, [f"{c}\n({s:.0%})" for c, s in zip(CLASSES, result.details["share"],
                                                          strict=True)])
    ax.set_xlabel("promoters in the dyad (share of relationship-months)")
    ax.legend()


TITLE = "Dyads with promoters on both sides do best; a lone customer promoter over-uses power"
CRITERION = ("both-sided dyads: highest revenue, lowest churn; adaptation cost (≥ 95% of it) "
             "where a customer promoter faces none; matching lowers it")
PATTERN = Pattern("P9", TITLE, CRITERION, "Walter & Gemünden 2000; Walter & Mörmann", measure,
                  figure)
