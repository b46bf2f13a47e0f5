"""The organisation view: managers → promoters → customer accounts, coloured by trust (SVG).

One row per team: the manager, then each position as a card filled with the manager's trust in its
promoter, with a bar for the supervision they impose, a red frame while the dyad is in a
failure–distrust spiral, and a star for relationship promoters. Under each card, one dot per
account slot, filled with the counterpart's trust in the promoter (ringed when the counterpart is a
customer-side promoter, hollow when the slot is empty). Vacant positions are dashed.
"""

from __future__ import annotations

from html import escape

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex

from promosim.app.narrator import position_name
from promosim.model import PromoterModel

_TRUST = colormaps["RdYlGn"]
MANAGER_WIDTH, CARD_WIDTH, GAP, HEADER, DOT, PER_ROW = 118, 112, 8, 40, 13, 8
SPIRAL = "#c62828"


def trust_colour(trust: float) -> str:
    """The colour of a trust level (red 0 → yellow → green 1)."""
    return to_hex(_TRUST(float(np.clip(trust, 0.0, 1.0))))


def organisation_svg(model: PromoterModel) -> str:
    """The firm's organisation now, as an SVG document."""
    st, prm = model.state, model.params
    rows = -(-prm.accounts // PER_ROW)
    card_height = HEADER + rows * DOT + 6
    row_height = card_height + GAP
    width = MANAGER_WIDTH + prm.team_size * (CARD_WIDTH + GAP)
    height = prm.teams * row_height + 46
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width * 1.3:.0f}px;font-family:Roboto,sans-serif" '
             'role="img" aria-label="organisation view">']
    for team in range(prm.teams):
        y = team * row_height
        positions = range(team * prm.team_size, (team + 1) * prm.team_size)
        held = [p for p in positions if st.occupied[0, p]]
        supervision = float(np.mean(st.supervision[0, held])) if held else 0.0
        parts.append(
            f'<g class="manager"><title>Manager of team {team + 1}: mean supervision '
            f'{supervision:.2f}, {len(held)} of {prm.team_size} positions filled</title>'
            f'<rect x="2" y="{y + 2}" width="{MANAGER_WIDTH - 12}" height="{card_height - 4}" '
            'rx="6" fill="#e3e8f0" stroke="#5c6b80"/>'
            f'<text x="10" y="{y + 22}" font-size="13" font-weight="bold">Manager {team + 1}</text>'
            f'<text x="10" y="{y + 40}" font-size="11">supervision {supervision:.2f}</text>'
            f'<line x1="{MANAGER_WIDTH - 10}" y1="{y + card_height / 2}" x2="{MANAGER_WIDTH}" '
            f'y2="{y + card_height / 2}" stroke="#5c6b80"/></g>')
        for seat, p in enumerate(positions):
            x = MANAGER_WIDTH + seat * (CARD_WIDTH + GAP)
            parts.append(_card(model, p, x, y, card_height))
    parts.append(_legend(height - 40, width))
    parts.append("</svg>")
    return "".join(parts)


def _card(model: PromoterModel, p: int, x: float, y: float, height: float) -> str:
    """One position: its promoter (or the vacancy) and its account slots."""
    st, size = model.state, model.params.team_size
    name = position_name(p, size)
    if not st.occupied[0, p]:
        left = max(int(np.ceil(st.vacancy_left[0, p])), 0)
        body = (f'<title>Position {name} is vacant: hiring takes about {left + 1} more '
                f'month{"s" if left else ""}</title>'
                f'<rect x="{x}" y="{y + 2}" width="{CARD_WIDTH}" height="{height - 4}" rx="6" '
                'fill="#f5f5f5" stroke="#9e9e9e" stroke-dasharray="5 3"/>'
                f'<text x="{x + 8}" y="{y + 18}" font-size="12" fill="#616161">{name} vacant'
                '</text>')
        return f'<g class="vacancy">{body}{_accounts(model, p, x, y)}</g>'
    spiral = bool(st.in_spiral[0, p])
    trust, supervision = float(st.mgmt_trust[0, p]), float(st.supervision[0, p])
    tip = (f"Promoter {name}: management trust {trust:.2f}, supervision {supervision:.2f}, "
           f"latitude {st.latitude[0, p]:.2f}, role conflict {st.role_conflict[0, p]:.2f}, "
           f"stress {st.stress[0, p]:.2f}, tenure {st.tenure[0, p] / 12:.1f} years"
           + (", relationship promoter" if st.role[0, p] else "")
           + (f", in a spiral since month {st.spiral_start[0, p]}" if spiral else ""))
    frame = (f'stroke="{SPIRAL}" stroke-width="3"' if spiral else 'stroke="#455a64"')
    label = name + (" ★" if st.role[0, p] else "")
    bar = (CARD_WIDTH - 16) * float(np.clip(supervision, 0.0, 1.0))
    body = (f'<title>{escape(tip)}</title>'
            f'<rect x="{x}" y="{y + 2}" width="{CARD_WIDTH}" height="{height - 4}" rx="6" '
            f'fill="{trust_colour(trust)}" {frame}/>'
            f'<text x="{x + 8}" y="{y + 18}" font-size="12" font-weight="bold">{label}</text>'
            + (f'<text x="{x + CARD_WIDTH - 8}" y="{y + 18}" font-size="11" font-weight="bold" '
               f'fill="{SPIRAL}" text-anchor="end">SPIRAL</text>' if spiral else "")
            + f'<rect x="{x + 8}" y="{y + 24}" width="{CARD_WIDTH - 16}" height="6" '
            'fill="#ffffff" opacity="0.7"/>'
            f'<rect x="{x + 8}" y="{y + 24}" width="{bar:.1f}" height="6" fill="#263238"/>')
    kind = "promoter spiral" if spiral else "promoter"
    return f'<g class="{kind}">{body}{_accounts(model, p, x, y)}</g>'


def _accounts(model: PromoterModel, p: int, x: float, y: float) -> str:
    """The account slots of a position, as dots coloured by the counterpart's trust."""
    st = model.state
    rows = -(-model.params.accounts // PER_ROW)
    dots = [f'<rect x="{x + 4}" y="{y + HEADER - DOT / 2 - 2}" width="{CARD_WIDTH - 8}" '
            f'height="{rows * DOT + 4}" rx="4" fill="white" opacity="0.9"/>']
    for slot in range(model.params.accounts):
        cx = x + 12 + (slot % PER_ROW) * DOT
        cy = y + HEADER + (slot // PER_ROW) * DOT
        if not st.active[0, p, slot]:
            dots.append(f'<circle cx="{cx}" cy="{cy}" r="4" fill="white" stroke="#bdbdbd" '
                        'stroke-dasharray="2 1"/>')
            continue
        trust = float(st.personal_trust[0, p, slot])
        ring = bool(st.customer_promoter[0, p, slot])
        tip = (f"Customer account: trust in the promoter {trust:.2f}, in the firm "
               f"{st.firm_trust[0, p, slot]:.2f}, commitment {st.commitment[0, p, slot]:.2f}"
               + (", the counterpart is a customer-side promoter" if ring else ""))
        stroke = 'stroke="#000" stroke-width="2"' if ring else 'stroke="#424242" stroke-width="0.5"'
        dots.append(f'<circle cx="{cx}" cy="{cy}" r="5" fill="{trust_colour(trust)}" {stroke}>'
                    f'<title>{escape(tip)}</title></circle>')
    return "".join(dots)


def _legend(y: float, width: float) -> str:
    """Colour scale and symbols."""
    stops = "".join(f'<stop offset="{t:.2f}" stop-color="{trust_colour(t)}"/>'
                    for t in np.linspace(0, 1, 6))
    return (f'<g class="legend" font-size="11"><defs><linearGradient id="trust-scale">{stops}'
            '</linearGradient></defs>'
            f'<text x="2" y="{y + 14}">trust 0</text>'
            f'<rect x="46" y="{y + 4}" width="120" height="12" fill="url(#trust-scale)"/>'
            f'<text x="170" y="{y + 14}">1</text>'
            f'<text x="190" y="{y + 14}">cards: manager\'s trust in the promoter, bar: '
            'supervision; dots: customer\'s trust in the promoter</text>'
            f'<rect x="2" y="{y + 24}" width="14" height="10" fill="white" stroke="{SPIRAL}" '
            'stroke-width="3"/>'
            f'<text x="22" y="{y + 33}">spiral</text>'
            f'<rect x="70" y="{y + 24}" width="14" height="10" fill="#f5f5f5" stroke="#9e9e9e" '
            'stroke-dasharray="3 2"/>'
            f'<text x="90" y="{y + 33}">vacant</text>'
            f'<text x="140" y="{y + 33}">★ relationship promoter</text>'
            f'<circle cx="290" cy="{y + 29}" r="5" fill="white" stroke="#000" stroke-width="2"/>'
            f'<text x="300" y="{y + 33}">customer-side promoter</text>'
            f'<circle cx="448" cy="{y + 29}" r="4" fill="white" stroke="#bdbdbd" '
            'stroke-dasharray="2 1"/>'
            f'<text x="458" y="{y + 33}">no customer (slot empty)</text></g>')
