"""The dashboard's charts: each outcome over the horizon for the live firm and two projections.

Every chart draws, per line, the firm stepped so far (thick), the projection of the current levers
(thin) and the projection before the last change (dashed), so a lever's effect shows as the gap
between thin and dashed lines. Charts are small SVG documents drawn in a few milliseconds, so the
page keeps up with Play and needs nothing from the internet to show them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import numpy as np

from promosim.app.trajectory import Trajectory

Values = Callable[[Trajectory], np.ndarray]


def series(name: str) -> Values:
    """A monthly series as it is."""
    return lambda t: t[name]


def trailing(name: str, months: int = 12, mean: bool = False) -> Values:
    """A monthly flow summed (or averaged) over the last ``months`` months; month 0 is left out."""
    def values(t: Trajectory) -> np.ndarray:
        flow = t[name][1:]
        total = np.cumsum(flow)
        total[months:] = total[months:] - total[:-months]
        out = total / np.minimum(np.arange(1, flow.size + 1), months) if mean else total
        return np.concatenate([[np.nan], out])
    return values


def retention(t: Trajectory) -> np.ndarray:
    """Share of the month-0 promoters still employed."""
    return t.retention


@dataclass(frozen=True)
class Line:
    """One outcome in a chart."""

    label: str
    colour: str
    values: Values


@dataclass(frozen=True)
class Chart:
    """A chart: its title, y-axis and lines."""

    title: str
    ylabel: str
    lines: tuple[Line, ...]
    ylim: tuple[float, float] | None = None


CHARTS: tuple[Chart, ...] = (
    Chart("Trust", "trust (0–1)", (
        Line("customers' trust in their promoter", "#2e7d32", series("mean_customer_trust")),
        Line("managers' trust in their promoters", "#1565c0", series("mean_management_trust")),
    ), (0.0, 1.0)),
    Chart("Supervision and role conflict", "level (0–1)", (
        Line("supervision", "#6a1b9a", series("mean_supervision")),
        Line("role conflict", "#ef6c00", series("mean_role_conflict")),
    ), (0.0, 1.0)),
    Chart("Spirals and quits", "promoters", (
        Line("in a failure–distrust spiral now", "#c62828", series("spirals_active")),
        Line("quits in the last 12 months", "#37474f", trailing("quits")),
    )),
    Chart("Retention", "share still employed", (
        Line("promoters of month 0 still here", "#00838f", retention),
    ), (0.0, 1.02)),
    Chart("Revenue and pay cost", "k€ a month (12-month average)", (
        Line("revenue", "#283593", trailing("revenue", mean=True)),
        Line("pay cost", "#ad1457", trailing("pay_cost", mean=True)),
    )),
)


WIDTH, HEIGHT, LEFT, RIGHT, BOTTOM = 400, 270, 44, 10, 32


def nice_ticks(low: float, high: float, most: int = 6) -> np.ndarray:
    """Round tick values covering ``low..high``, at most ``most`` of them."""
    span = max(high - low, 1e-9)
    for step in (m * 10.0 ** e for e in range(math.floor(math.log10(span / most)), 12)
                 for m in (1.0, 2.0, 5.0)):
        if span / step <= most - 1:
            return np.arange(math.floor(low / step), math.ceil(high / step) + 1) * step
    return np.array([low, high])


def _path(x: np.ndarray, y: np.ndarray) -> str:
    """An SVG path through the finite points, broken where a value is missing."""
    parts, pen = [], "M"
    for xi, yi in zip(x, y, strict=True):
        if not np.isfinite(yi):
            pen = "M"
            continue
        parts.append(f"{pen}{xi:.1f} {yi:.1f}")
        pen = "L"
    return "".join(parts)


def chart_svg(chart: Chart, live: Trajectory | None, current: Trajectory | None,
              previous: Trajectory | None) -> str:
    """The chart as an SVG document.

    Each line is drawn for the live firm so far (thick), the current projection (thin) and the
    previous one (dashed).
    """
    runs = [(t, style) for t, style in ((previous, 'stroke-width="1.3" stroke-dasharray="5 3" '
                                                   'opacity="0.6"'),
                                        (current, 'stroke-width="1.3" opacity="0.6"'),
                                        (live, 'stroke-width="3"')) if t is not None]
    horizon = max(12, *(t.month for t, _ in runs))
    values = [line.values(t) for t, _ in runs for line in chart.lines]
    if chart.ylim:
        low, high = chart.ylim
        yticks = nice_ticks(low, min(high, 1.0) if high <= 1.05 else high)
    else:
        top = max((np.nanmax(v) for v in values if np.isfinite(v).any()), default=1.0)
        yticks = nice_ticks(0.0, max(top, 1e-9))
        low, high = 0.0, float(yticks[-1])
    top = 26 + 14 * len(chart.lines)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - top - BOTTOM

    def sx(month: np.ndarray | float) -> np.ndarray | float:
        return LEFT + np.asarray(month) / horizon * plot_w

    def sy(value: np.ndarray | float) -> np.ndarray | float:
        return top + plot_h - (np.asarray(value) - low) / (high - low) * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
           'width="100%" style="font-family:Roboto,sans-serif" role="img" '
           f'aria-label="{escape(chart.title)}" font-size="11">',
           f'<text x="4" y="15" font-size="14" font-weight="bold">{escape(chart.title)}</text>']
    for i, line in enumerate(chart.lines):
        out.append(f'<rect x="{LEFT}" y="{24 + 14 * i}" width="16" height="4" '
                   f'fill="{line.colour}"/><text x="{LEFT + 22}" y="{29 + 14 * i}">'
                   f'{escape(line.label)}</text>')
    for tick in yticks:
        y = sy(tick)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#e0e0e0"/><text x="{LEFT - 4}" y="{y + 4:.1f}" '
                   f'text-anchor="end">{tick:g}</text>')
    step = 12 if horizon <= 180 else 60
    for month in range(0, horizon + 1, step):
        out.append(f'<text x="{sx(month):.1f}" y="{HEIGHT - BOTTOM + 13}" '
                   f'text-anchor="middle">{month}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 3}" text-anchor="middle">month'
               f'</text><text transform="translate(11 {top + plot_h / 2}) rotate(-90)" '
               f'text-anchor="middle">{escape(chart.ylabel)}</text>'
               f'<rect x="{LEFT}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
               'stroke="#9e9e9e"/>')
    if live is not None and live.month:
        out.append(f'<line x1="{sx(live.month):.1f}" x2="{sx(live.month):.1f}" y1="{top}" '
                   f'y2="{top + plot_h}" stroke="#9e9e9e"/>')
    for t, style in runs:
        for line in chart.lines:
            y = line.values(t)
            out.append(f'<path class="line" d="{_path(sx(np.arange(y.size)), sy(y))}" '
                       f'fill="none" stroke="{line.colour}" {style}/>')
    out.append("</svg>")
    return "".join(out)
