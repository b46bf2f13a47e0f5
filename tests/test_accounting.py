"""Bookkeeping holds every month: series agree with the event log and with the state's flows."""

import re
from pathlib import Path

import numpy as np

from promosim.batch import simulate
from promosim.parameters import PARAMETERS, resolve
from promosim.version import MODEL_SOURCES

SRC = Path(__file__).resolve().parents[1] / "src" / "promosim"


def run(small, **changes):
    seen = []

    def observe(st, month):
        seen.append({"overuse": st.overuse.sum(), "overusing": (st.overuse > 0).sum()})

    point = resolve({**small, "months": 60, "matching": 0.3, "customer_promoter_support": 0.8,
                     **changes})
    return simulate([point, point], [3, 4], observe=observe), seen, point


def test_series_agree_with_the_event_log_every_month(small):
    result, _, _ = run(small)
    events = result.events
    pairs = {"quits": "quit", "hires": "hire", "defections": "relationship_end",
             "acquisitions": "relationship_start", "spirals_started": "spiral_start"}
    for series, event in pairs.items():
        counted = (events[events.event == event].groupby(["run", "month"]).size()
                   .unstack(fill_value=0).reindex(index=range(2), columns=range(1, 61),
                                                  fill_value=0))
        assert np.array_equal(counted.to_numpy(), result.series[series][:, 1:]), series
    ended = events[events.event == "spiral_end"]
    for detail, series in (("recovery", "spirals_recovered"), ("quit", "spirals_quit")):
        assert len(ended[ended.detail == detail]) == result.series[series][:, 1:].sum()


def test_tenure_at_a_quit_is_the_time_since_the_hire(small):
    events = run(small)[0].events
    hires = events[events.event == "hire"][["run", "person", "month"]]
    quits = events[events.event == "quit"].merge(hires, on=["run", "person"],
                                                 suffixes=("", "_hired"))
    assert len(quits) > 0
    assert (quits.duration == quits.month - quits.month_hired).all()


def test_power_overuse_and_adaptation_cost_count_the_same_relationships(small):
    result, seen, _ = run(small)
    overusing = np.array([s["overusing"] for s in seen])
    cost = np.array([s["overuse"] for s in seen])
    assert overusing.sum() > 0
    assert np.array_equal(overusing, result.series["power_overuse"].sum(axis=0))
    assert np.allclose(cost, result.series["adaptation_cost"].sum(axis=0))


def test_profit_is_margin_minus_costs(small):
    result, _, point = run(small)
    s = result.series
    expected = (point["gross_margin"] * s["revenue"] - s["pay_cost"] - s["resource_cost"]
                - s["adaptation_cost"])
    assert np.allclose(s["profit"], expected)


def test_every_parameter_is_used_by_the_model():
    code = "".join((SRC / name).read_text() for name in MODEL_SOURCES if name.endswith(".py")
                   and name != "parameters.py")
    unused = [p.name for p in PARAMETERS if not re.search(rf"\b{p.name}\b", code)]
    assert unused == []


def test_model_code_reads_only_parameters_of_the_table():
    code = "".join((SRC / name).read_text() for name in MODEL_SOURCES if name.endswith(".py"))
    read = set(re.findall(r"\bP\.(\w+)", code))
    assert read - {p.name for p in PARAMETERS} == set()
