"""Numbers and sentences for the report: formats, the sentences, the words the glossary defines.

The report leads with one sentence per policy (:func:`lead_sentence`), then says in paragraphs
what each policy did (:func:`policy_findings`). Every sentence is generated from the numbers it
states, in plain words: percentages differ in points, money is a year's for the firm simulated.
A difference is called clear only when its 95% interval excludes zero; otherwise the text says
that the simulation cannot tell it apart from chance with the simulated firms run. Statistical
terms stay in the report's appendix.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pandas as pd

from promosim.outcomes import KINDS, OUTCOMES, names_in

#: Outcomes the "what this says" paragraphs talk about, in this order (the registry's "said").
SAID = names_in("said")
#: Outcomes of the one sentence per policy at the top (the registry's "lead").
LEAD = names_in("lead")
#: Words of the report that are not measures, with their definitions (the glossary's second part).
TERMS: dict[str, str] = {
    "baseline": "The firm under its current policy: the scenario without any of the policies "
                "compared. Every policy is compared with it.",
    "simulated firm": "One run of the model: a firm of the stated size followed month by month "
                      "for the years simulated. Every policy runs on the same simulated firms, "
                      "which meet the same customers and the same chance events under every "
                      "policy, so that differences between policies come from the policies.",
    "95% interval": "The range that holds the true average effect with 95% confidence, given "
                    "the simulation's own randomness. A difference is clear when its interval "
                    "does not include zero.",
    "points": "Percentage points: the difference between two percentages (turnover from 18% "
              "to 21% is 3 points more).",
    "promoter": "A key person of the supplier who builds trust with the key people of its "
                "customers (a relationship promoter once customers and management have trusted "
                "them for a year).",
    "failure–distrust spiral": "A manager and a promoter caught in a loop: the manager, "
                               "disappointed by results, tightens control; the promoter loses "
                               "freedom and motivation; results get worse; the manager's trust "
                               "falls further. It ends when trust is restored or the promoter "
                               "quits.",
    "first year after the switch": "The first twelve months under a policy, while promoters, "
                                   "managers and customers adapt to it.",
    "steady state": "The years from the third on, once a policy has settled.",
    "return on the policy's cost": "A policy's extra profit divided by its extra pay and "
                                   "resource cost, both a year against the baseline: 50% means "
                                   "that every euro the policy costs more brought the euro back "
                                   "and 50 cents of profit on top.",
}


def value_text(x: float, kind: str) -> str:
    """A value with its unit, e.g. ``18.2%``, ``0.61``, ``8.90 M€``."""
    return KINDS[kind].value(x)


def difference_text(x: float, kind: str) -> str:
    """A signed difference with its unit; percentages differ in points."""
    return KINDS[kind].difference(x, said=True)


def interval_text(low: float, high: float, kind: str, difference: bool = False,
                  unit: bool = True) -> str:
    """An interval as ``a to b`` with the unit once at the end; "n/a" when undefined."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return "n/a"
    shown = KINDS[kind]
    text = f"{shown.number(low, difference)} to {shown.number(high, difference)}"
    if not unit:
        return text
    return text + ((shown.difference_said or shown.unit_of(True)) if difference
                   else shown.unit)


def lead_sentence(rows: pd.DataFrame, years: float) -> str:
    """One sentence on a policy in plain words, from its comparison rows (HTML).

    E.g. "<strong>clear-goals-feedback</strong>: about 6 fewer leavers a year per 100
    promoters, no clear change in customer churn and about 2.2 M€ more profit a year (22 M€
    over the 10 years)." Money rows hold money a year (the total over ``years`` is said too);
    only clear differences are said as differences.
    """
    rows = rows.set_index("outcome")
    parts = []
    for name in LEAD:
        if name not in rows.index:
            continue
        row, outcome = rows.loc[name], OUTCOMES[name]
        if not clear(row) or outcome.plain is None:
            parts.append(f"no clear change in {escape(outcome.label.lower())}")
            continue
        if outcome.summed:  # the rows hold money a year
            plain = outcome.plain
            total = abs(row["difference"]) * years * plain.factor
            parts.append(f"about {escape(plain.say(row['difference']))} "
                         f"({total:,.{plain.decimals}f} M€ over the {years:g} years)")
        else:
            parts.append(f"about {escape(outcome.plain.say(row['difference']))}")
    return f"<strong>{escape(rows['label'].iloc[0])}</strong>: {_join(parts)}."


def yearly(row: pd.Series) -> bool:
    """Whether a row's values are a year's: rates, and money summed over the span (shown a year).

    The row names its outcome in ``outcome`` or, from a table indexed by outcome, as its name.
    """
    if row["kind"] != "money":
        return row["kind"] == "rate"
    return OUTCOMES[row.get("outcome", row.name)].summed


def clear(row: pd.Series) -> bool:
    """Whether a difference's 95% interval excludes zero."""
    return bool(row["difference_low"] > 0.0 or row["difference_high"] < 0.0)


def judgement(row: pd.Series) -> str:
    """"better", "worse" or "" (no clear difference, or no better direction)."""
    if not clear(row) or row["better"] == 0:
        return ""
    return "better" if row["difference"] * row["better"] > 0 else "worse"


def phrase(row: pd.Series) -> str:
    """The outcome's description as a phrase inside a sentence."""
    text = row["description"]
    return text[0].lower() + text[1:]


