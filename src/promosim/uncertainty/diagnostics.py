"""Diagnostics of a calibration: predictive checks, prior against posterior, identifiability.

* **Posterior predictive check:** worlds resampled from the posterior are simulated as the firm
  again (fresh luck); each statistic of the firm should look like a typical draw of its
  predictive distribution (between its 5% and 95% quantiles). The prior predictive spread (the
  screening) shows how much the data narrowed it.
* **Prior against posterior:** each uncertain parameter's 90% interval before and after; on the
  scale of its prior (the logarithm for log-uniform priors) the posterior interval's width over
  the prior's is the share of uncertainty left. A fitted parameter whose share stays at
  :data:`UNIDENTIFIED` or more is one the data cannot identify; so are the parameters left
  unfitted, which the screening found to move the firm's statistics least (with few worlds the
  sampling noise of their intervals would pass for information, so none is claimed).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from promosim.firm.statistics import BY_NAME as STATISTIC
from promosim.parameters import BY_NAME
from promosim.uncertainty.posterior import Posterior, weighted_quantiles

#: Share of the prior's 90% interval left in the posterior's at which the data identify nothing.
UNIDENTIFIED = 0.8
QUANTILES = (0.05, 0.5, 0.95)


def _scale(name: str, values):
    """Values on the scale of the parameter's prior (log for log-uniform priors)."""
    return np.log(values) if BY_NAME[name].prior.family == "loguniform" else np.asarray(values)


def parameter_table(posterior: Posterior) -> pd.DataFrame:
    """Every uncertain parameter: prior and posterior 5%, 50%, 95%; uncertainty left."""
    rows = []
    for name in posterior.draws.columns:
        prior = BY_NAME[name].prior
        before = prior.ppf(np.array(QUANTILES))
        values = posterior.draws[name].to_numpy(dtype=np.float64)
        after = weighted_quantiles(values, posterior.weights)
        prior_width = np.ptp(_scale(name, before[[0, 2]]))
        left = float(np.ptp(_scale(name, after[[0, 2]])) / prior_width) if prior_width > 0 \
            else 1.0
        rows.append({"parameter": name, "fitted": name in posterior.fitted,
                     "prior": str(prior), "prior_5": before[0], "prior_50": before[1],
                     "prior_95": before[2], "posterior_5": after[0], "posterior_50": after[1],
                     "posterior_95": after[2], "uncertainty_left": left,
                     "identified": name in posterior.fitted and left < UNIDENTIFIED})
    table = pd.DataFrame(rows)
    return table.sort_values(["fitted", "uncertainty_left"], ascending=[False, True],
                             ignore_index=True)


def predictive_table(observed: dict[str, float], used: Sequence[str], prior: pd.DataFrame,
                     predicted: pd.DataFrame) -> pd.DataFrame:
    """Each statistic of the firm against its prior and posterior predictive distributions."""
    rows = []
    for name in used:
        before = np.nanquantile(prior[name], QUANTILES)
        values = predicted[name].to_numpy(dtype=np.float64)
        values = values[np.isfinite(values)]
        after = np.quantile(values, QUANTILES) if len(values) else np.full(3, np.nan)
        share = float(np.mean(values <= observed[name])) if len(values) else float("nan")
        rows.append({"statistic": name, "meaning": STATISTIC[name].label,
                     "unit": STATISTIC[name].unit, "observed": observed[name],
                     "prior_5": before[0], "prior_50": before[1], "prior_95": before[2],
                     "posterior_5": after[0], "posterior_50": after[1],
                     "posterior_95": after[2], "share_below": share,
                     "typical": bool(0.05 <= share <= 0.95)})
    return pd.DataFrame(rows)


def predictive_figure(table: pd.DataFrame, prior: pd.DataFrame, predicted: pd.DataFrame,
                      kind: type[Figure] = Figure) -> Figure:
    """One panel per statistic: prior and posterior predictive histograms, the firm's value.

    ``kind`` is the figure's class (a :class:`~promosim.workflows.charts.Plot` for notebooks).
    """
    count = len(table)
    columns = 4
    rows = -(-count // columns)
    figure = kind(figsize=(11, 2.3 * rows + 0.6), layout="constrained")
    axes = np.atleast_1d(figure.subplots(rows, columns)).reshape(-1)
    for axis, row in zip(axes, table.itertuples(), strict=False):
        before = prior[row.statistic].dropna().to_numpy()
        after = predicted[row.statistic].dropna().to_numpy()
        both = np.concatenate([before, after, [row.observed]])
        low, high = np.quantile(both, [0.01, 0.99])
        bins = np.linspace(min(low, row.observed), max(high, row.observed), 30)
        axis.hist(np.clip(before, bins[0], bins[-1]), bins, density=True, color="#bbbbbb",
                  label="prior predictive")
        axis.hist(np.clip(after, bins[0], bins[-1]), bins, density=True, color="#1f77b4",
                  alpha=0.7, label="posterior predictive")
        axis.axvline(row.observed, color="#d62728", lw=2, label="the firm")
        axis.set_title(row.statistic, fontsize=9)
        axis.set_yticks([])
        axis.tick_params(labelsize=7)
    for axis in axes[count:]:
        axis.set_visible(False)
    axes[0].legend(fontsize=7, loc="upper right")
    figure.suptitle("Posterior predictive check: the firm's statistics (red) against simulated "
                    "firms", fontsize=11)
    return figure


def parameter_figure(posterior: Posterior, table: pd.DataFrame,
                     kind: type[Figure] = Figure) -> Figure:
    """One panel per fitted parameter: the prior's density and the posterior's histogram.

    ``kind`` is the figure's class (a :class:`~promosim.workflows.charts.Plot` for notebooks).
    """
    names = [n for n in table["parameter"] if n in posterior.fitted]
    columns = 4
    rows = max(1, -(-len(names) // columns))
    figure = kind(figsize=(11, 2.2 * rows + 0.6), layout="constrained")
    axes = np.atleast_1d(figure.subplots(rows, columns)).reshape(-1)
    for axis, name in zip(axes, names, strict=False):
        prior = BY_NAME[name].prior
        values = _scale(name, posterior.draws[name].to_numpy(dtype=np.float64))
        low, high = _scale(name, np.array([prior.low, prior.high]))
        bins = np.linspace(low, high, 25)
        axis.hist(values, bins, weights=posterior.weights, density=True, color="#1f77b4",
                  alpha=0.8, label="posterior")
        axis.axhline(1.0 / (high - low), color="#555555", lw=1.5, ls="--", label="prior")
        log = prior.family == "loguniform"
        axis.set_title(f"{name}{' (log)' if log else ''}", fontsize=9)
        axis.set_yticks([])
        axis.tick_params(labelsize=7)
    for axis in axes[len(names):]:
        axis.set_visible(False)
    axes[0].legend(fontsize=7)
    figure.suptitle("Fitted parameters: prior (dashed) against posterior", fontsize=11)
    return figure
