"""Calibration: the model's uncertain parameters fitted to a firm's own records (ABC-SMC).

:func:`calibrate` screens prior worlds simulated as the firm, fits the parameters its
statistics depend on most by approximate Bayesian computation (pyabc, the optional
``calibrate`` extra) and writes the posterior file and its diagnostics into a folder
(resumable: the same call goes on from the last finished generation). It returns a
:class:`CalibrationResult`, which reads that folder: the fitted parameters prior against
posterior, the posterior itself (for :func:`promosim.robust_compare`), the predictive check and
their figures. The machinery is :mod:`promosim.uncertainty.calibration`.
"""

from __future__ import annotations

import importlib.util
import json
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from promosim.errors import ConfigError, counted, shown
from promosim.experiments.compare import find_policy
from promosim.experiments.execution import most_workers
from promosim.experiments.limits import MAX_SEED, check_whole
from promosim.parameters import LEVERS
from promosim.scenario import Policy
from promosim.uncertainty.calibration import Settings
from promosim.uncertainty.posterior import Posterior, read_posterior
from promosim.workflows.result import Result, copy_files, ensure_folder
from promosim.workflows.running import baseline

if TYPE_CHECKING:
    from promosim.workflows.charts import Plot

WHERE = "promosim.calibrate"
#: What to do when the calibration libraries are missing (one line, as the command says it).
INSTALL = ("promosim calibrate needs the optional calibration libraries (pyabc): install them "
           "with  pip install 'promosim[calibrate]'  (in a checkout:  .venv/bin/pip install -e "
           "'.[calibrate]')")
#: The files of a finished calibration that :meth:`CalibrationResult.save` copies.
FILES = ("posterior.parquet", "parameters.csv", "parameters.png", "predictive.csv",
         "predictive.png", "influence.csv", "generations.csv", "calibration.json")
#: The figures :meth:`CalibrationResult.plot` draws.
FIGURES = ("parameters", "predictive")
#: Bounds of the settings (least, most), as the command line's options.
BOUNDS = {"population": (20, 100_000), "generations": (1, 100), "budget": (100, 10_000_000),
          "screening": (32, 100_000), "fit": (1, 10_000)}

_DEFAULT = Settings()


