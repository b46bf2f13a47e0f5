"""The failure–distrust loop and retention, end to end: how much of turnover runs through spirals.

    python experiments/spiral_loop.py [--replicates 50] [--seed 2026] [--samples 256] [--quick]

Prints three Markdown tables (pasted into docs/validation.md, "The loop and retention"):

1. promoter turnover, customer churn and spiral starts at supervision reactivity 0, 1, 2 and 3
   (other levers at the baseline), each with its 95% interval and the paired difference to
   reactivity 0;
2. the share of quits that end a running spiral, and of quits preceded by a spiral start in the
   12 months before (quits from month 13 on), at the baseline and under the tight-control policy;
3. first-order and total-effect Sobol indices (SALib, Saltelli's design, bootstrap intervals) of
   turnover and churn over the supervision and feedback levers, each over its full range.

Every arm and design point runs on the same replicate seeds from the same spun-up firms, over
the default 10 years.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from promosim.batch import simulate, spin_up
from promosim.parameters import BY_NAME, resolve
from promosim.randomness import replicate_seeds
from promosim.scenario import configs_folder, load_policy
from promosim.summary import summarise
from promosim.validation.core import (
    Runner,
    Settings,
    fmt_interval,
    mean_interval,
    paired_difference,
)

REACTIVITIES = (0.0, 1.0, 2.0, 3.0)
#: The supervision and feedback levers of the global analysis (each over its table range).
LEVERS = ("supervision_base", "supervision_reactivity", "supervision_legitimacy",
          "feedback_frequency", "feedback_constructiveness")
OUTCOMES = ("turnover_rate", "churn_rate")
QUICK_FIRM = {"n_teams": 4, "team_size": 6, "spinup_months": 120}


def interval(values: np.ndarray, scale: float = 100.0, spec: str = ".1f") -> str:
    """``mean [low, high]`` of replicate values, scaled."""
    mean, low, high = (scale * v for v in mean_interval(values))
    return fmt_interval(mean, low, high, spec)


def difference(a: np.ndarray, b: np.ndarray, scale: float = 100.0) -> str:
    """Paired difference ``a - b`` with its interval, signed."""
    mean, low, high = (scale * v for v in paired_difference(a, b))
    return f"{mean:+.1f} [{low:+.1f}, {high:+.1f}]"


def reactivity_table(runner: Runner) -> list[str]:
    """Turnover, churn and spiral incidence at each reactivity, and the change against 0."""
    runs = {rho: summarise(runner.run(supervision_reactivity=rho)) for rho in REACTIVITIES}
    none = runs[REACTIVITIES[0]]
    lines = ["| reactivity | turnover (% a year) | vs reactivity 0 (points) | churn (% a year) | "
             "vs reactivity 0 (points) | spirals per 100 promoter-years |",
             "|---|---|---|---|---|---|"]
    for rho, s in runs.items():
        lines.append(
            f"| {rho:g} | {interval(s.turnover_rate)} | "
            f"{difference(s.turnover_rate, none.turnover_rate)} | {interval(s.churn_rate)} | "
            f"{difference(s.churn_rate, none.churn_rate)} | {interval(s.spiral_incidence)} |")
    return lines


def quits_after_spirals(events: pd.DataFrame, runs: int, window: int = 12) -> np.ndarray:
    """Per run: share of quits (from month ``window + 1`` on) preceded by a spiral start of the
    same person in the ``window`` months before (the quit's month included)."""
    starts = events[events.event == "spiral_start"][["run", "person", "month"]]
    quits = events[(events.event == "quit") & (events.month > window)][["run", "person", "month"]]
    pairs = quits.merge(starts, on=["run", "person"], how="left", suffixes=("", "_start"))
    pairs["preceded"] = (pairs.month_start <= pairs.month) & (pairs.month_start
                                                              > pairs.month - window)
    preceded = pairs.groupby(["run", "person", "month"]).preceded.any().groupby("run").mean()
    return preceded.reindex(range(runs)).to_numpy()


def spiral_quit_table(runner: Runner) -> list[str]:
    """Shares of quits inside and after spirals at the baseline and under tight control."""
    tight = load_policy(configs_folder() / "policies" / "tight-control.toml").levers
    lines = ["| policy | turnover (% a year) | quits ending a running spiral (%) | quits with a "
             "spiral start in the 12 months before (%) |", "|---|---|---|---|"]
    for name, levers in (("baseline", {}), ("tight-control", tight)):
        result = runner.run(**levers)
        s = result.series
        inside = s["spirals_quit"][:, 1:].sum(axis=1) / s["quits"][:, 1:].sum(axis=1)
        after = quits_after_spirals(result.events, result.runs)
        lines.append(f"| {name} | {interval(summarise(result).turnover_rate)} | "
                     f"{interval(inside)} | {interval(after)} |")
    return lines


def sobol_points(samples: int, seed: int) -> pd.DataFrame:
    """Saltelli's design over the levers' full ranges (first and total order)."""
    problem = sobol_problem()
    values = sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed)
    return pd.DataFrame(values, columns=LEVERS)


