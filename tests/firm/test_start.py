"""The simulated firm starts from the firm's own state when its window opens."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from promosim.batch import simulate
from promosim.firm.check import read_firm
from promosim.firm.records import OPEN, FirmRecords, records_of
from promosim.firm.simulated import simulate_firms
from promosim.firm.start import FirmStart, nearest, place, start_of, transplant
from promosim.firm.statistics import firm_statistics
from promosim.firm.structure import firm_parameters
from promosim.parameters import resolve
from promosim.workflows.firm_check import firm_check

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "firm"


def months_between(earlier: tuple[int, int], later: tuple[int, int]) -> int:
    return (earlier[0] * 12 + earlier[1]) - (later[0] * 12 + later[1])


def test_the_start_is_who_and_what_is_there_when_the_window_opens(tiny_firm):
    data = read_firm(tiny_firm)
    start = start_of(records_of(data), data.accounts["value_class"].tolist())
    # P1 (hired 2015-03) and P3 (2019-01) are there on 2022-01-01; P2 and P4 come later
    assert start.hired.tolist() == [months_between((2015, 3), (2022, 1)),
                                    months_between((2019, 1), (2022, 1))]
    assert start.team.tolist() == [0, 1]
    # A1 (held by P1) and A2 (its holder P2 comes in May) run; A3 starts in February
    assert start.started.tolist() == [months_between((2010, 1), (2022, 1)),
                                      months_between((2021, 6), (2022, 1))]
    assert start.holder.tolist() == [0, -1]
    assert start.value_class.tolist() == [0, 1]


def test_the_window_opens_at_the_end_of_the_month_before_it():
    nobody = np.full(3, np.nan)
    records = FirmRecords(
        24, team=np.zeros(4, np.int64), hired=np.array([-10, -1, 0, -5]),
        left=np.array([OPEN, 0, OPEN, -2]), started=np.array([-20, 0, -1]),
        ended=np.array([OPEN, OPEN, 0]), revenue=nobody, account=np.array([0, 2, 0]),
        person=np.array([0, 1, 3]), start=np.array([-10, -1, -20]), end=np.array([OPEN, 0, -10]))
    start = start_of(records)
    # in post: hired before the window, leaving in it or later (not: hired in month 0, gone)
    assert start.hired.tolist() == [-10, -1]
    assert start.started.tolist() == [-20, -1]
    assert start.holder.tolist() == [0, 1]
    assert start.value_class.tolist() == [-1, -1]


def test_people_take_their_teams_by_seniority_and_the_rest_fill_free_positions():
    start = FirmStart(team=np.array([0, 0, 0, 1]), hired=np.array([-5, -50, -1, -10]),
                      started=np.array([-3, -2, -1, -9]), holder=np.array([1, 1, 1, -1]),
                      value_class=np.full(4, -1))
    placement = place(start, teams=2, team_size=2, slots=2)
    assert placement.position.tolist() == [1, 0, 3, 2]
    assert placement.vacant == 0
    # the senior person (position 0) keeps two of their three accounts; the unheld account
    # waits first, then the third, both at the next position with room
    kept = placement.slot[:3]
    assert sorted(kept[kept < 2].tolist()) == [0, 1]
    assert placement.slot[3] == 2 and kept[kept >= 2].tolist() == [3]
    assert placement.moved == 1
    crowded = place(start, teams=1, team_size=2, slots=1)
    assert crowded.left_out() == (2, 2)


def test_accounts_wait_at_vacant_positions_first():
    start = FirmStart(team=np.array([0]), hired=np.array([-12]), started=np.array([-4]),
                      holder=np.array([-1]), value_class=np.array([-1]))
    placement = place(start, teams=2, team_size=1, slots=2)
    assert placement.position.tolist() == [0]
    assert placement.slot.tolist() == [2]  # position 1, which nobody holds
    assert placement.vacant == 1


def test_the_nearest_donor_is_chosen_and_ties_are_shared():
    rng = np.random.default_rng(1)
    values = np.array([0.0, 10.0, 10.0, 40.0])
    picks = nearest(values, np.full(400, 11.0), rng)
    assert set(picks.tolist()) == {1, 2}
    assert nearest(values, np.array([-5.0, 33.0, 100.0]), rng).tolist() == [0, 3, 3]
    both_sides = nearest(np.array([4.0, 8.0]), np.full(400, 6.0), rng)
    assert set(both_sides.tolist()) == {0, 1}
    assert nearest(np.array([7.0]), np.array([0.0, 9.0]), rng).tolist() == [0, 0]


def test_transplant_sets_the_firm_s_tenures_ages_and_fresh_ids(example):
    _, start, placement, point = example
    small = {**point, "months": 12, "spinup_months": 24}
    state = simulate([small], [5], events=False).state
    state.promoters["shocked"][0] = np.arange(state.promoters.shape[1]) % 3 == 0
    shocked = state.promoters["shocked"][0].copy()
    before = int(state.firms["next_person"][0]), int(state.firms["next_account"][0])
    hires, opened = transplant(state, 0, start, placement, small, 12)
    pr, ac = state.promoters[0], state.accounts[0].reshape(-1)
    held = placement.position >= 0
    where = placement.position[held]
    assert pr["occupied"].sum() == held.sum() == len(hires)
    assert (pr["tenure"][where] == -start.hired[held] - 1).all()
    assert sorted(pr["person"][where].tolist()) == list(range(before[0], before[0] + len(hires)))
    assert state.firms["next_person"][0] == before[0] + len(hires)
    slots = placement.slot[placement.slot >= 0]
    assert ac["active"].sum() == len(slots) == len(opened)
    assert (ac["started"][slots] == 13 + start.started[placement.slot >= 0]).all()
    assert state.firms["next_account"][0] == before[1] + len(opened)
    assert (pr["shocked"] == shocked).all()
    assert (state.teams["quits_this_month"][0] == 0).all()


@pytest.fixture(scope="module")
def example():
    data = read_firm(EXAMPLE)
    records = records_of(data)
    start = start_of(records, data.accounts["value_class"].tolist())
    structure = firm_parameters(data)
    placement = place(start, int(structure["n_teams"]), int(structure["team_size"]),
                      int(structure["accounts_per_position"]))
    return data, start, placement, resolve(structure)


def test_a_simulated_firm_opens_its_window_with_the_firm_s_people_and_accounts(example):
    data, start, placement, point = example
    out = simulate_firms([point, point], [3, 4], data.months, start=start)
    people = np.sort(start.hired[(placement.position >= 0) & (start.hired < 0)])
    accounts = np.sort(start.started[(placement.slot >= 0) & (start.started < 0)])
    teams = np.sort(placement.position[placement.position >= 0] // int(point["team_size"]))
    for records, _ in out:
        assert np.array_equal(np.sort(records.hired[records.hired < 0]), people)
        assert np.array_equal(np.sort(records.started[records.started < 0]), accounts)
        assert np.array_equal(np.sort(records.team[records.hired < 0]), teams)


def test_a_run_s_firm_does_not_depend_on_the_batch_it_is_simulated_in(example):
    data, start, _, point = example
    other = {**point, "quit_base": point["quit_base"] * 1.5}
    together = simulate_firms([other, point], [3, 4], data.months, start=start)
    alone = simulate_firms([point], [4], data.months, start=start)
    assert (pd.Series(firm_statistics(together[1][0]))
            .equals(pd.Series(firm_statistics(alone[0][0]))))


def test_the_start_changes_what_the_window_shows(example):
    data, start, _, point = example
    newcomers = FirmStart(start.team, np.full(start.people, -1), start.started, start.holder,
                          start.value_class)
    veterans = FirmStart(start.team, np.minimum(start.hired, -120), start.started, start.holder,
                         start.value_class)

    def first_year_exits(firm: FirmStart) -> int:
        out = simulate_firms([point] * 4, [1, 2, 3, 4], data.months, start=firm)
        return sum(int(((r.left < r.months) & (r.left - r.hired < 12)).sum()) for r, _ in out)

    assert first_year_exits(newcomers) > first_year_exits(veterans) + 10


def test_firm_check_says_what_the_simulated_firm_starts_from(capsys):
    result = firm_check(EXAMPLE)
    assert result.start == {"people": 45, "vacant": 3, "accounts": 255, "unheld": 11,
                            "accounts_moved": 0, "people_left_out": 0, "accounts_left_out": 0}
    assert ("window opens (end of 2020-12): 45 people, 3 vacant positions, 255 accounts "
            "(11 held by nobody)") in result.report()
    assert set(result.summary()["part"]) == {"structure", "start", "statistic"}
