"""A firm's records in months: what the summary statistics read, from files or from the model.

Month 0 is the first month of the observation window and ``months - 1`` its last; a person
employed from month ``hired`` has left in month ``left`` (they work months ``hired..left - 1``);
:data:`OPEN` marks someone still employed, or an account still a customer, at the window's end.
An assignment covers months ``start..end - 1`` in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from promosim.firm.format import FirmData, month_of

#: "Not yet": no exit, no end by the end of the window.
OPEN = 1 << 40


@dataclass
class FirmRecords:
    """People, accounts, assignments and survey waves of one firm, in months of its window.

    ``surveys`` maps a measure to the months of its waves and each wave's mean score on 0–1.
    ``revenue`` is each account's revenue over the window's last 12 months (NaN: not given).
    """

    months: int
    team: np.ndarray
    hired: np.ndarray
    left: np.ndarray
    started: np.ndarray
    ended: np.ndarray
    revenue: np.ndarray
    account: np.ndarray  # assignments: index into the accounts
    person: np.ndarray  # assignments: index into the people
    start: np.ndarray
    end: np.ndarray
    surveys: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def records_of(data: FirmData) -> FirmRecords:
    """The records of a checked firm folder."""
    first = month_of(data.observed_from)
    people, accounts = data.people, data.accounts

    def months(dates, open_: bool = False) -> np.ndarray:
        return np.array([month_of(d) - first if d else OPEN for d in dates] if open_ else
                        [month_of(d) - first for d in dates], dtype=np.int64)

    persons = {key: i for i, key in enumerate(people["id"])}
    clients = {key: i for i, key in enumerate(accounts["id"])}
    teams = {key: i for i, key in enumerate(data.teams["id"])}
    surveys = {}
    for measure, rows in data.surveys.groupby("measure"):
        low, high = data.scales[measure]
        scores = (rows["score"].to_numpy(dtype=np.float64) - low) / (high - low)
        month = months(rows["date"])
        waves = np.unique(month)
        surveys[measure] = (waves, np.array([scores[month == w].mean() for w in waves]))
    return FirmRecords(
        months=data.months,
        team=np.array([teams[t] for t in people["team"]], dtype=np.int64),
        hired=months(people["hire_date"]), left=months(people["exit_date"], True),
        started=months(accounts["start_date"]), ended=months(accounts["end_date"], True),
        revenue=accounts["yearly_revenue"].to_numpy(dtype=np.float64),
        account=np.array([clients[a] for a in data.assignments["account"]], dtype=np.int64),
        person=np.array([persons[p] for p in data.assignments["person"]], dtype=np.int64),
        start=months(data.assignments["start_date"]),
        end=months(data.assignments["end_date"], True),
        surveys=surveys,
    )
