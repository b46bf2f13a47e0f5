"""Global sensitivity analysis with SALib: Sobol indices (first and total order) and Morris.

The sample is drawn by SALib over a sweep's parameter ranges (Saltelli's scheme for Sobol, Morris
trajectories), run as an ordinary sweep, averaged over replicates per point (all points share
the replicate seeds, so the noise is common), and analysed with confidence intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from promosim.experiments.designs import Factor
from promosim.experiments.limits import check_points
from promosim.experiments.sweepfile import Sensitivity
from promosim.outcomes import OUTCOMES

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def problem(factors: Sequence[Factor]) -> dict[str, Any]:
    """The SALib problem of a sweep's factors."""
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [[f.low, f.high] for f in factors]}


def sample(factors: Sequence[Factor], settings: Sensitivity, seed: int) -> pd.DataFrame:
    """The design table of the method: Saltelli's Sobol sample or Morris trajectories.

    Args:
        factors: the varied parameters and their ranges.
        settings: the method, samples and (Morris) levels.
        seed: the sample's seed.

    Returns:
        One row per point, one column per factor.

    Raises:
        ConfigError: the sample would have more points than one results folder holds.
    """
    spec = problem(factors)
    check_points(settings.samples * (len(factors) + (2 if settings.method == "sobol" else 1)),
                 f"[sensitivity] {settings.method} with samples = {settings.samples}")
    if settings.method == "sobol":
        values = sobol_sample.sample(spec, settings.samples, calc_second_order=False, seed=seed)
    else:
        values = morris_sample.sample(spec, settings.samples, num_levels=settings.levels, seed=seed)
    return pd.DataFrame(values, columns=spec["names"])


def analyse(factors: Sequence[Factor], design: pd.DataFrame, results: pd.DataFrame,
            settings: Sensitivity, seed: int) -> pd.DataFrame:
    """Indices of every output, one row per (outcome, parameter), from per-run ``results``.

    Args:
        factors: the varied parameters and their ranges.
        design: the sample (:func:`sample`), one row per point.
        results: the runs, one row each with its ``point`` and outcomes.
        settings: the method, outputs, resamples and confidence level.
        seed: the seed of the bootstrap.

    Returns:
        Sobol: ``S1``, ``S1_conf``, ``ST``, ``ST_conf``; Morris: ``mu``, ``mu_star``,
        ``mu_star_conf``, ``sigma``; ``*_conf`` is the half-width of the interval at
        ``settings.conf_level``. An output that does not vary over the sample gets zeros.

    Raises:
        ValueError: an output is undefined (NaN) at some design point.
    """
    spec = problem(factors)
    means = results.groupby("point")[list(settings.outputs)].mean().reindex(range(len(design)))
    frames = []
    for outcome in settings.outputs:
        y = means[outcome].to_numpy()
        if np.isnan(y).any():
            raise ValueError(f"'{outcome}' is undefined (NaN) at some design points; pick "
                             "another output or widen the horizon")
        if settings.method == "sobol" and np.ptp(y) == 0:  # no variance to decompose
            found = dict.fromkeys(("S1", "S1_conf", "ST", "ST_conf"), np.zeros(len(factors)))
            keys = tuple(found)
        elif settings.method == "sobol":
            found = sobol_analyze.analyze(spec, y, calc_second_order=False,
                                          num_resamples=settings.resamples,
                                          conf_level=settings.conf_level, seed=seed)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        else:
            found = morris_analyze.analyze(spec, design.to_numpy(), y,
                                           num_resamples=settings.resamples,
                                           conf_level=settings.conf_level,
                                           num_levels=settings.levels, seed=seed)
            keys = ("mu", "mu_star", "mu_star_conf", "sigma")
        frame = pd.DataFrame({k: np.asarray(found[k], dtype=np.float64) for k in keys})
        frame.insert(0, "parameter", spec["names"])
        frame.insert(0, "outcome", outcome)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def indices_figure(indices: pd.DataFrame, method: str, title: str = "",
                   FigureClass: type[Figure] | None = None) -> Figure:
    """A bar chart of the indices, one panel per outcome, parameters sorted by importance.

    Args:
        indices: the table of :func:`analyse`.
        method: ``sobol`` (total- and first-order bars) or ``morris`` (μ* and σ).
        title: the figure's title (none if empty).
        FigureClass: the class of the figure made (default: :class:`matplotlib.figure.Figure`,
            no pyplot: no global state, no backend to choose).

    Returns:
        The figure.
    """
    from matplotlib.figure import Figure

    outcomes = list(dict.fromkeys(indices["outcome"]))
    params = indices["parameter"].nunique()
    fig = (FigureClass or Figure)(figsize=(4.6 * len(outcomes), max(2.4, 1.2 + 0.28 * params)))
    axes = fig.subplots(1, len(outcomes), sharey=False, squeeze=False)
    for ax, outcome in zip(axes[0], outcomes, strict=True):
        rows = indices[indices["outcome"] == outcome]
        if method == "sobol":
            rows = rows.sort_values("ST")
            y = np.arange(len(rows))
            ax.barh(y + 0.2, rows["ST"], 0.4, xerr=rows["ST_conf"], label="total order (ST)",
                    color="#31688e", error_kw={"lw": 0.8})
            ax.barh(y - 0.2, rows["S1"], 0.4, xerr=rows["S1_conf"], label="first order (S1)",
                    color="#35b779", error_kw={"lw": 0.8})
            ax.set_xlabel("Sobol index (lines: confidence interval)")
        else:
            rows = rows.sort_values("mu_star")
            y = np.arange(len(rows))
            ax.barh(y + 0.2, rows["mu_star"], 0.4, xerr=rows["mu_star_conf"], label="μ*",
                    color="#31688e", error_kw={"lw": 0.8})
            ax.barh(y - 0.2, rows["sigma"], 0.4, label="σ", color="#fde725")
            ax.set_xlabel("Morris elementary effect (μ* with interval, σ)")
        ax.set_yticks(y, rows["parameter"], fontsize=8)
        ax.set_title(OUTCOMES[outcome].label if outcome in OUTCOMES else outcome, fontsize=10)
        ax.axvline(0, color="grey", lw=0.5)
    axes[0][0].legend(loc="lower right", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig
