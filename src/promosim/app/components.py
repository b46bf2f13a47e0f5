"""The dashboard's views of a :class:`~promosim.PromoterModel`, for pages of one's own.

Each component takes the model, as Mesa's ``SolaraViz`` passes it, and redraws when the model
steps. The dashboard's own page (:mod:`promosim.app.page`) shows the same views of a tab's
session, with its levers, projections and references.
"""

from __future__ import annotations

from html import escape

import solara
from mesa.visualization.utils import update_counter

from promosim.app import narrator, organisation
from promosim.model import PromoterModel


@solara.component
def Organisation(model: PromoterModel) -> None:  # noqa: N802
    """Managers → promoters → accounts, coloured by trust, spirals marked, with a legend."""
    update_counter.get()
    solara.Style(organisation.stylesheet())
    with solara.Card("Organisation", classes=["promosim", "organisation"], margin=0):
        organisation.OrganisationWidget(**organisation.organisation_data(model))
        solara.HTML(tag="div", unsafe_innerHTML=organisation.legend_html())


@solara.component
def Narrator(model: PromoterModel) -> None:  # noqa: N802
    """What is happening in the firm this month, in plain words."""
    update_counter.get()
    with solara.Card("What is happening", classes=["narrator"], margin=0):
        solara.HTML(tag="div", unsafe_innerHTML="".join(
            f"<p>{escape(line)}</p>" for line in narrator.narrate(model)))
