"""Policies designed in the dashboard, written as policy files that ``load_policy`` reads.

A policy file states only the levers that differ from the scenario's (the baseline), so that
``promosim compare`` applies exactly the student's design to the class's scenario.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from promosim.parameters import BY_NAME, LEVERS
from promosim.scenario import BASELINE


def lever_value(name: str, value: float) -> float | int:
    """A lever's value as a slider shows it: rounded to 4 decimals (integers stay integers)."""
    return round(value) if BY_NAME[name].integer else round(float(value), 4)


def changed_levers(levers: Mapping[str, float], baseline: Mapping[str, float]) -> dict[str, float]:
    """The levers that differ from the baseline, in the order of the parameter table."""
    return {name: lever_value(name, levers[name]) for name in LEVERS
            if lever_value(name, levers[name]) != lever_value(name, baseline[name])}


def file_name(name: str) -> str:
    """A safe file name for a policy called ``name``, e.g. ``"Team Blue!"`` → ``team-blue.toml``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{slug or 'policy'}.toml"


def policy_toml(name: str, description: str, levers: Mapping[str, float],
                baseline: Mapping[str, float], note: str = "") -> str:
    """The text of a policy file with the levers that differ from ``baseline``."""
    lines = [f"# {line}".rstrip() for line in note.splitlines()]
    lines += [f"name = {_string(name)}", f"description = {_string(description)}", "", "[policy]"]
    for lever, value in changed_levers(levers, baseline).items():
        spec = BY_NAME[lever]
        lines.append(f"{lever} = {value!r}  # {spec.label} ({spec.unit}; baseline "
                     f"{lever_value(lever, baseline[lever])!r})")
    return "\n".join(lines) + "\n"


def save_policy(folder: Path, name: str, text: str) -> Path:
    """Write a policy file into ``folder`` (created if needed) without overwriting another.

    Two students who hand in policies of the same name get ``name.toml`` and ``name-2.toml``, and
    the second policy is renamed "name 2" inside, so ``promosim compare`` can tell them apart;
    "baseline" is kept for the reference run.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_name(name).removesuffix(".toml")
    number = 2 if stem == BASELINE else 1
    while True:
        path = folder / (f"{stem}.toml" if number == 1 else f"{stem}-{number}.toml")
        unique = name if number == 1 else f"{name} {number}"
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(re.sub(r"(?m)^name = .*$", f"name = {_string(unique)}", text,
                                    count=1))
            return path
        except FileExistsError:
            number += 1


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
