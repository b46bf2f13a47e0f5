"""The report as HR reads it: a sentence per policy before any table, every measure and word in
the glossary, statistics only in the appendix, money a year, none-observed rates, the cost of
turnover recomputed by hand, axes from zero."""

import re
from html import unescape

import numpy as np
import pandas as pd
import pytest

from promosim.analysis import figures
from promosim.analysis.comparison import COMPARED
from promosim.analysis.money import MEASURES
from promosim.analysis.report import analyse, write_report
from promosim.analysis.results import load_results
from promosim.analysis.wording import TERMS

from .conftest import SMALL, make_folder

#: Words of statistics that belong in the appendix, not in the body of the page.
STATISTICS = ("log-rank", "p < ", "p = ", "censored", "restricted mean", "replicate",
              "Kaplan", "Welch", " pp", "pp)", "Wilson", "Aalen")


def text_of(html: str) -> str:
    html = re.sub(r'src="data:[^"]*"', "", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([\w-]+)">(.*?)</section>', page, flags=re.S))


def test_one_sentence_per_policy_comes_before_any_table(report):
    page = report.read_text(encoding="utf-8")
    headline = page.index('<section id="headline">')
    assert headline < page.index("<table")
    lead = sections(page)["headline"]
    sentences = re.findall(r"<li><strong>([^<]+)</strong>: (.*?)</li>", lead, flags=re.S)
    assert [name for name, _ in sentences] == ["tight-control", "promoter-friendly",
                                               "commission-heavy"]
    assert "over the whole 4 years simulated" in text_of(lead)  # the window it speaks of
    for _, sentence in sentences:
        said = text_of(sentence)
        assert re.search(r"leavers a year per 100 promoters|no clear change in promoter "
                         r"turnover", said)
        assert re.search(r"M€ (more|less) profit a year \([\d.,]+ M€ over the 4 years\)|"
                         r"no clear change in profit", said)


def test_every_measure_and_word_is_in_the_glossary(report):
    page = report.read_text(encoding="utf-8")
    glossary = sections(page)["glossary"]
    defined = {unescape(term) for term in re.findall(r"<dt>(.*?)</dt>", glossary)}
    shown = {unescape(label) for label in re.findall(
        r'<tr data-outcome="\w+"><td>([^<]+?)(?: \(a year\))?</td>', page)}
    assert shown and shown <= defined, shown - defined
    assert {o.label for o in COMPARED.values()} <= defined
    assert {m.label.removeprefix("of which ").capitalize() for m in MEASURES.values()} <= defined
    assert {term[:1].upper() + term[1:] for term in TERMS} <= defined
    for term in TERMS:  # each word the glossary explains is one the page uses
        body = text_of(page.replace(glossary, ""))
        assert term.split()[0].lower() in body.lower(), term


def test_statistics_stay_in_the_appendix(report):
    page = report.read_text(encoding="utf-8")
    parts = sections(page)
    appendix = parts.pop("methods")
    body = text_of(" ".join(parts.values()))
    for word in STATISTICS:
        assert word not in body, word
    for word in ("log-rank", "censored", "restricted mean", "Kaplan–Meier"):
        assert word in text_of(appendix), word


def test_money_is_a_year_and_the_cost_of_turnover_is_recomputed_by_hand(compare_folder):
    results = load_results(compare_folder)
    analysis = analyse(results)
    years = results.months / 12
    points = results.points.set_index("label")
    money = analysis.money.set_index(["label", "outcome"])
    for label, runs in results.runs.groupby("label"):
        p = points.loc[label]
        positions = p["n_teams"] * p["team_size"] * results.months
        vacant = runs["vacancy_share"] * positions
        per_filled = runs["revenue"] / (positions - vacant)
        ramp = (1 - p["ramp_start"]) * ((p["ramp_min"] + p["ramp_max"]) / 2 - 1) / 2
        by_hand = (runs["hires"] * p["hiring_cost"] + runs["hires"] * ramp * per_filled
                   + vacant * per_filled) / years
        assert money.loc[(label, "turnover_cost"), "mean"] == pytest.approx(by_hand.mean())
        profit = money.loc[(label, "profit_a_year"), "mean"]
        assert profit == pytest.approx(runs["profit"].mean() / years)
    table = pd.read_csv(compare_folder / "report-money.csv")
    assert set(table["outcome"]) == set(MEASURES)


def test_a_rate_without_events_says_none_observed(tmp_path):
    quiet = {**SMALL, "months": 24, "spinup_months": 12}
    folder = make_folder(tmp_path / "quiet", {"baseline": {},
                                              "no-reactions": {"supervision_reactivity": 0.0}},
                         replicates=2, base=quiet)
    analysis = analyse(load_results(folder))
    spirals = analysis.comparison.set_index(["label", "outcome"])
    assert spirals.loc[("no-reactions", "spiral_incidence"), "mean"] == 0.0  # no spiral at all
    page = write_report(folder).read_text(encoding="utf-8")
    row = re.search(r'<tr data-outcome="spiral_incidence">(.*?)</tr>', page, flags=re.S)
    staff = analysis.results.series
    years = staff[(staff["label"] == "no-reactions") & (staff["month"] >= 1)]["promoters"].sum()
    assert f"none observed in {years / 12:,.0f} promoter-years" in text_of(row.group(1))
    assert "0.000 (0.000 to 0.000)" not in text_of(page)
    assert "none observed in" in text_of(sections(page)["spirals"])


def test_the_cost_and_annual_charts_start_at_zero(compare_folder):
    analysis = analyse(load_results(compare_folder))
    colours = figures.palette(analysis.results.labels, analysis.results.reference)
    cost = figures.cost_retention(analysis.comparison, colours, analysis.results.months / 12)
    left, right = cost.axes
    assert left.get_xlim()[0] == 0 and left.get_ylim()[0] == 0
    assert right.get_xlim()[0] <= 0 <= right.get_xlim()[1]
    for axis in figures.annual(analysis.annual, colours).axes:
        assert axis.get_ylim()[0] == 0
    assert np.allclose([a.get_ylim() for a in figures.trajectories(
        analysis.trajectories, colours).axes], (0, 1))


def test_a_change_too_small_to_show_when_rounded_is_said_to_be_slight():
    from promosim.analysis.wording import change_sentence

    row = pd.Series({"kind": "index", "difference": 0.002, "difference_low": 0.001,
                     "difference_high": 0.003, "reference_mean": 0.2561, "mean": 0.2581,
                     "description": "Promoters' role conflict"})
    said = unescape(change_sentence(row))
    assert said.startswith("raised promoters' role conflict slightly, from about 0.26 (")
    row["mean"] = 0.31
    assert "from 0.26 to 0.31 (" in change_sentence(row)
