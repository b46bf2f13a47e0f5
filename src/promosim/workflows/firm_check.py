"""Checking a firm folder: every problem of its files, or what calibration would read from it.

:func:`firm_check` checks a firm folder (``docs/firm-data.md``) with
:func:`promosim.firm.firm_problems` and returns a :class:`FirmCheckResult`: every problem as a
row naming file, row and column, or, for a good folder, what it holds, the structure it gives
the simulated firm (:func:`promosim.firm.firm_parameters`) and the summary statistics
calibration fits (:func:`promosim.firm.firm_statistics`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from promosim.errors import ConfigError, counted, one_line, shown
from promosim.firm.check import FirmProblem, firm_problems
from promosim.firm.format import FirmData, date_of, month_of
from promosim.firm.records import records_of
from promosim.firm.start import place, start_of
from promosim.firm.statistics import BY_NAME as STATISTIC
from promosim.firm.statistics import firm_statistics
from promosim.firm.structure import firm_parameters
from promosim.output import write_table
from promosim.parameters import BY_NAME as PARAMETER
from promosim.workflows.result import Result, ensure_folder

WHERE = "promosim.firm_check"
#: Most problems :meth:`FirmCheckResult.report` lists (the count of the rest follows).
LISTED = 200
#: The columns of :meth:`FirmCheckResult.to_frame` and :meth:`FirmCheckResult.summary`.
PROBLEM_COLUMNS = ("file", "row", "column", "message")
SUMMARY_COLUMNS = ("part", "name", "value", "unit", "label")
#: The counts of the simulated firm when the window opens: unit and label.
START = {"people": ("people", "people in post when the window opens"),
         "vacant": ("positions", "positions vacant when the window opens"),
         "accounts": ("accounts", "customer relationships running when the window opens"),
         "unheld": ("accounts", "of them, accounts nobody looks after when the window opens"),
         "accounts_moved": ("accounts", "accounts of books fuller than the model's accounts per "
                                        "position, waiting at other positions"),
         "people_left_out": ("people", "people who found no position in the model's equal teams"),
         "accounts_left_out": ("accounts", "accounts that found no slot (books fuller than the "
                                           "model's accounts per position)")}


def firm_check(folder: str | Path) -> FirmCheckResult:
    """Check a firm folder: every problem of its files, or its structure and statistics.

    Problems of the data (a missing file or column, a bad date, an unknown team, …) are not
    raised: they are the result's :attr:`~FirmCheckResult.problems`, and
    :attr:`~FirmCheckResult.ok` is False.

    Args:
        folder: the firm folder, e.g. ``"examples/firm"``.

    Returns:
        The check: its problems, or for a good folder its data, structure and statistics.

    Raises:
        ConfigError: ``folder`` is not a folder, or the firm lies outside the model's ranges
            (more teams, positions per team or customers per promoter than the model takes).
    """
    if not isinstance(folder, str | Path):
        raise ConfigError(f"{WHERE}: 'folder' must be a firm folder, got {shown(folder)}")
    data, problems = firm_problems(folder)
    if not Path(folder).is_dir():
        raise ConfigError(str(problems[0]))
    return FirmCheckResult(folder, data, problems)


class FirmCheckResult(Result):
    """A firm folder checked: its problems, or what it holds and what calibration fits.

    Args:
        folder: the firm folder.
        data: its data (None when it has problems).
        problems: its problems (none when ``data`` is given).

    Raises:
        ConfigError: the firm lies outside the model's ranges (see
            :func:`~promosim.firm.firm_parameters`).
    """

    def __init__(self, folder: str | Path, data: FirmData | None,
                 problems: list[FirmProblem]):
        self.folder = Path(folder)
        self.data = data if not problems else None
        self.problems = list(problems)
        #: The parameters the firm fixes (its structure); empty when it has problems.
        self.structure: dict[str, float] = {}
        #: The summary statistics calibration fits (NaN: not in the data); empty likewise.
        self.statistics: dict[str, float] = {}
        #: The simulated firm when the window opens (people, positions, accounts); empty likewise.
        self.start: dict[str, int] = {}
        if self.data is not None:
            self.structure = firm_parameters(self.data)
            records = records_of(self.data)
            self.statistics = firm_statistics(records)
            self.start = _start(records, self.data, self.structure)

    def __repr__(self) -> str:
        verdict = "ok" if self.ok else counted(len(self.problems), "problem")
        return f"<FirmCheckResult {str(self.folder)!r}: {verdict}>"

    @property
    def ok(self) -> bool:
        """Whether the folder has no problem (calibration can read it)."""
        return self.data is not None

    def to_frame(self) -> pd.DataFrame:
        """Every problem, one row each.

        Returns:
            ``file``, ``row``, ``column`` and ``message`` of each problem; ``row`` counts the
            header as row 1 and is empty (``<NA>``) for a problem of a whole file, as is
            ``column`` for a problem of a whole row. No rows for a good folder.
        """
        frame = pd.DataFrame([(p.file, p.row, p.column, p.message) for p in self.problems],
                             columns=list(PROBLEM_COLUMNS))
        return frame.astype({"file": "string", "row": "Int64", "column": "string",
                             "message": "string"})

    def summary(self) -> pd.DataFrame:
        """What calibration reads from a good folder: its structure, then its statistics.

        Returns:
            One row per parameter the firm fixes (``part`` "structure"), per count of the
            simulated firm when the window opens (``part`` "start") and per summary statistic
            (``part`` "statistic"; NaN: not in the data), with ``name``, ``value``, ``unit`` and
            ``label``; no rows for a folder with problems.
        """
        rows = [("structure", name, float(value), PARAMETER[name].unit,
                 PARAMETER[name].meaning) for name, value in self.structure.items()]
        rows += [("start", name, float(value), START[name][0], START[name][1])
                 for name, value in self.start.items()]
        rows += [("statistic", name, value, STATISTIC[name].unit, STATISTIC[name].label)
                 for name, value in self.statistics.items()]
        return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))

    def problem_lines(self, most: int = LISTED) -> list[str]:
        """The problems as lines naming the folder, file, row and column.

        Args:
            most: how many to list; a last line counts the rest.

        Returns:
            The lines (none for a good folder).
        """
        lines = [one_line(f"{self.folder}/{problem}") for problem in self.problems[:most]]
        if len(self.problems) > most:
            lines.append(f"… and {len(self.problems) - most:,} more")
        return lines

    def verdict(self) -> str:
        """One line: the folder is ok, or how many problems it has and where the format is."""
        if self.ok:
            return f"{self.folder}: ok"
        return (f"{self.folder}: {counted(len(self.problems), 'problem')}; the firm data "
                "format is in docs/firm-data.md")

    def report(self) -> str:
        """What ``promosim firm-check`` prints: the problems, or the firm and its statistics."""
        if self.data is None:
            return "\n".join([*self.problem_lines(), self.verdict()])
        data = self.data
        lines = [f"{self.folder}: ok: {data.name!r}, observed {data.observed_from} to "
                 f"{data.observed_to} ({data.months} months)",
                 f"  {len(data.teams)} teams, {int(data.teams['positions'].sum())} positions, "
                 f"{len(data.people):,} people, {len(data.accounts):,} accounts, "
                 f"{len(data.assignments):,} assignments, {len(data.surveys):,} survey answers",
                 "  the simulated firm: " + ", ".join(f"{k} = {v:g}"
                                                      for k, v in self.structure.items()),
                 "  " + _start_line(self.start,
                                    date_of(month_of(data.observed_from) - 1).strftime("%Y-%m")),
                 "  summary statistics (what calibration fits):"]
        for name, value in self.statistics.items():
            stat = STATISTIC[name]
            shown_value = "not in the data" if value != value else f"{value:.3f} {stat.unit}"
            lines.append(f"    {name:<24} {shown_value:<20} {stat.label}")
        return "\n".join(lines)

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the problems (``problems.csv``) and, for a good folder, ``summary.csv``.

        Args:
            folder: where the files go (default: ``results/firm-check``).

        Returns:
            The folder.

        Raises:
            ConfigError: ``folder`` cannot be created.
        """
        out = ensure_folder(Path("results/firm-check") if folder is None else folder)
        write_table(self.to_frame(), out / "problems", "csv")
        if self.ok:
            write_table(self.summary(), out / "summary", "csv")
        return out


