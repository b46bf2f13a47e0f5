"""Checking and reading a firm folder: every problem as one line naming file, row and column.

Row numbers count the header as row 1, as spreadsheets do. :func:`firm_problems` returns the
data and the problems, each a :class:`FirmProblem` (file, row, column, message);
:func:`check_firm` the same with each problem as its line; :func:`read_firm` returns the data or
raises :class:`FirmDataError` with every problem. Nothing here raises anything else for bad
input: unreadable, non-UTF-8, ragged or binary files, bad dates and numbers, unknown references
and overlaps are all problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from promosim.errors import ConfigError, cut, shown
from promosim.firm.format import (
    ACCOUNTS,
    ASSIGNMENTS,
    FORMAT,
    MANIFEST,
    MEASURES,
    NO,
    PEOPLE,
    SURVEYS,
    TEAMS,
    VALUE_CLASSES,
    YES,
    FirmData,
    Table,
    month_of,
)

#: The longest observation window the calibration can simulate after its burn-in (months).
MAX_WINDOW = 360
MIN_WINDOW = 12
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Row = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class FirmProblem:
    """One problem of a firm folder; ``str(problem)`` is its line (``people.csv, row 3, …: …``).

    Args:
        file: the file, relative to the folder (the folder itself when it is not a folder).
        row: the row, counting the header as row 1 (None: the whole file).
        column: the column (None: the whole row or file).
        message: what is wrong.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "") + \
            (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class FirmDataError(ConfigError):
    """A firm folder with problems; ``problems`` has every one, one line each."""

    def __init__(self, folder: Path | str, problems: list[str]):
        self.problems = problems
        more = f" ({len(problems) - 1} more: run 'promosim firm-check {folder}')" \
            if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


def read_firm(folder: Path | str) -> FirmData:
    """The checked data of a firm folder.

    Raises:
        FirmDataError: the folder has problems (all of them in ``problems``).

    """
    data, problems = check_firm(folder)
    if problems or data is None:
        raise FirmDataError(folder, problems)
    return data


def check_firm(folder: Path | str) -> tuple[FirmData | None, list[str]]:
    """The data of a firm folder (None when it has problems) and its problems, one line each."""
    data, problems = firm_problems(folder)
    return data, [str(problem) for problem in problems]


def firm_problems(folder: Path | str) -> tuple[FirmData | None, list[FirmProblem]]:
    """The data of a firm folder (None when it has problems) and its problems."""
    return _Checker(Path(folder)).run()


class _Checker:
    """One pass over a firm folder, collecting problems."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[FirmProblem] = []
        #: Ids each table declares, problems or not (so a bad row is reported once, not again
        #: wherever it is referred to); None when the table cannot be read.
        self.known: dict[str, set[str] | None] = {}

    def say(self, file: str, text: str, row: int | None = None, column: str | None = None
            ) -> None:
        self.problems.append(FirmProblem(file, row, column, text))

    def run(self) -> tuple[FirmData | None, list[FirmProblem]]:
        if not self.folder.is_dir():
            what = "is a file, not a folder" if self.folder.exists() else "no such folder"
            return None, [FirmProblem(
                str(self.folder), None, None, f"{what} (a firm folder holds {MANIFEST}, "
                f"{', '.join(t.file for t in (TEAMS, PEOPLE, ACCOUNTS, ASSIGNMENTS))})")]
        meta = self.manifest()
        teams = self.teams()
        people = self.people(meta, teams)
        accounts = self.accounts(meta)
        assignments = self.assignments(people, accounts)
        surveys = self.surveys(meta)
        if self.problems or meta is None:
            return None, self.problems
        return FirmData(meta["name"], meta["from"], meta["to"], meta["scales"], teams, people,
                        accounts, assignments, surveys), []

    # --- firm.toml --------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any] | None:
        path = self.folder / MANIFEST
        try:
            with path.open("rb") as handle:
                raw = tomllib.load(handle)
        except FileNotFoundError:
            self.say(MANIFEST, "missing (it names the format and the observation window; see "
                     "docs/firm-data.md)")
            return None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            self.say(MANIFEST, f"not valid TOML: {cut(str(error), 120)}")
            return None
        except OSError as error:
            self.say(MANIFEST, f"cannot be read: {error.strerror or error}")
            return None
        ok = True
        if raw.get("format") != FORMAT:
            self.say(MANIFEST, f"key 'format' must be \"{FORMAT}\", got "
                     f"{shown(raw.get('format'))}")
            ok = False
        dates = {}
        for key in ("observed_from", "observed_to"):
            value = raw.get(key)
            if isinstance(value, str) and _DATE.match(value):
                value = _date(value)
            if key not in raw:
                self.say(MANIFEST, f"key '{key}' is missing (a date, YYYY-MM-DD)")
                ok = False
            elif not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                self.say(MANIFEST, f"key '{key}' must be a date (YYYY-MM-DD), got {shown(value)}")
                ok = False
            else:
                dates[key] = value
        if len(dates) == 2:
            months = month_of(dates["observed_to"]) - month_of(dates["observed_from"]) + 1
            if not MIN_WINDOW <= months <= MAX_WINDOW:
                self.say(MANIFEST, f"the observation window observed_from..observed_to must span "
                         f"{MIN_WINDOW} to {MAX_WINDOW} months, got {months}")
                ok = False
        scales = {}
        surveys = raw.get("surveys", {})
        if not isinstance(surveys, dict):
            self.say(MANIFEST, "key 'surveys' must be a table of MEASURE = [LOWEST, HIGHEST]")
            surveys, ok = {}, False
        for measure, scale in surveys.items():
            if measure not in MEASURES:
                self.say(MANIFEST, f"[surveys]: unknown measure {shown(measure)}; measures are "
                         f"{', '.join(MEASURES)}")
                ok = False
            elif (not isinstance(scale, list) or len(scale) != 2
                  or not all(_number(x) for x in scale) or not scale[0] < scale[1]):
                self.say(MANIFEST, f"[surveys]: '{measure}' must be [LOWEST, HIGHEST], two "
                         f"numbers with the lowest first, got {shown(scale)}")
                ok = False
            else:
                scales[measure] = (float(scale[0]), float(scale[1]))
        name = raw.get("name", self.folder.name)
        if not ok:
            return None
        return {"name": str(name), "from": dates["observed_from"], "to": dates["observed_to"],
                "scales": scales}

    def span(self, table: Table, number: int, first: tuple[str, Any], last: tuple[str, Any],
             end: Any) -> bool:
        """Whether a row's two dates are in order and within the window (else said, False)."""
        ok = True
        (first_column, start), (last_column, stop) = first, last
        if start and stop and stop < start:
            self.say(table.file, f"{last_column} {stop} is before {first_column} {start}",
                     number, last_column)
            ok = False
        if end is not None:
            for column, value in (first, last):
                if value and value > end:
                    self.say(table.file, f"{value} is after the observation window "
                             f"(observed_to = {end})", number, column)
                    ok = False
        return ok

    # --- CSV files --------------------------------------------------------------------------

    def rows(self, table: Table) -> list[Row] | None:
        """The rows of a table as (row number, cells), or None when it cannot be read."""
        path = self.folder / table.file
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            if table.needed:
                self.say(table.file, f"missing (columns {', '.join(table.required)}; see "
                         "docs/firm-data.md)")
            return None
        except UnicodeDecodeError as error:
            line = error.object[:error.start].count(b"\n") + 1
            self.say(table.file, f"not UTF-8 text (a byte that is not UTF-8 in line {line:,}); "
                     "save it as CSV UTF-8", line)
            return None
        except OSError as error:
            self.say(table.file, f"cannot be read: {error.strerror or error}")
            return None
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [h.strip() for h in next(reader, [])]
            if not any(header):
                self.say(table.file, f"empty: the first row must name the columns "
                         f"({', '.join(table.required)})", 1)
                return None
            repeated = sorted({h for h in header if header.count(h) > 1})
            if repeated:
                self.say(table.file, f"column {shown(repeated[0])} appears twice", 1)
                return None
            missing = [c for c in table.required if c not in header]
            if missing and len(header) == 1 and ";" in header[0]:  # Excel's German CSV
                self.say(table.file, "columns separated by ';' (the header is "
                         f"{shown(header[0])}): save the file as comma-separated CSV UTF-8 "
                         "(with a point as the decimal mark)", 1)
                return None
            for column in missing:
                self.say(table.file, f"column '{column}' is missing (the header has "
                         f"{', '.join(shown(h) for h in header)})", 1)
            if missing:
                return None
            rows = []
            for fields in reader:
                number = reader.line_num
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) != len(header):
                    self.say(table.file, f"{len(fields)} fields, but the header has "
                             f"{len(header)}", number)
                    continue
                rows.append((number, {h: f.strip() for h, f in zip(header, fields,
                                                                     strict=True)}))
        except csv.Error as error:
            self.say(table.file, f"not readable as CSV: {error}", reader.line_num)
            return None
        return rows

    def identities(self, table: Table, rows: list[Row]) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows with a new, non-empty ``id`` (others are problems)."""
        self.known[table.file] = {cells["id"] for _, cells in rows if cells["id"]}
        seen: dict[str, int] = {}
        for number, cells in rows:
            key = cells["id"]
            if not key:
                self.say(table.file, "empty id", number, "id")
            elif key in seen:
                self.say(table.file, f"id {shown(key)} is used in row {seen[key]} too", number,
                         "id")
            else:
                seen[key] = number
                yield number, cells

    def date(self, table: Table, number: int, cells: dict[str, str], column: str,
             empty: bool = False) -> dt.date | bool | None:
        """The date in a cell; None for an empty cell where allowed; False for a problem."""
        text = cells[column]
        if not text:
            if empty:
                return None
            self.say(table.file, "a date is needed (YYYY-MM-DD)", number, column)
            return False
        value = _date(text) if _DATE.match(text) else None
        if value is None:
            self.say(table.file, f"{shown(text)} is not a date (YYYY-MM-DD)", number, column)
            return False
        return value

    def teams(self) -> pd.DataFrame | None:
        rows = self.rows(TEAMS)
        if rows is None:
            return None
        ids, positions = [], []
        for number, cells in self.identities(TEAMS, rows):
            count = _integer(cells["positions"])
            if count is None or not 1 <= count <= 10_000:
                self.say(TEAMS.file, f"must be a whole number from 1 to 10000 (promoter "
                         f"positions in the team), got {shown(cells['positions'])}", number,
                         "positions")
                continue
            ids.append(cells["id"])
            positions.append(count)
        if not ids and not self.problems:
            self.say(TEAMS.file, "no teams: every firm has at least one")
        return pd.DataFrame({"id": ids, "positions": positions, "row": _numbers(rows, ids)})

    def people(self, meta: dict | None, teams: pd.DataFrame | None) -> pd.DataFrame | None:
        rows = self.rows(PEOPLE)
        if rows is None:
            return None
        known = self.known.get(TEAMS.file)
        end = meta["to"] if meta else None
        records = []
        for number, cells in self.identities(PEOPLE, rows):
            hired = self.date(PEOPLE, number, cells, "hire_date")
            left = self.date(PEOPLE, number, cells, "exit_date", empty=True)
            ok = hired is not False and left is not False
            if known is not None and cells["team"] not in known:
                self.say(PEOPLE.file, f"unknown team {shown(cells['team'])} (not in "
                         f"{TEAMS.file})", number, "team")
                ok = False
            ok = self.span(PEOPLE, number, ("hire_date", hired), ("exit_date", left), end) and ok
            role = cells.get("role_holder", "").lower()
            if role not in YES + NO:
                self.say(PEOPLE.file, f"must be yes or no (or empty), got "
                         f"{shown(cells['role_holder'])}", number, "role_holder")
                ok = False
            if ok:
                records.append({"id": cells["id"], "team": cells["team"], "hire_date": hired,
                                "exit_date": left,
                                "role_holder": (role in YES) if role else None, "row": number})
        people = pd.DataFrame(records, columns=["id", "team", "hire_date", "exit_date",
                                                "role_holder", "row"])
        if teams is not None and meta is not None and not self.problems:
            self.headcounts(people, teams, meta)
        return people

    def headcounts(self, people: pd.DataFrame, teams: pd.DataFrame, meta: dict) -> None:
        """A team never has more people at once than positions (checked month by month)."""
        first, last = month_of(meta["from"]), month_of(meta["to"])
        for team in teams.itertuples():
            own = people[people["team"] == team.id]
            if own.empty:
                continue
            hired = np.array([month_of(d) for d in own["hire_date"]])
            left = np.array([month_of(d) if d else last + 1 for d in own["exit_date"]])
            months = np.arange(first, last + 1)
            count = ((hired[:, None] <= months) & (months < left[:, None])).sum(axis=0)
            if count.max() > team.positions:
                worst = int(months[count.argmax()])
                self.say(TEAMS.file, f"team {shown(team.id)} has {count.max()} people in "
                         f"{worst // 12}-{worst % 12 + 1:02d} but {team.positions} positions",
                         int(team.row), "positions")

    def accounts(self, meta: dict | None) -> pd.DataFrame | None:
        rows = self.rows(ACCOUNTS)
        if rows is None:
            return None
        header = set(rows[0][1]) if rows else set()
        if rows and not header & {"value_class", "yearly_revenue"}:
            self.say(ACCOUNTS.file, "a column 'value_class' (A, B, C) or 'yearly_revenue' is "
                     "needed", 1)
            return None
        end = meta["to"] if meta else None
        records = []
        for number, cells in self.identities(ACCOUNTS, rows):
            started = self.date(ACCOUNTS, number, cells, "start_date")
            ended = self.date(ACCOUNTS, number, cells, "end_date", empty=True)
            ok = started is not False and ended is not False
            ok = self.span(ACCOUNTS, number, ("start_date", started), ("end_date", ended),
                           end) and ok
            value_class = cells.get("value_class", "").upper()
            if value_class and value_class not in VALUE_CLASSES:
                self.say(ACCOUNTS.file, f"must be A, B or C, got {shown(cells['value_class'])}",
                         number, "value_class")
                ok = False
            revenue = cells.get("yearly_revenue", "")
            amount = _float(revenue) if revenue else math.nan
            if revenue and (amount is None or not 0 <= amount < math.inf):
                self.say(ACCOUNTS.file, f"must be a number of at least 0, got {shown(revenue)}",
                         number, "yearly_revenue")
                ok = False
            if not value_class and not revenue:
                self.say(ACCOUNTS.file, "a value_class or a yearly_revenue is needed", number)
                ok = False
            if ok:
                records.append({"id": cells["id"], "start_date": started, "end_date": ended,
                                "value_class": value_class or None, "yearly_revenue": amount,
                                "row": number})
        return pd.DataFrame(records, columns=["id", "start_date", "end_date", "value_class",
                                              "yearly_revenue", "row"])

    def assignments(self, people: pd.DataFrame | None, accounts: pd.DataFrame | None,
                    ) -> pd.DataFrame | None:
        rows = self.rows(ASSIGNMENTS)
        if rows is None:
            return None
        persons = {r.id: r for r in people.itertuples()} if people is not None else {}
        clients = {r.id: r for r in accounts.itertuples()} if accounts is not None else {}
        known_people, known_accounts = self.known.get(PEOPLE.file), self.known.get(ACCOUNTS.file)
        records = []
        for number, cells in rows:
            start = self.date(ASSIGNMENTS, number, cells, "start_date")
            stop = self.date(ASSIGNMENTS, number, cells, "end_date", empty=True)
            ok = start is not False and stop is not False
            if start and stop and stop < start:
                self.say(ASSIGNMENTS.file, f"end_date {stop} is before start_date {start}",
                         number, "end_date")
                ok = False
            person = persons.get(cells["person"])
            if known_people is not None and cells["person"] not in known_people:
                self.say(ASSIGNMENTS.file, f"unknown person {shown(cells['person'])} (not in "
                         f"{PEOPLE.file})", number, "person")
                ok = False
            client = clients.get(cells["account"])
            if known_accounts is not None and cells["account"] not in known_accounts:
                self.say(ASSIGNMENTS.file, f"unknown account {shown(cells['account'])} (not in "
                         f"{ACCOUNTS.file})", number, "account")
                ok = False
            ok = ok and person is not None and client is not None  # else reported in their file
            if ok:  # each check on its own, and overlaps too: every problem of the row is said
                self.within(number, start, stop, person.hire_date, person.exit_date,
                            f"person {shown(person.id)} was employed")
                self.within(number, start, stop, client.start_date, client.end_date,
                            f"account {shown(client.id)} was a customer")
                records.append({"account": cells["account"], "person": cells["person"],
                                "start_date": start, "end_date": stop, "row": number})
        frame = pd.DataFrame(records, columns=["account", "person", "start_date", "end_date",
                                               "row"])
        self.overlaps(frame)
        return frame

    def within(self, number: int, start: dt.date, stop: dt.date | None, begin: dt.date,
               end: dt.date | None, what: str) -> None:
        """An assignment lies within a person's employment or an account's life (else said)."""
        if start < begin:
            self.say(ASSIGNMENTS.file, f"{start} is before {what} (from {begin})", number,
                     "start_date")
        if end is not None and (stop is None or stop > end):
            self.say(ASSIGNMENTS.file, f"{stop or 'an empty end_date'} is after {what} (until "
                     f"{end})", number, "end_date")

    def overlaps(self, frame: pd.DataFrame) -> None:
        """An account has one responsible person at a time."""
        spans: dict[str, list] = defaultdict(list)
        for r in frame.itertuples():
            spans[r.account].append((r.start_date, r.end_date or dt.date.max, r.row))
        for account, own in spans.items():
            own.sort()
            last_end, last_row = dt.date.min, 0  # the assignment that ends last so far
            for start, end, row in own:
                if start < last_end:
                    self.say(ASSIGNMENTS.file, f"overlaps the assignment in row {last_row} "
                             f"(account {shown(account)} has one responsible person at a time)",
                             row, "start_date")
                if end > last_end:
                    last_end, last_row = end, row

    def surveys(self, meta: dict | None) -> pd.DataFrame:
        empty = pd.DataFrame({"date": [], "measure": [], "subject": [], "score": []})
        rows = self.rows(SURVEYS)
        if rows is None:
            return empty
        subjects = {"person": self.known.get(PEOPLE.file),
                    "account": self.known.get(ACCOUNTS.file)}
        records = []
        for number, cells in rows:
            date = self.date(SURVEYS, number, cells, "date")
            ok = date is not False
            if ok and meta is not None and not meta["from"] <= date <= meta["to"]:
                self.say(SURVEYS.file, f"{date} is outside the observation window "
                         f"({meta['from']} to {meta['to']})", number, "date")
                ok = False
            measure = cells["measure"]
            if measure not in MEASURES:
                self.say(SURVEYS.file, f"unknown measure {shown(measure)}; measures are "
                         f"{', '.join(MEASURES)}", number, "measure")
                continue
            scale = meta["scales"].get(measure) if meta is not None else None
            if meta is not None and scale is None:
                self.say(SURVEYS.file, f"measure '{measure}' has no scale in {MANIFEST} "
                         f"([surveys] {measure} = [LOWEST, HIGHEST])", number, "measure")
                ok = False
            known = subjects[MEASURES[measure]]
            if known is not None and cells["subject"] not in known:
                kind = MEASURES[measure]
                self.say(SURVEYS.file, f"unknown {kind} {shown(cells['subject'])} (not in "
                         f"{PEOPLE.file if kind == 'person' else ACCOUNTS.file})", number,
                         "subject")
                ok = False
            score = _float(cells["score"])
            if score is None or (scale is not None and not scale[0] <= score <= scale[1]):
                allowed = f"from {scale[0]:g} to {scale[1]:g}" if scale else "a number"
                self.say(SURVEYS.file, f"must be {allowed}, got {shown(cells['score'])}",
                         number, "score")
                ok = False
            if ok:
                records.append({"date": date, "measure": measure, "subject": cells["subject"],
                                "score": score})
        return pd.DataFrame(records) if records else empty


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _integer(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d{1,9}", text) else None


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _numbers(rows: list[Row], ids: list[str]) -> list[int]:
    """The row numbers of the rows with these ids."""
    where = {cells["id"]: number for number, cells in rows}
    return [where[i] for i in ids]