def calibrate(firm: str | Path, *, out: str | Path = "results/calibration",
              policy: str | Path | Policy | None = None,
              population: int = _DEFAULT.population, generations: int = _DEFAULT.generations,
              budget: int = _DEFAULT.budget, screening: int = _DEFAULT.screening,
              fit: int = _DEFAULT.fitted, seed: int = _DEFAULT.seed, workers: int | None = None,
              force: bool = False, progress: bool = True) -> CalibrationResult:
    """Fit the uncertain parameters to a firm's records; write the posterior and diagnostics.

    The firm's structure (from its folder) and current practice (``policy``) are fixed. Prior
    worlds are screened for the parameters the firm's statistics depend on most; the ``fit``
    most influential are fitted by ABC-SMC while every other uncertain parameter is drawn from
    its prior in each simulation. Calling again with the same data and settings goes on where a
    stopped calibration ended, or finds it done. Method and checks: ``docs/calibration.md``.

    Args:
        firm: the firm folder (``docs/firm-data.md``), e.g. ``"examples/firm"``.
        out: the folder for the posterior (``posterior.parquet``) and the diagnostics.
        policy: the firm's current practice: a policy file, the name of one in
            ``configs/policies`` or a :class:`~promosim.scenario.Policy` (None: the baseline's
            levers).
        population: worlds per generation.
        generations: the most generations.
        budget: the most simulations in all.
        screening: prior worlds simulated to choose what to fit.
        fit: how many parameters to fit.
        seed: the seed of the calibration.
        workers: processes (None: one per core; 0 or 1: in this process); the results do not
            depend on it.
        force: replace a calibration of other data or settings in ``out``.
        progress: show a progress bar.

    Returns:
        The calibration, read from ``out``.

    Raises:
        ConfigError: an argument out of its bounds, the calibration libraries missing, bad
            firm data, an unknown policy, or a folder that holds another calibration or is in
            use.
    """
    settings = {"population": population, "generations": generations, "budget": budget,
                "screening": screening, "fit": fit}
    for name, value in settings.items():
        check_whole(value, name, WHERE, *BOUNDS[name])
    check_whole(seed, "seed", WHERE, 0, MAX_SEED)
    if workers is not None:
        check_whole(workers, "workers", WHERE, 0, most_workers())
    for name, value in (("force", force), ("progress", progress)):
        if not isinstance(value, bool):
            raise ConfigError(f"{WHERE}: '{name}' must be True or False, got {shown(value)}")
    if not isinstance(firm, str | Path):
        raise ConfigError(f"{WHERE}: 'firm' must be a firm folder, got {shown(firm)}")
    if not (policy is None or isinstance(policy, str | Path | Policy)):
        raise ConfigError(f"{WHERE}: 'policy' must be a policy file, a name in "
                          f"configs/policies or a Policy, got {shown(policy)}")
    if importlib.util.find_spec("pyabc") is None:
        raise ConfigError(INSTALL)
    from promosim.batch import warm_up
    from promosim.uncertainty.calibration import calibrate as fit_firm

    scenario = baseline()
    if policy is not None:
        scenario = scenario.with_policy(policy if isinstance(policy, Policy)
                                        else find_policy(str(policy)))
    levers = {name: value for name, value in scenario.values.items() if name in LEVERS}
    chosen = Settings(population=population, generations=generations, budget=budget,
                      screening=screening, fitted=fit, seed=seed,
                      workers=max(1, workers) if workers is not None else os.cpu_count() or 1)
    warm_up()  # the forked workers inherit the loaded engine
    done = fit_firm(firm, out, chosen, levers, force=force, progress=progress)
    return CalibrationResult(done.out)