def change_sentence(row: pd.Series) -> str:
    """E.g. "raised promoter turnover from 18.5% to 21.0% a year (+2.5 pp; 95% interval …)"."""
    kind = row["kind"]
    per = " a year" if yearly(row) else ""
    verb = "raised" if row["difference"] > 0 else "lowered"
    interval = interval_text(row["difference_low"], row["difference_high"], kind, True)
    before, after = value_text(row["reference_mean"], kind), value_text(row["mean"], kind)
    levels = (f"slightly, from about {before}{per}" if before == after  # alike when rounded
              else f"from {before} to {after}{per}")
    return (f"{verb} {escape(phrase(row))} {levels} "
            f"({difference_text(row['difference'], kind)}; 95% interval {interval})")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def policy_findings(rows: pd.DataFrame, replicates: int) -> str:
    """What one policy did against the reference, from its comparison rows (HTML).

    A verdict line (better on …, worse on …), one bullet per clear change with its interval,
    and a line naming the outcomes it made no clear difference to.
    """
    rows = rows.set_index("outcome")
    label, reference = escape(rows["label"].iloc[0]), escape(rows["reference"].iloc[0])
    said = [rows.loc[name] for name in SAID if name in rows.index]
    changed = [row for row in said if clear(row)]
    unclear = [escape(phrase(row)) for row in said if not clear(row)]
    if not changed:
        return (f"<p><strong>{label}</strong> made no clear difference against {reference} in "
                f"any of the main outcomes ({_join(unclear)}): every interval includes zero, so "
                f"with {replicates} simulated firms the simulation cannot tell the differences "
                "from chance.</p>")
    better = [escape(phrase(row)) for row in changed if judgement(row) == "better"]
    worse = [escape(phrase(row)) for row in changed if judgement(row) == "worse"]
    verdicts = ([f"better on {_join(better)}"] if better else []) + (
        [f"worse on {_join(worse)}"] if worse else [])
    head = f"<strong>{label}</strong> against {reference}"
    head += f": {'; '.join(verdicts)}." if verdicts else "."
    items = "".join(f"<li>{_first_upper(change_sentence(row))}</li>" for row in changed)
    text = f"<p>{head}</p><ul>{items}</ul>"
    if unclear:
        text += (f"<p>No clear difference in {_join(unclear)}: those intervals include zero, so "
                 f"with {replicates} simulated firms the simulation cannot tell these differences "
                 "from chance.</p>")
    return f'<div class="finding">{text}</div>'


def best(rows: pd.DataFrame, outcome: str) -> str:
    """Which label does best on ``outcome`` and whether that differs clearly from the reference."""
    own = rows[rows["outcome"] == outcome]
    info = own.iloc[0]
    if info["better"] == 0 or own["mean"].isna().all():
        return ""
    top = own.loc[(own["mean"] * info["better"]).idxmax()]
    per = " a year" if yearly(top) else ""
    text = (f"{_first_upper(escape(phrase(top)))} is best under <strong>{escape(top['label'])}"
            f"</strong> ({value_text(top['mean'], top['kind'])}{per}")
    if top["label"] == top["reference"]:
        return text + "); no policy improves on it."
    text += (f" against {value_text(top['reference_mean'], top['kind'])} under "
             f"{escape(top['reference'])}")
    if clear(top):
        return text + ", a clear difference)."
    return text + "), but the difference is within chance."


def p_text(p: float) -> str:
    """A p-value in words."""
    if not math.isfinite(p):
        return "n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def months_text(x: float, spells: int = 1) -> str:
    """Months, "not reached" for NaN, or "n/a" when there was nothing to follow."""
    if not spells:
        return "n/a"
    return f"{x:.0f}" if math.isfinite(x) else "not reached"


def median_sentence(table: pd.DataFrame, who: str, gone: str) -> str:
    """How long until half of ``who`` had ``gone`` (median), per label."""
    reached = table[np.isfinite(table["median"])]
    if reached.empty and table["spells"].all():
        text = (f"Under every policy more than half of the {who} were still there at the end, so "
                "no time until half had gone can be given; the average months in the table "
                "compare them instead.")
    else:
        parts = []
        for _, row in table.iterrows():
            name = escape(row["label"])
            if not row["spells"]:
                parts.append(f"{name}: none to follow")
            elif math.isfinite(row["median"]):
                parts.append(f"{name} {row['median']:.0f} months (95% interval "
                             f"{months_text(row['median_low'])} to "
                             f"{months_text(row['median_high'])})")
            else:
                parts.append(f"{name}: more than half still there at the end")
        text = f"Time until half of the {who} had {gone}: " + "; ".join(parts) + "."
    return text


def curve_tests(table: pd.DataFrame, reference: str, who: str) -> str:
    """Which policies' curves differ from the reference's by the log-rank test (the appendix)."""
    text = f"Curves of the {who}:"
    different = table[(table["label"] != reference) & (table["logrank_p"] < 0.05)]
    if table["logrank_p"].isna().all() and len(table) > 1:
        text += " the log-rank test could not be run (too few ended spells)."
    elif len(different):
        names = _join([f"{escape(r['label'])} ({p_text(r['logrank_p'])})"
                       for _, r in different.iterrows()])
        text += (f" the curves of {names} differ from {escape(reference)} by the log-rank test; "
                 "treat these p-values as a rough guide, since spells in one firm are not "
                 "independent.")
    else:
        text += (f" no curve differs from {escape(reference)} by the log-rank test at the 5% "
                 "level.")
    return text
