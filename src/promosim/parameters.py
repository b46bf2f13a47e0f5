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
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promosim.errors import ConfigError, shown


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

    @property
    def choices(self) -> dict[str, int]:
        """Named choices (name → value) of a parameter that picks one of several rules."""
        return dict(self.named)

    @property
    def is_lever(self) -> bool:
        """Whether this is a policy lever (may be set by policy files and schedules)."""
        return self.group == "policy"

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
                  row.get("help", ""), tuple(row.get("choices", {}).items()))
        for group, rows in groups.items() for name, row in rows.items()
    )


PARAMETERS: tuple[Parameter, ...] = _load(TABLE)

BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
LEVERS: tuple[str, ...] = tuple(p.name for p in PARAMETERS if p.is_lever)
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(p.group for p in PARAMETERS))
DEFAULTS: dict[str, float] = {p.name: p.default for p in PARAMETERS}
STRUCTURAL: tuple[str, ...] = ("n_teams", "team_size", "accounts_per_position")


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
