"""Robust comparison's machinery around the analysis: the worlds, the tables, the words, the lead.

The workflow is :func:`promosim.robust_compare` (:mod:`promosim.workflows.robust`);
``promosim compare POLICY… --uncertainty N [--posterior FILE]`` calls it after the ordinary
comparison and writes into its folder's ``uncertainty/`` folder, which the HTML report then
leads with (:func:`lead`).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup, escape

from promosim.outcomes import OUTCOMES, Outcome
from promosim.output import atomic_write, write_table
from promosim.scenario import Scenario
from promosim.uncertainty.posterior import Posterior, read_posterior
from promosim.uncertainty.robust import (
    RobustAnalysis,
    Worlds,
    posterior_worlds,
    prior_worlds,
)

FOLDER = "uncertainty"
SUMMARY = "robust.json"
#: Outcomes the report's lead talks about, in this order.
LEAD = ("turnover_rate", "churn_rate", "profit")


def summary_lines(analysis: RobustAnalysis) -> list[str]:
    """The answer of a robust comparison as lines for a terminal (what the command prints)."""
    a = analysis
    out = [f"Over {a.worlds} {_source(a.about)} × {a.replicates} replicates (policy − "
           f"{a.labels[0]}): expected difference [95% interval], middle 90% of worlds, "
           "chance of beating the baseline; share of the difference due to parameters; money "
           "a year"]
    table = a.summary[a.summary["label"] != a.labels[0]]
    for label, rows in table.groupby("label", sort=False):
        out.append(f"  {label}")
        for row in rows.itertuples():
            outcome = OUTCOMES[row.outcome]
            beats = "" if math.isnan(row.p_beats_reference) else \
                f"  beats in {row.p_beats_reference:>4.0%}"
            share = "" if math.isnan(row.share_parameters) else \
                f"  parameters {row.share_parameters:.0%}"
            d = outcome.format_difference
            interval = f"[{d(row.low)}, {d(row.high)}]"
            worlds = f"{d(row.world_5)} to {d(row.world_95)}"
            some = "" if row.worlds >= a.worlds else \
                f"  (in the {int(row.worlds)} of {a.worlds} worlds where every run defines it)"
            out.append(f"    {outcome.yearly_heading:<34} {d(row.difference):>11} {interval:<24} "
                       f"90% of worlds {worlds:<24}{beats}{share}{some}")
    return out


def _source(about: dict) -> str:
    if about.get("source") == "posterior":
        return f"worlds fitted to {about.get('firm') or 'the firm'}'s data"
    if about.get("bands") is None:  # --unfiltered: every world drawn was kept
        return "worlds drawn from the priors (unscreened)"
    return "plausible worlds drawn from the priors"


def load_worlds(scenario: Scenario, count: int, seed: int, design: str = "lhs",
                posterior: str | Path | Posterior | None = None,
                plausible: bool = True) -> Worlds:
    """The worlds of a robust comparison: from a posterior (file) or from the priors."""
    if posterior is None:
        return prior_worlds(scenario, count, seed, design, plausible)
    if not isinstance(posterior, Posterior):
        path = str(posterior)
        posterior = read_posterior(posterior)
    else:
        path = "(in memory)"
    return posterior_worlds(posterior, count, seed, path)


def save(folder: Path, analysis: RobustAnalysis) -> None:
    """Write the tables as CSV and the summary the report reads (``robust.json``)."""
    for stem, table in analysis.tables().items():
        write_table(table, folder / stem, "csv")
    content = {"worlds": analysis.worlds, "replicates": analysis.replicates,
               "labels": analysis.labels, "about": analysis.about}
    text = json.dumps(content, indent=2, default=str)
    atomic_write(folder / SUMMARY, lambda p: p.write_text(text + "\n", encoding="utf-8"))


# --- the report's lead ----------------------------------------------------------------------------


def lead(folder: Path | str) -> dict[str, Any] | None:
    """What the report's first section says about the robust comparison of a folder.

    The robust comparison is in ``folder/uncertainty``; None when there is none.
    """
    base = Path(folder) / FOLDER
    if not (base / SUMMARY).exists():
        return None
    meta = json.loads((base / SUMMARY).read_text(encoding="utf-8"))
    summary = pd.read_csv(base / "robust.csv")
    sensitivity = pd.read_csv(base / "robust-sensitivity.csv")
    reference = meta["labels"][0]
    policies = [label for label in meta["labels"] if label != reference]
    if "unit" not in summary.columns:  # written before money was a year's: analysed again
        summary = _analysed(base)
    sentences = []
    for label in policies:
        rows = summary[(summary["label"] == label) & summary["outcome"].isin(LEAD)]
        said = [_sentence(row) for row in rows.itertuples()]
        sentences.append(Markup(f"<p><strong>{escape(label)}</strong> ")
                         + Markup(" It ").join(said) + Markup("</p>"))
    table = []
    for label in policies:
        cells = []
        for outcome in LEAD:
            row = summary[(summary["label"] == label) & (summary["outcome"] == outcome)]
            if not len(row):
                cells.append(None)
                continue
            first = row.iloc[0]
            spec = OUTCOMES[outcome]
            cells.append({"p_beats_reference": float(first["p_beats_reference"]),
                          "difference_text": spec.format_difference(first["difference"])
                          + _a_year(spec),
                          "regret_text": spec.format(first["regret_worst"]) + _a_year(spec)})
        table.append({"label": label, "cells": cells})
    best = {}
    for outcome in LEAD:
        rows = summary[summary["outcome"] == outcome].sort_values("p_best", ascending=False)
        if len(rows):
            best[outcome] = (rows.iloc[0]["label"], float(rows.iloc[0]["p_best"]))
    top = sensitivity[sensitivity["significant"] & sensitivity["outcome"].isin(LEAD)].copy()
    top["outcome_label"] = [OUTCOMES[o].label for o in top["outcome"]]
    return {"worlds": meta["worlds"], "replicates": meta["replicates"],
            "source": _source(meta["about"]), "about": meta["about"], "reference": reference,
            "sentences": sentences, "table": table,
            "outcomes": [OUTCOMES[o] for o in LEAD], "best": best,
            "outcome_labels": {o: OUTCOMES[o].label for o in LEAD},
            "sensitive": top.sort_values("rho", key=np.abs, ascending=False).head(6)
            .to_dict("records"), "folder": f"{FOLDER}/"}


def _analysed(folder: Path) -> pd.DataFrame:
    """The summary of the robust comparison in ``folder``, computed again from its runs."""
    from promosim.workflows.robust import RobustResult

    return RobustResult(folder).to_frame()


def _sentence(row) -> Markup:
    outcome = OUTCOMES[row.outcome]
    verb = _verb(outcome)
    expected = escape(outcome.format_difference(row.difference)) + _a_year(outcome)
    text = (f"{verb} {outcome.label.lower()} in <strong>{row.p_beats_reference:.0%}</strong> of "
            f"the worlds (expected {expected}, 95% "
            f"interval {escape(outcome.format_difference(row.low))} to "
            f"{escape(outcome.format_difference(row.high))}; in 90% of the worlds between "
            f"{escape(outcome.format_difference(row.world_5))} and "
            f"{escape(outcome.format_difference(row.world_95))})")
    if isinstance(row.rule, str) and row.rule and row.p_beats_reference >= 0.5:
        text += (f"; it fails mainly where <code>{escape(row.rule)}</code> (it fails in "
                 f"{row.rule_density:.0%} of those worlds, which hold {row.rule_coverage:.0%} of "
                 "the worlds where it fails)")
    elif isinstance(row.rule, str) and row.rule:
        text += (f"; it does so mainly where <code>{escape(row.rule)}</code>")
    return Markup(text + ".")


def _a_year(outcome: Outcome) -> str:
    """" a year" after a money figure (the tables hold money a year), else nothing."""
    return " a year" if outcome.kind == "money" else ""


def _verb(outcome) -> str:
    """"lowers" or "raises": the better direction, said of the worlds where the policy goes it."""
    return {-1: "lowers", 1: "raises"}.get(outcome.better, "changes")