def _start(records, data: FirmData, structure: dict[str, float]) -> dict[str, int]:
    """The simulated firm when the window opens: who and what it starts from, what did not fit."""
    start = start_of(records, data.accounts["value_class"].tolist())
    placement = place(start, int(structure["n_teams"]), int(structure["team_size"]),
                      int(structure["accounts_per_position"]))
    people, accounts = placement.left_out()
    return {"people": start.people - people, "vacant": placement.vacant,
            "accounts": start.accounts - accounts,
            "unheld": int(((start.holder < 0) & (placement.slot >= 0)).sum()),
            "accounts_moved": placement.moved, "people_left_out": people,
            "accounts_left_out": accounts}


def _start_line(start: dict[str, int], month: str) -> str:
    line = (f"it starts from the firm when the window opens (end of {month}): "
            f"{start['people']:,} people, {start['vacant']:,} vacant positions, "
            f"{start['accounts']:,} accounts ({start['unheld']:,} held by nobody)")
    if start["accounts_moved"]:
        line += (f"; {start['accounts_moved']:,} accounts of books fuller than "
                 "accounts_per_position wait at other positions")
    if start["people_left_out"] or start["accounts_left_out"]:
        line += (f"; {start['people_left_out']:,} people and {start['accounts_left_out']:,} "
                 "accounts did not fit the model's equal teams and books (left out; "
                 "docs/firm-data.md)")
    return line

