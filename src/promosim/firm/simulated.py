"""A simulated firm's records: the model run as a firm's history and read like its files.

The firm runs ``BURN_IN`` months under its own policy before the observation window (the spin-up
is part of the run: the window is its last months). Given the firm's state when the window opens
(:class:`~promosim.firm.start.FirmStart`), the run then takes that state: its people, tenures,
accounts, relationship ages and who holds what, with hidden states from donors of the burn-in
(:func:`~promosim.firm.start.transplant`); without it the firm keeps the model's own mix. Each
month the run's people, accounts and who looks after which account are read from the state; the
records follow from them the way a firm's files give them, so the same statistics read both.
People of the very first firm count as hired when the simulation starts (their tenure is then at
least ``BURN_IN`` months, beyond every tenure band the statistics tell apart).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from promosim.batch import simulate
from promosim.firm.records import OPEN, FirmRecords
from promosim.firm.start import FirmStart, place, transplant
from promosim.randomness import SeedLike

#: Months simulated before the observation window.
BURN_IN = 240
#: How a firm is simulated (recorded by calibrations): 2 = from its state when the window opens.
SIMULATED_FIRM = 2
#: The model's quantity behind each survey measure: (state level, column).
SURVEYED = {"customer_trust": ("accounts", "personal_trust"),
            "engagement": ("promoters", "satisfaction"),
            "trust_in_manager": ("promoters", "leader_trust")}
RUN_SHIFT = 42  # ids of a batch: run << RUN_SHIFT | id
PAIR_SHIFT = 21  # an account and its holder: account << PAIR_SHIFT | person


def firm_point(point: Mapping[str, float], window: int) -> dict[str, float]:
    """``point`` run as a firm's history: no separate spin-up, burn-in plus window months."""
    return {**point, "spinup_months": 0, "months": BURN_IN + window}


class _Spans:
    """Spans of ids over months, from the slots whose id changed since the last month.

    ``ids`` arrays keep their shape from month to month (-1: empty slot); an id that moves to
    another slot in the same month goes on.
    """

    def __init__(self) -> None:
        self.previous: np.ndarray | None = None
        self.open: dict[int, tuple[int, int]] = {}  # id → (first month, column when first seen)
        self.closed: list[tuple[int, int, int, int]] = []  # (id, first month, end month, column)
        self.known: dict[int, int] = {}  # id → its first month, when it began before it appeared

    def update(self, ids: np.ndarray, columns: np.ndarray, month: int) -> None:
        changed = np.ones(ids.shape, bool) if self.previous is None else ids != self.previous
        where = np.flatnonzero(changed)
        came = dict(zip(ids.flat[where].tolist(), columns.flat[where].tolist(), strict=True))
        gone = set() if self.previous is None else set(self.previous.flat[where].tolist())
        came.pop(-1, None)
        gone.discard(-1)
        for key in gone - came.keys():
            first, column = self.open.pop(key)
            self.closed.append((key, first, month, column))
        for key in came.keys() - gone:
            if key not in self.open:
                self.open[key] = (self.known.pop(key, month), came[key])
        self.previous = ids

    def table(self) -> np.ndarray:
        """One row per span: id, first month, end month (-1: still open), column."""
        rows = self.closed + [(k, f, -1, c) for k, (f, c) in self.open.items()]
        return np.array(sorted(rows), dtype=np.int64).reshape(-1, 4)


