"""Files generated from the parameter table: ``docs/parameters.md`` and ``configs/baseline.toml``.

Run ``python -m promosim.reference`` after changing :mod:`promosim.parameters`; a test fails when
the files in the repository differ from what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from promosim.parameters import GROUPS, PARAMETERS, Parameter

GROUP_TITLES = {
    "structure": "Structure", "market": "Market and accounts", "trust": "Customer trust",
    "promoter": "Promoters", "management": "Management", "role": "The promoter role",
    "customer": "Customer side", "spiral": "Spiral definition", "shock": "Failure shock",
    "cost": "Costs", "policy": "Policy levers",
}


def _value(p: Parameter, x: float) -> str:
    return str(int(x)) if p.integer else f"{x:g}"


def parameters_markdown() -> str:
    """The parameter table as Markdown, one section per group."""
    lines = [
        "# Parameters",
        "",
        "Generated from `src/promosim/parameters.py` by `python -m promosim.reference`; do not "
        "edit by hand. Every parameter can be set in a scenario file, with `--set NAME=VALUE` on "
        "the command line, or as a keyword of `PromoterModel`; policy levers also in policy files "
        "and schedules.",
        "",
    ]
    for group in GROUPS:
        lines += [f"## {GROUP_TITLES[group]} (`[{group}]`)", "",
                  "| name | meaning | unit | range | default | source |",
                  "|---|---|---|---|---|---|"]
        for p in PARAMETERS:
            if p.group == group:
                meaning = p.meaning.replace("|", "\\|")
                lines.append(f"| `{p.name}` | {meaning} | {p.unit} | "
                             f"{_value(p, p.low)}–{_value(p, p.high)} | {_value(p, p.default)} | "
                             f"{p.source} |")
        lines.append("")
    return "\n".join(lines)


def baseline_toml() -> str:
    """The default calibration as a scenario file."""
    lines = [
        "# The default calibration of promosim: every parameter at its default.",
        "# Generated from src/promosim/parameters.py by `python -m promosim.reference`.",
        "# Units, ranges and sources: docs/parameters.md.",
        "",
        'name = "baseline"',
        'description = "A supplier with 10 sales teams of 10 promoter positions and typical '
        'policies: mostly fixed pay, quarterly feedback, moderate supervision."',
    ]
    for group in GROUPS:
        lines += ["", f"[{group}]"]
        width = max(len(p.name) for p in PARAMETERS if p.group == group)
        for p in PARAMETERS:
            if p.group == group:
                lines.append(f"{p.name:<{width}} = {_value(p, p.default)}  # {p.unit}")
    return "\n".join(lines) + "\n"


GENERATED = {"docs/parameters.md": parameters_markdown, "configs/baseline.toml": baseline_toml}


def main(root: str = ".") -> int:
    """Write the generated files under ``root``."""
    for path, make in GENERATED.items():
        target = Path(root) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(make(), encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
