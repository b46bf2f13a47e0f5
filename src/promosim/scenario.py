"""Scenarios and policies as plain TOML files.

A **scenario** file (``configs/baseline.toml``) sets model parameters, top-level or in tables named
after the parameter groups (``[market]``, ``[policy]``, …). A **policy** file
(``configs/policies/*.toml``) states only the levers it changes against the scenario, in a
``[policy]`` table, and may add ``[[schedule]]`` entries that change levers at a given month::

    name = "tight-control"
    description = "Managers supervise closely and react strongly to disappointment."

    [policy]
    supervision_base = 0.6

    [[schedule]]
    month = 24
    goal_clarity = 0.9

Every problem is reported as one :class:`ConfigError` line naming the file, the key and the
allowed values.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promosim.errors import ConfigError, cut, shown
from promosim.parameters import (
    BY_NAME,
    DEFAULTS,
    GROUPS,
    LEVERS,
    check_schedule,
    check_value,
    resolve,
    suggest,
)
from promosim.randomness import SeedLike

if TYPE_CHECKING:
    from promosim.model import PromoterModel

META_KEYS = ("name", "description")
#: Largest file read as a scenario, policy or sweep file (real ones have a few kilobytes).
MAX_FILE_BYTES = 1_000_000
#: Longest name (a label in tables and reports) and description.
MAX_TEXT = {"name": 100, "description": 10_000}
OTHER_KEYS = (*META_KEYS, "schedule")
#: The label of the unchanged scenario in comparisons.
BASELINE = "baseline"


def configs_folder() -> Path:
    """The project's ``configs`` folder: here if there is one, else the one beside the package."""
    here = Path("configs")
    if here.is_dir():
        return here
    beside = Path(__file__).resolve().parents[2] / "configs"
    return beside if beside.is_dir() else here


def read_toml(path: str | Path) -> dict[str, Any]:
    """Read a TOML file; a missing, unreadable, oversized or malformed file is a ConfigError."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a TOML file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except ValueError:  # a NUL character in the path
        raise ConfigError(f"{shown(str(path))}: not a valid file name") from None
    if len(data) > MAX_FILE_BYTES:
        raise ConfigError(f"{path}: more than {MAX_FILE_BYTES:,} bytes; not a scenario, policy "
                          "or sweep file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text file (TOML must be UTF-8)") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {cut(str(error), 200)}") from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise ConfigError(f"{path}: invalid TOML: {cut(str(error), 200)}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None


def _text(data: dict, key: str, path: Path, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{path}: '{key}' must be a string, got {type(value).__name__}")
    longest = MAX_TEXT[key]
    if key in data and len(value) > longest:
        raise ConfigError(f"{path}: '{key}' is {len(value):,} characters long; at most "
                          f"{longest:,}")
    return value


def _schedule(data: dict, path: Path) -> list[dict[str, Any]]:
    entries = data.get("schedule", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{path}: 'schedule' must be an array of tables ([[schedule]] with "
                          "month = N and the levers it changes)")
    for entry in entries:
        if "month" not in entry:
            raise ConfigError(f"{path}: every [[schedule]] entry needs 'month'")
    return entries


def _flatten_parameters(data: dict, path: Path) -> dict[str, Any]:
    """Top-level parameters and group tables, flattened and checked one by one."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in META_KEYS or key == "schedule":
            continue
        if isinstance(value, dict):
            if key not in GROUPS:
                raise ConfigError(f"{path}: unknown table [{cut(key)}]{suggest(key, GROUPS)}; "
                                  f"tables are {', '.join(GROUPS)}")
            for name, inner in value.items():
                spec = BY_NAME.get(name)
                if spec is not None and spec.group != key:
                    raise ConfigError(f"{path}: '{name}' belongs in [{spec.group}], not [{key}]")
                values[name] = check_value(name, inner, f"{path}: [{key}]")
        elif key not in BY_NAME and suggest(key, OTHER_KEYS):
            raise ConfigError(f"{path}: unknown key {shown(key)}{suggest(key, OTHER_KEYS)}")
        else:
            values[key] = check_value(key, value, str(path))
    return values


@dataclass(frozen=True)
class Policy:
    """A named set of lever changes (and scheduled changes) against a scenario."""

    name: str
    description: str
    levers: dict[str, float]
    schedule: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""


