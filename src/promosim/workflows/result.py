"""What every workflow returns: a result with a table, files, words and figures.

:class:`Result` fixes what every result offers; :class:`FolderResult` adds what the results of
experiments share, which live in a results folder (the runs, monthly series and event log,
loaded and checked on demand). Their ``plot`` methods return a
:class:`~promosim.workflows.charts.Plot`.
"""

from __future__ import annotations

import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from promosim.errors import ConfigError, shown
from promosim.experiments.store import (
    ResultsFolder,
    load_events,
    load_points,
    load_results,
    load_series,
    read_manifest,
)
from promosim.outcomes import OUTCOMES
from promosim.output import atomic_write
from promosim.parameters import suggest


class Result(ABC):
    """The result of a workflow: its main table, its files, its words; figures where they help.

    ``str(result)`` is :meth:`report`.
    """

    @abstractmethod
    def to_frame(self) -> pd.DataFrame:
        """The result as one tidy table (a copy: change it freely)."""

    @abstractmethod
    def save(self, folder: str | Path | None = None) -> Path:
        """Write the result's files into ``folder``; returns the folder."""

    @abstractmethod
    def report(self) -> str:
        """The result in words and numbers, as the command line prints it."""

    def __str__(self) -> str:
        return self.report()


class FolderResult(Result):
    """The result of an experiment whose runs live in a results folder.

    The folder is read when needed and checked against its manifest's checksums each time (see
    :func:`promosim.experiments.load_results`), so a result object can be made for any folder
    written earlier, e.g. ``ComparisonResult("results/compare")``.

    Args:
        folder: the results folder.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.folder)!r})"

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """The folder's manifest (read once): what was run, with which settings and versions."""
        return read_manifest(self.folder)

    def points(self) -> pd.DataFrame:
        """The design points: ``point``, ``label`` and every parameter."""
        return load_points(self.folder)

    def runs(self, allow_partial: bool = False) -> pd.DataFrame:
        """Every run, one row each with its outcomes, joined with its point's parameters.

        Args:
            allow_partial: load what is intact of an unfinished or damaged folder (with a
                :class:`~promosim.experiments.PartialResultsWarning`) instead of refusing it.

        Returns:
            The table of :func:`promosim.experiments.load_results`.
        """
        return load_results(self.folder, allow_partial)

    def series(self, runs: list[int] | None = None, allow_partial: bool = False,
               ) -> pd.DataFrame:
        """The monthly series (``run``, ``month``, every series), if the experiment kept them.

        Args:
            runs: only these runs (default: all).
            allow_partial: as in :meth:`runs`.

        Returns:
            One row per run and month.
        """
        return load_series(self.folder, runs, allow_partial)

    def events(self, runs: list[int] | None = None, allow_partial: bool = False,
               ) -> pd.DataFrame:
        """The event log (hires, quits, roles, relationships, spirals), if the experiment kept it.

        Args:
            runs: only these runs (default: all).
            allow_partial: as in :meth:`runs`.

        Returns:
            One row per event.
        """
        return load_events(self.folder, runs, allow_partial)

    @contextmanager
    def _writing(self, folder: str | Path | None) -> Iterator[Path]:
        """Hold the results folder's lock while writing files made from it into ``folder``."""
        if not self.folder.is_dir():
            raise ConfigError(f"{self.folder}: no such results folder")
        target = self.folder if folder is None else ensure_folder(folder)
        with ResultsFolder(self.folder).writing():
            yield target


def outcomes_of(names: Iterable[str], where: str) -> list[str]:
    """The outcome names given, checked against the outcome registry.

    Args:
        names: outcome names, or one name.
        where: the caller, named first in messages.

    Returns:
        The names, as a list.

    Raises:
        ConfigError: a name that is not an outcome.
    """
    names = [names] if isinstance(names, str) else list(names)
    for name in names:
        if name not in OUTCOMES:
            raise ConfigError(f"{where}: unknown outcome {shown(name)}"
                              f"{suggest(str(name), tuple(OUTCOMES))}; outcomes are "
                              f"{', '.join(OUTCOMES)}")
    return names


def ensure_folder(folder: str | Path) -> Path:
    """Create ``folder`` if it is missing.

    Returns:
        The folder's path.

    Raises:
        ConfigError: it exists and is not a folder, or cannot be created.
    """
    path = Path(folder)
    try:
        if path.exists() and not path.is_dir():
            raise ConfigError(f"{path}: exists and is not a folder")
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"{path}: cannot create folder: {error.strerror}") from None
    return path


def copy_files(files: Iterable[Path], folder: Path) -> None:
    """Copy files into ``folder``, each whole or not at all; the same folder is left alone."""
    for file in files:
        target = folder / file.name
        if target.resolve() != file.resolve():
            atomic_write(target, lambda path, file=file: shutil.copyfile(file, path))