class _Reader:
    """Reads a batch's people, accounts, holders, sales and survey answers every month."""

    def __init__(self, runs: int, months: int, window: int,
                 surveys: Mapping[str, Sequence[int]], keep_answers: bool, skip: int = 0):
        self.runs, self.months, self.window = runs, months, window
        self.first = months - window + 1  # the simulated month that is window month 0
        self.skip = skip  # months before this are not read
        self.people, self.accounts, self.pairs = _Spans(), _Spans(), _Spans()
        self.cut = max(0, self.first - 12)  # holders are read from a year before the window
        self.sales_from = max(self.first, months - 11)
        self.sales: list[dict[int, float]] = [{} for _ in range(runs)]
        self.surveys = {measure: {int(m) + self.first for m in wave}
                        for measure, wave in surveys.items()}
        self.keep = keep_answers
        self.run_key: np.ndarray | None = None
        self.waves: list[dict[str, list]] = [{m: [] for m in surveys} for _ in range(runs)]

    def __call__(self, state, month: int) -> None:
        if month < self.skip:
            return
        pr, ac = state.promoters, state.accounts
        if self.run_key is None:
            runs, positions, slots = ac.shape
            self.run_key = (np.arange(runs, dtype=np.int64) << RUN_SHIFT)[:, None]
            self.position = np.broadcast_to(np.arange(positions), (runs, positions))
            self.slot_position = np.broadcast_to(np.arange(positions)[:, None],
                                                 (runs, positions, slots))
        person = np.where(pr["occupied"], pr["person"], -1).astype(np.int64)
        self.people.update(np.where(person >= 0, self.run_key | person, -1), self.position,
                           month)
        account = np.where(ac["active"], ac["account"], -1).astype(np.int64)
        run_key = self.run_key[:, :, None]
        self.accounts.update(np.where(account >= 0, run_key | account, -1), self.slot_position,
                             month)
        if month >= self.cut:
            holder = np.broadcast_to(person[:, :, None], account.shape)
            pair = (account >= 0) & (holder >= 0)
            self.pairs.update(np.where(pair, run_key | account << PAIR_SHIFT | holder, -1),
                              self.slot_position, month)
        if month >= self.sales_from:
            for run in range(self.runs):
                mask = account[run] >= 0
                totals = self.sales[run]
                for key, value in zip(account[run][mask].tolist(),
                                      ac["sales"][run][mask].tolist(), strict=True):
                    totals[key] = totals.get(key, 0.0) + value
        for measure, months in self.surveys.items():
            if month in months:
                self._survey(state, measure, month)

    def _survey(self, state, measure: str, month: int) -> None:
        level, column = SURVEYED[measure]
        records = getattr(state, level)
        present = records["occupied"] if level == "promoters" else records["active"]
        key = records["person"] if level == "promoters" else records["account"]
        for run in range(self.runs):
            mask = present[run]
            values = records[column][run][mask].astype(np.float64)
            ids = key[run][mask].astype(np.int64) if self.keep else None
            self.waves[run][measure].append((month - self.first, ids, values))

    def records(self, team_size: int) -> list[tuple[FirmRecords, dict]]:
        """The records of every run, and the ids behind their people and accounts."""
        tables = [s.table() for s in (self.people, self.accounts, self.pairs)]
        low = (1 << RUN_SHIFT) - 1
        result = []
        for run in range(self.runs):
            people, accounts, pairs = (t[t[:, 0] >> RUN_SHIFT == run] for t in tables)
            person_ids, account_ids, pair = people[:, 0] & low, accounts[:, 0] & low, \
                pairs[:, 0] & low
            waves = self.waves[run]
            surveys = {m: (np.array([w[0] for w in waves[m]], dtype=np.int64),
                           np.array([w[2].mean() if len(w[2]) else np.nan for w in waves[m]]))
                       for m in waves if waves[m]}
            records = FirmRecords(
                self.window, people[:, 3] // team_size, *self._months(people),
                *self._months(accounts),
                np.array([self.sales[run].get(int(k), 0.0) for k in account_ids]),
                np.searchsorted(account_ids, pair >> PAIR_SHIFT),
                np.searchsorted(person_ids, pair & ((1 << PAIR_SHIFT) - 1)),
                *self._months(pairs), surveys)
            result.append((records, {"people": person_ids, "accounts": account_ids,
                                     "answers": waves}))
        return result

    def _months(self, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """First and end months of spans in window months (ends of open spans: OPEN)."""
        return spans[:, 1] - self.first, np.where(spans[:, 2] < 0, OPEN, spans[:, 2] - self.first)


def simulate_firms(points: Sequence[Mapping[str, float]], seeds: Sequence[SeedLike],
                   window: int, surveys: Mapping[str, Sequence[int]] | None = None,
                   threads: int | None = None, answers: bool = False,
                   start: FirmStart | None = None) -> list[tuple[FirmRecords, dict]]:
    """Simulate firms (one per point and seed) and read each as a firm's records.

    ``points`` share the firm's structure; ``window`` is the observation window in months;
    ``surveys`` gives, per survey measure, the window months of its waves; ``start`` is the
    firm's state when the window opens (None: the model's own). Returns per run the records and
    the ids behind them (with each wave's answers when ``answers``).
    """
    firm_points = [firm_point(p, window) for p in points]
    first = BURN_IN + 1
    reader = _Reader(len(points), BURN_IN + window, window, surveys or {}, answers,
                     skip=first - 1 if start is not None else 0)
    observe = reader
    if start is not None:
        point = points[0]
        placement = place(start, int(point["n_teams"]), int(point["team_size"]),
                          int(point["accounts_per_position"]))

        def observe(state, month: int) -> None:
            if month == first - 1:
                for run, own in enumerate(points):
                    hires, opened = transplant(state, run, start, placement, own, month)
                    key = run << RUN_SHIFT
                    reader.people.known.update({key | i: first + h for i, h in hires.items()})
                    reader.accounts.known.update({key | i: first + s for i, s in opened.items()})
            reader(state, month)

    simulate(firm_points, seeds, events=False, observe=observe, threads=threads)
    return reader.records(int(points[0]["team_size"]))
