"""The dashboard's charts: their lines and axes as compact data, drawn in the browser.

A chart (``templates/chart.vue``) draws a frame (grid, tick labels), two places for projections
(``slot_a``, ``slot_b``), one of them the projection of the current levers (thin) and the other
the reference it is compared with (dashed), and the firm stepped so far (thick, with a line at the
current month). The server sends data, not drawings, and only what changed: a month stepped sends
the live lines, a lever moved the new projection into the place the reference does not hold
(:class:`Slots`), so that the projection before the change stays where it is and becomes the
dashed reference by a change of two letters. Lines are sent as whole steps of :data:`RESOLUTION`
over the axes' height, the first value of a stretch as a level and the others as steps from the
month before (``153,1,-2,0,…``): a ten-year line is a few hundred bytes. Colours are the
Okabe–Ito palette, which readers with any common colour-vision deficiency tell apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import solara

from promosim.app.trajectory import Trajectory
from promosim.outcomes import SERIES_BY_NAME

Values = Callable[[Trajectory], np.ndarray]

#: Okabe–Ito colours (Okabe & Ito 2008), safe for the common colour-vision deficiencies.
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#000000")


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
    """One line in a chart: its legend, colour and values."""

    label: str
    colour: str
    values: Values


def line(name: str, colour: str) -> Line:
    """A monthly series as it is, labelled with its legend from the outcome registry."""
    return Line(SERIES_BY_NAME[name].legend, colour, series(name))


def trailing_line(name: str, colour: str) -> Line:
    """A monthly flow summed over the last 12 months, labelled from the outcome registry."""
    return Line(f"{SERIES_BY_NAME[name].legend} in the last 12 months", colour, trailing(name))


@dataclass(frozen=True)
class Chart:
    """A chart: its key (for the page), title, unit, lines and fixed range (None: from zero)."""

    key: str
    title: str
    unit: str
    lines: tuple[Line, ...]
    ylim: tuple[float, float] | None = None


#: The charts; their lines' legends are the series' in :data:`promosim.outcomes.SERIES`.
CHARTS: tuple[Chart, ...] = (
    Chart("trust", "Trust", "0 to 1", (
        line("mean_customer_trust", BLUE), line("mean_management_trust", ORANGE),
    ), (0.0, 1.0)),
    Chart("supervision", "Supervision and role conflict", "0 to 1", (
        line("mean_supervision", PURPLE), line("mean_role_conflict", VERMILLION),
    ), (0.0, 1.0)),
    Chart("spirals", "Spirals and quits", "promoters", (
        line("spirals_active", VERMILLION), trailing_line("quits", BLACK),
    )),
    Chart("retention", "Retention", "share still employed", (
        Line("promoters of month 0 still here", GREEN, retention),
    ), (0.0, 1.0)),
    Chart("money", "Revenue and pay cost", "k€ a month, 12-month average", (
        Line(SERIES_BY_NAME["revenue"].legend, BLUE, trailing("revenue", mean=True)),
        Line(SERIES_BY_NAME["pay_cost"].legend, ORANGE, trailing("pay_cost", mean=True)),
    )),
)

#: The frame's viewBox and the plot area inside it (user units; 1 unit is 1 px at 440 px wide).
WIDTH, HEIGHT = 380, 200
LEFT, RIGHT, TOP, BOTTOM = 50, 12, 10, 28
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
#: Steps over the scale's height in which lines are drawn (about one per pixel).
RESOLUTION = 200
#: Size of every label, in viewBox units (the page never draws a chart narrower than its viewBox).
FONT = 14


@dataclass(frozen=True)
class Scale:
    """A chart's axes: months 0 to ``horizon`` across, ``low`` to ``high`` up, with tick values."""

    horizon: int
    low: float
    high: float
    ticks: tuple[float, ...]


