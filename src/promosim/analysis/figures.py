"""The charts of the report and the tipping map, as matplotlib figures rendered to PNG.

Figures are made with :class:`matplotlib.figure.Figure` directly (no pyplot), so they need no
display, leave no global state behind and are freed when dropped.
"""

from __future__ import annotations

import io
import warnings

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from promosim.outcomes import TRAJECTORIES
from promosim.parameters import BY_NAME

REFERENCE_COLOUR = "#222222"
WIDTH = 9.0


def palette(labels: list[str], reference: str) -> dict[str, str]:
    """A colour per label: near-black for the reference, the tab10 colours for the others."""
    colours = iter(mpl.colormaps["tab10"].colors * 3)
    return {label: REFERENCE_COLOUR if label == reference else mpl.colors.to_hex(next(colours))
            for label in labels}


def to_png(figure: Figure, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (a character the font lacks, an emoji in a name, drawn as a box)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def _figure(rows: int = 1, columns: int = 1, height: float = 4.0, width: float = WIDTH, **kwargs):
    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.subplots(rows, columns, **kwargs)


def _legend(axis, **kwargs) -> None:
    if axis.get_legend_handles_labels()[0]:
        axis.legend(frameon=False, fontsize=8, **kwargs)


def survival_curves(curves: pd.DataFrame, colours: dict[str, str], reference: str, title: str,
                    xlabel: str) -> Figure:
    """Kaplan–Meier curves with 95% bands: one panel per policy, each with the reference."""
    labels = list(dict.fromkeys(curves["label"]))
    others = [x for x in labels if x != reference] or [reference]
    columns = min(3, len(others))
    rows = -(-len(others) // columns)
    figure, axes = _figure(rows, columns, height=0.6 + 2.9 * rows, sharex=True, sharey=True,
                           squeeze=False)
    for axis, label in zip(axes.flat, others, strict=False):
        for name in dict.fromkeys([reference, label]):
            own = curves[curves["label"] == name]
            axis.step(own["time"], own["survival"], where="post", color=colours[name], lw=1.5,
                      label=name)
            axis.fill_between(own["time"], own["low"], own["high"], step="post",
                              color=colours[name], alpha=0.15, lw=0)
        axis.set_title(label, fontsize=10, color=colours[label])
        axis.set(ylim=(0, 1.02), xlim=(0, None))
        axis.yaxis.set_major_formatter(PercentFormatter(1.0))
        axis.grid(alpha=0.3)
        _legend(axis, loc="lower left")
    for axis in axes.flat[len(others):]:
        axis.set_visible(False)
    for axis in axes[-1]:
        axis.set_xlabel(xlabel)
    for axis in axes[:, 0]:
        axis.set_ylabel("share still there")
    figure.suptitle(title, fontsize=11)
    return figure




def trajectories(bands: pd.DataFrame, colours: dict[str, str]) -> Figure:
    """Monthly mean over replicates with its 95% band for the series the report plots.

    The series and their titles are those of ``outcomes.TRAJECTORIES``.
    """
    figure, axes = _figure(2, 2, height=6.0, sharex=True)
    for axis, (name, title) in zip(axes.flat, TRAJECTORIES.items(), strict=True):
        for label, own in bands[bands["series"] == name].groupby("label", sort=False):
            axis.plot(own["month"], own["mean"], color=colours[label], lw=1.4, label=label)
            axis.fill_between(own["month"], own["low"], own["high"], color=colours[label],
                              alpha=0.15, lw=0)
        axis.set_title(title, fontsize=10)
        axis.set_ylim(0.0, 1.0)  # every plotted series is a 0–1 scale
        axis.grid(alpha=0.3)
    for axis in axes[1]:
        axis.set_xlabel("month")
    _legend(axes[0, 0], loc="best")
    return figure


def cost_retention(comparison: pd.DataFrame, colours: dict[str, str], years: float) -> Figure:
    """Turnover against pay and resource cost a year, and against profit, with 95% intervals."""
    figure, axes = _figure(1, 2, height=4.0, sharey=True)
    table = comparison.set_index(["label", "outcome"])
    for label in dict.fromkeys(comparison["label"]):
        turnover = table.loc[(label, "turnover_rate")]
        y, y_err = 100 * turnover["mean"], 100 * _half(turnover)
        pay, resource = table.loc[(label, "pay_cost")], table.loc[(label, "resource_cost")]
        cost = (pay["mean"] + resource["mean"]) / years / 1000.0
        cost_err = (_half(pay) + _half(resource)) / years / 1000.0
        profit = table.loc[(label, "profit")]
        for axis, x, x_err in ((axes[0], cost, cost_err),
                               (axes[1], profit["mean"] / years / 1000.0,
                                _half(profit) / years / 1000.0)):
            axis.errorbar(x, y, xerr=x_err, yerr=y_err, fmt="o", color=colours[label], capsize=3,
                          ms=6)
            axis.annotate(label, (x, y), textcoords="offset points", xytext=(6, 5), fontsize=8,
                          color=colours[label])
    axes[0].set(xlabel="pay and resource cost (M€ a year)", ylabel="promoter turnover (% a year)",
                title="Cost and turnover")
    axes[1].set(xlabel="profit (M€ a year)", title="Profit and turnover")
    axes[0].set_xlim(left=0.0)  # every axis from zero, so that a gap looks as large as it is
    axes[0].set_ylim(bottom=0.0)
    low, high = axes[1].get_xlim()
    axes[1].set_xlim(min(low, 0.0), max(high, 0.0))
    for axis in axes:
        axis.grid(alpha=0.3)
    return figure


def _half(row: pd.Series) -> float:
    """Half the width of an interval (0 when it is undefined, e.g. one replicate)."""
    half = (row["high"] - row["low"]) / 2.0
    return float(half) if np.isfinite(half) else 0.0


def annual(rates: pd.DataFrame, colours: dict[str, str]) -> Figure:
    """Turnover and churn year by year with 95% intervals."""
    figure, axes = _figure(1, 2, height=3.6, sharex=True)
    titles = {"turnover": "Promoter turnover", "churn": "Customer churn"}
    for axis, (measure, title) in zip(axes, titles.items(), strict=True):
        for label, own in rates[rates["measure"] == measure].groupby("label", sort=False):
            axis.plot(own["year"], 100 * own["mean"], marker="o", ms=3, color=colours[label],
                      label=label)
            axis.fill_between(own["year"], 100 * own["low"], 100 * own["high"],
                              color=colours[label], alpha=0.12, lw=0)
        axis.set(title=title, xlabel="year", ylabel="% a year")
        axis.set_ylim(bottom=0.0)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.grid(alpha=0.3)
    _legend(axes[0], loc="best")
    return figure


def spiral_ends(curves: pd.DataFrame, colours: dict[str, str]) -> Figure:
    """Cumulative share of spirals ended by recovery and by the promoter's quit."""
    figure, axes = _figure(1, 2, height=3.6, sharey=True)
    titles = {"recovery": "Recovered", "quit": "Ended with the promoter's quit"}
    for axis, (end, title) in zip(axes, titles.items(), strict=True):
        for label, own in curves.groupby("label", sort=False):
            axis.step(own["month"], own[end], where="post", color=colours[label], label=label)
        axis.set(title=title, xlabel="months since the spiral started", ylim=(0, 1.02))
        axis.yaxis.set_major_formatter(PercentFormatter(1.0))
        axis.grid(alpha=0.3)
    axes[0].set_ylabel("share of spirals")
    _legend(axes[0], loc="best")
    return figure


def tipping_map(grid: pd.DataFrame, note: str = "") -> Figure:
    """Heat maps of lock-in after the failure and of its excess over the same runs without it.

    Both panels share one colour scale (0–100%). The 50% boundary of lock-in after the failure is
    drawn where the grid crosses it; the title says so when no cell does. ``note`` (e.g. the
    levers held fixed) goes under the figure's title.
    """
    x_name, y_name = grid["x"].iloc[0], grid["y"].iloc[0]
    xs, ys = np.sort(grid["x_value"].unique()), np.sort(grid["y_value"].unique())
    table = grid.set_index(["y_value", "x_value"])
    figure, axes = _figure(1, 2, height=4.4, width=WIDTH + 1)
    panels = (("p_shock", "Locked in after an early failure"),
              ("excess", "Caused by the failure\n(minus the same runs without it)"))
    for axis, (column, title) in zip(axes, panels, strict=True):
        values = np.array([[table.loc[(y, x), column] for x in xs] for y in ys])
        image = axis.imshow(values, origin="lower", cmap="viridis", vmin=0.0, vmax=1.0,
                            aspect="auto", extent=(-0.5, len(xs) - 0.5, -0.5, len(ys) - 0.5))
        for (i, j), value in np.ndenumerate(values):
            axis.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=7,
                      color="white" if value < 0.6 else "black")
        if column == "p_shock":
            if np.nanmin(values) < 0.5 < np.nanmax(values) and min(values.shape) > 1:
                axis.contour(np.arange(len(xs)), np.arange(len(ys)), values, levels=[0.5],
                             colors="red", linewidths=2.5)
                title += "\n(red line: the 50% boundary)"
            else:
                side = "above" if np.nanmin(values) >= 0.5 else "below"
                title += f"\n(no 50% boundary: every cell is {side} 50%)"
        axis.set_xticks(range(len(xs)), [f"{v:g}" for v in xs])
        axis.set_yticks(range(len(ys)), [f"{v:g}" for v in ys])
        axis.set(xlabel=_lever(x_name), ylabel=_lever(y_name))
        axis.set_title(title, fontsize=10)
    figure.colorbar(image, ax=axes, format=PercentFormatter(1.0), shrink=0.9)
    if note:
        figure.suptitle(note, fontsize=9)
    return figure


def _lever(name: str) -> str:
    spec = BY_NAME.get(name)
    return spec.label or name if spec else name
