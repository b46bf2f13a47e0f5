"""The batched engine: the month of every run, compiled into one loop over runs and positions.

:func:`advance` runs months ``first..last`` of every run of a batch. Within a month it takes each
team's census, then works through the positions in order: the manager supervises, the promoter
plans, the position's counterparts interact and respond, the manager tallies and evaluates, the
promoter reflects and may quit, succession, the counterparts may defect, the market refills
slots, the labour market fills the vacancy, the spiral observer looks at the dyad. At the end of
the month each team's leavers hand over their accounts by the succession rule. That is the
ODD's schedule phase by phase; running it position by position gives the same numbers because
agents interact only through the team census taken at the start of the month (the Mesa model runs
it phase by phase, and the identity tests compare the two). Every step calls the one
implementation in :mod:`promosim.phases` and :mod:`promosim.world`.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from promosim import events as ev
from promosim import phases, world
from promosim.context import Month
from promosim.events import Log
from promosim.jit import compiled, kernel
from promosim.metrics import account_month
from promosim.params import RunParameters, apply_changes
from promosim.randomness import ACCOUNT_DRAWS, POSITION_DRAWS, fill_month
from promosim.state import ACCOUNT, FLOW_OFFSET, POSITION, RECORDS, State

#: Where the flows of a position's and an account's record begin and end, in 8-byte words
#: (records are aligned, so both are whole words; constants, so clearing is a few stores).
POSITION_FLOWS = FLOW_OFFSET[POSITION] // 8, RECORDS[POSITION].itemsize // 8
ACCOUNT_FLOWS = FLOW_OFFSET[ACCOUNT] // 8, RECORDS[ACCOUNT].itemsize // 8


@kernel
def events_per_month(promoters, accounts) -> int:
    """The most events one month of one run can record."""
    return 5 * promoters.shape[0] + accounts.shape[0] * accounts.shape[1]


@kernel
def clear_flows(promoter_words, account_words) -> None:
    """Start a month: clear the flows of one run's records (seen as 8-byte words)."""
    for p in range(promoter_words.shape[0]):
        for k in range(POSITION_FLOWS[0], POSITION_FLOWS[1]):
            promoter_words[p, k] = 0
        for s in range(account_words.shape[1]):
            for k in range(ACCOUNT_FLOWS[0], ACCOUNT_FLOWS[1]):
                account_words[p, s, k] = 0