def sobol_problem() -> dict:
    """The SALib problem: the levers with their ranges from the parameter table."""
    return {"num_vars": len(LEVERS), "names": list(LEVERS),
            "bounds": [[BY_NAME[n].low, BY_NAME[n].high] for n in LEVERS]}


def run_design(design: pd.DataFrame, firm: Mapping[str, float], seeds: Sequence,
               chunk: int = 256) -> pd.DataFrame:
    """Mean outcomes over replicates at each design point (replicates share seeds and spin-up)."""
    base = resolve(dict(firm))
    start = spin_up([base] * len(seeds), seeds)
    rows = [(p, r) for p in range(len(design)) for r in range(len(seeds))]
    frames = []
    for first in range(0, len(rows), chunk):
        part = rows[first:first + chunk]
        points = [resolve({**firm, **design.iloc[p].to_dict()}) for p, _ in part]
        reps = [r for _, r in part]
        result = simulate(points, [seeds[r] for r in reps], events=False,
                          start=start.select(reps))
        summary = summarise(result)[list(OUTCOMES)]
        summary["point"] = [p for p, _ in part]
        frames.append(summary)
    return pd.concat(frames).groupby("point").mean().sort_index()


def sobol_table(samples: int, replicates: int, firm: Mapping[str, float], seed: int) -> list[str]:
    """First-order and total Sobol indices of turnover and churn with their intervals."""
    design = sobol_points(samples, seed)
    means = run_design(design, firm, replicate_seeds(seed, replicates))
    lines = ["| lever | turnover: first order | turnover: total effect | churn: first order | "
             "churn: total effect |", "|---|---|---|---|---|"]
    found = {o: sobol_analyze.analyze(sobol_problem(), means[o].to_numpy(),
                                      calc_second_order=False, seed=seed) for o in OUTCOMES}
    for i, name in enumerate(LEVERS):
        cells = []
        for o in OUTCOMES:
            for key in ("S1", "ST"):
                value, conf = found[o][key][i], found[o][f"{key}_conf"][i]
                cells.append(f"{value:.2f} [{value - conf:.2f}, {value + conf:.2f}]")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(f"({len(design)} design points × {replicates} replicates, Saltelli's design with "
                 f"N = {samples}; intervals: SALib's bootstrap, 95%)")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the three tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--samples", type=int, default=256, help="Saltelli's N (Sobol)")
    parser.add_argument("--sobol-replicates", type=int, default=2)
    parser.add_argument("--quick", action="store_true",
                        help="a small firm, 6 replicates, N = 16 (a smoke test)")
    args = parser.parse_args(argv)
    firm = QUICK_FIRM if args.quick else {}
    replicates, samples = (6, 16) if args.quick else (args.replicates, args.samples)
    clock = time.perf_counter()
    runner = Runner(Settings(replicates=replicates, seed=args.seed, firm=firm))
    print("\n".join(reactivity_table(runner)), end="\n\n")
    print("\n".join(spiral_quit_table(runner)), end="\n\n")
    print("\n".join(sobol_table(samples, args.sobol_replicates, firm, args.seed)), end="\n\n")
    print(f"({replicates} paired replicates per arm, seed {args.seed}; "
          f"{time.perf_counter() - clock:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
