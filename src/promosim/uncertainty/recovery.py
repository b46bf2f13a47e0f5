"""The calibration checked by recovery: synthetic firms made from known parameters.

Simulation-based calibration (Talts et al. 2018): for each of several synthetic firms, every
uncertain parameter is drawn from its prior, the firm is simulated, and its statistics are
calibrated exactly as a real firm's would be. Over the firms, the true values of the fitted
parameters should lie inside the central 50% and 90% posterior intervals about 50% and 90% of
the time (an approximate method is acceptable when it covers at least that often: it is then
cautious, not overconfident). Each firm is simulated from its own state when its window opens,
as a real firm would be; the firms share their structure, so one screening (from the first
firm's start) serves all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from promosim.firm.simulated import simulate_firms
from promosim.firm.start import start_of
from promosim.firm.statistics import NAMES, firm_statistics
from promosim.parameters import BY_NAME, DRAWABLE, resolve
from promosim.uncertainty.calibration import (
    Firm,
    FirmModel,
    Screening,
    Settings,
    choose_fitted,
    effective_size,
    map_blocks,
    posterior_of,
    run_abc,
    save_table,
    seeds_for,
    simulate_statistics,
)
from promosim.uncertainty.posterior import weighted_quantiles
from promosim.uncertainty.worlds import prior_draws, worlds

LEVELS = (0.5, 0.9)


def synthetic_firms(count: int, structure: Mapping[str, float], window: int,
                    surveys: Mapping[str, Sequence[int]], seed: int,
                    ) -> tuple[pd.DataFrame, list[Firm]]:
    """``count`` firms made from prior draws: the true values, and each firm's statistics."""
    uncertain = [n for n in DRAWABLE if n not in structure]
    truth = prior_draws(count, seed, names=uncertain)
    points = worlds(resolve(dict(structure)), truth)
    out = simulate_firms(points, seeds_for(seed, 3, count), window, surveys, threads=1)
    firms = []
    for k, (records, _) in enumerate(out):
        observed = firm_statistics(records)
        used = [n for n in NAMES if math.isfinite(observed[n])]
        firms.append(Firm(f"synthetic firm {k + 1}", window, observed, used, dict(structure),
                          {m: list(map(int, w)) for m, w in surveys.items()},
                          f"synthetic-{seed}-{k}", uncertain, start_of(records)))
    return truth, firms


def recover(out: Path | str, count: int, settings: Settings, structure: Mapping[str, float],
            window: int, surveys: Mapping[str, Sequence[int]], seed: int = 1,
            progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Calibrate ``count`` synthetic firms; one row per firm and fitted parameter.

    Each firm's ABC-SMC is stored in ``out/firm-K.db``, so an interrupted check goes on.
    Columns: firm, parameter, truth, the posterior's 5/25/50/75/95% quantiles, whether the
    central 50% and 90% intervals cover the truth, and the truth's rank (share of the
    posterior below it).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    truth, firms = synthetic_firms(count, structure, window, surveys, seed)
    first = firms[0]
    draws = prior_draws(settings.screening, settings.seed, names=first.uncertain)
    stats = map_blocks(simulate_statistics, first, draws, seeds_for(settings.seed, 1, len(draws)),
                       settings.workers)
    screening = Screening(draws, stats)
    used = [n for n in first.used if stats[n].notna().mean() > 0.5]
    fitted = choose_fitted(screening.influence(used), settings.fitted)
    scales = screening.scales(used)
    rows = []
    for k, firm in enumerate(firms):
        firm = replace(firm, used=[n for n in used if n in firm.used])
        own = replace(settings, seed=settings.seed + 1000 * (k + 1))
        history = run_abc(firm, fitted, {n: scales[n] for n in firm.used}, own,
                          out / f"firm-{k + 1}.db")
        posterior = posterior_of(history, firm, fitted, FirmModel(firm, fitted))
        ess = effective_size(history, history.max_t)
        for name in fitted:
            values = posterior.draws[name].to_numpy(dtype=np.float64)
            q = weighted_quantiles(values, posterior.weights, (0.05, 0.25, 0.5, 0.75, 0.95))
            true = float(truth[name].iloc[k])
            rows.append({"firm": k + 1, "parameter": name, "effective_size": ess,
                         "truth": true, "q5": q[0],
                         "q25": q[1], "q50": q[2], "q75": q[3], "q95": q[4],
                         "covered_50": bool(q[1] <= true <= q[3]),
                         "covered_90": bool(q[0] <= true <= q[4]),
                         "rank": float(np.sum(posterior.weights[values < true])
                                       / posterior.weights.sum())})
        save_table(pd.DataFrame(rows), out / "recovery.csv")
        if progress:
            progress(f"firm {k + 1} of {count}: {history.total_nr_simulations:,} simulations")
    return pd.DataFrame(rows)


def coverage_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Coverage of the 50% and 90% intervals per parameter and over all, with 95% intervals."""
    from scipy.stats import binomtest

    groups = [(name, part) for name, part in rows.groupby("parameter", sort=False)]
    groups.append(("all fitted parameters", rows))
    table = []
    for name, part in groups:
        row = {"parameter": name, "checks": len(part)}
        for level in LEVELS:
            hits = int(part[f"covered_{round(level * 100)}"].sum())
            ci = binomtest(hits, len(part)).proportion_ci(0.95)
            row[f"coverage_{round(level * 100)}"] = hits / len(part)
            row[f"low_{round(level * 100)}"] = ci.low
            row[f"high_{round(level * 100)}"] = ci.high
        table.append(row)
    return pd.DataFrame(table)


def learning_table(rows: pd.DataFrame) -> pd.DataFrame:
    """How much each fitted parameter was learnt over the firms, against its prior.

    ``width_left``: the median over firms of the posterior's 90% interval as a share of the
    prior's; ``error_ratio``: the mean distance of the posterior median from the truth over that
    of the prior's median (below 1: the posterior points nearer the truth than the prior).
    """
    table = []
    for name, part in rows.groupby("parameter", sort=False):
        prior = BY_NAME[name].prior
        low, middle, high = (float(prior.ppf(q)) for q in (0.05, 0.5, 0.95))
        width = (part["q95"] - part["q5"]) / (high - low)
        error = (part["q50"] - part["truth"]).abs().mean() / (middle - part["truth"]).abs().mean()
        table.append({"parameter": name, "width_left": float(width.median()),
                      "error_ratio": float(error)})
    return pd.DataFrame(table)