@kernel
def run_month(c, promoters, accounts, teams, firm, promoter_words, account_words,
              account_draws, position_draws, lanes) -> None:
    """One month of one run (records of that run; see the module docstring for the order)."""
    clear_flows(promoter_words, account_words)
    fill_month(c.key, c.month, account_draws, position_draws, lanes)
    size = promoters.shape[0] // teams.shape[0]
    for t in range(teams.shape[0]):
        world.take_census(c, teams[t], promoters[t * size:(t + 1) * size])
    slots = accounts.shape[1]
    for p in range(promoters.shape[0]):
        pr = promoters[p]
        team = teams[p // size]
        accs = accounts[p]
        u = position_draws[p]
        world.strike(c, pr)
        if pr.occupied:
            phases.supervise(c, pr)
            phases.plan_work(c, pr)
        for s in range(slots):
            if accs[s].active:
                phases.interact(c, accs[s], pr, account_draws[p, s])
                phases.respond(c, accs[s], pr, team, account_draws[p, s])
        phases.tally(c, pr, accs)
        if pr.occupied:
            phases.evaluate(c, pr, team, u)
            phases.reflect(c, pr, team)
            phases.consider_quitting(c, pr, team, u)
            if pr.quit:
                world.succession(c, pr, team, accs, u)
        for s in range(slots):
            if accs[s].active:
                phases.consider_defecting(c, accs[s], pr, account_draws[p, s])
            world.market(c, accs[s], p * slots + s, firm, account_draws[p, s])
        world.fill_vacancy(c, pr, p, firm)
        world.observe_spiral(c, pr)
    for t in range(teams.shape[0]):
        world.hand_over(c, promoters[t * size:(t + 1) * size], accounts[t * size:(t + 1) * size],
                        t * size)


@kernel
def log_month(log, run: int, month: int, promoters, accounts) -> None:
    """Record one run's events of the month from the flows of its records."""
    for p in range(promoters.shape[0]):
        ev.log_position(log, run, month, promoters[p], p)
        for s in range(accounts.shape[1]):
            ev.log_account(log, run, month, accounts[p, s], promoters[p], p, s)


@compiled
def advance(promoters, accounts, teams, firms, params, flat, changes, offsets, promoter_words,
            account_words, first: int, last: int, rows, used, logging: bool, series,
            series_first: int, account_draws, position_draws, lanes) -> np.ndarray:
    """Run months ``first..last`` of every run; returns the event buffer (grown if needed).

    ``series[run, month - series_first]`` receives each month's series from ``series_first``
    on; ``params``/``flat`` are the runs' parameter records and the same as floats; ``changes``
    the lever changes ordered by run and month, ``offsets[run]`` where a run's changes begin;
    the last three arrays are scratch space for one run's uniforms (:func:`scratch`).
    """
    room = events_per_month(promoters[0], accounts[0])
    for r in range(promoters.shape[0]):
        firm = firms[r]
        key = (firm.key0, firm.key1)
        for month in range(first, last + 1):
            apply_changes(flat, changes, offsets, r, month)
            if logging:
                rows = ev.rows_with_room(rows, used, room)
            c = Month(params[r], month, key)
            run_month(c, promoters[r], accounts[r], teams[r], firm, promoter_words[r],
                      account_words[r], account_draws, position_draws, lanes)
            if logging:
                log_month(Log(rows, used, True), r, month, promoters[r], accounts[r])
            if month >= series_first:
                account_month(c, promoters[r], accounts[r], series[r, month - series_first])
    return rows


def words(records: np.ndarray) -> np.ndarray:
    """The records as 8-byte words, shaped like the records plus a word axis (a view)."""
    return records.view(np.uint64).reshape(*records.shape, records.dtype.itemsize // 8)


def scratch(positions: int, slots: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Room for one run's monthly uniforms: per account slot, per position, and lanes."""
    return (np.empty((positions, slots), ACCOUNT_DRAWS), np.empty(positions, POSITION_DRAWS),
            np.empty((8, positions * slots)))


def default_threads() -> int:
    """Threads a batch runs on unless told: ``$PROMOSIM_THREADS``, else 1.

    Experiments run many batches in worker processes (one per core), so one thread per batch is
    the default; a single process with a big batch (validation, a benchmark) may use every core.
    """
    text = os.environ.get("PROMOSIM_THREADS", "1")
    return int(text) if text.isdigit() and int(text) > 0 else 1


def run(st: State, prm: RunParameters, first: int, last: int, log: Log, series: np.ndarray,
        series_first: int, threads: int = 1) -> Log:
    """Advance the batch ``st`` from month ``first`` to ``last`` (see :func:`advance`).

    ``threads`` > 1 runs contiguous groups of runs on that many threads at once (the compiled
    loop releases the GIL); runs are independent, so the numbers are the same.
    """
    if last < first:
        return log
    if threads <= 1 or prm.runs == 1:
        return _advance(st, prm, 0, prm.runs, first, last, log, series, series_first)
    groups = np.array_split(np.arange(prm.runs), min(threads, prm.runs))
    with ThreadPoolExecutor(len(groups)) as pool:
        logs = list(pool.map(
            lambda g: (g[0], _advance(st, prm, g[0], g[-1] + 1, first, last,
                                      ev.new_log(enabled=log.enabled), series, series_first)),
            groups))
    added = [part.rows[:int(part.used[0])] + np.array([start] + [0] * (ev.WIDTH - 1))
             for start, part in logs]
    return ev.appended(log, np.concatenate(added))


def _advance(st: State, prm: RunParameters, a: int, b: int, first: int, last: int, log: Log,
             series: np.ndarray, series_first: int) -> Log:
    """:func:`advance` on runs ``a .. b-1`` of the batch (views: the state is updated in place)."""
    values = prm.values[a:b]
    rows = advance(st.promoters[a:b], st.accounts[a:b], st.teams[a:b], st.firms[a:b], values,
                   values.view(np.float64).reshape(b - a, -1), prm.changes,
                   prm.offsets()[a:b + 1], words(st.promoters[a:b]),
                   words(st.accounts[a:b]), first, last, log.rows, log.used, log.enabled,
                   series[a:b], series_first, *scratch(prm.positions, prm.accounts))
    return Log(rows, log.used, log.enabled)


class Stepper:
    """A batch advanced one month per call (``PromoterModel.step``), its call prepared once.

    :func:`run` makes the views, the scratch space and the change offsets on every call; a model
    stepping month by month makes them once (the offsets again when a lever change is added).
    ``series`` receives each month's series (shaped ``(runs, 1)``).
    """

    def __init__(self, st: State, prm: RunParameters, series: np.ndarray):
        self.prm = prm
        self.records = (st.promoters, st.accounts, st.teams, st.firms, prm.values, prm.flat())
        self.words = (words(st.promoters), words(st.accounts))
        self.series = series
        self.scratch = scratch(prm.positions, prm.accounts)
        self.changes: np.ndarray | None = None
        self.offsets = prm.offsets()

    def month(self, month: int, log: Log) -> Log:
        """Run ``month`` of every run; returns the log with its events."""
        changes = self.prm.changes
        if changes is not self.changes:
            self.changes, self.offsets = changes, self.prm.offsets()
        rows = advance(*self.records, changes, self.offsets, *self.words, month, month,
                       log.rows, log.used, log.enabled, self.series, month, *self.scratch)
        return Log(rows, log.used, log.enabled)


@compiled
def found(promoters, accounts, teams, firms, params, month: int) -> None:
    """The first firm of every run, at ``month`` (the month before the spin-up)."""
    for r in range(promoters.shape[0]):
        firm = firms[r]
        c = Month(params[r], month, (firm.key0, firm.key1))
        world.found_firm(c, promoters[r], accounts[r], teams[r], firm)


def found_firms(st: State, prm: RunParameters) -> None:
    """Set up the first firm of every run of the batch (before its spin-up)."""
    found(st.promoters, st.accounts, st.teams, st.firms, prm.values, -prm.spinup)


@compiled
def measure(promoters, accounts, params, series) -> None:
    """Every run's series for the month its state shows (e.g. month 0 after the spin-up)."""
    for r in range(promoters.shape[0]):
        c = Month(params[r], 0, (np.uint64(0), np.uint64(0)))
        account_month(c, promoters[r], accounts[r], series[r])
