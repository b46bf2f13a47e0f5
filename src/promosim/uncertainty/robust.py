"""Robust comparison: policies compared in many parameter worlds, each on common random numbers.

N worlds are drawn from the priors (a seeded Latin hypercube or Sobol design over every
uncertain parameter, kept only when the baseline reproduces the literature's turnover and churn,
:data:`PLAUSIBLE`) or from a posterior file. In each world the baseline and every policy run the
same R replicate seeds, so a policy's difference from the baseline is paired within a world, and
the worlds share their luck too (replicate k has one seed everywhere). The results folder is an
ordinary experiment (plan, chunks, checksums, resume). The analysis gives, per policy and
outcome (money a year for the firm, as in the report; the ``unit`` column of the tables says each
outcome's unit):

* the expected difference over worlds and luck, with a 95% interval for that expectation (from
  a two-way analysis of variance of worlds × replicates, so the shared luck is allowed for), and
  the range of the difference over the middle 90% of worlds;
* the probability that the policy beats the baseline (share of worlds in which its mean over the
  replicates is better) and each other policy; its rank distribution; its regret (how far it
  falls short of the best policy of the world) at worst and on average;
* the share of the difference's variance due to the parameters rather than luck;
* the parameters the verdict depends on most (Spearman correlation of the world's difference
  with each drawn parameter; significant ones after a Bonferroni correction), and a plain rule
  for the worlds in which the policy fails (:mod:`.discovery`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from promosim.errors import ConfigError, shown
from promosim.experiments.compare import COMPARED, REFERENCE
from promosim.experiments.limits import check_runs
from promosim.experiments.plan import Plan, points_table
from promosim.outcomes import OUTCOMES
from promosim.parameters import DRAWABLE, LEVERS
from promosim.scenario import Policy, Scenario
from promosim.uncertainty.discovery import prim
from promosim.uncertainty.posterior import Posterior
from promosim.uncertainty.worlds import prior_draws, worlds

#: The unit of an outcome's values in the tables (``robust.csv``'s ``unit``), by kind of number:
#: money a year for the firm, as in the report, from each run's total over its horizon.
UNITS = {"rate": "a year, as a fraction (0.2 = 20%)", "share": "a fraction (0.2 = 20%)",
         "index": "on a scale of 0 to 1", "per_year": "per promoter-year",
         "money": "k€ a year", "unit_cost": "k€ per promoter-year",
         "count": "a count over the horizon", "years": "years", "month": "a month (1 = the first)"}
#: Literature bands a prior world's baseline must reproduce to count as plausible (per year):
#: sales-force turnover 20–27% commonly, up to 34% with involuntary exits, 70% of firms below
#: 15%; about a quarter of business relationships end each year (LITERATURE.md §4).
PLAUSIBLE = {"turnover_rate": (0.05, 0.40), "churn_rate": (0.10, 0.40)}
#: Most candidate worlds screened per kept world before giving up.
MOST_TRIES = 10
SENSITIVE = 5  # parameters listed per policy and outcome
RULE_CANDIDATES = 10  # the most sensitive parameters a rule may use
#: Fewest failing worlds (and share of the worlds) a rule is looked for in.
RULE_FAILURES, RULE_SHARE = 5, 0.05


@dataclass
class Worlds:
    """The drawn parameters of each world, and where they came from."""

    draws: pd.DataFrame
    fixed: dict[str, float]
    about: dict

    def points(self, scenario: Scenario) -> list[dict[str, float]]:
        """The worlds as complete parameter sets of ``scenario`` (its levers untouched)."""
        base = {**scenario.values, **{k: v for k, v in self.fixed.items() if k not in LEVERS}}
        return worlds(base, self.draws)


def prior_worlds(scenario: Scenario, count: int, seed: int, design: str = "lhs",
                 plausible: bool = True) -> Worlds:
    """``count`` worlds drawn from the priors, by default only plausible ones.

    With ``plausible``, candidates are screened in order (one baseline run each) and kept when
    the baseline's turnover and churn lie inside :data:`PLAUSIBLE`; the first round follows
    ``design``, later rounds (if needed) are Latin hypercubes of their own seeds.

    Raises:
        ConfigError: too few candidates pass (the scenario is far from the literature's firms).
    """
    names = list(DRAWABLE)
    if not plausible:
        draws = prior_draws(count, seed, design, names)
        return Worlds(draws, {}, {"source": "prior", "design": design, "seed": seed,
                                  "screened": count, "kept": count, "bands": None})
    from promosim.batch import simulate
    from promosim.randomness import replicate_seed
    from promosim.summary import summarise

    kept: list[pd.DataFrame] = []
    tried = 0
    round_ = 0
    while sum(len(k) for k in kept) < count:
        if tried >= MOST_TRIES * count:
            raise ConfigError(f"only {sum(len(k) for k in kept)} of {tried} worlds drawn from "
                              "the priors keep the baseline's turnover and churn within the "
                              f"literature's bands ({_bands()}); the scenario is far from the "
                              "firms the priors describe (use --unfiltered to keep every world)")
        if round_ == 0:
            size = 1 << math.ceil(math.log2(2 * count)) if design == "sobol" else 2 * count
            candidates = prior_draws(size, seed, design, names)
        else:
            candidates = prior_draws(count, seed + 7919 * round_, "lhs", names)
        points = worlds(scenario.values, candidates)
        seeds = [replicate_seed(seed, 1_000_000 + tried + i) for i in range(len(points))]
        outcomes = summarise(simulate(points, seeds, events=False))
        good = np.ones(len(points), bool)
        for name, (low, high) in PLAUSIBLE.items():
            good &= outcomes[name].between(low, high).to_numpy()
        kept.append(candidates[good])
        tried += len(points)
        round_ += 1
    draws = pd.concat(kept, ignore_index=True).head(count)
    return Worlds(draws, {}, {"source": "prior", "design": design, "seed": seed,
                              "screened": tried, "kept": int(sum(len(k) for k in kept)),
                              "bands": {k: list(v) for k, v in PLAUSIBLE.items()}})


def _bands() -> str:
    return ", ".join(f"{OUTCOMES[k].label.lower()} {a:.0%}–{b:.0%}"
                     for k, (a, b) in PLAUSIBLE.items())


def posterior_worlds(posterior: Posterior, count: int, seed: int, path: str) -> Worlds:
    """``count`` worlds resampled from a posterior by weight."""
    return Worlds(posterior.resample(count, seed), posterior.fixed,
                  {"source": "posterior", "file": path, "firm": posterior.about.get("firm"),
                   "seed": seed, "fitted": posterior.fitted})


def robust_plan(scenario: Scenario, policies: Sequence[Policy], drawn: Worlds, replicates: int,
                base_seed: int, chunk_runs: int = 32) -> Plan:
    """Every world under the baseline (``baseline``) and each policy, on the same seeds.

    Points are numbered world by world: point ``w * L + k`` is variant ``k`` in world ``w``.
    """
    firm = {k: v for k, v in drawn.fixed.items() if k in LEVERS}
    if firm:  # a posterior of a firm: its current practice is the reference
        scenario = scenario.with_overrides(where="the posterior's current policy", **firm)
    labels, variants = [REFERENCE], [scenario]
    for policy in policies:
        if policy.name == REFERENCE or policy.name in labels:
            raise ConfigError(f"{policy.source}: policy name {shown(policy.name)} is used twice "
                              f"or kept for the baseline; each compared policy needs its own name")
        labels.append(policy.name)
        variants.append(scenario.with_policy(policy))
    world_points = drawn.points(scenario)
    names, values, schedules = [], [], []
    drawn_names = list(drawn.draws.columns)
    for world in world_points:
        for label, variant in zip(labels, variants, strict=True):
            names.append(label)
            values.append({**variant.values, **{n: world[n] for n in drawn_names},
                           **{k: v for k, v in drawn.fixed.items() if k not in LEVERS}})
            schedules.append(variant.policy_schedule())
    check_runs(len(values), replicates, "compare --uncertainty")
    design = {"method": "robust", "scenario": scenario.source or scenario.name,
              "reference": REFERENCE, "labels": labels, "worlds": len(world_points),
              "drawn": drawn_names, "source": drawn.about,
              "policies": {p.name: {"source": p.source, "levers": p.levers,
                                    "schedule": p.schedule} for p in policies}}
    return Plan(kind="robust", design=design, points=points_table(names, values),
                replicates=replicates, base_seed=base_seed, schedules=schedules,
                chunk_runs=chunk_runs)


# --- analysis ------------------------------------------------------------------------------------


@dataclass
class RobustAnalysis:
    """The tables of a robust comparison (one row per policy and outcome unless said)."""

    summary: pd.DataFrame
    pairs: pd.DataFrame  # probability that the row's label beats the column's, per outcome
    ranks: pd.DataFrame  # share of worlds in which each label has each rank, per outcome
    sensitivity: pd.DataFrame
    worlds: int
    replicates: int
    labels: list[str]
    about: dict

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by the stem of their CSV file."""
        return {"robust": self.summary, "robust-pairs": self.pairs, "robust-ranks": self.ranks,
                "robust-sensitivity": self.sensitivity}


def cube(results: pd.DataFrame, outcome: str, labels: Sequence[str], count: int,
         replicates: int) -> np.ndarray:
    """An outcome as an array (worlds, labels, replicates), from the runs of a robust folder.

    Money is a year's (:func:`a_year`), as everywhere the report shows it.
    """
    values = np.full((count, len(labels), replicates), np.nan)
    point = results["point"].to_numpy()
    values[point // len(labels), point % len(labels), results["replicate"].to_numpy()] = \
        a_year(results, outcome)
    return values


def a_year(results: pd.DataFrame, outcome: str) -> np.ndarray:
    """An outcome of each run; money, summed over the run's ``months``, divided by its years."""
    values = results[outcome].to_numpy(dtype=np.float64)
    if not OUTCOMES[outcome].summed:
        return values
    return values / (results["months"].to_numpy(dtype=np.float64) / 12.0)


def two_way(d: np.ndarray) -> tuple[float, float, float, float]:
    """Worlds × replicates analysis of variance of ``d`` (worlds, replicates).

    Returns the variance of the grand mean and the variance components of worlds, replicates
    (luck shared by the worlds) and the rest (luck of a world's replicate); replicates of one
    run have no luck components (NaN).
    """
    n, r = d.shape
    grand = d.mean()
    if r == 1 or n == 1:
        spread = np.var(d, ddof=1) if d.size > 1 else np.nan
        return spread / d.size, np.nan, np.nan, np.nan
    world = d.mean(axis=1) - grand
    replicate = d.mean(axis=0) - grand
    rest = d - grand - world[:, None] - replicate[None, :]
    ms_w = r * np.sum(world ** 2) / (n - 1)
    ms_r = n * np.sum(replicate ** 2) / (r - 1)
    ms_e = np.sum(rest ** 2) / ((n - 1) * (r - 1))
    variance = max(ms_w + ms_r - ms_e, ms_e) / (n * r)
    return (variance, max(ms_w - ms_e, 0.0) / r, max(ms_r - ms_e, 0.0) / n, ms_e)


def analyse_robust(results: pd.DataFrame, design: Mapping, replicates: int,
                   outcomes: Sequence[str] = COMPARED) -> RobustAnalysis:
    """Every number of a robust comparison from its runs (:func:`load_results` of its folder)."""
    with warnings.catch_warnings():  # a parameter constant over few worlds has no correlation
        warnings.simplefilter("ignore", RuntimeWarning)
        from scipy.stats import ConstantInputWarning

        warnings.simplefilter("ignore", ConstantInputWarning)
        return _analyse(results, design, replicates, outcomes)


def _analyse(results: pd.DataFrame, design: Mapping, replicates: int,
             outcomes: Sequence[str]) -> RobustAnalysis:
    from scipy import stats

    labels = list(design["labels"])
    count = int(design["worlds"])
    drawn = list(design["drawn"])
    first = results.sort_values("point").drop_duplicates("point")
    first = first[first["point"] % len(labels) == 0].sort_values("point")
    params = first[drawn].reset_index(drop=True)
    rows, pair_rows, rank_rows, sense_rows = [], [], [], []
    crit = _critical_rho(count, len(drawn))
    for outcome in outcomes:
        spec = OUTCOMES[outcome]
        y = cube(results, outcome, labels, count, replicates)
        defined = np.isfinite(y).all(axis=(1, 2))  # worlds where every run defines it
        if defined.sum() < 2:
            continue
        y = y[defined]
        means = y.mean(axis=2)  # (worlds, labels)
        sign = spec.better or 1
        score = sign * means
        best = score.max(axis=1)
        order = np.argsort(np.argsort(-score, axis=1), axis=1) + 1  # 1 = best in the world
        for k, label in enumerate(labels):
            for rank in range(1, len(labels) + 1):
                rank_rows.append({"label": label, "outcome": outcome, "rank": rank,
                                  "share": float(np.mean(order[:, k] == rank))})
            for j, other in enumerate(labels):
                if j != k and spec.better:
                    pair_rows.append({"label": label, "other": other, "outcome": outcome,
                                      "probability": _beats(score[:, k], score[:, j])})
        worlds_ = int(defined.sum())
        own = params[defined].reset_index(drop=True)
        for k, label in enumerate(labels[1:], start=1):
            d = y[:, k, :] - y[:, 0, :]
            world_d = d.mean(axis=1)
            variance, v_world, v_rep, v_rest = two_way(d)
            t = stats.t.ppf(0.975, max(worlds_ - 1, 1))
            mean = float(d.mean())
            luck = v_rep + v_rest
            share = v_world / (v_world + luck) if v_world + luck > 0 else float("nan")
            regret = best - score[:, k]
            rho = own.corrwith(pd.Series(world_d), method="spearman").fillna(0.0)
            top = rho.abs().sort_values(ascending=False)
            for name in top.index[:SENSITIVE]:
                sense_rows.append({"label": label, "outcome": outcome, "parameter": name,
                                   "rho": float(rho[name]),
                                   "significant": bool(abs(rho[name]) >= crit)})
            failing = sign * world_d <= 0 if spec.better else np.zeros(worlds_, bool)
            enough = max(RULE_FAILURES, RULE_SHARE * worlds_)
            box = prim(own, failing, list(top.index[:RULE_CANDIDATES])) \
                if spec.better and enough <= failing.sum() <= worlds_ - enough else None
            rows.append({
                "label": label, "outcome": outcome, "unit": UNITS[spec.kind],
                "better": spec.better,
                "reference_mean": float(np.mean(y[:, 0, :])), "policy_mean": float(np.mean(
                    y[:, k, :])),
                "difference": mean, "low": mean - t * math.sqrt(variance),
                "high": mean + t * math.sqrt(variance),
                "world_5": float(np.quantile(world_d, 0.05)),
                "world_95": float(np.quantile(world_d, 0.95)),
                "p_beats_reference": _beats(score[:, k], score[:, 0]) if spec.better
                else float("nan"),
                "p_best": float(np.mean(order[:, k] == 1)),
                "regret_worst": float(np.max(regret)), "regret_mean": float(np.mean(regret)),
                "share_parameters": share, "failing_worlds": int(failing.sum()),
                "worlds": worlds_,
                "rule": box.describe() if box else "",
                "rule_density": box.density if box else float("nan"),
                "rule_coverage": box.coverage if box else float("nan"),
                "top_parameter": top.index[0] if len(top) else "",
                "top_rho": float(rho[top.index[0]]) if len(top) else float("nan"),
            })
        # the reference's own rank and regret
        rows.append({"label": labels[0], "outcome": outcome, "unit": UNITS[spec.kind],
                     "better": spec.better,
                     "reference_mean": float(np.mean(y[:, 0, :])),
                     "policy_mean": float(np.mean(y[:, 0, :])),
                     "p_best": float(np.mean(order[:, 0] == 1)),
                     "regret_worst": float(np.max(best - score[:, 0])),
                     "regret_mean": float(np.mean(best - score[:, 0]))})
    return RobustAnalysis(pd.DataFrame(rows), pd.DataFrame(pair_rows), pd.DataFrame(rank_rows),
                          pd.DataFrame(sense_rows), count, replicates, labels,
                          dict(design.get("source", {})))


def _beats(a: np.ndarray, b: np.ndarray) -> float:
    """Share of worlds in which ``a`` is better than ``b`` (ties count half)."""
    return float(np.mean((a > b) + 0.5 * (a == b)))


def _critical_rho(count: int, tests: int) -> float:
    """The absolute Spearman ρ significant at 5% after a Bonferroni correction for ``tests``."""
    from scipy import stats

    if count < 4:
        return 1.0
    t = stats.t.ppf(1 - 0.025 / max(tests, 1), count - 2)
    return float(t / math.sqrt(count - 2 + t * t))
