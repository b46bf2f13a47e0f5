"""Sweep files: which parameters to vary, how, how often and for how long, as plain TOML.

A sweep file (``configs/sweeps/*.toml``) names a base scenario, a design and the ranges of the
varied parameters; see ``docs/experiments.md`` for every key. Every problem is reported as one
:class:`~promosim.errors.ConfigError` line naming the file, the key and the allowed values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from promosim.errors import ConfigError, cut, shown
from promosim.experiments.designs import DESIGNS, Factor, check_power_of_two, grid_points
from promosim.experiments.limits import (
    MAX_CHUNK_RUNS,
    MAX_POINTS,
    MAX_REPLICATES,
    MAX_SEED,
    check_points,
    check_whole,
)
from promosim.outcomes import OUTCOMES, names_in
from promosim.parameters import BY_NAME, check_value, suggest
from promosim.scenario import Scenario, load_scenario, read_toml, scenario_from

KEYS = ("name", "description", "scenario", "design", "samples", "replicates", "seed", "months",
        "chunk_runs", "outputs", "series", "events", "parameters", "set", "sensitivity")
SENSITIVITY_KEYS = ("method", "samples", "levels", "resamples", "conf_level", "outputs")
METHODS = ("sobol", "morris")
DEFAULT_OUTPUTS = names_in("sweep")
DEFAULT_CHUNK_RUNS = 32
#: Longest name (it names the default results folder) and description.
MAX_NAME = 100
MAX_DESCRIPTION = 10_000
MAX_MORRIS_LEVELS = 1_000
MAX_RESAMPLES = 10_000


@dataclass(frozen=True)
class Sensitivity:
    """How ``promosim sensitivity`` samples and analyses a sweep's parameter ranges."""

    method: str = "sobol"
    samples: int = 64
    levels: int = 4
    resamples: int = 100
    conf_level: float = 0.95
    outputs: tuple[str, ...] = ("turnover_rate", "churn_rate", "mean_customer_trust")


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: base scenario, design, varied factors, replicates and outputs."""

    name: str
    description: str
    source: str
    scenario: Scenario
    design: str
    factors: tuple[Factor, ...]
    samples: int | None
    replicates: int
    seed: int
    outputs: tuple[str, ...] = DEFAULT_OUTPUTS
    series: bool = False
    events: bool = False
    chunk_runs: int = DEFAULT_CHUNK_RUNS
    sensitivity: Sensitivity = field(default_factory=Sensitivity)

    @property
    def varied(self) -> tuple[str, ...]:
        """Names of the varied parameters."""
        return tuple(f.name for f in self.factors)

    def with_options(self, assignments: Mapping[str, Any] | None = None, *,
                     where: str | None = None, **options: Any) -> Sweep:
        """A copy with changes to the file's settings and parameters (None keeps the file's).

        Args:
            assignments: parameters fixed for every run, as in ``[set]``.
            where: the caller, named first in messages (``promosim.sweep``); None for the
                command line, whose messages name its options (``--replicates``, ``--set``).
            **options: settings: ``replicates``, ``seed``, ``samples``, ``series``,
                ``events``, ``chunk_runs``.

        Returns:
            The changed sweep.

        Raises:
            ConfigError: a setting out of its bounds, an override of a varied parameter, or an
                override out of its range.
        """
        changed = {k: v for k, v in options.items() if v is not None}
        for key, value in changed.items():
            if key in OPTION_BOUNDS:
                _whole({key: value}, key, where or option_name(key), None, *OPTION_BOUNDS[key])
            elif key in ("series", "events"):
                _flag({key: value}, key, where or option_name(key))
        sweep = replace(self, **changed)
        if "samples" in changed:
            _check_samples(sweep.design, sweep.samples,
                           f"{where}: 'samples'" if where else option_name("samples"))
        if assignments:
            clash = [name for name in assignments if name in self.varied]
            if clash:
                raise ConfigError(f"{where or option_name('set')}: '{clash[0]}' is varied by "
                                  f"{self.source}; change its range in [parameters] instead")
            sweep = replace(sweep, scenario=sweep.scenario.with_overrides(
                where or option_name("set"), **assignments))
        return sweep

    def with_sensitivity(self, method: str | None = None, samples: int | None = None, *,
                         where: str | None = None) -> Sweep:
        """A copy with another sensitivity method or sample size (None keeps the file's).

        Args:
            method: ``sobol`` or ``morris``.
            samples: Sobol base samples (a power of 2) or Morris trajectories.
            where: the caller, named first in messages; None for the command line (whose
                messages name ``--method`` and ``--samples``).

        Returns:
            The sweep with the changed ``[sensitivity]`` settings.

        Raises:
            ConfigError: an unknown method, or a sample size out of bounds (or, for Sobol
                indices, not a power of 2).
        """
        settings = self.sensitivity
        if method is not None:
            settings = replace(settings, method=_choice({"method": method}, "method", METHODS,
                                                        where or option_name("method"), None))
        if samples is not None:
            settings = replace(settings, samples=_whole(
                {"samples": samples}, "samples", where or option_name("samples"), None, 1,
                MAX_POINTS))
        if settings.method == "sobol":
            check_power_of_two(settings.samples,
                               f"{where}: 'samples'" if where else option_name("samples"),
                               "Sobol indices")
        return replace(self, sensitivity=settings)


def option_name(key: str) -> str:
    """The command-line option of a setting: ``chunk_runs`` → ``--chunk-runs``."""
    return f"--{key.replace('_', '-')}"


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file."""
    path = Path(path)
    data = read_toml(path)
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {shown(key)}{suggest(key, KEYS)}; keys are "
                              f"{', '.join(KEYS)}")
    design = _choice(data, "design", DESIGNS, path, None)
    samples = data.get("samples")
    if design != "grid" or samples is not None:
        samples = _whole(data, "samples", path, None, 1, MAX_POINTS)
        _check_samples(design, samples, f"{path}: 'samples'")
    table = _table(data, "parameters", path)
    if not table:
        raise ConfigError(f"{path}: [parameters] must name at least one parameter to vary, e.g. "
                          "goal_clarity = { low = 0.1, high = 0.9, levels = 5 }")
    factors = tuple(_factor(name, spec, design, path) for name, spec in table.items())
    if design == "grid":
        check_points(grid_points(factors), f"{path}: [parameters]")
    fixed = _table(data, "set", path)
    if "months" in data:
        if "months" in fixed:
            raise ConfigError(f"{path}: 'months' is given twice (top level and [set]); keep one")
        fixed = {**fixed, "months": data["months"]}
    for name in fixed:
        if name in table:
            raise ConfigError(f"{path}: {shown(name)} is set ([set] or top level) and also "
                              "varied in [parameters]; keep one")
    scenario = _scenario(data, path)
    if fixed:
        scenario = scenario.with_overrides(f"{path}: [set]", **fixed)
    return Sweep(
        name=_name(data, path),
        description=_text(data, "description", path, "", MAX_DESCRIPTION),
        source=str(path),
        scenario=scenario,
        design=design,
        factors=factors,
        samples=samples,
        replicates=_whole(data, "replicates", path, 10, *OPTION_BOUNDS["replicates"]),
        seed=_whole(data, "seed", path, 1, *OPTION_BOUNDS["seed"]),
        outputs=_outputs(data.get("outputs", list(DEFAULT_OUTPUTS)), path, "outputs"),
        series=_flag(data, "series", path),
        events=_flag(data, "events", path),
        chunk_runs=_whole(data, "chunk_runs", path, DEFAULT_CHUNK_RUNS,
                          *OPTION_BOUNDS["chunk_runs"]),
        sensitivity=_sensitivity(_table(data, "sensitivity", path), path),
    )


