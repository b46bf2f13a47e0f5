"""The parameter table: one row per parameter, the single source for every use of parameters.

The table lives in ``parameters.toml`` beside this module. Validation, the TOML loader, the
command line's ``--set``, the model's constructor signature, the engine's parameter record, the
dashboard's sliders and the parameter table in ``docs/parameters.md`` are all generated from
:data:`PARAMETERS`, so they cannot drift apart.

Each parameter has a unit, a range, a default and a source (a reference in ``LITERATURE.md`` or
``sources/``) or the word "assumption". Policy levers (group ``policy``) also carry a label and a
help text in business language; only levers may change during a run (policy schedule). A
parameter that picks one of several rules has named choices (``choices = { wait = 0, … }`` in the
table): files and ``--set`` may give the name or its number; the model sees the number.

Every parameter that is not fixed by the user (:attr:`Parameter.drawable`) has a prior: a
distribution of its plausible values (:class:`Prior`) and the basis on which it was chosen. Robust
comparisons draw parameter worlds from the priors; calibration updates them with a firm's data.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from promosim.errors import ConfigError, shown

#: Groups whose parameters the user fixes: the firm's structure, scenario events, the spiral's
#: definition and the policy levers. Reference points (sources "reference point ...") are fixed too.
FIXED_GROUPS = ("structure", "shock", "spiral", "policy")
#: Families of prior distributions, each over ``(low, high)``.
PRIOR_FAMILIES = ("uniform", "loguniform", "integers")
#: Bases of priors that follow a rule (see ``docs/parameters.md``); any other basis is the
#: literature's figure in words.
PRIOR_RULES = {"assumption": (2.0, 0.15), "anchored": (1.5, 0.075)}


@dataclass(frozen=True)
class Prior:
    """A prior distribution: its family and the bounds of its support.

    ``uniform`` and ``loguniform`` are continuous on ``[low, high]`` (log-uniform: every factor
    equally likely); ``integers`` is uniform over the integers ``low..high``.
    """

    family: str
    low: float
    high: float

    def ppf(self, unit: Any) -> np.ndarray:
        """The quantiles of ``unit`` (numbers in [0, 1]): how designs map onto the prior."""
        u = np.clip(np.asarray(unit, dtype=np.float64), 0.0, 1.0)
        if self.family == "uniform":
            return self.low + u * (self.high - self.low)
        if self.family == "loguniform":
            return np.exp(np.log(self.low) + u * (np.log(self.high) - np.log(self.low)))
        count = self.high - self.low + 1
        return np.minimum(self.low + np.floor(u * count), self.high)

    def scipy(self) -> tuple[str, tuple[float, ...]]:
        """The prior as a ``scipy.stats`` distribution name and its arguments."""
        if self.family == "uniform":
            return "uniform", (self.low, self.high - self.low)
        if self.family == "loguniform":
            return "loguniform", (self.low, self.high)
        return "randint", (self.low, self.high + 1)

    def __str__(self) -> str:
        return f"{self.family}({_fmt(self.low)}, {_fmt(self.high)})"


_PRIOR = re.compile(r"^\s*(\w+)\s*\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)\s*$")


def parse_prior(text: Any, low: float, high: float, integer: bool = False) -> Prior:
    """A prior from its text, e.g. ``"loguniform(0.05, 0.2)"``, checked against a range.

    Raises:
        ConfigError: not of the form ``family(low, high)``, an unknown family, bounds that are
            no numbers, empty, outside ``[low, high]``, not positive (log-uniform) or not whole
            (integers; only integer parameters take them, and they take nothing else).

    """
    match = _PRIOR.match(text) if isinstance(text, str) else None
    if match is None:
        raise ConfigError(f"prior {shown(text)} must read family(low, high) with a family from "
                          f"{', '.join(PRIOR_FAMILIES)}")
    family, *bounds = match.groups()
    if family not in PRIOR_FAMILIES:
        raise ConfigError(f"prior family {shown(family)} is unknown; families are "
                          f"{', '.join(PRIOR_FAMILIES)}")
    try:
        a, b = (float(x) for x in bounds)
    except ValueError:
        raise ConfigError(f"prior {shown(text)}: its bounds must be numbers") from None
    if not (math.isfinite(a) and math.isfinite(b)) or not a < b:
        raise ConfigError(f"prior {shown(text)}: the lower bound must be below the upper one")
    if not (low <= a and b <= high):
        raise ConfigError(f"prior {shown(text)} leaves the parameter's range "
                          f"{_fmt(low)}–{_fmt(high)}")
    if (family == "integers") != integer:
        raise ConfigError(f"prior {shown(text)}: " + ("an integer parameter needs an integers(...) "
                          "prior" if integer else "integers(...) is only for integer parameters"))
    if family == "integers" and not (a.is_integer() and b.is_integer()):
        raise ConfigError(f"prior {shown(text)}: integer bounds are needed")
    if family == "loguniform" and a <= 0:
        raise ConfigError(f"prior {shown(text)}: a log-uniform prior needs a positive lower bound")
    return Prior(family, a, b)


@dataclass(frozen=True)
class Parameter:
    """Metadata of one model parameter."""

    name: str
    default: float
    low: float
    high: float
    unit: str
    group: str
    meaning: str
    source: str
    integer: bool = False
    label: str = ""
    help: str = ""
    named: tuple[tuple[str, int], ...] = ()
    prior_text: str | None = None
    prior_basis: str = ""

    @property
    def choices(self) -> dict[str, int]:
        """Named choices (name → value) of a parameter that picks one of several rules."""
        return dict(self.named)

    @property
    def is_lever(self) -> bool:
        """Whether this is a policy lever (may be set by policy files and schedules)."""
        return self.group == "policy"

    @property
    def drawable(self) -> bool:
        """Whether the parameter is uncertain and drawn from its prior (not fixed by the user)."""
        return self.group not in FIXED_GROUPS and not self.source.startswith("reference point")

    @property
    def prior(self) -> Prior:
        """The parameter's prior.

        Raises:
            ConfigError: the parameter is fixed, has no prior, or its prior is not valid.

        """
        where = f"parameters.toml, [{self.group}.{self.name}]"
        if not self.drawable:
            raise ConfigError(f"{where}: a fixed parameter has no prior")
        if self.prior_text is None:
            raise ConfigError(f"{where}: no prior; every drawable parameter needs one "
                              "(docs/parameters.md says how to choose it)")
        try:
            return parse_prior(self.prior_text, self.low, self.high, self.integer)
        except ConfigError as error:
            raise ConfigError(f"{where}: {error}") from None

    def allowed(self) -> str:
        """The allowed values, as said in error messages."""
        if self.choices:
            return "one of " + ", ".join(f"'{k}' ({v})" for k, v in self.choices.items())
        kind = "an integer" if self.integer else "a number"
        return f"{kind} from {_fmt(self.low)} to {_fmt(self.high)}"


def _fmt(x: float) -> str:
    return f"{x:g}"


ASSUMPTION = "assumption"
TABLE = Path(__file__).with_name("parameters.toml")


def _load(path: Path) -> tuple[Parameter, ...]:
    """The parameter table from its TOML file (one table per parameter, grouped)."""
    with path.open("rb") as handle:
        groups = tomllib.load(handle)
    return tuple(
        Parameter(name, row["default"], row["range"][0], row["range"][1], row["unit"], group,
                  row["meaning"], row["source"], row.get("integer", False), row.get("label", ""),
                  row.get("help", ""), tuple(row.get("choices", {}).items()), row.get("prior"),
                  row.get("prior_basis", ""))
        for group, rows in groups.items() for name, row in rows.items()
    )


PARAMETERS: tuple[Parameter, ...] = _load(TABLE)

BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
LEVERS: tuple[str, ...] = tuple(p.name for p in PARAMETERS if p.is_lever)
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(p.group for p in PARAMETERS))
DEFAULTS: dict[str, float] = {p.name: p.default for p in PARAMETERS}
STRUCTURAL: tuple[str, ...] = ("n_teams", "team_size", "accounts_per_position")
#: Parameters drawn from their priors in robust comparisons and calibration (table order).
DRAWABLE: tuple[str, ...] = tuple(p.name for p in PARAMETERS if p.drawable)


def prior_problems(parameters: tuple[Parameter, ...] | None = None) -> list[str]:
    """What is wrong with the priors of ``parameters`` (the table), one line each (none: valid).

    Every drawable parameter needs a valid prior inside its range and a basis; a basis naming a
    rule (:data:`PRIOR_RULES`) must give the prior that rule gives; fixed parameters take none.
    """
    problems = []
    for p in PARAMETERS if parameters is None else parameters:
        where = f"parameters.toml, [{p.group}.{p.name}]"
        if not p.drawable:
            if p.prior_text is not None or p.prior_basis:
                problems.append(f"{where}: a fixed parameter takes no prior")
            continue
        try:
            prior = p.prior
        except ConfigError as error:
            problems.append(str(error))
            continue
        if not p.prior_basis:
            problems.append(f"{where}: no prior_basis (how the prior was chosen)")
        elif p.prior_basis in PRIOR_RULES and prior != rule_prior(p, p.prior_basis):
            problems.append(f"{where}: prior {prior} does not follow the '{p.prior_basis}' rule, "
                            f"which gives {rule_prior(p, p.prior_basis)}")
    return problems


def rule_prior(p: Parameter, basis: str) -> Prior:
    """The prior a rule gives ``p``: within a factor of the default, or a band around it.

    Integers and positive scales (rates, slopes, weights, times, costs) take a factor (2 for an
    assumption, 1.5 for an anchored value); levels on a 0–1 scale take a band (±0.15, ±0.075);
    both are clipped to the range. Which parameters are levels is read off the prior's family:
    a uniform prior under a rule is a band.
    """
    factor, band = PRIOR_RULES[basis]
    d = p.default
    if p.integer:
        return Prior("integers", max(p.low, math.floor(d / factor)),
                     min(p.high, math.ceil(d * factor)))
    if p.prior_text is not None and p.prior_text.lstrip().startswith("uniform"):
        return Prior("uniform", _round(max(p.low, d - band)), _round(min(p.high, d + band)))
    return Prior("loguniform", _round(max(p.low, d / factor)), _round(min(p.high, d * factor)))


def _round(x: float) -> float:
    """A bound as the table writes it: four significant digits."""
    return float(f"{x:.4g}")


def suggest(name: str, choices: list[str] | tuple[str, ...] = tuple(BY_NAME)) -> str:
    """A "did you mean" hint for an unknown name, or an empty string."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_value(name: str, value: Any, where: str = "") -> float | int:
    """Validate one parameter value and return it with its proper type.

    A parameter with named choices also takes the name of a choice (``"similar"``).

    Raises:
        ConfigError: unknown name, wrong type, a fraction for an integer, NaN, infinite or out
            of range (the message echoes at most a short piece of the value).

    """
    prefix = f"{where}: " if where else ""
    spec = BY_NAME.get(name) if isinstance(name, str) else None
    if spec is None:
        hint = suggest(name) if isinstance(name, str) else ""
        raise ConfigError(f"{prefix}unknown parameter {shown(name)}{hint}")
    if isinstance(value, str) and spec.choices:
        if value not in spec.choices:
            raise ConfigError(f"{prefix}'{name}' must be {spec.allowed()}, got {shown(value)}"
                              f"{suggest(value, tuple(spec.choices))}")
        value = spec.choices[value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{prefix}'{name}' must be {spec.allowed()}, got "
                          f"{type(value).__name__} {shown(value)}")
    if spec.integer and isinstance(value, float) and not value.is_integer():
        raise ConfigError(f"{prefix}'{name}' must be {spec.allowed()}, got {shown(value)}")
    finite = math.isfinite(value) if isinstance(value, float) else True  # any size of integer
    if not finite or not spec.low <= value <= spec.high:
        raise ConfigError(f"{prefix}'{name}' = {shown(value)} is out of range: allowed "
                          f"{spec.allowed()}")
    if spec.choices and value not in spec.choices.values():
        raise ConfigError(f"{prefix}'{name}' must be {spec.allowed()}, got {shown(value)}")
    return int(value) if spec.integer else float(value)


