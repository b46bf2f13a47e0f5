"""The firm at the start of its observation window, and the simulated firm set up to match it.

A calibration simulates the firm's window from the firm's own state when the window opens: who
holds a position in which team and since when, which customers they look after and since when
those relationships run. The data say nothing of the hidden states (trust, motivation, the
manager's view), so each person and account is given the state of a simulated one like it, a
*donor* (hot-deck matching, as in survey imputation): the firm first runs its burn-in under the
parameters being tried, then every position takes the record of a promoter of that run whose
tenure is closest to its person's, and every account slot the record of a relationship whose age
(and value class, when the data give one) is closest to its account's, chosen at random among
the closest with the run's own key, so the same run gives the same firm in any batch. What the
data give (tenure, relationship age, who holds what, which positions are vacant) is then exact,
and what they do not give follows the parameters, as it should in a fit.

The model's teams are of equal size and a position has ``accounts_per_position`` slots
(:func:`promosim.firm.firm_parameters`), so :func:`place` fits the firm into that mould: a
team's people take its positions by seniority, and those beyond its size take free positions of
other teams; a book larger than a position's slots keeps a random selection of its accounts, and
accounts nobody holds (or whose holder found no position) wait in free slots, those of vacant
positions first. :class:`Placement` counts what did not fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from promosim.firm.records import FirmRecords

#: Value classes as codes (-1: not given).
CLASSES = {"A": 0, "B": 1, "C": 2}
VALUE_OF_CLASS = ("value_a", "value_b", "value_c")


@dataclass(frozen=True)
class FirmStart:
    """The firm when its window opens, in months of the window (month 0 is its first).

    ``team`` and ``hired`` describe each person present; ``started``, ``holder`` (index into the
    people, -1: held by nobody) and ``value_class`` (code of :data:`CLASSES`, -1: not given)
    each account present.
    """

    team: np.ndarray
    hired: np.ndarray
    started: np.ndarray
    holder: np.ndarray
    value_class: np.ndarray

    @property
    def people(self) -> int:
        """People present when the window opens."""
        return len(self.hired)

    @property
    def accounts(self) -> int:
        """Customer relationships running when the window opens."""
        return len(self.started)


def start_of(records: FirmRecords, classes: Sequence[str | None] | None = None) -> FirmStart:
    """The state of a firm's records when the window opens (``classes``: per account, if given).

    That is, at the end of the month before the window: people hired before the window who had
    not left before it (those who leave in its first month are there when it opens), and
    likewise relationships and assignments. People hired in the window's first month fill
    vacancies in the simulation, as new hires do.
    """
    people = np.flatnonzero((records.hired < 0) & (records.left >= 0))
    accounts = np.flatnonzero((records.started < 0) & (records.ended >= 0))
    index = np.full(len(records.hired), -1, dtype=np.int64)
    index[people] = np.arange(len(people))
    holder = np.full(len(records.started), -1, dtype=np.int64)
    now = (records.start < 0) & (records.end >= 0)
    holder[records.account[now]] = index[records.person[now]]
    codes = np.array([CLASSES.get(c, -1) if isinstance(c, str) else -1
                      for c in classes], dtype=np.int64) if classes is not None \
        else np.full(len(records.started), -1, dtype=np.int64)
    return FirmStart(records.team[people].astype(np.int64), records.hired[people].astype(np.int64),
                     records.started[accounts].astype(np.int64), holder[accounts],
                     codes[accounts])


@dataclass(frozen=True)
class Placement:
    """Where the firm's people and accounts sit in the model's positions and slots.

    ``position`` gives each person's position (-1: no room); ``slot`` each account's slot in the
    run, numbered ``position * slots + k`` (-1: no room).
    """

    position: np.ndarray
    slot: np.ndarray
    positions: int
    moved: int = 0  # accounts of over-full books placed at other positions

    @property
    def vacant(self) -> int:
        """Positions nobody holds when the window opens."""
        return self.positions - int((self.position >= 0).sum())

    def left_out(self) -> tuple[int, int]:
        """People and accounts that found no room in the model's firm."""
        return int((self.position < 0).sum()), int((self.slot < 0).sum())


def place(start: FirmStart, teams: int, team_size: int, slots: int) -> Placement:
    """Fit the firm's people and accounts into ``teams`` teams of ``team_size`` positions."""
    positions = teams * team_size
    position = np.full(start.people, -1, dtype=np.int64)
    taken = np.zeros(positions, dtype=bool)
    overflow: list[int] = []
    for t in range(teams):
        members = np.flatnonzero(start.team == t)
        members = members[np.argsort(start.hired[members], kind="stable")]
        for k, person in enumerate(members):
            if k < team_size:
                position[person] = t * team_size + k
                taken[t * team_size + k] = True
            else:
                overflow.append(int(person))
    overflow += np.flatnonzero((start.team < 0) | (start.team >= teams)).tolist()
    free = np.flatnonzero(~taken)
    for person, p in zip(overflow, free, strict=False):
        position[person] = p
        taken[p] = True
    slot = np.full(start.accounts, -1, dtype=np.int64)
    used = np.zeros(positions, dtype=np.int64)
    rng = np.random.default_rng(0)  # which accounts of an over-full book stay: fixed per firm
    waiting: list[int] = []
    for person in np.flatnonzero(position >= 0):
        book = np.flatnonzero(start.holder == person)
        kept = np.sort(rng.permutation(book)[:slots])
        p = position[person]
        slot[kept] = p * slots + np.arange(len(kept))
        used[p] = len(kept)
        waiting += sorted(set(book.tolist()) - set(kept.tolist()))
    unplaced = np.flatnonzero((start.holder < 0) | (position[start.holder] < 0)
                              if start.people else np.ones(start.accounts, bool))
    overfull = set(waiting)
    waiting = unplaced.tolist() + waiting
    order = np.concatenate([np.flatnonzero(~taken), np.flatnonzero(taken)])
    for p in order:
        while waiting and used[p] < slots:
            slot[waiting.pop(0)] = p * slots + used[p]
            used[p] += 1
    moved = sum(1 for account in overfull if slot[account] >= 0)
    return Placement(position, slot, positions, moved)