#: Bounds of the whole-number settings a sweep file and the command line share.
OPTION_BOUNDS = {"replicates": (1, MAX_REPLICATES), "seed": (0, MAX_SEED),
                 "samples": (1, MAX_POINTS), "chunk_runs": (1, MAX_CHUNK_RUNS)}


def _name(data: dict, path: Path) -> str:
    """The sweep's name; it names the default results folder, so it must be a plain name."""
    if "name" not in data:
        return path.stem
    name = _text(data, "name", path, "", MAX_NAME)
    if (not name.strip() or name in (".", "..") or name.startswith(".")
            or any(c in name for c in "/\\") or not name.isprintable()):
        raise ConfigError(f"{path}: 'name' must be a plain folder name (no '/', '\\', control "
                          f"characters or leading '.'), got {shown(name)}")
    return name


def _scenario(data: dict, path: Path) -> Scenario:
    if "scenario" not in data:
        return scenario_from({}, "defaults")
    target = path.parent / _text(data, "scenario", path, "", 4096)
    try:
        found = target.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL character
        found = False
    if not found:
        raise ConfigError(f"{path}: 'scenario': no such file {cut(str(target), 200)} (the path "
                          "is relative to the sweep file)")
    return load_scenario(target)


def _factor(name: str, spec: Any, design: str, path: Path) -> Factor:
    where = f"{path}: [parameters]"
    parameter = BY_NAME.get(name)
    if parameter is None:
        raise ConfigError(f"{where} unknown parameter {shown(name)}{suggest(name)}")
    integer = parameter.integer
    if isinstance(spec, list):
        if design != "grid":
            raise ConfigError(f"{where} '{name}': a {design} design needs a range "
                              "{ low = ..., high = ... }, not a list of values")
        if not spec:
            raise ConfigError(f"{where} '{name}': the list of values is empty")
        if len(spec) > MAX_POINTS:
            raise ConfigError(f"{where} '{name}': {len(spec):,} values; at most {MAX_POINTS:,}")
        values = tuple(check_value(name, v, where) for v in spec)
        return Factor(name, min(values), max(values), values=values, integer=integer)
    if not isinstance(spec, dict):
        raise ConfigError(f"{where} '{name}' must be a list of values or a range "
                          "{ low = ..., high = ..., levels = N }")
    allowed = ("low", "high", "levels") if design == "grid" else ("low", "high")
    for key in spec:
        if key not in allowed:
            raise ConfigError(f"{where} '{name}': unknown key {shown(key)}; a {design} range has "
                              f"{', '.join(allowed)}")
    for key in allowed:
        if key not in spec:
            raise ConfigError(f"{where} '{name}': missing '{key}' (a {design} range has "
                              f"{', '.join(allowed)})")
    low, high = check_value(name, spec["low"], where), check_value(name, spec["high"], where)
    if not low < high:
        raise ConfigError(f"{where} '{name}': 'low' ({low:g}) must be below 'high' ({high:g})")
    levels = None
    if design == "grid":
        levels = _whole(spec, "levels", f"{where} '{name}'", None, 2, MAX_POINTS)
    return Factor(name, float(low), float(high), levels=levels, integer=integer)


