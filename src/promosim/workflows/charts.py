"""The figures of results: paired differences, monthly series and a sweep's means.

Every figure is a :class:`Plot`, a matplotlib figure made without pyplot (no global state, no
backend to choose) that notebooks show as a picture; labels, units and scales come from the
outcome registry (:mod:`promosim.outcomes`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from promosim.outcomes import KINDS, OUTCOMES, SERIES

#: Colours of a difference whose interval lies on the better side, the worse side, or spans 0.
BETTER, WORSE, UNCLEAR = "#1a9850", "#d73027", "#636363"
#: Panels in one row at most.
COLUMNS = 3


class Plot(Figure):
    """A matplotlib figure made without pyplot that notebooks show as a picture.

    Use it as any :class:`~matplotlib.figure.Figure`: ``chart.savefig("chart.png")``, or
    ``chart.axes`` to change titles and labels. It holds no global state and is freed when
    dropped.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        return buffer.getvalue()


def panels(count: int, height: float, width: float = 4.0, **kwargs) -> tuple[Plot, list]:
    """A chart of ``count`` panels, at most :data:`COLUMNS` a row.

    Args:
        count: how many panels.
        height: the height of one row of panels (inches).
        width: the width of one panel (inches).
        **kwargs: passed to :meth:`~matplotlib.figure.Figure.subplots` (``sharex``, …).

    Returns:
        The chart and its panels in reading order (spare panels are hidden).
    """
    columns = 2 if count == 4 else min(COLUMNS, max(count, 1))
    rows = math.ceil(max(count, 1) / columns)
    chart = Plot(figsize=(width * columns, height * rows), layout="constrained")
    axes = list(chart.subplots(rows, columns, squeeze=False, **kwargs).flat)
    for axis in axes[count:]:
        axis.set_visible(False)
    return chart, axes[:count]


def label_of(name: str) -> str:
    """An outcome's or series' name as an axis label with its unit."""
    if name in OUTCOMES:
        outcome = OUTCOMES[name]
        unit = KINDS[outcome.kind].unit.strip()
        if not unit:
            return outcome.heading
        heading = outcome.heading
        return f"{heading[:-1]}, {unit})" if heading.endswith(")") else f"{heading} ({unit})"
    series = {s.name: s for s in SERIES}.get(name)
    if series is None:
        return name
    return f"{series.meaning} ({series.unit})" if series.unit else series.meaning


def scale_of(name: str) -> float:
    """The factor an outcome is shown with (rates and shares in %, money in M€); else 1."""
    return KINDS[OUTCOMES[name].kind].factor if name in OUTCOMES else 1.0


def differences_chart(table: pd.DataFrame, outcomes: Sequence[str], title: str = "") -> Plot:
    """Each policy's paired difference from the reference with its interval, a panel per outcome.

    A difference is green when its interval lies on the better side of zero, red on the worse
    side, grey when it spans zero (outcomes with no better direction are grey).

    Args:
        table: paired differences, from :func:`promosim.experiments.paired_differences`, money
            a year (:func:`promosim.experiments.compare.money_a_year`).
        outcomes: the outcomes shown, in order.
        title: the chart's title.

    Returns:
        The chart.
    """
    labels = list(dict.fromkeys(table["label"]))
    chart, axes = panels(len(outcomes), max(2.0, 1.0 + 0.4 * len(labels)), width=4.5,
                         sharey=True)
    for axis, name in zip(axes, outcomes, strict=True):
        outcome = OUTCOMES[name]
        kind = KINDS[outcome.kind]
        rows = table[table["outcome"] == name].set_index("label").reindex(labels)
        y = np.arange(len(labels))[::-1]
        for position, row in zip(y, rows.itertuples(), strict=True):
            side = np.sign(row.low) if np.sign(row.low) == np.sign(row.high) else 0
            colour = UNCLEAR if side == 0 or outcome.better == 0 else (
                BETTER if side == outcome.better else WORSE)
            axis.errorbar(row.difference * kind.factor, position, capsize=3, fmt="o",
                          color=colour, xerr=[[(row.difference - row.low) * kind.factor],
                                              [(row.high - row.difference) * kind.factor]])
        axis.axvline(0, color="grey", lw=0.8)
        axis.set_yticks(y, labels)
        axis.set_ylim(-0.6, len(labels) - 0.4)
        axis.xaxis.set_major_locator(MaxNLocator(5))
        axis.set_title(outcome.yearly_heading, fontsize=10)
        unit = kind.unit_of(True).strip()
        axis.set_xlabel(f"difference ({unit})" if unit else "difference")
    if title:
        chart.suptitle(title, fontsize=11)
    return chart


