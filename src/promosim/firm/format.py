"""The firm data format, version 1: which files a firm folder holds and what their columns mean.

Described for users in ``docs/firm-data.md``. Dates are ``YYYY-MM-DD``; the model works in
months, so only a date's year and month count. An empty end or exit date means "still going" at
the end of the observation window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

#: The value of ``format`` in ``firm.toml`` that this version reads.
FORMAT = "promosim-firm 1"
MANIFEST = "firm.toml"


@dataclass(frozen=True)
class Table:
    """A CSV file of a firm folder: its required and optional columns."""

    file: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    needed: bool = True


TEAMS = Table("teams.csv", ("id", "positions"))
PEOPLE = Table("people.csv", ("id", "team", "hire_date", "exit_date"), ("role_holder",))
ACCOUNTS = Table("accounts.csv", ("id", "start_date", "end_date"),
                 ("value_class", "yearly_revenue"))
ASSIGNMENTS = Table("assignments.csv", ("account", "person", "start_date", "end_date"))
SURVEYS = Table("surveys.csv", ("date", "measure", "subject", "score"), needed=False)
TABLES: tuple[Table, ...] = (TEAMS, PEOPLE, ACCOUNTS, ASSIGNMENTS, SURVEYS)

#: Survey measures: what their subject is, and which quantity of the model they measure.
MEASURES: dict[str, str] = {
    "customer_trust": "account",  # the counterpart's trust in their promoter (or NPS)
    "engagement": "person",  # the promoter's job satisfaction
    "trust_in_manager": "person",  # the promoter's trust in their manager
}
VALUE_CLASSES = ("A", "B", "C")
#: Words a ``role_holder`` cell may hold.
YES, NO = ("yes", "true", "1", "y"), ("no", "false", "0", "n", "")


@dataclass
class FirmData:
    """A checked firm folder: its window, survey scales and tables (dates as ``datetime.date``).

    ``people`` has ``id``, ``team``, ``hire_date``, ``exit_date`` (None: still employed) and
    ``role_holder`` (True, False or None); ``accounts`` has ``id``, ``start_date``, ``end_date``,
    ``value_class`` (None if not given) and ``yearly_revenue`` (NaN if not given);
    ``assignments`` has ``account``, ``person``, ``start_date``, ``end_date``; ``surveys`` has
    ``date``, ``measure``, ``subject``, ``score``; ``teams`` has ``id`` and ``positions``.
    """

    name: str
    observed_from: dt.date
    observed_to: dt.date
    scales: dict[str, tuple[float, float]]
    teams: pd.DataFrame
    people: pd.DataFrame
    accounts: pd.DataFrame
    assignments: pd.DataFrame
    surveys: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"date": [], "measure": [], "subject": [], "score": []}))

    @property
    def months(self) -> int:
        """Months in the observation window (both ends included)."""
        return month_of(self.observed_to) - month_of(self.observed_from) + 1


def month_of(date: dt.date) -> int:
    """A date's month as a number (year × 12 + month − 1): months apart are numbers apart."""
    return date.year * 12 + date.month - 1


def date_of(month: int) -> dt.date:
    """The first day of a month numbered by :func:`month_of`."""
    return dt.date(month // 12, month % 12 + 1, 1)
