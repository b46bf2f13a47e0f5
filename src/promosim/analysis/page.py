"""The report as one HTML page: sections, tables, figures and generated text.

:func:`render` fills the Jinja2 templates in ``promosim/analysis/templates`` with the numbers of an
:class:`~promosim.analysis.report.Analysis`. The page is written for HR: one sentence per policy
first, then the tables; money a year for the firm simulated; percentages that differ in points;
rates without events said as "none observed in N promoter-years"; every measure defined in a
glossary and the statistics in the appendix "How we computed this". Everything the templates
print is escaped unless it is already markup (the sentences of
:mod:`~promosim.analysis.wording`, which escape what they quote). The page is self-contained: CSS
inline, figures as PNG data, no scripts. A print stylesheet keeps tables, figures and their
explanations together on A4.
"""

from __future__ import annotations

import base64
from itertools import groupby
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from promosim.analysis import figures, wording
from promosim.analysis.comparison import COMPARED, HEADLINE
from promosim.analysis.money import MEASURES, returns
from promosim.outcomes import OUTCOMES, WINDOWS
from promosim.output import now
from promosim.parameters import BY_NAME
from promosim.version import model_version, package_version

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from promosim.analysis.report import Analysis
    from promosim.analysis.results import Results

#: The most policies (besides the reference) a chart draws; tables show every one.
MOST_CHARTED = 10
#: The measures of the two survival sections: id, title, who is followed, what ending means,
#: the plot's title and its x-axis label.
SURVIVAL = {
    "tenure": ("retention", "Retention: how long new promoters stay",
               "promoters hired during the simulation", "left",
               "Share of promoters hired during the simulation who are still in their job",
               "months since hiring"),
    "relationship": ("relationships", "Relationship duration: how long new customers stay",
                     "relationships started during the simulation", "ended",
                     "Share of customer relationships started during the simulation still active",
                     "months since the relationship started"),
}


def mean_months(x: float) -> str:
    """Months with one decimal, or "n/a" when undefined.

    Args:
        x: a number of months, possibly NaN or infinite.

    Returns:
        E.g. ``"14.5"``.
    """
    return f"{x:.1f}" if np.isfinite(x) else "n/a"


def _percent(x: float) -> str:
    """A ratio as a whole percentage with its sign (``+40%``), "n/a" when undefined."""
    if not np.isfinite(x):
        return "n/a"
    return f"{x * 100:+,.0f}%".replace("-", "\u2212")


def environment() -> Environment:
    """The Jinja2 environment of the report's templates: autoescaped, strict about names.

    Returns:
        An environment whose templates load from the package, with the formatting functions of
        :mod:`~promosim.analysis.wording` as globals.
    """
    templates = Environment(loader=PackageLoader("promosim.analysis", "templates"),
                            autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                            lstrip_blocks=True)
    templates.globals.update(
        value=wording.value_text, difference=wording.difference_text,
        interval=wording.interval_text, judgement=wording.judgement, percent=_percent,
        median_months=wording.months_text, p_value=wording.p_text, mean_months=mean_months)
    return templates


TEMPLATES = environment()


def render(analysis: Analysis) -> str:
    """The whole report as one HTML page.

    Args:
        analysis: the report's tables, from :func:`promosim.analysis.report.analyse`.

    Returns:
        A complete HTML document.
    """
    return TEMPLATES.get_template("report.html").render(context(analysis))


def context(analysis: Analysis) -> dict[str, Any]:
    """What the templates show: the analysis's numbers arranged by section, figures as PNG.

    Args:
        analysis: the report's tables, from :func:`promosim.analysis.report.analyse`.

    Returns:
        The templates' variables by name.
    """
    results = analysis.results
    drawn = charted(results.labels, results.reference)
    colours = figures.palette(drawn, results.reference)
    years = results.months / 12
    table = per_year(analysis.comparison, years)
    exposures = _exposures(results)
    return {
        "title": "promosim: policies compared" if len(results.labels) > 1 else "promosim: results",
        "results": results,
        "others": [x for x in results.labels if x != results.reference],
        "firm": _firm(results),
        "years": years,
        "tau": analysis.tau,
        "partial": analysis.coverage.warning() if analysis.coverage else None,
        "uncertainty": _uncertainty(results),
        "lead": [Markup(wording.lead_sentence(table[table["label"] == label], years))
                 for label in results.labels if label != results.reference],
        "summary": _grouped(table, results.labels, HEADLINE, exposures),
        "measures": _grouped(table, results.labels, tuple(COMPARED), exposures),
        "money": _money(analysis),
        "glossary": _glossary(),
        "windows": _windows(analysis),
        "overall": _overall(table),
        "findings": _findings(table, results),
        "policies": _policies(results),
        "survivals": [_survival(analysis, colours, measure) for measure in SURVIVAL],
        "spirals": _spirals(analysis, exposures),
        "pngs": {
            "cost": _png(figures.cost_retention(_only(analysis.comparison, drawn), colours,
                                                years)),
            "trajectories": _png(figures.trajectories(_only(analysis.trajectories, drawn),
                                                      colours)),
            "annual": _png(figures.annual(_only(analysis.annual, drawn), colours)),
            "spirals": _png(figures.spiral_ends(_only(analysis.spiral_ends, drawn), colours)),
        },
        "charted_note": _charted_note(results, drawn),
        "paired": _methods_used(analysis) <= {"paired t"},
        "versions": results.manifest.get("versions", {}),
        "version": package_version(),
        "model_version": model_version(),
        "written": now(),
        "tables": list(analysis.tables()),
    }


