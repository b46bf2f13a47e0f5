"""The report as one HTML page: sections, tables, figures and generated text.

:func:`render` turns an :class:`~promosim.analysis.report.Analysis` into a self-contained page:
CSS inline, figures as PNG data, no scripts. A print stylesheet keeps tables, figures and their
explanations together on A4.
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from promosim import __version__
from promosim.analysis import figures, wording
from promosim.analysis.comparison import COMPARED, HEADLINE
from promosim.output import now
from promosim.parameters import BY_NAME

if TYPE_CHECKING:
    from promosim.analysis.report import Analysis
    from promosim.analysis.results import Results

STYLE = """
:root { --ink: #1d2327; --muted: #5b6770; --line: #d9dee2; --good: #1a7f37; --bad: #b42318; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 1050px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 1.7em; margin: 0 0 4px; } h2 { font-size: 1.3em; margin: 0 0 8px; }
.lead { color: var(--muted); margin: 0 0 16px; }
section { border-top: 2px solid var(--line); padding: 18px 0 10px; }
figure { margin: 10px 0; } figure img { max-width: 100%; height: auto; display: block; }
figcaption, .note { color: var(--muted); font-size: 0.92em; }
.means { background: #f4f7f9; border-left: 4px solid #7b8a96; padding: 6px 12px; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.88em; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 6px; text-align: right;
         vertical-align: top; }
th:first-child, td:first-child, .text { text-align: left; }
.wide { overflow-x: auto; }
th { background: #f4f7f9; } td.group { background: #fafbfc; font-weight: 600; text-align: left; }
.diff { display: block; font-size: 0.9em; color: var(--muted); white-space: nowrap; }
.better { color: var(--good); font-weight: 600; } .worse { color: var(--bad); font-weight: 600; }
.finding { margin: 10px 0 14px; } .finding p { margin: 4px 0; }
.finding ul { margin: 4px 0; padding-left: 22px; }
.ci { display: block; font-size: 0.85em; color: var(--muted); white-space: nowrap; }
.banner { border: 3px solid var(--bad); background: #fef3f2; padding: 10px 14px; margin: 0 0 16px; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  table { font-size: 7.5pt; } th, td { padding: 3px 3px; }
  .ci, .diff { white-space: normal; } .wide { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-before: auto; } h2 { break-after: avoid; }
  figure, tr, .means, .finding { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def render(analysis: Analysis) -> str:
    """The whole report as one HTML page."""
    results = analysis.results
    colours = figures.palette(results.labels, results.reference)
    sections = [
        _summary(analysis), _says(analysis), _policies(analysis),
        _cost(analysis, colours), _survival(analysis, colours, "tenure"),
        _survival(analysis, colours, "relationship"), _trajectories(analysis, colours),
        _annual(analysis, colours), _spirals(analysis, colours), _methods(analysis),
    ]
    title = "promosim: policies compared" if len(results.labels) > 1 else "promosim: results"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
<p class="lead">{_setup(results)}</p>
{_banner(analysis)}
</header>
{"".join(sections)}
<footer class="note"><p>Written by promosim {escape(__version__)} on {escape(now())} from
<code>{escape(str(results.path))}</code>. The same numbers are in the CSV files beside this page:
{", ".join(f"<code>{s}.csv</code>" for s in analysis.tables())}.</p></footer>
</body>
</html>
"""


def _banner(analysis: Analysis) -> str:
    """The warning at the top of a report of an unfinished or damaged experiment (or nothing)."""
    warning = analysis.coverage.warning() if analysis.coverage else None
    return (f'<p class="banner" role="alert"><strong>Partial results.</strong> '
            f"{escape(warning)}</p>" if warning else "")


def _section(key: str, title: str, *body: str) -> str:
    return f'<section id="{key}">\n<h2>{escape(title)}</h2>\n' + "\n".join(body) + "\n</section>\n"


def _figure(figure, alt: str, means: str) -> str:
    data = base64.b64encode(figures.to_png(figure)).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{escape(alt)}">'
            f"</figure>\n<p class=\"means\"><strong>What it means:</strong> {means}</p>")


def _firm(results: Results) -> str:
    first = results.points.iloc[0]
    return (f"{int(first['n_teams'])} teams of {int(first['team_size'])} promoter positions, "
            f"{int(first['accounts_per_position'])} customer accounts each")


def _setup(results: Results) -> str:
    others = [escape(x) for x in results.labels if x != results.reference]
    years = results.months / 12
    what = (f"{len(others)} {'policy' if len(others) == 1 else 'policies'} "
            f"({', '.join(others)}) against <strong>{escape(results.reference)}</strong>"
            if others else f"<strong>{escape(results.reference)}</strong>")
    return (f"Simulation of {what}: {results.replicates} replicate firms each "
            f"({_firm(results)}), {results.months} months ({years:g} years). "
            "Replicate firm k meets the same customers and the same luck under every policy, "
            "so most of the chance that sets firms apart cancels out when policies are "
            "compared.")


def _summary(analysis: Analysis) -> str:
    table = analysis.comparison
    labels, reference = analysis.results.labels, analysis.results.reference
    head = "".join(f"<th>{escape(x)}</th>" for x in labels)
    rows = []
    group = None
    for name in HEADLINE:
        info = COMPARED[name]
        if info.group != group:
            group = info.group
            rows.append(f'<tr><td class="group" colspan="{len(labels) + 1}">{escape(group)}</td>'
                        "</tr>")
        unit = " (a year)" if info.kind == "rate" else ""
        cells = [f"<td>{escape(info.label)}{unit}</td>"]
        for label in labels:
            row = table[(table["label"] == label) & (table["outcome"] == name)].iloc[0]
            cells.append(_cell(row, label == reference))
        rows.append(f'<tr data-outcome="{name}">' + "".join(cells) + "</tr>")
    body = (f'<div class="wide"><table><thead><tr><th>outcome</th>{head}</tr></thead><tbody>'
            + "\n".join(rows) + "</tbody></table></div>")
    note = ("<p class=\"note\">Each cell: the mean over replicate firms (for "
            f"{escape(reference)} with its 95% interval), then the difference from "
            f"{escape(reference)} and its 95% interval (pp: percentage points). "
            "<span class=\"better\">Green</span> and <span class=\"worse\">red</span> mark clear "
            "differences (the interval excludes zero) that are better or worse; grey ones cannot "
            "be told apart from chance. Money is in total over the horizon. All outcomes are in "
            "<code>report.csv</code>.</p>")
    return _section("summary", "Summary", body, note)


def _cell(row: pd.Series, is_reference: bool) -> str:
    kind = row["kind"]
    value = wording.value_text(row["mean"], kind)
    if is_reference:
        ci = wording.interval_text(row["low"], row["high"], kind, unit=False)
        return f'<td>{value}<span class="ci">{ci}{_few(row["n"], row["runs"])}</span></td>'
    diff = wording.difference_text(row["difference"], kind)
    ci = wording.interval_text(row["difference_low"], row["difference_high"], kind, True, False)
    return (f'<td>{value}<span class="diff {wording.judgement(row)}">{diff}</span>'
            f'<span class="ci">{ci}{_few(row["pairs"], row["runs"])}</span></td>')


def _few(n: int, runs: int) -> str:
    """A note when an outcome is defined in fewer runs than were made."""
    return f"<br>n = {n} of {runs}" if n < runs else ""


def _says(analysis: Analysis) -> str:
    results, table = analysis.results, analysis.comparison
    replicates = results.replicates
    findings = [wording.policy_findings(table[table["label"] == label], replicates)
                for label in results.labels if label != results.reference]
    overall = [wording.best(table, name) for name in ("turnover_rate", "churn_rate", "profit")]
    caution = (
        f"How to read this: the 95% intervals describe the simulation's own randomness over "
        f"{replicates} replicate firms. They do not cover doubts about the model's assumptions "
        "or its calibration. A clear difference means that the model, as calibrated, predicts "
        "it; it is not evidence from real firms, and it says nothing about levers or effects the "
        "model leaves out. Money is totalled over the "
        f"{results.months / 12:g} years simulated.")
    body = ([f"<p>{' '.join(x for x in overall if x)}</p>"] if any(overall) else []) + [
        *findings, f'<p class="note">{caution}</p>']
    return _section("what-this-says", "What this says", *body)


def _policies(analysis: Analysis) -> str:
    results = analysis.results
    points = results.points.set_index("label")
    base = points.loc[results.reference]
    rows = []
    for label in results.labels:
        own, about = points.loc[label], results.policy(label)
        changes = [f"{escape(BY_NAME[n].label or n)} {base[n]:g} → {own[n]:g}" for n in points
                   if n in BY_NAME and own[n] != base[n]]
        changes += [f"from month {entry.get('month', '?')}: " + ", ".join(
            f"{escape(BY_NAME[k].label if k in BY_NAME else k)} {v:g}" for k, v in entry.items()
            if k != "month") for entry in about.get("schedule", [])]
        text = "; ".join(changes) if changes else (
            "the reference" if label == results.reference else "no parameter changed")
        if about.get("description"):
            text = f"<em>{escape(about['description'])}</em><br>{text}"
        rows.append(f"<tr><td>{escape(label)}</td><td class=\"text\">{text}</td></tr>")
    body = ("<table><thead><tr><th>policy</th><th class=\"text\">what it changes against "
            f"{escape(results.reference)}</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")
    return _section("policies", "The policies compared", body)


def _cost(analysis: Analysis, colours: dict[str, str]) -> str:
    years = analysis.results.months / 12
    figure = figures.cost_retention(analysis.comparison, colours, years)
    means = ("Each dot is one policy, with 95% intervals as bars. Lower is better (fewer promoters "
             "leave). On the left, further left costs less in pay and resources; on the right, "
             "further right earns more. A policy that sits lower and further left than "
             f"{escape(analysis.results.reference)} keeps more promoters for less money; one that "
             "is lower but further right on the cost chart buys retention, and the profit chart "
             "shows whether the purchase pays. The bars show each policy's own spread over "
             "replicate firms; differences against the reference are estimated more precisely "
             "(summary table), because every policy met the same luck.")
    return _section("cost-retention", "Cost against retention",
                    _figure(figure, "Turnover against cost and profit per policy", means))


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


def _survival(analysis: Analysis, colours: dict[str, str], measure: str) -> str:
    key, title, who, gone, plot_title, xlabel = SURVIVAL[measure]
    reference, tau = analysis.results.reference, analysis.tau
    table = analysis.survival[analysis.survival["measure"] == measure]
    curves = analysis.curves[analysis.curves["measure"] == measure]
    figure = figures.survival_curves(curves, colours, reference, plot_title, xlabel)
    ended = "quit" if measure == "tenure" else "ended"
    rows = "".join(
        f"<tr><td>{escape(r['label'])}</td><td>{r['spells']}</td><td>{r['ended']}</td>"
        f"<td>{wording.months_text(r['median'], r['spells'])}<span class=\"ci\">"
        f"{wording.months_text(r['median_low'], r['spells'])} to "
        f"{wording.months_text(r['median_high'], r['spells'])}</span></td>"
        f"<td>{_months(r['restricted_mean'])}<span class=\"ci\">"
        f"{_months(r['restricted_mean_low'])} to {_months(r['restricted_mean_high'])}</span></td>"
        f"<td>{'' if r['label'] == reference else wording.p_text(r['logrank_p'])}</td></tr>"
        for _, r in table.iterrows())
    body = (f"<table><thead><tr><th>policy</th><th>followed</th><th>{ended}</th>"
            "<th>median months (95%)</th>"
            f"<th>mean months within the first {tau} (95%)</th>"
            f"<th>log-rank vs {escape(reference)}</th></tr></thead><tbody>{rows}</tbody></table>")
    if measure == "tenure":
        means = ("Each panel sets one policy (colour) against "
                 f"{escape(reference)} (black). The curve shows, for promoters hired under the "
                 "policy, the share still in their job after a given number of months; the shaded "
                 "band is its 95% interval. A higher curve means people stay longer, and every "
                 "early leaver costs hiring, ramp-up and the trust of their customers.")
    else:
        means = ("Each panel sets one policy (colour) against "
                 f"{escape(reference)} (black). The curve shows the share of new customer "
                 "relationships still active after a given number of months, with its 95% band. "
                 "A higher curve means customers stay longer; long relationships carry the trust "
                 "that makes revenue stable.")
    sentence = wording.median_sentence(table, reference, who, gone)
    note = (f"<p class=\"note\">Only {who} are followed; those still running at the end are "
            f"counted up to the end (censored). The mean within the first {tau} months is the "
            "area under the curve up to then (restricted mean).</p>")
    return _section(key, title, _figure(figure, plot_title, means), f"<p>{sentence}</p>", body,
                    note)


def _trajectories(analysis: Analysis, colours: dict[str, str]) -> str:
    figure = figures.trajectories(analysis.trajectories, colours)
    means = ("The lines are monthly averages over the replicate firms, the bands their 95% "
             "intervals. Customers' trust is what relationships live on; managers' trust and "
             "supervision show the climate inside the firm: when managers' trust falls and "
             "supervision tightens together, failure–distrust spirals are at work. Role conflict "
             "is the strain of conflicting demands (hard terms against customer trust); it drives "
             "stress and quits. Month 0 is the firm before the policy starts.")
    return _section("trajectories", "Trust, supervision and role conflict over time",
                    _figure(figure, "Trajectories of trust, supervision and role conflict", means))


def _annual(analysis: Analysis, colours: dict[str, str]) -> str:
    figure = figures.annual(analysis.annual, colours)
    means = ("Turnover (quits per occupied position and year) and churn (customers lost per "
             "relationship and year), year by year, with 95% intervals. A policy's effect often "
             "takes a year or two to show: habits, trust and careers change slowly.")
    return _section("turnover-by-year", "Turnover and churn year by year",
                    _figure(figure, "Turnover and churn by year", means))


def _spirals(analysis: Analysis, colours: dict[str, str]) -> str:
    table, reference = analysis.spirals, analysis.results.reference
    figure = figures.spiral_ends(analysis.spiral_ends, colours)
    rows = "".join(
        f"<tr><td>{escape(r['label'])}</td><td>{r['incidence']:.3f}<span class=\"ci\">"
        f"{r['incidence_low']:.3f} to {r['incidence_high']:.3f}</span></td>"
        f"<td>{r['spirals']}</td><td>{r['recovered']}</td><td>{r['quit']}</td>"
        f"<td>{r['ongoing']}</td><td>{wording.value_text(r['quit_share'], 'share')}"
        f"<span class=\"ci\">"
        f"{wording.interval_text(r['quit_share_low'], r['quit_share_high'], 'share', unit=False)}"
        f"</span></td><td>{_months(r['mean_duration'])}</td>"
        f"<td>{_months(r['median_recovery_time'])}</td>"
        f"<td>{wording.value_text(r['recovered_within'], 'share')}</td></tr>"
        for _, r in table.iterrows())
    within = int(table["within"].iloc[0]) if len(table) else 12
    body = ("<table><thead><tr><th>policy</th><th>spirals per promoter-year (95%)</th>"
            "<th>started</th><th>recovered</th><th>ended in a quit</th><th>still running</th>"
            "<th>share of ended spirals ending in a quit (95%)</th><th>mean months (ended)</th>"
            f"<th>median months to recovery</th><th>recovered within {within} months</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")
    base = table[table["label"] == reference].iloc[0]
    sentence = (f"Under {escape(reference)}, {base['incidence']:.3f} spirals started per "
                f"promoter-year (95% interval {base['incidence_low']:.3f} to "
                f"{base['incidence_high']:.3f})")
    ended = base["recovered"] + base["quit"]
    sentence += (f"; of the {ended} that ended, {wording.value_text(base['quit_share'], 'share')} "
                 "ended with the promoter's quit." if ended else
                 "; none of those that started during the simulation ended within it.")
    means = ("A failure–distrust spiral is a manager–promoter pair caught in a loop: the manager, "
             "disappointed, tightens control; the promoter loses latitude and motivation; results "
             "get worse; the manager's trust falls further. The charts show, for spirals that "
             "started during the simulation, the share that had recovered (left) or ended with "
             "the promoter leaving (right) by each month after the start. Recovery and leaving "
             "compete, so the two shares add up to at most 100%.")
    return _section("spirals", "Failure–distrust spirals", f"<p>{sentence}</p>", body,
                    _figure(figure, "Cumulative share of spirals recovered or ended by a quit",
                            means))


def _months(x: float) -> str:
    return f"{x:.1f}" if np.isfinite(x) else "n/a"


def _methods(analysis: Analysis) -> str:
    results = analysis.results
    manifest = results.manifest
    methods = {row["method"] for _, row in analysis.comparison.iterrows()} - {"reference"}
    paired = ("paired by replicate (the same seed under every policy) with a t interval over "
              "replicates" if methods <= {"paired t"} else
              "with Welch's t interval where seeds differ between points (no pairing)")
    versions = manifest.get("versions", {})
    items = [
        f"Results folder <code>{escape(str(results.path))}</code>: kind "
        f"{escape(str(manifest.get('kind', '?')))}, base seed "
        f"{escape(str(manifest.get('base_seed', '?')))}, {results.replicates} replicates, "
        f"{results.months} months, run {escape(str(manifest.get('started', '?')))} to "
        f"{escape(str(manifest.get('finished', '?')))}.",
        "Versions: " + escape(", ".join(f"{k} {v}" for k, v in versions.items())) + "."
        if versions else "Versions: not recorded.",
        f"Differences against {escape(results.reference)} are {paired}; 95% level.",
        "Retention and relationship curves are Kaplan–Meier estimates (scipy.stats.ecdf) with "
        "95% log-log bands, for spells that start during the simulation (people hired, "
        "relationships started in month 1 or later), censored at the end. Spells already running "
        "when the simulation starts began under the baseline during the unreported warm-up and "
        "are left out. Log-rank tests (scipy.stats.logrank) pool the spells of all replicates.",
        "Spiral ends are cumulative incidences (Aalen–Johansen): recovery and leaving compete.",
        "Limits: promosim is a model built from published findings and assumptions (every "
        "parameter with its source in docs/parameters.md), not a forecast for a particular firm. "
        "The intervals cover the simulation's randomness only, not doubts about the model.",
        "Details: docs/analysis.md in the promosim repository.",
    ]
    return _section("methods", "Methods and limits",
                    "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>")