def nice_ticks(low: float, high: float, most: int = 6) -> np.ndarray:
    """Round tick values covering ``low..high``, at most ``most`` of them."""
    span = max(high - low, 1e-9)
    for step in (m * 10.0 ** e for e in range(math.floor(math.log10(span / most)), 12)
                 for m in (1.0, 2.0, 5.0)):
        if span / step <= most - 1:
            return np.arange(math.floor(low / step), math.ceil(high / step) + 1) * step
    return np.array([low, high])


def scale(chart: Chart, runs: Sequence[Trajectory | None]) -> Scale:
    """The axes that hold every run's lines: from zero (or the chart's fixed range) up."""
    present = [t for t in runs if t is not None]
    horizon = max(12, *(t.month for t in present)) if present else 12
    if chart.ylim:
        low, high = chart.ylim
        ticks = nice_ticks(low, high, 6)
    else:
        values = [line.values(t) for t in present for line in chart.lines]
        top = max((float(np.nanmax(v)) for v in values if np.isfinite(v).any()), default=1.0)
        ticks = nice_ticks(0.0, max(top, 1e-9), 5)
        low, high = 0.0, float(ticks[-1])
    return Scale(horizon, low, high, tuple(float(t) for t in ticks))


def axes_data(axes: Scale) -> dict[str, Any]:
    """The frame's ticks (position in the frame, label) and months, and the horizon."""
    def y(value: float) -> int:
        return round(TOP + PLOT_H - (value - axes.low) / (axes.high - axes.low) * PLOT_H)

    step = 24 if axes.horizon <= 240 else 60
    return {"horizon": axes.horizon,
            "ticks": [[y(tick), f"{tick:g}"] for tick in axes.ticks],
            "months": [[round(LEFT + month / axes.horizon * PLOT_W), str(month)]
                       for month in range(0, axes.horizon + 1, step)]}


def encode(values: np.ndarray, axes: Scale) -> str:
    """Monthly values in steps of the axes' height (top 0), comma-separated.

    The first value of a stretch is a level, the others are steps from the month before, and a
    gap is an empty value.
    """
    levels = np.round((axes.high - values) / (axes.high - axes.low) * RESOLUTION)
    out: list[str] = []
    before = None
    for level in levels.tolist():
        if level != level:  # NaN: a gap
            out.append("")
            before = None
            continue
        out.append(str(int(level if before is None else level - before)))
        before = level
    return ",".join(out)


def lines_data(chart: Chart, run: Trajectory | None, axes: Scale) -> str:
    """Every line of ``chart`` for ``run``, encoded and separated by "|" ("" without a run).

    Text, not nested lists, so that the page's renderer compares it at once.
    """
    if run is None:
        return ""
    return "|".join(encode(line.values(run), axes) for line in chart.lines)


class Slots:
    """Which projection each of a tab's two chart places holds.

    A new projection goes into the place the reference does not hold, so a projection that
    becomes the reference stays where it is drawn (and is not sent again).
    """

    def __init__(self) -> None:
        self.held: list[Trajectory | None] = [None, None]

    def place(self, current: Trajectory, reference: Trajectory | None) -> tuple[str, str]:
        """Put ``current`` and ``reference`` into places; returns their places ("a", "b", "")."""
        wanted = [current] if reference is None or reference is current else [reference, current]
        self.held = [t if any(t is w for w in wanted) else None for t in self.held]
        for run in wanted:
            if not any(run is t for t in self.held):
                self.held[self.held.index(None)] = run
        names = {id(t): "ab"[i] for i, t in enumerate(self.held) if t is not None}
        return names[id(current)], names.get(id(reference), "") if reference is not None else ""


#: The frame's geometry, as the template reads it.
FRAME = {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": RIGHT, "top": TOP,
         "plotWidth": PLOT_W, "plotHeight": PLOT_H, "resolution": RESOLUTION, "font": FONT}


@solara.component_vue("templates/chart.vue")
def ChartWidget(title: str, unit: str, lines: list[dict[str, str]], frame: dict[str, int],  # noqa: N802
                axes: dict[str, Any], slot_a: str, slot_b: str, current: str, reference: str,
                live: str, month: int) -> None:
    """A chart drawn in the browser from its data (see the module's description)."""