def _sensitivity(table: dict, path: Path) -> Sensitivity:
    where = f"{path}: [sensitivity]"
    for key in table:
        if key not in SENSITIVITY_KEYS:
            raise ConfigError(f"{where} unknown key {shown(key)}{suggest(key, SENSITIVITY_KEYS)}; "
                              f"keys are {', '.join(SENSITIVITY_KEYS)}")
    default = Sensitivity()
    method = _choice(table, "method", METHODS, where, default.method)
    samples = _whole(table, "samples", where, default.samples, 2, MAX_POINTS)
    if method == "sobol":
        check_power_of_two(samples, f"{where} 'samples'", "Sobol indices")
    levels = _whole(table, "levels", where, default.levels, 2, MAX_MORRIS_LEVELS)
    if levels % 2:
        raise ConfigError(f"{where} 'levels' must be an even number (Morris), got {levels}")
    conf = table.get("conf_level", default.conf_level)
    if isinstance(conf, bool) or not isinstance(conf, int | float) or not 0 < conf < 1:
        raise ConfigError(f"{where} 'conf_level' must be a number between 0 and 1, got "
                          f"{shown(conf)}")
    return Sensitivity(method, samples, levels,
                       _whole(table, "resamples", where, default.resamples, 10, MAX_RESAMPLES),
                       float(conf),
                       _outputs(table.get("outputs", list(default.outputs)), where, "outputs"))


def _check_samples(design: str, samples: int | None, where: str) -> None:
    if design == "sobol" and samples is not None:
        check_power_of_two(samples, where)


def _outputs(value: Any, where: Path | str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a non-empty list of outcome names, e.g. "
                          f"{list(DEFAULT_OUTPUTS)}")
    for name in value:
        if name not in OUTCOMES:
            raise ConfigError(f"{where}: '{key}' has unknown outcome {shown(name)}"
                              f"{suggest(name, tuple(OUTCOMES))}; outcomes are "
                              f"{', '.join(OUTCOMES)}")
    return tuple(dict.fromkeys(value))


def _table(data: dict, key: str, path: Path) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: '{key}' must be a table ([{key}])")
    return value


def _text(data: dict, key: str, path: Path, default: str, longest: int) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{path}: '{key}' must be a string, got {type(value).__name__}")
    if len(value) > longest:
        raise ConfigError(f"{path}: '{key}' is {len(value):,} characters long; at most "
                          f"{longest:,}")
    return value


def _flag(data: dict, key: str, path: Path) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: '{key}' must be true or false, got {shown(value)}")
    return value


def _whole(data: dict, key: str, where: Path | str, default: int | None, low: int,
           high: int) -> int:
    allowed = f"a whole number from {low:,} to {high:,}"
    if key not in data and default is None:
        raise ConfigError(f"{where}: missing '{key}' ({allowed})")
    return check_whole(data.get(key, default), key, where, low, high)


def _choice(data: dict, key: str, choices: Iterable[str], where: Path | str,
            default: str | None) -> str:
    choices = tuple(choices)
    if key not in data and default is None:
        raise ConfigError(f"{where}: missing '{key}'; one of {', '.join(choices)}")
    value = data.get(key, default)
    if not isinstance(value, str) or value not in choices:
        raise ConfigError(f"{where}: '{key}' must be one of {', '.join(choices)}, got "
                          f"{shown(value)}")
    return value
