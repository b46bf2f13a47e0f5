"""Calibration: a firm's uncertain parameters fitted to its own records by ABC-SMC (pyabc).

1. **Screening.** Parameter worlds drawn from the priors (a seeded Latin hypercube) are
   simulated as the firm; their summary statistics give each statistic's spread (the scale of
   the distance) and show which parameters move the statistics the data hold. The most
   influential ones are fitted; the others stay uncertain: every simulation draws them from
   their priors afresh, so the fit allows for them, and the posterior keeps the values drawn
   with each accepted world.
2. **ABC-SMC** (sequential Monte Carlo approximate Bayesian computation, pyabc): generations of
   weighted worlds whose simulated statistics come ever closer to the firm's (the tolerance is
   the median distance of the generation before), until the generations, the simulation budget
   or the acceptance rate run out. Each generation is stored in ``abc.db``, so a stopped
   calibration goes on from the last finished generation.
3. **Results:** ``posterior.parquet`` (the posterior file), diagnostics (:mod:`.diagnostics`).

The firm's structure and current policy are fixed; the simulated firm runs a burn-in under the
parameters tried and then opens its observation window as the firm's opened: its people,
tenures, accounts, relationship ages and who holds what (:mod:`promosim.firm.start`,
:mod:`promosim.firm.simulated`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from promosim.errors import ConfigError, Stopped
from promosim.experiments.lifecycle import StopRequest
from promosim.firm.check import read_firm
from promosim.firm.format import TABLES
from promosim.firm.records import records_of
from promosim.firm.simulated import SIMULATED_FIRM, simulate_firms
from promosim.firm.start import FirmStart, start_of
from promosim.firm.statistics import NAMES, firm_statistics
from promosim.firm.structure import firm_parameters
from promosim.output import atomic_write, write_manifest
from promosim.parameters import BY_NAME, DRAWABLE, LEVERS, resolve
from promosim.uncertainty.posterior import Posterior, write_posterior
from promosim.uncertainty.sampler import BatchModel, ordered_sampler, worker_pool
from promosim.uncertainty.worlds import worlds
from promosim.version import model_version

#: How far a statistic the simulation cannot give lies from the firm's (in scales).
MISSING_PENALTY = 5.0
#: Width of the kernel that moves worlds between generations, in Silverman bandwidths: on the
#: quantile scale pyabc's default width left the effective sample size of the example firm's
#: later generations near a quarter of the population; twice as wide keeps it above half at
#: the same acceptance.
KERNEL_SCALING = 2.0
SCREEN_BATCH = 16


@dataclass(frozen=True)
class Settings:
    """How a calibration runs (the defaults suit a firm of about 50 promoters)."""

    population: int = 300
    generations: int = 8
    budget: int = 20_000
    screening: int = 256
    fitted: int = 10
    seed: int = 1
    workers: int = 1
    min_acceptance: float = 0.03

    def identity(self) -> dict[str, Any]:
        """What makes two calibrations the same (workers change nothing)."""
        return {k: v for k, v in asdict(self).items() if k != "workers"}


@dataclass
class Firm:
    """What a calibration fits: the firm's statistics, fixed values and survey waves."""

    name: str
    window: int
    observed: dict[str, float]
    used: list[str]
    fixed: dict[str, float]
    surveys: dict[str, list[int]]
    digest: str
    uncertain: list[str] = field(default_factory=list)
    start: FirmStart | None = None  # the firm when its window opens (None: the model's own mix)


def load_firm(folder: Path | str, levers: Mapping[str, float] | None = None) -> Firm:
    """The firm of a folder: its statistics, and what it fixes (structure, levers)."""
    data = read_firm(folder)
    records = records_of(data)
    observed = firm_statistics(records)
    used = [name for name in NAMES if math.isfinite(observed[name])]
    fixed = {**firm_parameters(data), **{k: v for k, v in (levers or {}).items()
                                         if k in LEVERS}}
    resolve(fixed, where=f"{folder}")
    surveys = {m: [int(x) for x in waves] for m, (waves, _) in records.surveys.items()}
    start = start_of(records, data.accounts["value_class"].tolist())
    return Firm(data.name, data.months, observed, used, fixed, surveys, _digest(Path(folder)),
                [n for n in DRAWABLE if n not in fixed], start)


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in ["firm.toml", *(t.file for t in TABLES)]:
        path = folder / name
        if path.exists():
            digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def simulate_statistics(firm: Firm, draws: pd.DataFrame, seeds: Sequence[int]) -> pd.DataFrame:
    """The firm's statistics simulated at each row of ``draws`` (one run each)."""
    points = worlds(resolve(firm.fixed), draws)
    out = simulate_firms(points, list(seeds), firm.window, firm.surveys, threads=1,
                         start=firm.start)
    return pd.DataFrame([firm_statistics(records) for records, _ in out])


