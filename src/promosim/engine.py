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

import numpy as np

from promosim import events as ev
from promosim import phases, world
from promosim.context import Month
from promosim.events import Log
from promosim.jit import compiled, kernel
from promosim.metrics import account_month
from promosim.params import RunParameters, apply_changes
from promosim.randomness import ACCOUNT_DRAWS, POSITION_DRAWS, fill_month
from promosim.state import ACCOUNT, FLOW_OFFSET, POSITION, State

POSITION_FLOWS = FLOW_OFFSET[POSITION]
ACCOUNT_FLOWS = FLOW_OFFSET[ACCOUNT]


@kernel
def events_per_month(promoters, accounts) -> int:
    """The most events one month of one run can record."""
    return 5 * promoters.shape[0] + accounts.shape[0] * accounts.shape[1]


@kernel
def run_month(c, promoters, accounts, teams, firm, promoter_bytes, account_bytes,
              account_draws, position_draws, lanes) -> None:
    """One month of one run (records of that run; see the module docstring for the order)."""
    promoter_bytes[:, POSITION_FLOWS:] = 0
    account_bytes[:, :, ACCOUNT_FLOWS:] = 0
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
def advance(promoters, accounts, teams, firms, params, flat, changes, offsets, promoter_bytes,
            account_bytes, first: int, last: int, rows, used, logging: bool, series,
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
            if logging and used[0] + room > rows.shape[0]:
                bigger = np.empty((max(2 * rows.shape[0], used[0] + room), rows.shape[1]))
                bigger[:used[0]] = rows[:used[0]]
                rows = bigger
            c = Month(params[r], month, key)
            run_month(c, promoters[r], accounts[r], teams[r], firm, promoter_bytes[r],
                      account_bytes[r], account_draws, position_draws, lanes)
            if logging:
                log_month(Log(rows, used, True), r, month, promoters[r], accounts[r])
            if month >= series_first:
                account_month(c, promoters[r], accounts[r], series[r, month - series_first])
    return rows


def flow_bytes(records: np.ndarray) -> np.ndarray:
    """The records' bytes, shaped like the records plus a byte axis (for clearing flows)."""
    return records.view(np.uint8).reshape(*records.shape, records.dtype.itemsize)


def scratch(positions: int, slots: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Room for one run's monthly uniforms: per account slot, per position, and lanes."""
    return (np.empty((positions, slots), ACCOUNT_DRAWS), np.empty(positions, POSITION_DRAWS),
            np.empty((8, positions * slots)))


def run(st: State, prm: RunParameters, first: int, last: int, log: Log, series: np.ndarray,
        series_first: int) -> Log:
    """Advance the batch ``st`` from month ``first`` to ``last`` (see :func:`advance`)."""
    if last < first:
        return log
    rows = advance(st.promoters, st.accounts, st.teams, st.firms, prm.values, prm.flat(),
                   prm.changes, prm.offsets(), flow_bytes(st.promoters),
                   flow_bytes(st.accounts), first, last, log.rows, log.used, log.enabled,
                   series, series_first, *scratch(prm.positions, prm.accounts))
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
