"""The organisation view shows every position, spiral, vacancy and account of the firm."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from promosim import PromoterModel
from promosim.app.organisation import organisation_svg, trust_colour
from promosim.app.setup import Setup

SETUP = Setup()
SVG = "{http://www.w3.org/2000/svg}"


def groups(svg: str, kind: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == kind]


def test_the_view_matches_the_state():
    model = PromoterModel(**SETUP.model_kwargs({**SETUP.baseline, "supervision_base": 0.6,
                                                "supervision_reactivity": 2.5}, 1))
    seen_spiral = seen_vacancy = False
    for _ in range(36):
        model.step()
        svg = organisation_svg(model)
        st = model.state
        spirals = int((st.in_spiral[0] & st.occupied[0]).sum())
        vacancies = int((~st.occupied[0]).sum())
        assert len(groups(svg, "promoter spiral")) == spirals
        assert len(groups(svg, "vacancy")) == vacancies
        assert len(groups(svg, "promoter")) + spirals + vacancies == model.params.positions
        assert len(groups(svg, "manager")) == model.params.teams
        accounts = ET.fromstring(svg).iter(f"{SVG}circle")
        filled = [c for c in accounts if c.find(f"{SVG}title") is not None]
        assert len(filled) == int(st.active[0].sum())
        seen_spiral |= spirals > 0
        seen_vacancy |= vacancies > 0
    assert seen_spiral and seen_vacancy


def test_trust_runs_from_red_to_green():
    assert re.fullmatch(r"#[0-9a-f]{6}", trust_colour(0.5))
    assert int(trust_colour(0.0)[1:3], 16) > int(trust_colour(0.0)[3:5], 16)  # red
    assert int(trust_colour(1.0)[3:5], 16) > int(trust_colour(1.0)[1:3], 16)  # green
    assert trust_colour(-1) == trust_colour(0.0) and trust_colour(2) == trust_colour(1.0)
