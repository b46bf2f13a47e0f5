"""The organisation view's data show every position, spiral, vacancy and account of the firm."""

from __future__ import annotations

import json

import numpy as np

from promosim import PromoterModel
from promosim.app.organisation import (
    BINS,
    PALETTE,
    organisation_data,
    stylesheet,
    trust_colour,
    trust_step,
)
from promosim.app.setup import Setup

SETUP = Setup()


def test_the_data_match_the_state():
    model = PromoterModel(**SETUP.model_kwargs({**SETUP.baseline, "supervision_base": 0.6,
                                                "supervision_reactivity": 2.5}, 1))
    seen_spiral = seen_vacancy = False
    for _ in range(36):
        model.step()
        data = organisation_data(model)
        teams = json.loads(data["teams"])
        st = model.state
        cards = [card for team in teams for card in team[2]]
        assert data["size"] == model.params.team_size and len(teams) == model.params.teams
        assert len(cards) == model.params.positions
        spirals = int((st.in_spiral[0] & st.occupied[0]).sum())
        vacancies = int((~st.occupied[0]).sum())
        assert sum(card[2] for card in cards) == spirals
        assert sum(card[1] < 0 for card in cards) == vacancies
        dots = "".join(card[5] for card in cards)
        assert len(dots) == model.params.positions * model.params.accounts
        assert len(dots) - dots.count("-") == int(st.active[0].sum())
        assert sum(ch.isalpha() for ch in dots) == int(
            (st.customer_promoter[0] & st.active[0]).sum())
        for p, card in enumerate(cards):
            if card[1] >= 0:
                assert card[1] == trust_step(st.mgmt_trust[0, p])
                assert card[6][0] == round(float(st.mgmt_trust[0, p]), 2)
        seen_spiral |= spirals > 0
        seen_vacancy |= vacancies > 0
    assert seen_spiral and seen_vacancy


def test_trust_runs_from_red_to_blue_in_steps():
    assert len(PALETTE) == BINS and trust_colour(0.0) == PALETTE[0]
    red, blue = PALETTE[0], PALETTE[-1]
    assert int(red[1:3], 16) > int(red[5:7], 16) and int(blue[5:7], 16) > int(blue[1:3], 16)
    assert trust_colour(-1) == trust_colour(0.0) and trust_colour(2) == trust_colour(1.0)
    assert list(trust_step(np.array([0.0, 0.05, 0.1, 0.99, 1.0]))) == [0, 0, 1, 9, 9]


def test_every_step_has_a_readable_ink():
    css = stylesheet()
    for i, colour in enumerate(PALETTE):
        rule = f".org .t{i}{{background:{colour};color:#"
        assert rule in css
        ink = css.split(rule)[1][:3]
        r, g, b = (int(colour[j:j + 2], 16) / 255 for j in (1, 3, 5))
        light = 0.299 * r + 0.587 * g + 0.114 * b
        assert (ink == "000") == (light > 0.5)