def map_blocks(function: Callable, firm: Firm, draws: pd.DataFrame, seeds: Sequence[int],
               workers: int, progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """``function(firm, rows, seeds)`` over blocks of ``draws``, in forked workers; in order."""
    blocks = [(draws.iloc[i:i + SCREEN_BATCH], list(seeds[i:i + SCREEN_BATCH]))
              for i in range(0, len(draws), SCREEN_BATCH)]
    if workers <= 1:
        parts = []
        for rows, own in blocks:
            parts.append(function(firm, rows, own))
            if progress:
                progress(len(rows))
        return pd.concat(parts, ignore_index=True)
    with worker_pool(workers) as pool:
        futures = [pool.submit(function, firm, rows, own) for rows, own in blocks]
        parts = []
        for future, (rows, _) in zip(futures, blocks, strict=True):
            parts.append(future.result())
            if progress:
                progress(len(rows))
    return pd.concat(parts, ignore_index=True)


def seeds_for(seed: int, purpose: int, count: int) -> list[int]:
    """Run seeds for one purpose of a calibration (screening, predictive checks)."""
    return [int(x) for x in np.random.SeedSequence([seed, purpose]).generate_state(count,
                                                                                   np.uint64)]


@dataclass
class Screening:
    """Prior worlds simulated as the firm: their parameters and statistics."""

    draws: pd.DataFrame
    statistics: pd.DataFrame

    def scales(self, used: Sequence[str]) -> dict[str, float]:
        """Each statistic's spread over the prior worlds (scaled MAD, else SD)."""
        result = {}
        for name in used:
            values = self.statistics[name].to_numpy(dtype=np.float64)
            values = values[np.isfinite(values)]
            spread = 1.4826 * np.median(np.abs(values - np.median(values))) if len(values) else 0
            if not spread > 0:
                spread = float(np.std(values)) if len(values) > 1 else 0.0
            result[name] = float(spread) if spread > 0 else 1.0
        return result

    def influence(self, used: Sequence[str]) -> pd.DataFrame:
        """How strongly each parameter moves the statistics: its largest absolute Spearman ρ."""
        stats = self.statistics[list(used)].rank(pct=True)
        params = self.draws.rank(pct=True)
        rows = []
        for name in self.draws.columns:
            rho = stats.corrwith(params[name], method="pearson")  # of ranks: Spearman
            best = rho.abs().idxmax() if rho.notna().any() else ""
            rows.append({"parameter": name, "influence": float(rho.abs().max()),
                         "statistic": best})
        return pd.DataFrame(rows).sort_values("influence", ascending=False,
                                              ignore_index=True)


def choose_fitted(influence: pd.DataFrame, count: int) -> list[str]:
    """The ``count`` most influential continuous parameters (integers stay drawn)."""
    usable = influence[[not BY_NAME[n].integer for n in influence["parameter"]]]
    return usable["parameter"].head(count).tolist()


class FirmModel(BatchModel):
    """pyabc's model: the firm simulated at fitted values, the rest drawn from their priors.

    pyabc works on the fitted parameters' prior quantiles (each uniform on 0–1; the value is
    the prior's quantile function of it): a flat prior on one scale for every parameter keeps
    the importance weights of ABC-SMC even (a log-uniform prior's density varies fourfold over
    its range) and its moves alike in every direction. A call draws the run's seed from NumPy's
    global generator (seeded per candidate by the sampler) and the other uncertain parameters
    from their priors with that seed; the result holds the statistics, the drawn values and the
    seed.
    """

    def __init__(self, firm: Firm, fitted: Sequence[str]):
        self.firm = firm
        self.fitted = list(fitted)
        self.nuisance = [n for n in firm.uncertain if n not in self.fitted]
        self.base = resolve(firm.fixed)

    def draw(self, parameters: Mapping[str, float]) -> tuple[dict[str, float], int]:
        """One call's parameter values and seed."""
        seed = int(np.random.randint(0, 2**31 - 1))
        unit = np.random.default_rng([seed, 3]).random(len(self.nuisance))
        values = {n: BY_NAME[n].prior.ppf(u) for n, u in zip(self.nuisance, unit, strict=True)}
        values = {n: round(float(v)) if BY_NAME[n].integer else float(v)
                  for n, v in values.items()}
        values.update(fitted_values(self.fitted, parameters))
        return values, seed

    def simulate(self, calls: list[tuple[dict[str, float], int]]) -> list[dict[str, Any]]:
        """The statistics of the calls' firms, simulated as one batch."""
        points = worlds(self.base, pd.DataFrame([values for values, _ in calls]))
        out = simulate_firms(points, [seed for _, seed in calls], self.firm.window,
                             self.firm.surveys, threads=1, start=self.firm.start)
        results = []
        for (values, seed), (records, _) in zip(calls, out, strict=True):
            stats = firm_statistics(records)
            results.append({**{n: stats[n] for n in self.firm.used},
                            "nuisance": np.array([values[n] for n in self.nuisance]),
                            "seed": seed})
        return results


class ScaledDistance:
    """Root mean square of the statistics' differences, each in its prior spread."""

    def __init__(self, scales: Mapping[str, float]):
        self.scales = dict(scales)

    def __call__(self, x: Mapping[str, Any], x0: Mapping[str, Any]) -> float:
        """The distance of simulated statistics ``x`` from the firm's ``x0``."""
        total = 0.0
        for name, scale in self.scales.items():
            gap = (float(x[name]) - float(x0[name])) / scale
            total += gap * gap if math.isfinite(gap) else MISSING_PENALTY ** 2
        return math.sqrt(total / len(self.scales))


def prior_distribution(names: Sequence[str]):
    """The fitted parameters' priors for pyabc: their quantiles, each uniform on 0–1."""
    import pyabc

    return pyabc.Distribution(**{n: pyabc.RV("uniform", 0.0, 1.0) for n in names})


def fitted_values(names: Sequence[str], quantiles: Mapping[str, float]) -> dict[str, float]:
    """The fitted parameters' values from their prior quantiles (pyabc's parameters)."""
    return {n: float(BY_NAME[n].prior.ppf(float(quantiles[n]))) for n in names}


def run_abc(firm: Firm, fitted: list[str], scales: dict[str, float], settings: Settings,
            database: Path, progress: Callable[[int, int, int, int], None] | None = None,
            resumed: Callable[[int, int], None] | None = None):
    """Run (or go on with) the ABC-SMC; returns pyabc's history.

    ``progress(generation, evaluated, accepted, needed)`` follows each generation;
    ``resumed(generations, simulations)`` is told what an earlier run finished, when going on.
    """
    import pyabc

    for name in ("ABC", "Sampler", "Distance", "Epsilon", "Acceptor", "ABC.History"):
        logging.getLogger(name).setLevel(logging.WARNING)
    model = FirmModel(firm, fitted)
    sampler = ordered_sampler(settings.seed, settings.workers, model, progress, settings.budget)
    abc = pyabc.ABCSMC(model, prior_distribution(fitted),
                       ScaledDistance(scales), population_size=settings.population,
                       sampler=sampler, eps=pyabc.MedianEpsilon(),
                       transitions=pyabc.MultivariateNormalTransition(scaling=KERNEL_SCALING))
    url = f"sqlite:///{database}"
    observed = {n: firm.observed[n] for n in firm.used}
    if database.exists():
        abc.load(url, 1, observed_sum_stat=observed)
        done = abc.history.max_t + 1
        sampler.used = int(abc.history.total_nr_simulations)
        if resumed is not None:
            resumed(done, sampler.used)
    else:
        abc.new(url, observed)
        done = 0
    remaining = settings.generations - done
    if remaining > 0 and abc.history.total_nr_simulations < settings.budget:
        abc.run(max_nr_populations=remaining, max_total_nr_simulations=settings.budget,
                min_acceptance_rate=settings.min_acceptance)
    return abc.history


def posterior_of(history, firm: Firm, fitted: list[str], model: FirmModel) -> Posterior:
    """The last generation as a posterior: fitted and drawn values of every accepted world."""
    population = history.get_population(t=history.max_t)
    rows, weights = [], []
    for particle in population.particles:
        values = dict(zip(model.nuisance, particle.sum_stat["nuisance"].tolist(), strict=True))
        values.update(fitted_values(fitted, particle.parameter))
        rows.append(values)
        weights.append(particle.weight)
    draws = pd.DataFrame(rows)[firm.uncertain]
    for name in draws.columns:
        if BY_NAME[name].integer:
            draws[name] = draws[name].round().astype(np.int64)
    about = {"firm": firm.name, "model": model_version(), "statistics": firm.used,
             "observed": {n: firm.observed[n] for n in firm.used}}
    return Posterior(draws, np.asarray(weights, dtype=np.float64), firm.fixed, fitted, about)


def effective_size(history, t: int) -> float:
    """The effective sample size of generation ``t`` (Kish: 1 / Σ w², weights summing to 1)."""
    _, weights = history.get_distribution(t=t)
    weights = np.asarray(weights, dtype=np.float64)
    return float(weights.sum() ** 2 / np.sum(weights ** 2))


def identity(firm: Firm, settings: Settings) -> dict[str, Any]:
    """What a calibration folder was made from (compared when going on with it)."""
    return {"model": model_version(), "firm": firm.digest, "fixed": firm.fixed,
            "simulated_firm": SIMULATED_FIRM, "settings": settings.identity()}


def check_folder(out: Path, ident: dict[str, Any], force: bool) -> None:
    """Refuse a folder that holds another calibration (unless ``force``: then clear it).

    Raises:
        ConfigError: the folder holds a calibration of other data, settings or model.

    """
    manifest = out / "calibration.json"
    if not manifest.exists():  # nothing to go on with: leftovers of an unrecorded start
        for name in ("abc.db", "screening.parquet"):
            (out / name).unlink(missing_ok=True)
        return
    try:
        earlier = json.loads(manifest.read_text(encoding="utf-8")).get("identity")
    except (OSError, ValueError):
        earlier = None
    if earlier == json.loads(json.dumps(ident)):
        return
    if not force:
        raise ConfigError(f"{out}: holds a calibration of other data, settings or model "
                          "version; use another --out folder, or --force to replace it")
    for name in ("abc.db", "screening.parquet", "calibration.json", "posterior.parquet"):
        (out / name).unlink(missing_ok=True)


def save_manifest(out: Path, ident: dict[str, Any], content: Mapping[str, Any]) -> None:
    """Write ``calibration.json``: the identity, then what the calibration found."""
    write_manifest(out / "calibration.json", {"identity": ident, **content})


def save_table(frame: pd.DataFrame, path: Path) -> Path:
    """A table as Parquet or CSV (by the path's suffix), written atomically."""
    if path.suffix == ".csv":
        return atomic_write(path, lambda p: frame.to_csv(p, index=False))
    return atomic_write(path, lambda p: frame.to_parquet(p, index=False))


@dataclass
class Calibration:
    """A finished calibration: the posterior, its diagnostics, and where they are saved."""

    out: Path
    firm: Firm
    posterior: Posterior
    parameters: pd.DataFrame
    predictive: pd.DataFrame
    generations: pd.DataFrame
    influence: pd.DataFrame

    @property
    def unidentified(self) -> list[str]:
        """Fitted parameters the data cannot identify."""
        table = self.parameters
        return table[table["fitted"] & ~table["identified"]]["parameter"].tolist()


def calibrate(folder: Path | str, out: Path | str, settings: Settings = Settings(),
              levers: Mapping[str, float] | None = None, force: bool = False,
              progress: bool = True) -> Calibration:
    """Fit a firm's uncertain parameters to its records; write the posterior and diagnostics.

    ``levers`` are the firm's current policy (default: the baseline's). Re-running with the same
    data and settings goes on where a stopped calibration ended.

    Raises:
        ConfigError: bad firm data, a folder that holds another calibration or is in use.

    """
    from filelock import FileLock, Timeout

    from promosim.commands.common import ensure_folder

    firm = load_firm(folder, levers)
    out = ensure_folder(Path(out))
    lock = FileLock(out / ".lock", timeout=0, is_singleton=True)
    try:
        lock.acquire()
    except Timeout:
        raise ConfigError(f"{out}: another promosim process is writing to this folder") from None
    try:  # Ctrl-C is noted and acted on between candidates (not wherever it lands)
        with StopRequest().catching() as stop:
            return _calibrate(firm, out, settings, force, progress, stop)
    finally:
        lock.release()


def _calibrate(firm: Firm, out: Path, settings: Settings, force: bool, progress: bool,
               stop: StopRequest) -> Calibration:
    from tqdm.auto import tqdm

    from promosim.analysis.figures import to_png
    from promosim.uncertainty import diagnostics as dx
    from promosim.uncertainty.worlds import prior_draws

    ident = identity(firm, settings)
    check_folder(out, ident, force)
    save_manifest(out, ident, {"state": "running"})
    checks = max(100, settings.population // 2)
    tqdm.monitor_interval = 0  # no monitor thread: workers are forked, best from one thread
    bar = tqdm(total=settings.screening + settings.budget + checks, unit="firm",
               disable=None if progress else True, file=sys.stderr, dynamic_ncols=True,
               desc="screening the priors")
    def check() -> None:
        if stop:
            bar.close()
            raise Stopped(stop.signum, f"what is finished is kept in {out}; run the same "
                                       "command again to go on")

    def advance(count: int) -> None:
        bar.update(count)
        check()

    screening_file = out / "screening.parquet"
    if screening_file.exists():
        table = pd.read_parquet(screening_file)
        draws, stats = table[firm.uncertain], table[list(NAMES)]
        bar.update(len(table))
    else:
        draws = prior_draws(settings.screening, settings.seed, names=firm.uncertain)
        seeds = seeds_for(settings.seed, 1, len(draws))
        stats = map_blocks(simulate_statistics, firm, draws, seeds, settings.workers, advance)
        save_table(pd.concat([draws, stats], axis=1), screening_file)
    screening = Screening(draws, stats)
    influence = screening.influence(firm.used)
    fitted = choose_fitted(influence, settings.fitted)
    database = out / "abc.db"
    seen = {"generation": None, "taken": 0}

    def tick(generation: int, taken: int, accepted: int, needed: int) -> None:
        if generation != seen["generation"]:
            seen["generation"], seen["taken"] = generation, 0
            bar.set_description("ABC-SMC, " + ("first sample" if generation < 0 else
                                                f"generation {generation + 1}"))
        bar.update(taken - seen["taken"])
        seen["taken"] = taken
        bar.set_postfix_str(f"accepted {accepted}/{needed}", refresh=False)
        check()

    def resumed(generations: int, simulations: int) -> None:
        bar.update(simulations)
        bar.write(f"going on with {out}: {generations} of {settings.generations} generations "
                  f"finished earlier ({simulations:,} simulations)", file=sys.stderr)

    history = run_abc(firm, fitted, screening.scales(firm.used), settings, database, tick,
                      resumed)
    check()
    if history.max_t < 0:
        bar.close()
        raise ConfigError(f"{out}: the budget of {settings.budget:,} simulations ran out before "
                          "the first generation was complete; raise --budget")
    posterior = posterior_of(history, firm, fitted, FirmModel(firm, fitted))
    write_posterior(out / "posterior.parquet", posterior)
    bar.set_description("posterior predictive check")
    bar.set_postfix_str("")
    checked = posterior.resample(checks, settings.seed)
    predicted = map_blocks(simulate_statistics, firm, checked, seeds_for(settings.seed, 2, checks),
                           settings.workers, advance)
    bar.close()
    parameters = dx.parameter_table(posterior)
    predictive = dx.predictive_table(firm.observed, firm.used, stats, predicted)
    populations = history.get_all_populations()
    generations = populations[populations["t"] >= 0][["t", "epsilon", "samples",
                                                      "particles"]].reset_index(drop=True)
    generations["acceptance"] = generations["particles"] / generations["samples"]
    generations["effective_size"] = [effective_size(history, int(t)) for t in generations["t"]]
    save_table(parameters, out / "parameters.csv")
    save_table(predictive, out / "predictive.csv")
    save_table(influence, out / "influence.csv")
    save_table(generations, out / "generations.csv")
    save_table(predicted, out / "predictive-draws.parquet")
    for name, figure in (("predictive", dx.predictive_figure(predictive, stats, predicted)),
                         ("parameters", dx.parameter_figure(posterior, parameters))):
        png = to_png(figure)
        atomic_write(out / f"{name}.png", lambda p, png=png: p.write_bytes(png))
    result = Calibration(out, firm, posterior, parameters, predictive, generations, influence)
    save_manifest(out, ident, {
        "state": "finished", "firm": firm.name, "window_months": firm.window,
        "fixed": firm.fixed, "fitted": fitted, "statistics": firm.used,
        "simulations": int(history.total_nr_simulations),
        "generations": len(generations), "final_epsilon": float(generations["epsilon"].iloc[-1]),
        "unidentified": result.unidentified,
        "atypical_statistics": predictive[~predictive["typical"]]["statistic"].tolist()})
    return result
