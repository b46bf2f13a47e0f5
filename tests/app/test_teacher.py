"""The teacher's view: the firm recorded with the hand-ins, the leaderboard on common random
numbers, and the pages (key, board, CSV, debrief chart)."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from promosim.app.classroom import ClassCode, Sessions
from promosim.app.firm import FIRM_FILE, Firm, record, recorded
from promosim.app.handin import HandIns, Limits, team_mark
from promosim.app.leaderboard import Leaderboard, class_scenario, run_policy
from promosim.app.setup import Setup
from promosim.app.teacher import TEACHER_COOKIE, Teacher, board_html
from promosim.batch import simulate
from promosim.errors import ConfigError
from promosim.outcomes import KINDS
from promosim.parameters import resolve
from promosim.randomness import replicate_seeds
from promosim.summary import summarise_series

SMALL = Setup(values=resolve({"n_teams": 2, "team_size": 3, "months": 24,
                              "spinup_months": 24}), seed=42)
REPLICATES = 4


def hand_in(folder: Path, team: str, name: str, **levers: float) -> Path:
    hand_ins = HandIns(folder, Limits(interval=0.0), team=team_mark(team))
    return hand_ins.hand_in(name, "", {**SMALL.baseline, **levers}, SMALL.baseline)


@pytest.fixture
def board(tmp_path) -> Leaderboard:
    folder = tmp_path / "class"
    hand_in(folder, "a", "Calm", supervision_reactivity=0.2, goal_clarity=0.9)
    hand_in(folder, "b", "Tight", supervision_base=0.8, supervision_reactivity=2.5)
    (folder / "broken.toml").write_text("name = 'x'\n[policy\n")
    leaderboard = Leaderboard(folder, SMALL, REPLICATES, "turnover_rate")
    leaderboard.refresh()
    return leaderboard


def test_the_firm_is_recorded_and_read_back(tmp_path):
    firm = Firm("class", SMALL.values, [(5, {"goal_clarity": 0.9})], 42)
    path = record(tmp_path, firm)
    assert path.name == FIRM_FILE
    back = recorded(tmp_path)
    assert back.values == SMALL.values and back.seed == 42
    assert back.schedule == [(5, {"goal_clarity": 0.9})]
    assert back.describe() == "class, 2 teams × 3 positions, seed 42"
    assert recorded(tmp_path / "nowhere") is None
    for damage in ("{", '{"seed": 1}', json.dumps({"values": {"n_teams": -3}, "seed": 1}),
                   json.dumps({"values": {}, "seed": "x"})):
        path.write_text(damage)
        with pytest.raises(ConfigError, match=FIRM_FILE):
            recorded(tmp_path)


def test_each_policy_runs_on_the_class_s_firm_and_seeds_like_compare(board):
    runs = board.board().ranked[0].runs
    seeds = replicate_seeds(SMALL.seed, REPLICATES)
    calm = {**SMALL.values, "supervision_reactivity": 0.2, "goal_clarity": 0.9}
    expected = summarise_series(simulate([calm] * REPLICATES, seeds, events=False).series)
    np.testing.assert_array_equal(runs["turnover_rate"], expected["turnover_rate"])
    baseline = run_policy(SMALL.values, [], SMALL.seed, REPLICATES)
    for name, values in baseline.items():
        np.testing.assert_array_equal(values, board.baseline_runs[name], err_msg=name)


def test_policies_are_ranked_best_first_and_broken_files_named(board):
    shown = board.board()
    assert [e.policy.name for e in shown.ranked] == ["Calm", "Tight"]  # lower turnover first
    assert [e.path.name for e in shown.unusable] == ["broken.toml"]
    assert "invalid TOML" in shown.unusable[0].problem
    by_profit = board.board("profit").ranked
    means = [np.mean(e.runs["profit"]) for e in by_profit]
    assert means == sorted(means, reverse=True)
    assert board.board("no-such-outcome").rank_by == "turnover_rate"


def test_a_team_s_new_hand_in_replaces_its_entry(board):
    hand_in(board.folder, "b", "Tight", supervision_base=0.9, supervision_reactivity=2.5)
    board.refresh()
    names = [e.policy.name for e in board.board().ranked]
    assert names.count("Tight") == 1 and len(board.board().entries) == 3


def test_the_csv_has_every_policy_outcome_and_interval(board):
    table = pd.read_csv(io.StringIO(board.board().csv()))
    assert set(table["policy"]) == {"baseline", "Calm", "Tight"}
    calm = table[(table.policy == "Calm") & (table.outcome == "turnover_rate")].iloc[0]
    assert calm["rank"] == 1 and calm["replicates"] == REPLICATES and calm["seed"] == 42
    assert calm["difference_low"] <= calm["difference"] <= calm["difference_high"]
    assert table[table.policy == "baseline"]["difference"].isna().all()


def test_money_is_a_year_s_on_the_page_and_in_the_csv_as_compare_shows_it(board, tmp_path):
    from promosim import compare

    files = sorted(str(p) for p in board.folder.glob("*.toml") if p.name != "broken.toml")
    compared = compare(files, class_scenario(SMALL), replicates=REPLICATES, seed=SMALL.seed,
                       out=tmp_path / "compare", workers=0, progress=False)
    years = SMALL.values["months"] / 12  # money is summed over 2 years, shown a year
    totals = compared.differences.set_index(["label", "outcome"])
    shown = board.board("profit")
    table = pd.read_csv(io.StringIO(shown.csv())).set_index(["policy", "outcome"])
    for name in ("Calm", "Tight"):
        row, total = table.loc[(name, "profit")], totals.loc[(name, "profit")]
        assert row["unit"] == "k€ a year"
        assert row["mean"] == pytest.approx(total["policy"] / years)
        for column, of_total in (("difference", "difference"), ("difference_low", "low"),
                                 ("difference_high", "high")):
            assert row[column] == pytest.approx(total[of_total] / years), column
    baseline = table.loc[("baseline", "turnover_rate")]  # not money: as it is
    assert baseline["mean"] == pytest.approx(np.mean(board.baseline_runs["turnover_rate"]))
    assert baseline["unit"].startswith("a year")
    page = board_html(shown)
    assert "<th>Profit (a year)</th>" in page and "Money is a year's" in page
    assert "Ranked by profit" in page
    said = KINDS["money"].difference(totals.loc[("Calm", "profit"), "difference"] / years)
    assert said in page and said in compared.report("profit")  # the same figure as compare's


class Client:
    """An ASGI client for the teacher's pages."""

    def __init__(self, app):
        self.app = app

    def get(self, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
        target, _, query = path.partition("?")
        scope = {"type": "http", "method": "GET", "path": target,
                 "query_string": query.encode(), "headers": [(b"cookie", cookie.encode())],
                 "client": ("127.0.0.1", 1)}
        sent = []

        async def receive():
            return {"type": "http.request"}

        async def send(message):
            sent.append(message)

        asyncio.run(self.app(scope, receive, send))
        headers = {k.decode(): v.decode() for k, v in sent[0]["headers"]}
        return sent[0]["status"], headers, sent[1]["body"]


def test_the_teacher_s_key_opens_the_pages_and_nothing_else_does(board):
    key, code = ClassCode(), ClassCode("ABCD2345")
    sessions = Sessions(30)
    sessions.reserve("k1")
    client = Client(Teacher(key, board, sessions, "monday", code, ["http://10.0.0.5:8765/"]))
    for path in ("/teacher", "/teacher/board", "/teacher/class.csv", "/teacher?key=WRONGKEY1"):
        status, _, body = client.get(path)
        assert status == 403 and b"for the teacher" in body
    status, headers, _ = client.get(f"/teacher?key={key.code.lower()}")
    assert status == 303 and headers["location"] == "/teacher"
    cookie = headers["set-cookie"].split(";")[0]
    assert cookie == f"{TEACHER_COOKIE}={key.grant()}"
    status, _, body = client.get("/teacher", cookie)
    page = body.decode()
    assert status == 200 and "ABCD-2345" in page and "http://10.0.0.5:8765/" in page
    assert "<title>promosim · teacher · monday</title>" in page
    assert "Tabs open: <b>1</b> of 30" in page and "Calm" in page and "broken.toml" in page
    status, _, body = client.get("/teacher/board?rank=profit", cookie)
    assert status == 200 and "<b>Profit</b>" in body.decode()
    status, headers, body = client.get("/teacher/class.csv", cookie)
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.decode().startswith("rank,policy,file")
    status, headers, body = client.get("/teacher/debrief.png", cookie)
    assert status == 200 and body.startswith(b"\x89PNG")


def test_an_empty_class_has_a_board_without_a_chart(tmp_path):
    board = Leaderboard(tmp_path / "empty", SMALL, REPLICATES)
    (tmp_path / "empty").mkdir()
    board.refresh()
    key = ClassCode()
    client = Client(Teacher(key, board, Sessions(5), "empty", None, []))
    cookie = f"{TEACHER_COOKIE}={key.grant()}"
    status, _, body = client.get("/teacher", cookie)
    assert status == 200 and "hand-ins appear here as they arrive" in body.decode()
    assert client.get("/teacher/debrief.png", cookie)[0] == 404


def test_the_board_keeps_the_order_in_which_hand_ins_arrived(board):
    entries = board.board().entries
    assert all(isinstance(e.handed_in, datetime) for e in entries)
    assert [e.handed_in for e in entries] == sorted((e.handed_in for e in entries),
                                                    reverse=True)
