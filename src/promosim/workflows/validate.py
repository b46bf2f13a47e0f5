"""Validation: the patterns of the literature the model must reproduce, each with its verdict.

:func:`validate` runs the pattern experiments of :mod:`promosim.validation` (all, or those
named) and returns a :class:`ValidationResult`: one row per pattern with its criterion, the
measured value with its interval, and pass or fail; the text table; each pattern's figure.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from promosim.errors import ConfigError, shown
from promosim.experiments.limits import MAX_SEED, check_whole
from promosim.output import atomic_write, write_table
from promosim.parameters import suggest
from promosim.validation import PATTERNS, Settings, core, figure, table
from promosim.validation import validate as measure
from promosim.workflows.result import Result, ensure_folder

if TYPE_CHECKING:
    from promosim.workflows.charts import Plot

WHERE = "promosim.validate"
#: Replicates per arm at most: every arm runs as one batch in memory.
MAX_ARM_REPLICATES = 1_000
#: The table :meth:`ValidationResult.save` writes beside the figures.
TABLE = "validation.csv"


def validate(patterns: str | Iterable[str] | None = None, *, quick: bool = False,
             replicates: int | None = None, seed: int = 2026,
             progress: bool = True) -> ValidationResult:
    """Run the validation patterns (P1, P2, …) and judge each against its criterion.

    Args:
        patterns: pattern codes such as ``"P3"`` or ``["P1", "P8"]`` (default: all).
        quick: a small firm and 12 replicates per arm (noisier, about 4 seconds for all);
            by default the full firm and 50 replicates (about 20 seconds).
        replicates: replicates per arm, 2 to 1,000 (default: 50, or 12 with ``quick``).
        seed: the base seed; every arm of a pattern shares the replicate seeds.
        progress: show a progress bar over the patterns (on a terminal or in a notebook).

    Returns:
        The patterns' results.

    Raises:
        ConfigError: an unknown pattern, or a setting out of its bounds.
    """
    from tqdm.auto import tqdm

    codes = codes_of(patterns)
    if replicates is not None:
        check_whole(replicates, "replicates", WHERE, 2, MAX_ARM_REPLICATES)
    check_whole(seed, "seed", WHERE, 0, MAX_SEED)
    if not isinstance(quick, bool):
        raise ConfigError(f"{WHERE}: 'quick' must be True or False, got {shown(quick)}")
    default = Settings.quick() if quick else Settings()
    settings = Settings(replicates=replicates or default.replicates, seed=seed,
                        firm=default.firm)
    started = time.perf_counter()
    results = []
    for code in tqdm(codes, desc="validation", unit="pattern", file=sys.stderr, leave=False,
                     disable=None if progress else True):
        results += measure(settings, [code])
    return ValidationResult(results, settings, time.perf_counter() - started)


def codes_of(patterns: str | Iterable[str] | None) -> list[str]:
    """The pattern codes named (all by default), checked.

    Returns:
        The codes, each once, in the order given.

    Raises:
        ConfigError: a code that names no pattern.
    """
    if patterns is None:
        return list(PATTERNS)
    codes = [patterns] if isinstance(patterns, str) else list(patterns)
    for code in codes:
        if code not in PATTERNS:
            raise ConfigError(f"{WHERE}: unknown pattern {shown(code)}"
                              f"{suggest(str(code), tuple(PATTERNS))}; patterns are "
                              f"{', '.join(PATTERNS)}")
    return list(dict.fromkeys(codes))


class ValidationResult(Result):
    """The results of the validation patterns: criteria, measured values, verdicts, figures.

    Args:
        results: one result per pattern.
        settings: the replicates, seed and firm they ran with.
        seconds: how long they took.
    """

    def __init__(self, results: list[core.Result], settings: core.Settings, seconds: float):
        self.results = results
        self.settings = settings
        self.seconds = seconds

    def __repr__(self) -> str:
        return f"<ValidationResult: {self.passed_count} of {len(self.results)} patterns pass>"

    @property
    def passed_count(self) -> int:
        """How many patterns pass."""
        return sum(r.passed for r in self.results)

    @property
    def passed(self) -> bool:
        """Whether every pattern passes."""
        return self.passed_count == len(self.results)

    def to_frame(self) -> pd.DataFrame:
        """One row per pattern: ``code``, ``title``, ``criterion``, ``measured``, ``passed``."""
        return pd.DataFrame([{"code": r.code, "title": r.title, "criterion": r.criterion,
                              "measured": r.measured, "passed": r.passed}
                             for r in self.results])

    def _smaller(self) -> list[str]:
        """How this run is smaller than the full one: ``["a smaller firm", "fewer runs"]``."""
        full = Settings()
        return ((["a smaller firm"] if dict(self.settings.firm) != dict(full.firm) else [])
                + (["fewer runs"] if self.settings.replicates < full.replicates else []))

    def report(self) -> str:
        """The table of criteria, values and verdicts, how it ran (and if quick, the reference)."""
        text = (f"{table(self.results)}\n({self.settings.replicates} replicates per arm, seed "
                f"{self.settings.seed}, {self.seconds:.0f} s)")
        if smaller := self._smaller():
            quick = "quick " if "a smaller firm" in smaller else ""
            text += (f"\nThis {quick}run uses "
                     f"{' and '.join(smaller)} than the full run, so its figures and verdicts "
                     f"can differ from the full run's; the reference is 'promosim validate' "
                     f"(default firm, {Settings().replicates} replicates per arm).")
        return text

    def plot(self, code: str) -> Plot:
        """One pattern's figure.

        Args:
            code: the pattern, e.g. ``"P3"``, among those run.

        Returns:
            The chart.

        Raises:
            ConfigError: the pattern was not run.
        """
        from promosim.workflows.charts import Plot

        for result in self.results:
            if result.code == code:
                return figure(result, Plot)
        raise ConfigError(f"{WHERE}: plot: pattern {shown(code)} was not run; run: "
                          f"{', '.join(r.code for r in self.results)}")

    def save_figures(self, folder: str | Path) -> Path:
        """Draw each pattern's figure into ``folder`` as ``CODE.png``.

        Args:
            folder: where the figures go (created if missing).

        Returns:
            The folder.

        Raises:
            ConfigError: ``folder`` cannot be created.
        """
        out = ensure_folder(folder)
        for result in self.results:
            chart = self.plot(result.code)
            atomic_write(out / f"{result.code}.png",
                         lambda path, chart=chart: chart.savefig(path, dpi=120, format="png"))
        return out

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the table (``validation.csv``) and each pattern's figure (``CODE.png``).

        Args:
            folder: where the files go (default: ``results/validation``).

        Returns:
            The folder.

        Raises:
            ConfigError: ``folder`` cannot be created.
        """
        out = self.save_figures(Path("results/validation") if folder is None else folder)
        write_table(self.to_frame(), out / Path(TABLE).stem, "csv")
        return out