def charted(labels: list[str], reference: str) -> list[str]:
    """The policies the charts draw: the reference and the first :data:`MOST_CHARTED` others.

    A chart of more lines than its colours can tell apart helps nobody (a class's thirty
    hand-ins); the tables and CSV files hold every policy.
    """
    others = [label for label in labels if label != reference][:MOST_CHARTED]
    return [label for label in labels if label == reference or label in others]


def _only(table: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """The rows of ``table`` whose ``label`` is one of ``labels``."""
    return table[table["label"].isin(labels)]


def _charted_note(results: Results, drawn: list[str]) -> str:
    """What the charts leave out, when they leave out a policy (else empty)."""
    left_out = len(results.labels) - len(drawn)
    if not left_out:
        return ""
    shown = len(drawn) - (results.reference in drawn)
    return (f"The charts draw the {results.reference} and the first {shown} policies; "
            f"the other {left_out} are in the tables and in the CSV files beside this page.")


def _uncertainty(results: Results) -> dict[str, Any] | None:
    """The lead of a comparison run over parameter worlds too (``compare --uncertainty``)."""
    from promosim.uncertainty.compare import lead

    return lead(results.path)


def _png(figure: Figure) -> str:
    """A figure as base64 PNG data for an ``<img src="data:…">``."""
    return base64.b64encode(figures.to_png(figure)).decode("ascii")


def _firm(results: Results) -> str:
    first = results.points.iloc[0]
    return (f"{int(first['n_teams'])} teams of {int(first['team_size'])} promoter positions, "
            f"{int(first['accounts_per_position'])} customer accounts each")


def per_year(table: pd.DataFrame, years: float) -> pd.DataFrame:
    """Comparison rows with money a year instead of summed over the horizon."""
    money = table["outcome"].map(lambda name: OUTCOMES[name].summed).astype(bool)
    scaled = table.copy()
    for column in ("mean", "low", "high", "reference_mean", "difference", "difference_low",
                   "difference_high"):
        scaled.loc[money, column] = table.loc[money, column] / years
    return scaled


def _exposures(results: Results) -> dict[tuple[str, str], float]:
    """Years of exposure (promoter-years, relationship-years) by label and series."""
    reported = results.series[results.series["month"] >= 1]
    names = {o.exposure[0] for o in COMPARED.values() if o.exposure}
    sums = reported.groupby("label")[sorted(names)].sum() / 12.0
    return {(label, name): float(sums.loc[label, name]) for label in sums.index for name in names}


def none_observed(row: dict[str, Any], exposures: dict[tuple[str, str], float]) -> str:
    """"none observed in N promoter-years" for a rate whose runs had no event, else ""."""
    outcome = COMPARED.get(row["outcome"])
    if outcome is None or not outcome.exposure or not (row["mean"] == 0 and row["high"] == 0):
        return ""
    series, unit = outcome.exposure
    return f"none observed in {exposures.get((row['label'], series), 0.0):,.0f} {unit}"


def _grouped(table: pd.DataFrame, labels: list[str], names: tuple[str, ...],
             exposures: dict[tuple[str, str], float]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Outcomes ``names`` by group, each with its comparison row for every label."""
    rows = table.set_index(["outcome", "label"])
    outcomes = []
    for name in names:
        info = COMPARED[name]
        cells = []
        for label in labels:
            row = {"label": label, "outcome": name, **rows.loc[(name, label)].to_dict()}
            cells.append({**row, "none": none_observed(row, exposures)})
        outcomes.append({"name": name, "label": info.label, "kind": info.kind,
                         "heading": info.yearly_heading,
                         "rows": cells})
    return [(group, list(members))
            for group, members in groupby(outcomes, key=lambda x: COMPARED[x["name"]].group)]


def _money(analysis: Analysis) -> dict[str, Any]:
    """Money a year by policy: cost, cost per promoter-year, cost of turnover, profit, return."""
    results, table = analysis.results, analysis.money
    years = results.months / 12
    per_promoter = per_year(analysis.comparison, years).set_index(["outcome", "label"])
    rows = table.set_index(["outcome", "label"])
    measures = []
    for name, measure in MEASURES.items():
        measures.append({"name": name, "label": measure.label, "kind": measure.kind,
                         "part": name.endswith("_cost") and name not in (
                             "turnover_cost", "cost_a_year"),
                         "rows": [{"label": label, "none": "",
                                   **rows.loc[(name, label)].to_dict()}
                                  for label in results.labels]})
        if name == "cost_a_year":
            outcome = COMPARED["cost_per_retained_year"]
            measures.append({"name": outcome.name, "label": outcome.label, "kind": outcome.kind,
                             "part": False, "rows": [
                                 {"label": label, "none": "",
                                  **per_promoter.loc[(outcome.name, label)].to_dict()}
                                 for label in results.labels]})
    return {"measures": measures, "returns": returns(table)}


def _glossary() -> list[tuple[str, str]]:
    """Every measure the page shows and every other word it relies on, with its definition."""
    terms = [(o.label, o.glossary) for o in COMPARED.values()]
    terms += [(m.label.removeprefix("of which ").capitalize(), m.definition)
              for m in MEASURES.values()]
    terms += [(word[:1].upper() + word[1:], text) for word, text in wording.TERMS.items()]
    return sorted(dict(terms).items(), key=lambda item: item[0].lower())


def _windows(analysis: Analysis) -> dict[str, Any]:
    """The headline outcomes' differences in the first year and in the steady state, per policy.

    Args:
        analysis: the report's tables.

    Returns:
        The windows' labels and one row per headline outcome, with each policy's cell per window.
    """
    table, results = analysis.windows, analysis.results
    spans = {w.name: w.years(results.months) for w in WINDOWS}
    table = pd.concat([per_year(own, spans[name]) for name, own in table.groupby(
        "window", sort=False)], ignore_index=True)
    windows = list(dict.fromkeys(table["window"]))
    labels = dict(zip(table["window"], table["window_label"], strict=True))
    rows = table.set_index(["window", "outcome", "label"])
    others = [x for x in results.labels if x != results.reference]
    unreached = [w.label for w in WINDOWS[1:] if not w.reached(results.months)]
    return {"windows": [labels[w] for w in windows], "others": others,
            "unreached": unreached,
            "rows": [{"name": name, "label": COMPARED[name].yearly_heading,
                      "kind": COMPARED[name].kind,
                      "cells": [[{**rows.loc[(w, name, label)].to_dict(), "label": label,
                                  "none": ""} for w in windows] for label in others]}
                     for name in HEADLINE]}


def _findings(table: pd.DataFrame, results: Results) -> list[Markup]:
    """What each policy did against the reference (paragraphs, markup; money a year)."""
    return [Markup(wording.policy_findings(table[table["label"] == label], results.replicates))
            for label in results.labels if label != results.reference]


def _overall(table: pd.DataFrame) -> Markup:
    """Which policy does best on turnover, churn and profit (sentences, markup; money a year)."""
    said = [wording.best(table, name) for name in ("turnover_rate", "churn_rate", "profit")]
    return Markup(" ".join(x for x in said if x))


def _policies(results: Results) -> list[dict[str, Any]]:
    """Each label with its description and what it changes against the reference."""
    points = results.points.set_index("label")
    base = points.loc[results.reference]
    policies = []
    for label in results.labels:
        own, about = points.loc[label], results.policy(label)
        changes = [f"{BY_NAME[n].label or n} {base[n]:g} → {own[n]:g}" for n in points
                   if n in BY_NAME and own[n] != base[n]]
        changes += [f"from month {entry.get('month', '?')}: " + ", ".join(
            f"{BY_NAME[k].label if k in BY_NAME else k} {v:g}" for k, v in entry.items()
            if k != "month") for entry in about.get("schedule", [])]
        policies.append({"label": label, "description": about.get("description", ""),
                         "changes": changes})
    return policies


def _survival(analysis: Analysis, colours: dict[str, str], measure: str) -> dict[str, Any]:
    """One survival section: its curves, table and sentence."""
    key, title, who, gone, plot_title, xlabel = SURVIVAL[measure]
    reference = analysis.results.reference
    table = analysis.survival[analysis.survival["measure"] == measure]
    curves = analysis.curves[analysis.curves["measure"] == measure]
    figure = figures.survival_curves(_only(curves, list(colours)), colours, reference,
                                     plot_title, xlabel)
    return {"measure": measure, "key": key, "title": title, "who": who,
            "plot_title": plot_title, "png": _png(figure), "rows": table.to_dict("records"),
            "sentence": Markup(wording.median_sentence(table, who, gone)),
            "tests": Markup(wording.curve_tests(table, reference, who))}


def _spirals(analysis: Analysis, exposures: dict[tuple[str, str], float]) -> dict[str, Any]:
    """The spiral table, the reference's row and how many of its spirals ended."""
    table = analysis.spirals
    base = table[table["label"] == analysis.results.reference].iloc[0]
    rows = [{**row, "none": none_observed({"outcome": "spiral_incidence", "label": row["label"],
                                           "mean": row["incidence"],
                                           "high": row["incidence_high"]}, exposures)}
            for row in table.to_dict("records")]
    base_none = next(r["none"] for r in rows if r["label"] == analysis.results.reference)
    return {"rows": rows, "base": base.to_dict(), "base_none": base_none,
            "ended": base["recovered"] + base["quit"],
            "within": int(table["within"].iloc[0]) if len(table) else 12}


def _methods_used(analysis: Analysis) -> set[str]:
    """How differences were estimated ("paired t", "Welch t"), the reference left out."""
    return set(analysis.comparison["method"]) - {"reference"}