def series_chart(series: pd.DataFrame, names: Sequence[str], title: str = "") -> Plot:
    """Monthly series of one run, a panel per series.

    Args:
        series: one row per month with a ``month`` column.
        names: the series shown.
        title: the chart's title.

    Returns:
        The chart.
    """
    chart, axes = panels(len(names), 2.8, sharex=True)
    for axis, name in zip(axes, names, strict=True):
        axis.plot(series["month"], series[name], color="#31688e", lw=1.4)
        axis.set_title(label_of(name), fontsize=9)
        axis.set_xlabel("month")
    if title:
        chart.suptitle(title, fontsize=11)
    return chart


def sweep_chart(means: pd.DataFrame, x: str, outcomes: Sequence[str], by: str | None = None,
                title: str = "") -> Plot:
    """A sweep's mean outcomes against one varied parameter, a panel per outcome.

    Args:
        means: one row per design point: the varied parameters and the mean outcomes.
        x: the parameter on the horizontal axis.
        outcomes: the outcomes shown.
        by: a second parameter drawn as one line per value (None: averaged over the others,
            or one dot per point when no two points share ``x``).
        title: the chart's title.

    Returns:
        The chart.
    """
    chart, axes = panels(len(outcomes), 3.0, sharex=True)
    groups = [(None, means)] if by is None else list(means.groupby(by, sort=True))
    colours = mpl.colormaps["viridis"]
    for axis, name in zip(axes, outcomes, strict=True):
        factor = scale_of(name)
        for k, (value, rows) in enumerate(groups):
            colour = colours(k / max(len(groups) - 1, 1)) if by else "#31688e"
            label = f"{by} = {value:g}" if by else None
            if rows[x].nunique() == len(rows) and by is None and len(rows) > 12:
                axis.scatter(rows[x], rows[name] * factor, s=10, color=colour)
                continue
            line = rows.groupby(x)[name].mean() * factor
            axis.plot(line.index, line.to_numpy(), marker="o", ms=3, color=colour, label=label)
        axis.set_title(label_of(name), fontsize=9)
        axis.set_xlabel(x)
    if by is not None and axes:
        axes[0].legend(fontsize=7, frameon=False)
    if title:
        chart.suptitle(title, fontsize=11)
    return chart


def chances_chart(table: pd.DataFrame, outcomes: Sequence[str], reference: str = "baseline",
                  title: str = "") -> Plot:
    """Each policy's chance of beating the reference over parameter worlds, a panel per outcome.

    A bar is green when the policy beats the reference in more than half of the worlds, red
    when in fewer, grey at one half.

    Args:
        table: a robust comparison's summary: ``label``, ``outcome`` and ``p_beats_reference``
            (see :func:`promosim.uncertainty.robust.analyse_robust`).
        outcomes: the outcomes shown, in order (outcomes with a better direction).
        reference: the label the policies are compared with (not drawn).
        title: the chart's title.

    Returns:
        The chart.
    """
    labels = [label for label in dict.fromkeys(table["label"]) if label != reference]
    chart, axes = panels(len(outcomes), max(2.0, 1.0 + 0.4 * len(labels)), width=4.5,
                         sharey=True)
    for axis, name in zip(axes, outcomes, strict=True):
        rows = table[table["outcome"] == name].set_index("label").reindex(labels)
        chances = rows["p_beats_reference"].to_numpy(dtype=np.float64)
        y = np.arange(len(labels))[::-1]
        colours = [UNCLEAR if not np.isfinite(p) or p == 0.5 else BETTER if p > 0.5 else WORSE
                   for p in chances]
        axis.barh(y, np.nan_to_num(chances) * 100, color=colours, height=0.6)
        for position, chance in zip(y, chances, strict=True):
            if np.isfinite(chance):
                axis.text(min(chance * 100 + 2, 88), position, f"{chance:.0%}", va="center",
                          fontsize=8)
        axis.axvline(50, color="grey", lw=0.8, ls="--")
        axis.set_xlim(0, 100)
        axis.set_yticks(y, labels)
        axis.set_title(OUTCOMES[name].heading, fontsize=10)
        axis.set_xlabel(f"worlds where it beats {reference} (%)")
    if title:
        chart.suptitle(title, fontsize=11)
    return chart
