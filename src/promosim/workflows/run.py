"""One run: a scenario (optionally under a policy) for one seed, with everything it produced.

:func:`run_scenario` runs :class:`~promosim.PromoterModel` to the horizon and returns a
:class:`RunResult`: the monthly series, the promoters and counterparts at the end, the event
log, the run's outcomes, and the model itself for a closer look.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from promosim.errors import ConfigError, shown
from promosim.experiments.compare import find_policy
from promosim.experiments.limits import MAX_SEED, check_whole
from promosim.outcomes import SERIES_NAMES, shown_in
from promosim.output import FORMATS, now, write_manifest, write_table
from promosim.scenario import Policy, Scenario
from promosim.workflows.result import Result, ensure_folder
from promosim.workflows.running import scenario_of

if TYPE_CHECKING:
    from promosim.model import PromoterModel
    from promosim.workflows.charts import Plot

WHERE = "promosim.run_scenario"
#: The series :meth:`RunResult.plot` shows unless told otherwise.
PLOTTED = ("promoters", "quits", "mean_customer_trust", "mean_management_trust",
           "mean_supervision", "spirals_active")
#: The tables :meth:`RunResult.save` writes, besides ``manifest.json``.
TABLES = ("series", "promoters", "counterparts", "events")


def run_scenario(scenario: str | Path | Scenario | Mapping[str, Any] | None = None,
                 policy: str | Path | Policy | None = None, *, seed: int = 1,
                 months: int | None = None, overrides: Mapping[str, Any] | None = None,
                 driver: str = "compiled", progress: bool = True) -> RunResult:
    """Run one scenario, optionally under a policy, for one seed.

    Args:
        scenario: a scenario file, a :class:`~promosim.scenario.Scenario`, a mapping of
            parameter values, or None for ``configs/baseline.toml``.
        policy: a policy file, the name of one in ``configs/policies`` (``"tight-control"``)
            or a :class:`~promosim.scenario.Policy` (None: no policy).
        seed: the random seed, 0 to 2^63 − 1; the same seed gives the same numbers.
        months: the horizon (None: the scenario's).
        overrides: parameter values that replace the scenario's, e.g. ``{"n_teams": 4}``.
        driver: ``compiled`` (fast) or ``agents`` (each Mesa agent runs the same code
            interpreted: slow, identical numbers).
        progress: show a progress bar over the months (on a terminal or in a notebook).

    Returns:
        The run's series, agents, events and outcomes.

    Raises:
        ConfigError: a file, policy, parameter or setting that cannot be used.
    """
    from tqdm.auto import tqdm

    from promosim.model import DRIVERS
    from promosim.summary import summarise_series

    check_whole(seed, "seed", WHERE, 0, MAX_SEED)
    if driver not in DRIVERS:
        raise ConfigError(f"{WHERE}: 'driver' must be one of {', '.join(DRIVERS)}, got "
                          f"{shown(driver)}")
    chosen = scenario_of(scenario, overrides, months, WHERE)
    applied = policy_of(policy)
    if applied is not None:
        chosen = chosen.with_policy(applied)
        chosen.policy_schedule()
    started = now()
    clock = time.perf_counter()
    model = chosen.model(rng=seed, driver=driver)
    with tqdm(total=model.months, unit="month", desc="run", file=sys.stderr, leave=False,
              disable=None if progress else True) as bar:
        while model.running:
            model.step()
            bar.update()
    seconds = time.perf_counter() - clock
    series = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    series.insert(0, "month", np.arange(len(series)))
    outcomes = summarise_series({name: series[name].to_numpy()[None, :]
                                 for name in SERIES_NAMES}).iloc[0]
    snapshot = model.snapshot()
    return RunResult(scenario=chosen, policy=applied, seed=seed, driver=driver, model=model,
                     series=series, promoters=snapshot["promoters"],
                     counterparts=snapshot["counterparts"], events=model.events,
                     outcomes=outcomes, started=started, finished=now(), seconds=seconds)


def policy_of(policy: str | Path | Policy | None) -> Policy | None:
    """The policy named: a file, a name in ``configs/policies``, a Policy, or None.

    Returns:
        The policy, read and checked (None for None).

    Raises:
        ConfigError: a name that is no file or named policy, or a file that cannot be used.
    """
    if policy is None or isinstance(policy, Policy):
        return policy
    if isinstance(policy, str | Path):
        return find_policy(str(policy))
    raise ConfigError(f"{WHERE}: 'policy' must be a file, a name in configs/policies or a "
                      f"Policy, got {shown(policy)}")


class RunResult(Result):
    """One run: its monthly series, the agents at the end, its events and outcomes.

    Args:
        scenario: the scenario run (with the policy applied).
        policy: the policy, if any.
        seed: the seed.
        driver: ``compiled`` or ``agents``.
        model: the model, at the end of the run.
        series: one row per month (``month`` 0 is the firm at the end of the spin-up).
        promoters: one row per promoter at the end.
        counterparts: one row per customer relationship at the end.
        events: hires, quits, roles, relationships and spirals, one row each.
        outcomes: the run's outcomes (:data:`promosim.outcomes.OUTCOMES`).
        started: when the run started (ISO time).
        finished: when it finished.
        seconds: how long it took.
    """

    def __init__(self, *, scenario: Scenario, policy: Policy | None, seed: int, driver: str,
                 model: PromoterModel, series: pd.DataFrame, promoters: pd.DataFrame,
                 counterparts: pd.DataFrame, events: pd.DataFrame, outcomes: pd.Series,
                 started: str, finished: str, seconds: float):
        self.scenario = scenario
        self.policy = policy
        self.seed = seed
        self.driver = driver
        self.model = model
        self.series = series
        self.promoters = promoters
        self.counterparts = counterparts
        self.events = events
        self.outcomes = outcomes
        self.started = started
        self.finished = finished
        self.seconds = seconds

    def __repr__(self) -> str:
        return (f"<RunResult {self.title()}, seed {self.seed}, {self.months} months>")

    @property
    def months(self) -> int:
        """The horizon in months."""
        return int(self.scenario.values["months"])

    def title(self) -> str:
        """The scenario's name, and the policy's if there is one: ``baseline + tight-control``."""
        return self.scenario.name + (f" + {self.scenario.policy}" if self.policy else "")

    def to_frame(self) -> pd.DataFrame:
        """The monthly series, one row per month (``month`` 0 is the end of the spin-up)."""
        return self.series.copy()

    def summary_lines(self) -> list[str]:
        """The run's key outcomes, one line each (the outcome registry's "printed" place).

        Money is a year's, as ``promosim compare`` prints it: the total over the horizon
        divided by its years.

        Returns:
            The lines, and a last one saying what the money is.
        """
        row = self.outcomes
        lines = [f"{o.yearly_heading:<40} {o.format(o.a_year(row[o.name], row['years']))}"
                 for o in shown_in("printed")]
        months = f"{self.months} month{'s' if self.months != 1 else ''}"
        return [*lines, f"(money is a year's: the total over {months} divided by "
                        f"{row['years']:.3g})"]

    def report(self) -> str:
        """What was run, and its key outcomes."""
        return "\n".join([f"{self.title()}, seed {self.seed}, {self.months} months "
                          f"({self.seconds:.2f} s)", *("  " + line
                                                       for line in self.summary_lines())])

    def save(self, folder: str | Path | None = None, format: str = "parquet") -> Path:
        """Write the series, the agents at the end, the events and a manifest into ``folder``.

        The manifest (``manifest.json``) holds every parameter, the policy schedule, the seed,
        the driver, the outcomes, the times and the versions of the packages.

        Args:
            folder: where the files go (default: ``results/run``).
            format: ``parquet`` or ``csv``.

        Returns:
            The folder.

        Raises:
            ConfigError: an unknown format, or a folder that cannot be created.
        """
        if format not in FORMATS:
            raise ConfigError(f"{WHERE}: save: 'format' must be one of {', '.join(FORMATS)}, "
                              f"got {shown(format)}")
        out = ensure_folder(Path("results/run") if folder is None else folder)
        tables = {"series": self.series, "promoters": self.promoters,
                  "counterparts": self.counterparts, "events": self.events}
        files = {name: write_table(tables[name], out / name, format) for name in TABLES}
        write_manifest(out / "manifest.json", {
            "kind": "run", "scenario": self.scenario.source,
            "policy": self.policy.source if self.policy else "", "seed": self.seed,
            "driver": self.driver, "started": self.started, "finished": self.finished,
            "seconds": round(self.seconds, 3), "parameters": self.scenario.values,
            "policy_schedule": self.model.policy_schedule, "outcomes": self.outcomes.to_dict(),
            "files": {name: path.name for name, path in files.items()},
        })
        return out

    def plot(self, series: Sequence[str] = PLOTTED) -> Plot:
        """Monthly series of the run, a panel each.

        Args:
            series: names of monthly series (:data:`promosim.outcomes.SERIES_NAMES`).

        Returns:
            The chart.

        Raises:
            ConfigError: a name that is not a monthly series.
        """
        from promosim.workflows.charts import series_chart

        names = [series] if isinstance(series, str) else list(series)
        for name in names:
            if name not in SERIES_NAMES:
                raise ConfigError(f"{WHERE}: plot: unknown series {shown(name)}; series are "
                                  f"{', '.join(SERIES_NAMES)}")
        return series_chart(self.series, names, f"{self.title()}, seed {self.seed}")
