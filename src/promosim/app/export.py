"""Policies designed in the dashboard, written as policy files that ``load_policy`` reads.

A policy file states only the levers that differ from the scenario's (the baseline), so that
``promosim compare`` applies exactly the student's design to the class's scenario. Names and
descriptions come from the browser: they are put on one line, stripped of control and format
characters and cut to a length before they reach a file, and file names are plain slugs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping

from promosim.parameters import BY_NAME, LEVERS

#: Longest policy name and description kept (characters); the rest is cut.
NAME_LIMIT = 60
DESCRIPTION_LIMIT = 500
#: Longest file name, without ``.toml`` (characters).
SLUG_LIMIT = 40
#: The name of a policy whose name is empty (after cleaning).
UNNAMED = "policy"
#: Names Windows keeps for devices: a file named so could not be opened there.
DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                          *(f"lpt{i}" for i in range(10))})


def lever_value(name: str, value: float) -> float | int:
    """A lever's value as a slider shows it: rounded to 4 decimals (integers stay integers)."""
    return round(value) if BY_NAME[name].integer else round(float(value), 4)


def changed_levers(levers: Mapping[str, float], baseline: Mapping[str, float]) -> dict[str, float]:
    """The levers that differ from the baseline, in the order of the parameter table."""
    return {name: lever_value(name, levers[name]) for name in LEVERS
            if lever_value(name, levers[name]) != lever_value(name, baseline[name])}


def clean_text(text: str, limit: int) -> str:
    """``text`` on one line, without control or format characters, cut to ``limit`` characters.

    Line breaks and other spaces become single spaces; control, format, surrogate, private-use and
    unassigned characters (Unicode category C) are removed.
    """
    text = unicodedata.normalize("NFC", str(text)[:4 * limit])  # bounded work for any input
    kept = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or not unicodedata.category(ch).startswith("C"))
    return " ".join(kept.split())[:limit].rstrip()


def policy_name(name: str) -> str:
    """The name a policy file gets for ``name`` typed in the page (``"policy"`` if empty)."""
    return clean_text(name, NAME_LIMIT) or UNNAMED


def file_name(name: str) -> str:
    """A safe file name for a policy called ``name``, e.g. ``"Team Blue!"`` → ``team-blue.toml``.

    Only ``a-z``, ``0-9`` and inner dashes (accents dropped: ``Équipe`` → ``equipe``), at most
    :data:`SLUG_LIMIT` characters, never a device name of Windows.
    """
    plain = unicodedata.normalize("NFKD", policy_name(name)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:SLUG_LIMIT].rstrip("-")
    if slug in DEVICE_NAMES:
        slug = f"{UNNAMED}-{slug}"
    return f"{slug or UNNAMED}.toml"


def policy_toml(name: str, description: str, levers: Mapping[str, float],
                baseline: Mapping[str, float], note: str = "") -> str:
    """The text of a policy file with the levers that differ from ``baseline``.

    ``name`` and ``description`` are cleaned (:func:`policy_name`, :func:`clean_text`).
    """
    lines = [f"# {line}".rstrip() for line in note.splitlines()]
    lines += [f"name = {_string(policy_name(name))}",
              f"description = {_string(clean_text(description, DESCRIPTION_LIMIT))}", "",
              "[policy]"]
    for lever, value in changed_levers(levers, baseline).items():
        spec = BY_NAME[lever]
        lines.append(f"{lever} = {value!r}  # {spec.label} ({spec.unit}; baseline "
                     f"{lever_value(lever, baseline[lever])!r})")
    return "\n".join(lines) + "\n"


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
