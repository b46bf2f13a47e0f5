"""Every problem of a policy or scenario file, each as one line, with hints for the usual slips.

The loaders (:func:`promosim.scenario.load_policy`, :func:`~promosim.scenario.load_scenario`) stop
at a file's first problem, which is what a run needs. :func:`promosim.validate_config` (and
``promosim validate-config``) lists all of them instead, so a file is fixed in one go. On top of
the loaders' messages it explains:

- a decimal comma (``goal_clarity = 0,9``): TOML cannot read it; the number is read with a point
  so the rest of the file is still checked; written as text (``goal_clarity = "0,9"``), the
  same is said of the quoted value;
- a percentage where a fraction is meant (``goal_clarity = 90``): "did you mean 0.9?", and
  the same with a percent sign (``90%``), a number without its leading zero (``.9``) and a key
  set twice, each read as meant so the rest of the file is still checked;
- a policy file without its ``[policy]`` line: levers at the top of a file that is otherwise a
  policy (a name, a description, levers) would be read as a scenario, which ``promosim compare``
  then refuses as a policy; the levers are checked all the same;
- a lever named in a problem, by its meaning (:func:`explain`).

:func:`kind` says what a parsed file is: a policy, a sweep or a scenario.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from pathlib import Path
from typing import Any

from promosim.errors import ConfigError, shown
from promosim.parameters import BY_NAME, GROUPS, LEVERS, check_value, suggest
from promosim.scenario import MAX_FILE_BYTES, META_KEYS, read_toml

POLICY_KEYS = (*META_KEYS, "policy", "schedule")
#: A number written with a decimal comma, as a line ``name = 0,9``.
COMMA = re.compile(r"^(\s*[\w.\"'-]+\s*=\s*)(-?\d+),(\d+)(\s*(#.*)?)$")
#: A number without the digit before its point, as ``name = .9``.
BARE_POINT = re.compile(r"^(\s*[\w.\"'-]+\s*=\s*)(-?)\.(\d+)(\s*(#.*)?)$")
#: A number with a percent sign, as ``name = 90%``.
PERCENT = re.compile(r"^(\s*[\w.\"'-]+\s*=\s*)(-?\d+(?:\.\d+)?)\s*%(\s*(#.*)?)$")
#: A key and a table header.
KEY = re.compile(r"^\s*([\w\"'-]+)\s*=")
HEADER = re.compile(r"^\s*\[")


def percent_hint(name: str, value: Any) -> str:
    """" (did you mean 0.9?)" for a fraction lever given as a percentage (90), else ""."""
    spec = BY_NAME.get(name) if isinstance(name, str) else None
    if (spec is None or isinstance(value, bool) or not isinstance(value, int | float)
            or spec.high > 1 or not 10 <= value <= 100):
        return ""
    fraction = value / 100
    return f" (did you mean {fraction:g}? a fraction, not a percentage)" if (
        spec.low <= fraction <= spec.high) else ""


def quoted_hint(value: Any) -> str:
    """What is wrong with a number written as text (``"0,4"``, ``"90%"``, ``"0.4"``), or ""."""
    if not isinstance(value, str):
        return ""
    slip = misread(f"value = {value.strip()}")
    if slip:
        return f" ({slip[0]}, without the quotes)"
    try:
        number = float(value)
    except ValueError:
        return ""
    return f" (a number is written without quotes: {number:g})" if math.isfinite(number) else ""


def checked(name: str, value: Any, where: str, problems: list[str]) -> None:
    """Check one value; a problem (with a hint for a percentage or a quoted number) is added."""
    try:
        check_value(name, value, where)
    except ConfigError as error:
        problems.append(str(error) + percent_hint(name, value) + quoted_hint(value))


def read(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The file's data and the problems met reading it (decimal commas are read as points)."""
    try:
        return read_toml(path), []
    except ConfigError as error:
        failure = str(error)
    if "invalid TOML" not in failure:  # not a syntax error: nothing to read again
        return None, [failure]
    try:
        with path.open("rb") as handle:  # read_toml has read it: a file of bounded size
            text = handle.read(MAX_FILE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None, [failure]
    problems, lines = [], text.splitlines()
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        where = f"{path}: line {number}"
        if HEADER.match(line):
            seen = {}
            continue
        slip = misread(line)
        if slip:
            problems.append(f"{where}: {slip[0]}")
            lines[number - 1] = line = slip[1]
        key = KEY.match(line)
        if key:
            name = key.group(1).strip("\"'")
            if name in seen:
                problems.append(f"{where}: {shown(name)} is set twice (first in line "
                                f"{seen[name]}); keep one")
                lines[number - 1] = ""
            else:
                seen[name] = number
    if not problems:
        return None, [failure]
    try:
        return tomllib.loads("\n".join(lines)), problems
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None, [*problems, failure]


def misread(line: str) -> tuple[str, str] | None:
    """A number TOML cannot read, as meant: (what is wrong, the line corrected), or None."""
    if found := COMMA.match(line):
        head, whole, fraction, tail = found.group(1, 2, 3, 4)
        return (f"{shown(f'{whole},{fraction}')} has a decimal comma; TOML numbers use a point: "
                f"write {whole}.{fraction}", f"{head}{whole}.{fraction}{tail}")
    if found := BARE_POINT.match(line):
        head, sign, fraction, tail = found.group(1, 2, 3, 4)
        return (f"{shown(f'{sign}.{fraction}')} needs a digit before the point: write "
                f"{sign}0.{fraction}", f"{head}{sign}0.{fraction}{tail}")
    if found := PERCENT.match(line):
        head, value, tail = found.group(1, 2, 3)
        fraction = float(value) / 100
        return (f"{shown(f'{value}%')}: TOML numbers have no percent sign; write the fraction "
                f"{fraction:g}", f"{head}{fraction:g}{tail}")
    return None


def policy_problems(path: Path, data: dict[str, Any]) -> list[str]:
    """Every problem of a policy file's keys, levers and schedule entries."""
    problems = []
    for key, value in data.items():
        if key not in POLICY_KEYS:
            problems.append(f"{path}: unknown key {shown(key)}{suggest(str(key), POLICY_KEYS)}; "
                            "a policy file has name, description, a [policy] table of levers "
                            "and [[schedule]] entries")
        elif key in META_KEYS and not isinstance(value, str):
            problems.append(f"{path}: '{key}' must be a string, got {type(value).__name__}")
    table = data.get("policy", {})
    if not isinstance(table, dict):
        problems.append(f"{path}: 'policy' must be a table ([policy]) of levers")
        table = {}
    for name, value in table.items():
        if name in LEVERS:
            checked(name, value, f"{path}: [policy]", problems)
        elif name in BY_NAME:
            problems.append(f"{path}: '{name}' is not a policy lever; set it in the scenario "
                            "file or with --set")
        else:
            problems.append(f"{path}: [policy] unknown lever {shown(name)}"
                            f"{suggest(str(name), LEVERS)}")
    problems += schedule_problems(path, data.get("schedule", []))
    return problems


def schedule_problems(path: Path, entries: Any) -> list[str]:
    """Every problem of ``[[schedule]]`` entries (months are checked against the horizon later)."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return [f"{path}: 'schedule' must be an array of tables ([[schedule]] with month = N "
                "and the levers it changes)"]
    problems = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: [[schedule]] entry {number}"
        month = entry.get("month")
        if isinstance(month, bool) or not isinstance(month, int) or month < 1:
            problems.append(f"{where}: 'month' must be a whole number of at least 1, got "
                            f"{shown(month)}")
        for name, value in entry.items():
            if name == "month":
                continue
            if name not in LEVERS:
                problems.append(f"{where}: {shown(name)} is not a policy lever"
                                f"{suggest(str(name), LEVERS)}; only levers can change during "
                                "a run")
            else:
                checked(name, value, where, problems)
    return problems


def late_entries(path: Path, data: dict[str, Any], months: int | None) -> list[str]:
    """Schedule entries of a policy that fall after the horizon of ``months``."""
    entries = data.get("schedule", [])
    if months is None or not isinstance(entries, list):
        return []
    return [f"{path}: [[schedule]] entry {number}: 'month' must be an integer from 1 to {months} "
            f"(the horizon), got {entry['month']}" for number, entry in enumerate(entries, start=1)
            if isinstance(entry, dict) and isinstance(entry.get("month"), int)
            and not isinstance(entry["month"], bool) and entry["month"] > months]


def scenario_problems(path: Path, data: dict[str, Any]) -> list[str]:
    """Every problem of a scenario file's parameters, tables and schedule entries."""
    problems = []
    for key, value in data.items():
        if key in META_KEYS:
            if not isinstance(value, str):
                problems.append(f"{path}: '{key}' must be a string, got {type(value).__name__}")
        elif key == "schedule":
            problems += schedule_problems(path, value)
        elif isinstance(value, dict):
            if key not in GROUPS:
                problems.append(f"{path}: unknown table [{shown(key)[1:-1]}]"
                                f"{suggest(str(key), GROUPS)}; tables are {', '.join(GROUPS)}")
                continue
            for name, inner in value.items():
                spec = BY_NAME.get(name)
                if spec is not None and spec.group != key:
                    problems.append(f"{path}: '{name}' belongs in [{spec.group}], not [{key}]")
                else:
                    checked(name, inner, f"{path}: [{key}]", problems)
        else:
            checked(key, value, str(path), problems)
    return problems


def stray_lever_problems(path: Path, data: dict[str, Any]) -> list[str]:
    """Every problem of the levers and schedule of a policy whose ``[policy]`` line is missing."""
    problems: list[str] = []
    for name, value in data.items():
        if name in LEVERS:
            checked(name, value, str(path), problems)
        elif name not in (*META_KEYS, "schedule"):
            problems.append(f"{path}: unknown lever {shown(name)}{suggest(name, LEVERS)}")
    return problems + schedule_problems(path, data.get("schedule", []))


def missing_policy_line(path: Path, data: dict[str, Any]) -> str:
    """The problem of a policy whose levers (or misspelt levers) stand at the top, or ""."""
    others = [k for k in data if k not in (*META_KEYS, "schedule")]
    levers = [k for k in others if _lever_like(k)]
    if not levers or len(levers) != len(others) or "name" not in data:
        return ""
    named = ", ".join(levers[:4]) + (" …" if len(levers) > 4 else "")
    return (f"{path}: a policy file without its [policy] line: the levers ({named}) stand at "
            "the top of the file, where they would be read as a scenario; put a line [policy] "
            "above them")


def _lever_like(key: str) -> bool:
    """Whether ``key`` is a lever or, unknown, closest to one (``goal_clarityy``)."""
    if key in BY_NAME:
        return key in LEVERS
    close = difflib.get_close_matches(key, tuple(BY_NAME), n=1, cutoff=0.6)
    return bool(close) and close[0] in LEVERS


def kind(data: dict[str, Any]) -> str:
    """What a parsed TOML file is: "policy", "sweep" or "scenario".

    A file whose top level holds only ``name``, ``description``, ``[policy]`` and
    ``[[schedule]]`` is a policy; one with ``design`` or a ``[parameters]`` table a sweep;
    anything else a scenario.
    """
    if set(data) <= set(POLICY_KEYS):
        return "policy"
    return "sweep" if "design" in data or isinstance(data.get("parameters"), dict) else "scenario"


def explain(message: str) -> str:
    """The problem with the meaning of the lever it names, for readers who do not know the key."""
    for name in re.findall(r"'([a-z_]+)'", message):
        spec = BY_NAME.get(name)
        if spec is not None and spec.is_lever:
            return f"{message} ({spec.label}: {spec.help})"
    return message


def file_problems(path: str | Path, months: int | None = None) -> list[str]:
    """Every problem of a policy or scenario file (sweep files: none here; their loader tells).

    ``months`` is the horizon a policy's schedule must fall within (None: not checked here).
    """
    path = Path(path)
    data, problems = read(path)
    if data is None:
        return problems
    missing = missing_policy_line(path, data)
    if missing:
        return [*problems, missing, *stray_lever_problems(path, data),
                *late_entries(path, data, months)]
    found = kind(data)
    if found == "policy":
        return [*problems, *policy_problems(path, data), *late_entries(path, data, months)]
    if found == "scenario":
        return [*problems, *scenario_problems(path, data)]
    return problems