def nearest(values: np.ndarray, targets: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each target, the index of a value closest to it, chosen at random among the closest."""
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    i = np.searchsorted(ranked, targets)
    below = np.where(i > 0, targets - ranked[np.maximum(i - 1, 0)], np.inf)
    above = np.where(i < len(ranked), ranked[np.minimum(i, len(ranked) - 1)] - targets, np.inf)
    gap = np.minimum(below, above)
    low = np.searchsorted(ranked, targets - gap, side="left")
    high = np.searchsorted(ranked, targets + gap, side="right")
    return order[low + np.floor(rng.random(len(targets)) * (high - low)).astype(np.int64)]


def transplant(state, run: int, start: FirmStart, placement: Placement,
               point: Mapping[str, float], month: int,
               ) -> tuple[dict[int, int], dict[int, int]]:
    """Set run ``run`` of ``state`` (after month ``month``) to the firm's start, from donors.

    Donors are the run's promoters in post and its running relationships (a run with nobody in
    post or no customer lends the last records of its positions or slots). A position keeps its
    scenario mark (``shocked``); the teams' count of the month's quits starts afresh. Returns
    the window month each new person was hired and each new relationship started, by their id
    in the run (the simulated records take these instead of the month they appear).
    """
    promoters, accounts, firm = state.promoters[run], state.accounts[run], state.firms[run]
    rng = np.random.default_rng([int(firm["key0"]), int(firm["key1"]), 7])
    first = month + 1  # the window's month 0
    shocked = promoters["shocked"].copy()
    donors = promoters[promoters["occupied"]].copy()
    donors = donors if len(donors) else promoters.copy()
    slots = accounts.shape[1]
    flat = accounts.reshape(-1).copy()
    live = flat[flat["active"]].copy()
    live = live if len(live) else flat.copy()
    hires: dict[int, int] = {}
    opened: dict[int, int] = {}
    held = placement.position >= 0
    people, where = np.flatnonzero(held), placement.position[held]
    vacant = np.setdiff1d(np.arange(len(promoters)), where)
    if len(vacant):
        _vacate(promoters, vacant, point, rng)
    if len(people):
        tenure = -start.hired[people] - 1  # hired in window month h: in post from h + 1
        promoters[where] = donors[nearest(donors["tenure"], tenure.astype(np.float64), rng)]
        next_person = int(firm["next_person"])
        ids = np.arange(next_person, next_person + len(people))
        promoters["person"][where] = ids
        promoters["tenure"][where] = tenure
        firm["next_person"] = next_person + len(people)
        hires = dict(zip(ids.tolist(), start.hired[people].tolist(), strict=True))
    promoters["shocked"] = shocked
    state.teams[run]["quits_this_month"] = 0.0
    flat["active"] = False
    flat["customer_promoter"] = False
    flat["matched"] = False
    flat["account"] = -1
    placed = np.flatnonzero(placement.slot >= 0)
    if len(placed):
        target = placement.slot[placed]
        ages = -start.started[placed].astype(np.float64)
        chosen = np.empty(len(placed), dtype=np.int64)
        donor_ages = (first - live["started"]).astype(np.float64)
        classes = start.value_class[placed]
        everyone = np.arange(len(live))
        for code in np.unique(classes):
            mine = classes == code
            pool = everyone
            if code >= 0:
                same = np.flatnonzero(live["value"] == point[VALUE_OF_CLASS[code]])
                pool = same if len(same) else everyone
            chosen[mine] = pool[nearest(donor_ages[pool], ages[mine], rng)]
        flat[target] = live[chosen]
        flat["active"][target] = True
        next_account = int(firm["next_account"])
        ids = np.arange(next_account, next_account + len(placed))
        flat["account"][target] = ids
        flat["started"][target] = first + start.started[placed]
        firm["next_account"] = next_account + len(placed)
        opened = dict(zip(ids.tolist(), start.started[placed].tolist(), strict=True))
    accounts[...] = flat.reshape(-1, slots)
    return hires, opened


def _vacate(promoters: np.ndarray, vacant: np.ndarray, point: Mapping[str, float],
            rng: np.random.Generator) -> None:
    """Positions vacant when the window opens: a new hire comes after the usual wait."""
    low, high = int(point["vacancy_min"]), int(point["vacancy_max"])
    promoters["occupied"][vacant] = False
    promoters["role"][vacant] = False
    promoters["in_spiral"][vacant] = False
    promoters["person"][vacant] = -1
    promoters["vacancy_left"][vacant] = rng.integers(low, high + 1, len(vacant))