def check_consistency(values: Mapping[str, float], where: str = "") -> None:
    """Checks that involve several parameters at once."""
    prefix = f"{where}: " if where else ""
    for low, high in (("vacancy_min", "vacancy_max"), ("ramp_min", "ramp_max")):
        if values[low] > values[high]:
            raise ConfigError(f"{prefix}'{low}' ({values[low]:g}) must not exceed '{high}' "
                              f"({values[high]:g})")
    if values["share_a_accounts"] + values["share_b_accounts"] > 1.0:
        raise ConfigError(f"{prefix}'share_a_accounts' + 'share_b_accounts' must not exceed 1")
    if values["share_deciders"] + values["share_co_deciders"] > 1.0:
        raise ConfigError(f"{prefix}'share_deciders' + 'share_co_deciders' must not exceed 1")
    if values["share_control_averse"] + values["share_control_raising"] > 1.0:
        raise ConfigError(f"{prefix}'share_control_averse' + 'share_control_raising' must not "
                          "exceed 1")


def check_schedule(schedule: Any, months: int, where: str = "policy_schedule") -> list[
        tuple[int, dict[str, float]]]:
    """Validate a policy schedule: (month, {lever: value}) pairs or {"month": m, lever: v}."""
    if schedule is None:
        return []
    if not isinstance(schedule, list | tuple):
        raise ConfigError(f"{where}: must be a list of scheduled changes, got {shown(schedule)}")
    checked = []
    for entry in schedule:
        if isinstance(entry, Mapping):
            levers = dict(entry)
            month = levers.pop("month", None)
        elif (isinstance(entry, list | tuple) and len(entry) == 2
              and isinstance(entry[1], Mapping)):
            month, levers = entry
        else:
            raise ConfigError(f"{where}: each change must be a table with 'month' and the levers "
                              f"it changes, got {shown(entry)}")
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= months:
            raise ConfigError(f"{where}: 'month' must be an integer from 1 to {months} (the "
                              f"horizon), got {shown(month)}")
        values = {}
        for name, value in levers.items():
            if name not in LEVERS:
                hint = suggest(name, LEVERS) if isinstance(name, str) else ""
                raise ConfigError(f"{where}: {shown(name)} is not a policy lever{hint}; only "
                                  "levers can change during a run")
            values[name] = float(check_value(name, value, where))
        checked.append((month, values))
    return checked


def resolve(overrides: Mapping[str, Any] | None = None, where: str = "") -> dict[str, float]:
    """Defaults updated by ``overrides``, each checked; returns the full parameter set."""
    if overrides is not None and not isinstance(overrides, Mapping):
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}parameters must be a table of NAME = VALUE, got "
                          f"{shown(overrides)}")
    values = dict(DEFAULTS)
    for name, value in (overrides or {}).items():
        values[name] = check_value(name, value, where)
    check_consistency(values, where)
    return values
