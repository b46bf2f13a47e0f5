"""Succession rules: who takes over a leaver's accounts, with what trust; the rule's names."""

from pathlib import Path

import numpy as np
import pytest

from promosim import PromoterModel
from promosim.batch import simulate
from promosim.cli import main
from promosim.errors import ConfigError
from promosim.parameters import BY_NAME, check_schedule, resolve
from promosim.scenario import load_policy, parse_assignment
from promosim.world import REASSIGN, SIMILAR, WAIT

#: A firm where quits are frequent and teammates have room for a leaver's accounts.
FIRM = {"n_teams": 2, "team_size": 5, "accounts_per_position": 6, "months": 24,
        "spinup_months": 24, "acquisition_months": 12.0, "quit_base": 0.05}


class Moves:
    """Observer: accounts handed to a colleague, and where the leavers' accounts went."""

    def __init__(self):
        self.moved = 0
        self.waiting = 0
        self.before = None

    def __call__(self, st, month: int) -> None:
        if self.before is not None:
            quit_ = st.quit[0]
            for p in np.flatnonzero(quit_):
                for account in self.before[p]:
                    where = np.argwhere(st.account[0] == account)
                    if len(where) and st.active[0][tuple(where[0])]:
                        if where[0][0] == p:
                            self.waiting += 1
                        else:
                            assert st.occupied[0, where[0][0]]
                            assert where[0][0] // 5 == p // 5  # a teammate
                            self.moved += 1
        self.before = [st.account[0, p][st.active[0, p]] for p in range(st.active.shape[1])]


@pytest.mark.parametrize(("rule", "moves"), [(0, False), (1, True), (2, True)])
def test_each_rule_hands_the_accounts_to_whom_it_says(rule, moves):
    observer = Moves()
    simulate([resolve({**FIRM, "succession_rule": rule})], [4], observe=observer)
    assert observer.waiting > 0 if not moves else observer.moved > 0
    if not moves:
        assert observer.moved == 0


def test_the_rules_named_values_match_the_parameter_table():
    assert BY_NAME["succession_rule"].choices == {"wait": WAIT, "reassign": REASSIGN,
                                                  "similar": SIMILAR}
    assert BY_NAME["succession_rule"].default == WAIT


@pytest.mark.parametrize("rule", [1, 2])
def test_counterparts_follow_their_account_and_both_drivers_agree(rule):
    compiled = PromoterModel(rng=6, succession_rule=rule, **FIRM).run()
    agents = PromoterModel(rng=6, driver="agents", succession_rule=rule, **FIRM).run()
    for name in compiled.state.accounts.dtype.names:
        assert np.array_equal(compiled.state.accounts[name], agents.state.accounts[name]), name
    assert compiled.datacollector.get_model_vars_dataframe().equals(
        agents.datacollector.get_model_vars_dataframe())
    st = agents.state
    assert set(agents.counterpart_at) == set(zip(*np.nonzero(st.active[0]), strict=True))
    for (p, s), counterpart in agents.counterpart_at.items():
        assert counterpart.account == st.account[0, p, s] and counterpart.position == p


def test_a_policy_file_may_name_the_rule(tmp_path: Path):
    good = tmp_path / "similar.toml"
    good.write_text('[policy]\nsuccession_rule = "similar"\n', encoding="utf-8")
    assert load_policy(good).levers == {"succession_rule": 2}
    bad = tmp_path / "star.toml"
    bad.write_text('[policy]\nsuccession_rule = "star"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"star.toml: \[policy\]: 'succession_rule' must be "
                                          r"one of 'wait' \(0\), 'reassign' \(1\), 'similar'"):
        load_policy(bad)
    with pytest.raises(ConfigError, match=r"got 1\.5"):
        parse_assignment("succession_rule=1.5")
    assert parse_assignment("succession_rule=reassign") == ("succession_rule", 1)
    assert check_schedule([{"month": 3, "succession_rule": "wait"}], 12) == [
        (3, {"succession_rule": 0.0})]


def test_the_command_line_takes_the_rules_name(tmp_path: Path, capsys):
    out = tmp_path / "run"
    assert main(["run", "configs/baseline.toml", "--set", "succession_rule=similar", "--set",
                 "months=3", "--set", "n_teams=1", "--set", "spinup_months=0", "--out",
                 str(out)]) == 0
    assert '"succession_rule": 2,' in (out / "manifest.json").read_text(encoding="utf-8")
    assert main(["run", "configs/baseline.toml", "--set", "succession_rule=stars", "--out",
                 str(tmp_path / "bad")]) != 0
    assert "must be one of 'wait' (0)" in capsys.readouterr().err