def load_policy(path: str | Path) -> Policy:
    """Read a policy file; only policy levers may appear in it."""
    path = Path(path)
    data = read_toml(path)
    for key in data:
        if key not in (*META_KEYS, "policy", "schedule"):
            hint = suggest(key, (*META_KEYS, "policy", "schedule"))
            raise ConfigError(f"{path}: unknown key {shown(key)}{hint}; a policy file has name, "
                              "description, a [policy] table of levers and [[schedule]] entries")
    table = data.get("policy", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'policy' must be a table ([policy]) of levers")
    levers = {}
    for name, value in table.items():
        if name not in LEVERS:
            if name in BY_NAME:
                raise ConfigError(f"{path}: '{name}' is not a policy lever; set it in the "
                                  "scenario file or with --set")
            raise ConfigError(f"{path}: [policy] unknown lever {shown(name)}"
                              f"{suggest(name, LEVERS)}")
        levers[name] = check_value(name, value, f"{path}: [policy]")
    schedule = _schedule(data, path)
    if not levers and not schedule:
        what = "is empty" if not data else "sets no lever (no [policy] levers, no [[schedule]])"
        raise ConfigError(f"{path}: {what}: a policy that changes nothing is the baseline, "
                          "which every comparison includes")
    return Policy(_text(data, "name", path, path.stem), _text(data, "description", path, ""),
                  levers, schedule, str(path))


@dataclass(frozen=True)
class Scenario:
    """A validated, complete parameter set with a policy schedule, ready for the model.

    ``values`` holds every parameter; ``schedule`` the scheduled lever changes with the file they
    came from. Use :meth:`with_overrides` and :meth:`with_policy` to derive variants and
    :meth:`model_kwargs` (or :meth:`model`) to run it.
    """

    name: str
    description: str
    values: dict[str, float]
    schedule: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    source: str = ""
    policy: str = BASELINE

    def with_overrides(self, where: str = "override", **values: Any) -> Scenario:
        """A copy with some parameters replaced (each checked)."""
        merged = resolve({**self._changed(), **{k: check_value(k, v, where)
                                                for k, v in values.items()}}, where)
        return replace(self, values=merged)

    def with_policy(self, policy: Policy) -> Scenario:
        """This scenario under a policy: its levers replace the scenario's; schedules add up."""
        merged = resolve({**self._changed(), **policy.levers}, policy.source)
        schedule = self.schedule + [(policy.source, entry) for entry in policy.schedule]
        return replace(self, values=merged, schedule=schedule, policy=policy.name)

    def _changed(self) -> dict[str, float]:
        return {k: v for k, v in self.values.items() if v != DEFAULTS[k]}

    def policy_schedule(self, months: int | None = None) -> list[tuple[int, dict[str, float]]]:
        """The schedule, checked against ``months`` (default: the horizon); errors name its file."""
        months = int(self.values["months"]) if months is None else months
        checked = []
        for source, entry in self.schedule:
            checked += check_schedule([entry], months, where=f"{source}: [[schedule]]")
        return sorted(checked, key=lambda item: item[0])

    def model_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :class:`PromoterModel` (without ``rng``)."""
        return {**self.values, "policy_schedule": self.policy_schedule()}

    def model(self, rng: SeedLike = None, driver: str = "compiled") -> PromoterModel:
        """A new model of this scenario."""
        from promosim.model import PromoterModel  # Mesa loads only when a model is built

        return PromoterModel(rng=rng, driver=driver, **self.model_kwargs())


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file into a validated :class:`Scenario` (defaults fill the rest)."""
    path = Path(path)
    data = read_toml(path)
    values = resolve(_flatten_parameters(data, path), str(path))
    schedule = [(str(path), entry) for entry in _schedule(data, path)]
    scenario = Scenario(_text(data, "name", path, path.stem), _text(data, "description", path, ""),
                        values, schedule, str(path))
    scenario.policy_schedule()
    return scenario


def parse_assignment(text: str) -> tuple[str, float]:
    """Parse a command-line ``NAME=VALUE`` into a checked parameter value."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ConfigError(f"--set: expected NAME=VALUE, got {shown(text)}")
    spec = BY_NAME.get(name)
    if spec is None:
        raise ConfigError(f"--set: unknown parameter {shown(name)}{suggest(name)}")
    try:
        value: Any = float(raw)
    except ValueError:
        if spec.choices:  # a named choice, e.g. succession_rule=similar
            return name, check_value(name, raw.strip(), "--set")
        raise ConfigError(f"--set: '{name}' must be {spec.allowed()}, got {shown(raw)}") from None
    if spec.integer and value.is_integer():
        value = int(value)
    return name, check_value(name, value, "--set")


def scenario_from(values: Mapping[str, Any], name: str = "custom") -> Scenario:
    """A scenario from a mapping of parameters (defaults fill the rest)."""
    return Scenario(name, "", resolve(values, name), [], name)
