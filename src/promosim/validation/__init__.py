"""Pattern-oriented validation: the patterns P1–P12 of DESIGN.md as experiments with criteria.

Each pattern lives in its own module with its experiment (``measure``), its pass criterion (set
from LITERATURE.md before looking at the result) and its figure. :func:`validate` runs them and
:func:`table` prints the results.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from promosim.validation import (
    p01_trust_asymmetry,
    p02_role_tenure,
    p03_bistability,
    p04_control_cost,
    p05_pay_mix,
    p06_rewards,
    p07_exit_cost,
    p08_calibration,
    p09_two_sided,
    p10_clarity_feedback,
    p11_turnover_antecedents,
    p12_contagion,
)
from promosim.validation.core import Pattern, Result, Settings

PATTERNS: dict[str, Pattern] = {module.PATTERN.code: module.PATTERN for module in (
    p01_trust_asymmetry, p02_role_tenure, p03_bistability, p04_control_cost, p05_pay_mix,
    p06_rewards, p07_exit_cost, p08_calibration, p09_two_sided, p10_clarity_feedback,
    p11_turnover_antecedents, p12_contagion)}

__all__ = ["PATTERNS", "Result", "Settings", "figure_script", "save_figure", "table", "validate"]


def validate(settings: Settings, codes: Iterable[str] | None = None) -> list[Result]:
    """Run the named patterns (all by default) and return their results."""
    return [PATTERNS[code].measure(settings) for code in (codes or PATTERNS)]


def table(results: list[Result]) -> str:
    """The results as a plain-text table: pattern, criterion, measured value, pass/fail."""
    lines = []
    for r in results:
        lines += [f"{r.code:<4} {'PASS' if r.passed else 'FAIL'}  {r.title}",
                  f"     criterion: {r.criterion}",
                  f"     measured:  {r.measured}", ""]
    passed = sum(r.passed for r in results)
    lines.append(f"{passed} of {len(results)} patterns reproduced")
    return "\n".join(lines)


def save_figure(result: Result, path: Path) -> Path:
    """Draw a pattern's figure into ``path`` (PNG)."""
    from matplotlib.figure import Figure  # no pyplot: no global state, no backend to choose

    figure = Figure(figsize=(7, 4.5), layout="constrained")
    ax = figure.add_subplot()
    PATTERNS[result.code].figure(result, ax)
    figure.suptitle(f"{result.code}: {result.title}", fontsize=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    return path


def figure_script(code: str, argv: list[str] | None = None) -> Path:
    """Entry point of the scripts in ``experiments/validation``: run one pattern, draw its figure.

    Usage: ``python experiments/validation/SCRIPT.py [OUT_DIR] [--quick]`` (default
    ``results/validation``).
    """
    import argparse

    parser = argparse.ArgumentParser(description=f"{code}: {PATTERNS[code].title}")
    parser.add_argument("out", nargs="?", type=Path, default=Path("results/validation"))
    parser.add_argument("--quick", action="store_true", help="small firm, 12 replicates")
    args = parser.parse_args(argv)
    result = PATTERNS[code].measure(Settings.quick() if args.quick else Settings())
    print(table([result]))
    path = save_figure(result, args.out / f"{code}.png")
    print(f"figure: {path}")
    return path