class CalibrationResult(Result):
    """A finished calibration: its posterior, the fitted parameters and the checks.

    Made by :func:`calibrate`, or for a folder written earlier:
    ``CalibrationResult("results/calibration")``. The files are read when first needed.

    Args:
        folder: the output folder of a calibration.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.folder)!r})"

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """``calibration.json``: what was fitted to what, with which settings, and what came out.

        Raises:
            ConfigError: the folder holds no finished calibration.
        """
        path = self.folder / "calibration.json"
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{self.folder}: not a calibration folder (no calibration.json)"
                              ) from None
        except (OSError, ValueError) as error:
            raise ConfigError(f"{path}: cannot be read: {error}") from None
        if not isinstance(content, dict) or content.get("state") != "finished":
            raise ConfigError(f"{self.folder}: the calibration is not finished; the same call "
                              "(or command) goes on with it")
        return content

    def _table(self, name: str) -> pd.DataFrame:
        _ = self.manifest  # refuses an unfinished calibration
        path = self.folder / name
        if not path.is_file():
            raise ConfigError(f"{self.folder}: the calibration's {name} is missing")
        return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)

    @cached_property
    def posterior(self) -> Posterior:
        """The posterior (``posterior.parquet``), for :func:`promosim.robust_compare`."""
        _ = self.manifest  # refuses an unfinished calibration
        return read_posterior(self.folder / "posterior.parquet")

    @cached_property
    def parameters(self) -> pd.DataFrame:
        """Every uncertain parameter, prior and posterior 5%, 50%, 95%, uncertainty left."""
        return self._table("parameters.csv")

    @cached_property
    def predictive(self) -> pd.DataFrame:
        """The posterior predictive check: each statistic of the firm against simulated firms."""
        return self._table("predictive.csv")

    @cached_property
    def generations(self) -> pd.DataFrame:
        """The ABC-SMC generations: tolerance, simulations, acceptance, effective size."""
        return self._table("generations.csv")

    @cached_property
    def influence(self) -> pd.DataFrame:
        """How strongly each parameter moves the firm's statistics (the screening)."""
        return self._table("influence.csv")

    @property
    def firm(self) -> str:
        """The firm's name."""
        return str(self.manifest["firm"])

    @property
    def unidentified(self) -> list[str]:
        """Fitted parameters the data cannot identify."""
        return list(self.manifest.get("unidentified", []))

    def to_frame(self) -> pd.DataFrame:
        """The parameters, prior against posterior (``parameters.csv``; see :attr:`parameters`).

        Returns:
            One row per uncertain parameter, the fitted ones first.
        """
        return self.parameters.copy()

    def report(self) -> str:
        """The fit, the fitted parameters prior against posterior, and the predictive check.

        Returns:
            The text ``promosim calibrate`` prints.
        """
        g = self.generations
        lines = [f"calibrated {self.firm!r} ({self.manifest['window_months']} months) in "
                 f"{counted(len(g), 'generation')}, {int(g['samples'].sum()):,} simulations; final "
                 f"tolerance {g['epsilon'].iloc[-1]:.3f}, acceptance "
                 f"{g['acceptance'].iloc[-1]:.1%}",
                 "fitted parameters: prior 90% → posterior 90% (median); share of uncertainty "
                 "left"]
        table = self.parameters
        for row in table[table["fitted"]].itertuples():
            flag = "" if row.identified else "   not identified by the data"
            lines.append(f"  {row.parameter:<28} {row.prior_5:.3g}–{row.prior_95:.3g} → "
                         f"{row.posterior_5:.3g}–{row.posterior_95:.3g} ({row.posterior_50:.3g})"
                         f"  {row.uncertainty_left:.0%}{flag}")
        others = int((~table["fitted"]).sum())
        lines.append(f"  {others} other uncertain parameters move the firm's statistics less "
                     "(screening, influence.csv): not fitted, drawn from their priors in every "
                     "simulation")
        check = self.predictive
        lines.append(f"posterior predictive check: {int(check['typical'].sum())} of {len(check)} "
                     "statistics of the firm lie between the 5% and 95% of simulated firms"
                     + (f"; not: {', '.join(check[~check['typical']]['statistic'])}"
                        if not check["typical"].all() else ""))
        lines.append(f"results: {self.folder}/ (posterior.parquet, predictive.csv/.png, "
                     "parameters.csv/.png, influence.csv, generations.csv, calibration.json)")
        return "\n".join(lines)

    def save(self, folder: str | Path | None = None) -> Path:
        """Copy the posterior file, the diagnostics and ``calibration.json`` into ``folder``.

        The calibration writes them into its folder as it finishes; this copies them elsewhere.

        Args:
            folder: where the files go (default: the calibration's folder, which has them).

        Returns:
            The folder the files are in.

        Raises:
            ConfigError: the calibration is not finished, or ``folder`` cannot be created.
        """
        _ = self.manifest  # refuses an unfinished calibration
        if folder is None:
            return self.folder
        target = ensure_folder(folder)
        copy_files([self.folder / name for name in FILES if (self.folder / name).is_file()],
                   target)
        return target

    def plot(self, kind: str = "parameters") -> Plot:
        """The fitted parameters' prior against posterior, or the posterior predictive check.

        Args:
            kind: ``"parameters"`` (a panel per fitted parameter: the prior's density, the
                posterior's histogram) or ``"predictive"`` (a panel per statistic of the firm:
                prior and posterior predictive histograms and the firm's value).

        Returns:
            The chart.

        Raises:
            ConfigError: another ``kind``.
        """
        from promosim.uncertainty import diagnostics as dx
        from promosim.workflows.charts import Plot

        if kind == "parameters":
            return dx.parameter_figure(self.posterior, self.parameters, Plot)
        if kind == "predictive":
            return dx.predictive_figure(self.predictive, self._table("screening.parquet"),
                                        self._table("predictive-draws.parquet"), Plot)
        raise ConfigError(f"{WHERE}: plot: 'kind' must be one of {', '.join(FIGURES)}, got "
                          f"{shown(kind)}")
