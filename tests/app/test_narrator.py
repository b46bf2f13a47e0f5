"""The narrator says what the state and the events say, in plain words."""

from __future__ import annotations

import re

import pytest

from promosim import PromoterModel
from promosim.app.narrator import count, listing, narrate, position_name
from promosim.app.setup import Setup

SETUP = Setup()
TIGHT = {**SETUP.baseline, "supervision_base": 0.6, "supervision_reactivity": 2.5,
         "supervision_legitimacy": 0.1}


@pytest.fixture(scope="module")
def months():
    """Five years of a tightly controlled firm: (month, sentences, outcomes) for every month."""
    model = PromoterModel(**SETUP.model_kwargs(TIGHT, 1))
    told = [(0, narrate(model), dict(model.latest))]
    for _ in range(60):
        model.step()
        told.append((model.steps, narrate(model), dict(model.latest)))
    return model, told


def test_words():
    assert position_name(0, 6) == "1.1" and position_name(13, 6) == "3.2"
    assert count(1, "promoter") == "1 promoter" and count(3, "promoter") == "3 promoters"
    assert listing(["a"]) == "a" and listing(["a", "b", "c"]) == "a, b and c"


def test_month_0_introduces_the_firm():
    model = PromoterModel(**SETUP.model_kwargs(SETUP.baseline, 1))
    text = narrate(model)
    assert text[0].startswith(f"Month 0: the firm has {int(model.latest['promoters'])} promoters")
    assert "Press Step or Play" in text[0]


def test_spirals_are_counted_and_explained(months):
    _, told = months
    spiralling = [(lines, latest) for month, lines, latest in told
                  if month and latest["spirals_active"] >= 2]
    assert spiralling, "tight control should start spirals within five years"
    for lines, latest in spiralling:
        n = int(latest["spirals_active"])
        assert lines[0].startswith(f"{n} promoters are in a failure–distrust spiral")
        explained = [line for line in lines if "tightened supervision of promoter" in line]
        assert len(explained) == min(n, 3)
        assert all("(policy base 0.60)" in line for line in explained)
    calm = [lines for month, lines, latest in told if month and not latest["spirals_active"]]
    assert all("No promoter is in a failure–distrust spiral." in lines for lines in calm)


def test_every_quit_of_the_month_is_told(months):
    model, told = months
    quits = model.events[model.events["event"] == "quit"]
    for month, lines, latest in told[1:]:
        said = [line for line in lines if re.match(r"Promoter \d+\.\d+(, a relationship "
                                                    r"promoter,)? quit after", line)]
        assert len(said) == min(int(latest["quits"]), 3)
        for row in quits[quits["month"] == month].head(3).itertuples():
            name = position_name(int(row.position), model.params.team_size)
            assert any(line.startswith(f"Promoter {name}") for line in said)


def test_the_climate_matches_the_series(months):
    _, told = months
    _, lines, latest = told[-1]
    climate = next(line for line in lines if line.startswith("Customers trust"))
    assert f"at {latest['mean_customer_trust']:.2f}" in climate
    assert f"supervision at {latest['mean_supervision']:.2f}" in climate
    roles = next(line for line in lines if "hold the relationship-promoter role" in line)
    assert roles.startswith(f"{int(latest['promoters_in_role'])} promoter")


def test_a_policy_change_is_announced_when_it_takes_effect():
    model = PromoterModel(**{**SETUP.model_kwargs(SETUP.baseline, 1),
                             "policy_schedule": [(3, {"goal_clarity": 0.9})]})
    for month in range(1, 5):
        model.step()
        news = [line for line in narrate(model) if line.startswith("New policy")]
        assert news == (["New policy from this month: goal clarity 0.9."] if month == 3 else [])
