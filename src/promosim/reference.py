"""Files generated from the parameter table (the parameter docs, the baseline, the lever table).

``docs/parameters.md`` and ``configs/baseline.toml`` are generated whole; in ``docs/policies.md``
only the lever table between its markers.

Run ``python -m promosim.reference`` after changing :mod:`promosim.parameters`; a test fails when
the files in the repository differ from what this module generates.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from promosim.parameters import DRAWABLE, GROUPS, PARAMETERS, PRIOR_RULES, Parameter

GROUP_TITLES = {
    "structure": "Structure", "market": "Market and accounts", "trust": "Customer trust",
    "promoter": "Promoters", "management": "Management", "role": "The promoter role",
    "customer": "Customer side", "spiral": "Spiral definition",
    "shock": "Scenario events: failure shock and forced exits",
    "hiring": "The labour market: new hires", "initial": "The first firm (initialisation)",
    "cost": "Costs", "policy": "Policy levers",
}


def _value(p: Parameter, x: float) -> str:
    """A value as written in the files: short, and read back exactly."""
    if p.integer:
        return str(int(x))
    short = f"{x:g}"
    return short if float(short) == x else repr(float(x))


def parameters_markdown() -> str:
    """The parameter table as Markdown, one section per group."""
    lines = [
        "# Parameters",
        "",
        "Generated from `src/promosim/parameters.toml` by `python -m promosim.reference`; do not "
        "edit by hand. Every parameter can be set in a scenario file, with `--set NAME=VALUE` on "
        "the command line, or as a keyword of `PromoterModel`; policy levers also in policy files "
        "and schedules.",
        "",
        *PRIORS_TEXT,
        "",
    ]
    for group in GROUPS:
        lines += [f"## {GROUP_TITLES[group]} (`[{group}]`)", "",
                  "| name | meaning | unit | range | default | source | prior |",
                  "|---|---|---|---|---|---|---|"]
        for p in PARAMETERS:
            if p.group == group:
                meaning = p.meaning.replace("|", "\\|")
                lines.append(f"| `{p.name}` | {meaning} | {p.unit} | "
                             f"{_value(p, p.low)}–{_value(p, p.high)} | {_value(p, p.default)} | "
                             f"{p.source} | {_prior(p)} |")
        lines.append("")
    return "\n".join(lines)


PRIORS_TEXT = (
    "## Priors",
    "",
    f"Every parameter the user does not fix has a **prior**: the range of values it plausibly "
    f"takes ({len(DRAWABLE)} of {len(PARAMETERS)} parameters). Robust comparisons "
    "(`promosim compare --uncertainty N`) draw parameter worlds from the priors, and calibration "
    "(`promosim calibrate`) updates them with a firm's own data. Fixed, never drawn: the firm's "
    "structure and horizon (`[structure]`), scenario events (`[shock]`), the definition of a "
    "spiral (`[spiral]`), the policy levers (`[policy]`) and reference points (they only move "
    "the intercept of their equation). Every prior stays inside the parameter's range. How each "
    "was chosen (the last column):",
    "",
    "- **literature** (the basis is written out): the prior spans the figures the source "
    "reports, or the figure with its uncertainty;",
    f"- **anchored**: a literature starting value, or a default calibrated so that the baseline "
    f"reproduces a literature pattern (P2, P4, P7, P8): log-uniform within a factor "
    f"{PRIOR_RULES['anchored'][0]:g} of the default; for a level on a 0–1 scale (a threshold, a "
    f"share, a starting state) uniform within ±{PRIOR_RULES['anchored'][1]:g} of it;",
    f"- **assumption**: the default is an assumption, so the prior is wide: log-uniform within a "
    f"factor {PRIOR_RULES['assumption'][0]:g} of the default (every factor from "
    f"½ to 2 equally likely; rates, slopes, weights, times, costs), or uniform within "
    f"±{PRIOR_RULES['assumption'][1]:g} of it for a level on a 0–1 scale; integers within the "
    "factor, rounded outwards.",
    "",
    "`log-uniform(a, b)` has its median at the default; `integers(a, b)` takes every whole "
    "number from a to b with equal chance. A test checks that every drawable parameter has a "
    "valid prior inside its range and that priors said to follow a rule do.",
)


def _prior(p: Parameter) -> str:
    """The prior column: the distribution and its basis, or "fixed"."""
    if not p.drawable:
        return "fixed"
    prior = str(p.prior).replace("loguniform", "log-uniform")
    return f"{prior}; {p.prior_basis}" if p.prior_basis else prior


def baseline_toml() -> str:
    """The default calibration as a scenario file."""
    lines = [
        "# The default calibration of promosim: every parameter at its default.",
        "# Generated from src/promosim/parameters.toml by `python -m promosim.reference`.",
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


TABLE_START = ("<!-- lever table: generated from src/promosim/parameters.toml by "
               "`python -m promosim.reference`; do not edit by hand -->")
TABLE_END = "<!-- end of the lever table -->"


def lever_table() -> str:
    """The policy levers as a Markdown table: key, meaning in business terms, range, default."""
    lines = ["| lever (key in `[policy]`) | what it means | range | default |",
             "|---|---|---|---|"]
    for p in PARAMETERS:
        if p.is_lever:
            meaning = f"**{p.label}.** {p.help}<br>*In the model:* {p.meaning}".replace("|", "\\|")
            lines.append(f"| `{p.name}` | {meaning} | {_range(p)} | {_value(p, p.default)} |")
    return "\n".join(lines)


def _range(p: Parameter) -> str:
    return f"{_value(p, p.low)}–{_value(p, p.high)} ({p.unit})"


def with_lever_table(text: str) -> str:
    """``text`` (``docs/policies.md``) with the part between the table markers regenerated."""
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    return f"{text[:start]}\n{lever_table()}\n{text[end:]}"


#: Generated files: path → function from the file's current text to its generated text.
GENERATED: dict[str, Callable[[str], str]] = {
    "docs/parameters.md": lambda _: parameters_markdown(),
    "configs/baseline.toml": lambda _: baseline_toml(),
    "docs/policies.md": with_lever_table,
}


def main(root: str = ".") -> int:
    """Write the generated files under ``root``."""
    for path, make in GENERATED.items():
        target = Path(root) / path
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        target.write_text(make(old), encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
