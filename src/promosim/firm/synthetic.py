"""Synthetic firms: a simulated firm's records written as a firm folder (the example firm).

Dates are the first of the month. Survey answers are the model's quantities of a random share of
subjects, turned into scores on the scale of the firm's surveys with rounding and a little
noise, as people answer questionnaires.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from promosim.firm.format import (
    ACCOUNTS,
    ASSIGNMENTS,
    FORMAT,
    MANIFEST,
    MEASURES,
    PEOPLE,
    SURVEYS,
    TEAMS,
    date_of,
    month_of,
)
from promosim.firm.records import OPEN
from promosim.firm.simulated import simulate_firms


def write_synthetic_firm(folder: Path | str, point: Mapping[str, float], seed: int,
                         observed_from: dt.date, months: int,
                         surveys: Mapping[str, Sequence[int]] | None = None,
                         scale: tuple[int, int] = (1, 5), response_rate: float = 0.6,
                         name: str = "synthetic firm") -> Path:
    """Simulate one firm at ``point`` and write it as a firm folder; returns the folder.

    ``surveys`` gives each measure's waves as months of the window; answers use ``scale``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    surveys = dict(surveys or {})
    [(records, ids)] = simulate_firms([point], [seed], months, surveys, threads=1, answers=True)
    first = month_of(observed_from)

    def date(month: int) -> str:
        return "" if month >= OPEN // 2 else date_of(first + int(month)).isoformat()

    r = records
    teams = [f"T{t + 1:02d}" for t in range(int(point["n_teams"]))]
    people = np.flatnonzero((r.left > 0) & (r.hired < months))
    accounts = np.flatnonzero((r.ended > 0) & (r.started < months))
    person_id = {int(i): f"P{int(ids['people'][i]):05d}" for i in people}
    account_id = {int(i): f"A{int(ids['accounts'][i]):05d}" for i in accounts}
    _write(folder / TEAMS.file, TEAMS.required,
           [(t, int(point["team_size"])) for t in teams])
    _write(folder / PEOPLE.file, PEOPLE.required,
           [(person_id[i], teams[r.team[i]], date(r.hired[i]), date(r.left[i])) for i in people])
    _write(folder / ACCOUNTS.file, (*ACCOUNTS.required, "yearly_revenue"),
           [(account_id[i], date(r.started[i]), date(r.ended[i]),
             f"{r.revenue[i] * 1000:.0f}") for i in accounts])
    kept = [k for k in range(len(r.account))
            if int(r.account[k]) in account_id and int(r.person[k]) in person_id
            and r.end[k] > 0]
    _write(folder / ASSIGNMENTS.file, ASSIGNMENTS.required,
           [(account_id[int(r.account[k])], person_id[int(r.person[k])],
             date(max(r.start[k], r.hired[r.person[k]], r.started[r.account[k]])),
             date(r.end[k])) for k in kept])
    rng = np.random.default_rng([seed, 1])  # the answers' own stream, apart from the model's
    rows = []
    low, high = scale
    for measure, waves in ids["answers"].items():
        prefix = "A" if MEASURES[measure] == "account" else "P"
        for month, subjects, values in waves:
            answered = rng.random(len(values)) < response_rate
            noisy = low + (high - low) * values + rng.normal(0.0, 0.5, len(values))
            scores = np.clip(np.round(noisy), low, high).astype(int)
            day = date_of(first + int(month)).isoformat()
            rows += [(day, measure, f"{prefix}{int(s):05d}", int(x))
                     for s, x, a in zip(subjects, scores, answered, strict=True) if a]
    if rows:
        _write(folder / SURVEYS.file, SURVEYS.required, rows)
    last = date_of(first + months - 1)
    lines = [f'format = "{FORMAT}"', f'name = "{name}"',
             f"observed_from = {observed_from.isoformat()}",
             f"observed_to = {dt.date(last.year, last.month, 28).isoformat()}"]
    if surveys:
        lines += ["", "[surveys]"] + [f"{m} = [{low}, {high}]" for m in surveys]
    (folder / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _write(path: Path, header: Sequence[str], rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
