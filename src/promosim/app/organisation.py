"""The organisation view: managers → promoters → customer accounts, coloured by trust.

One row per team: the manager, then each position as a card coloured by the manager's trust in its
promoter, with a bar for the supervision they impose, a black SPIRAL badge and a thick black frame
while the dyad is in a failure–distrust spiral, and a star for relationship promoters. Inside each
card, one dot per account slot, coloured by the counterpart's trust in the promoter (ringed when
the counterpart is a customer-side promoter, hollow when the slot is empty). Vacant positions are
dashed. Trust is shown in :data:`BINS` steps of a red–yellow–blue scale (ColorBrewer RdYlBu, which
readers with the common colour-vision deficiencies tell apart), so a month in which nobody's trust
crosses a step changes nothing on its card. The server sends the view's data (a few characters
and numbers a card, :func:`organisation_data`), the browser draws it (``templates/
organisation.vue``) as HTML with real 14-pixel text on any screen.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import solara
from matplotlib import colormaps
from matplotlib.colors import to_hex

from promosim.app.narrator import position_name
from promosim.model import PromoterModel

#: Steps of the trust scale.
BINS = 10
_SCALE = colormaps["RdYlBu"]
#: The colour of each step, low trust first.
PALETTE = tuple(to_hex(_SCALE((i + 0.5) / BINS)) for i in range(BINS))


def trust_step(trust: np.ndarray | float) -> np.ndarray:
    """The step of the trust scale (0 … BINS − 1) of each trust level."""
    return np.clip((np.asarray(trust, dtype=float) * BINS).astype(int), 0, BINS - 1)


def trust_colour(trust: float) -> str:
    """The colour of a trust level (red 0 → yellow → blue 1)."""
    return PALETTE[int(trust_step(trust))]


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "#fff"


#: A white spiral (half circles of growing radius), the SPIRAL badge on cards too narrow for the
#: word at a projector's zoom (a picture, so no font is needed).
SPIRAL_SIGN = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
               "%3Cpath d='M8 8a1 1 0 0 1 2 0a2 2 0 0 1-4 0a3 3 0 0 1 6 0a4 4 0 0 1-8 0"
               "a5 5 0 0 1 10 0' fill='none' stroke='white' stroke-width='1.6'/%3E%3C/svg%3E")


def stylesheet() -> str:
    """The view's CSS: the trust steps as classes ``t0`` … ``t9`` for cards and dots.

    On a card too narrow for the words (a projector's zoom), the SPIRAL badge shows a spiral
    sign and the word "vacant" is left to the dashed frame.
    """
    steps = "".join(f".org .t{i}{{background:{c};color:{_ink(c)}}}" for i, c in enumerate(PALETTE))
    return (steps + """
.org { font-size: 14px; line-height: 1.25; }
.org .team { display: grid; gap: 6px; margin-bottom: 6px; align-items: stretch; }
.org .m { background: #e3e8f0; border: 1px solid #5c6b80; border-radius: 6px; padding: 4px 6px;
          color: #000; }
.org .c { border: 1px solid #455a64; border-radius: 6px; padding: 3px 5px; min-width: 0;
          overflow: hidden; container-type: inline-size; }
.org .c.s { border: 4px solid #000; padding: 0 2px; }
.org .c.v { background: #f5f5f5; border: 2px dashed #777; color: #333; }
.org .n { font-weight: bold; white-space: nowrap; }
.org .sp { display: inline-block; background: #000; color: #fff; font-weight: bold;
           padding: 0 3px; border-radius: 3px; }
@container (max-width: 52px) {
  .org .sp { font-size: 0; width: 18px; height: 18px; padding: 0; vertical-align: middle;
             background: #000 url("SPIRAL-SIGN") center / 16px no-repeat; }
  .org .vt { display: none; }
}
.org .b { display: block; height: 6px; background: rgba(255,255,255,0.75); margin: 3px 0; }
.org .b i { display: block; height: 6px; background: #263238; }
.org .a { display: flex; flex-wrap: wrap; gap: 3px; margin-top: 2px; }
.org .a i { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
            border: 1px solid #424242; }
.org .a i.r { border: 3px solid #000; width: 13px; height: 13px; margin: -1px; }
.org .a i.e { background: #fff; border: 1px dashed #999; }
.org-legend { font-size: 14px; display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 4px 0;
              align-items: center; }
.org-legend .scale { display: inline-flex; }
.org-legend .scale i { display: inline-block; width: 14px; height: 14px; }
.org-legend .sample { display: inline-block; width: 26px; height: 16px; vertical-align: middle;
                      border-radius: 3px; margin-right: 4px; }
""").replace("SPIRAL-SIGN", SPIRAL_SIGN)


def organisation_data(model: PromoterModel) -> dict[str, Any]:
    """The firm's organisation now, as the view's template reads it.

    ``teams`` is JSON text (the page's renderer compares text at once, nested lists item by
    item) of a list with, per team, the manager's mean supervision, how many positions are
    filled and the cards. A card is ``[name, trust step, spiral, role, supervision %, dots,
    numbers]``: the trust step is −1 for a vacancy; dots hold one character per account slot
    ("0"–"9" the customer's trust step, "a"–"j" the same for a customer-side promoter, "-" an
    empty slot); numbers are the tooltip's (manager's trust, supervision, latitude, role
    conflict, years in the job, customers, their lowest and highest trust, customer-side
    promoters, month the spiral began), or the months a vacancy has left.
    """
    st, prm = model.state, model.params
    occupied, spiral = st.occupied[0], st.in_spiral[0] & st.occupied[0]
    card_steps = trust_step(st.mgmt_trust[0])
    dot_steps = trust_step(st.personal_trust[0])
    teams = []
    for team in range(prm.teams):
        positions = range(team * prm.team_size, (team + 1) * prm.team_size)
        held = [p for p in positions if occupied[p]]
        supervision = float(np.mean(st.supervision[0, held])) if held else 0.0
        cards = []
        for p in positions:
            dots = "".join("-" if not st.active[0, p, s] else
                           chr(97 + dot_steps[p, s]) if st.customer_promoter[0, p, s] else
                           str(dot_steps[p, s]) for s in range(prm.accounts))
            cards.append(_card(model, p, int(card_steps[p]), bool(spiral[p]), dots))
        teams.append([f"{supervision:.2f}", f"{len(held)} of {prm.team_size}", cards])
    return {"size": prm.team_size, "teams": json.dumps(teams, separators=(",", ":"))}


def _card(model: PromoterModel, p: int, step: int, spiral: bool, dots: str) -> list[Any]:
    """One position: its promoter (or the vacancy) and its account dots."""
    st, size = model.state, model.params.team_size
    name = position_name(p, size)
    if not st.occupied[0, p]:
        return [name, -1, 0, 0, 0, dots, [max(int(np.ceil(st.vacancy_left[0, p])), 0)]]
    customers = st.active[0, p]
    trust = st.personal_trust[0, p][customers]
    numbers = [float(st.mgmt_trust[0, p]), float(st.supervision[0, p]), float(st.latitude[0, p]),
               float(st.role_conflict[0, p]), float(st.tenure[0, p]) / 12, int(trust.size),
               float(trust.min()) if trust.size else 0.0,
               float(trust.max()) if trust.size else 0.0,
               int(st.customer_promoter[0, p][customers].sum()),
               int(st.spiral_start[0, p]) if spiral else 0]
    numbers = [round(x, 2) if isinstance(x, float) else x for x in numbers]
    bar = round(100 * float(np.clip(st.supervision[0, p], 0.0, 1.0)))
    return [name, step, int(spiral), int(bool(st.role[0, p])), bar, dots, numbers]


@solara.component_vue("templates/organisation.vue")
def OrganisationWidget(size: int, teams: str) -> None:  # noqa: N802
    """The organisation drawn in the browser from :func:`organisation_data`."""


def legend_html() -> str:
    """What the colours and marks of the view mean (drawn once)."""
    scale = "".join(f'<i style="background:{c}"></i>' for c in PALETTE)
    return (f'<div class="org-legend"><span>trust 0 <span class="scale">{scale}</span> 1</span>'
            "<span>card: manager's trust in the promoter; bar: supervision; dots: customers' "
            "trust in the promoter</span>"
            '<span><span class="sp" style="background:#000;color:#fff;padding:0 4px;'
            'font-weight:bold">SPIRAL</span> (a spiral sign on narrow cards) with a thick black '
            'frame: a failure–distrust spiral'
            '</span><span>dashed: vacant</span><span>★ relationship promoter</span>'
            '<span><i style="display:inline-block;width:13px;height:13px;border-radius:50%;'
            'border:3px solid #000"></i> customer-side promoter</span>'
            '<span><i style="display:inline-block;width:11px;height:11px;border-radius:50%;'
            'border:1px dashed #999"></i> no customer (slot empty)</span></div>')
