"""Policies designed in the dashboard round-trip through policy files with safe names."""

from __future__ import annotations

import tomllib

import pytest

from promosim.app.controls import parse_number, slider_step, themes
from promosim.app.export import (
    DESCRIPTION_LIMIT,
    NAME_LIMIT,
    SLUG_LIMIT,
    changed_levers,
    clean_text,
    file_name,
    policy_toml,
)
from promosim.app.handin import save_policy
from promosim.app.setup import Setup
from promosim.errors import ConfigError
from promosim.parameters import BY_NAME, LEVERS
from promosim.scenario import load_policy, load_scenario

from .conftest import ROOT

SETUP = Setup()


def test_only_changed_levers_are_written_and_they_round_trip(tmp_path):
    scenario = load_scenario("configs/baseline.toml")
    baseline = Setup(values=scenario.values).baseline
    levers = {**baseline, "supervision_base": 0.15, "bonus_horizon": 24.0,
              "fixed_share": 0.8000000000000002, "goal_clarity": baseline["goal_clarity"]}
    path = save_policy(tmp_path, 'Team "Blue"!', lambda name: policy_toml(
        name, "Light control,\nlong bonus.", levers, baseline, note="made in class"))
    assert path.name == "team-blue.toml"
    policy = load_policy(path)
    assert policy.name == 'Team "Blue"!'
    assert policy.description == "Light control, long bonus."
    assert policy.levers == {"fixed_share": 0.8, "bonus_horizon": 24.0, "supervision_base": 0.15}
    assert list(policy.levers) == [n for n in LEVERS if n in policy.levers]
    applied = scenario.with_policy(policy)
    for name in LEVERS:
        assert applied.values[name] == pytest.approx(levers[name])


def test_an_unchanged_policy_has_an_empty_table(tmp_path):
    path = save_policy(tmp_path, "", lambda name: policy_toml(name, "", SETUP.baseline,
                                                               SETUP.baseline))
    assert path.name == "policy.toml"
    assert tomllib.loads(path.read_text(encoding="utf-8"))["policy"] == {}
    with pytest.raises(ConfigError, match="sets no lever"):  # the baseline, compared anyway
        load_policy(path)


def test_levers_differ_from_the_scenario_not_from_the_defaults():
    baseline = {**SETUP.baseline, "matching": 0.5}
    assert changed_levers({**baseline, "matching": 0.0}, baseline) == {"matching": 0.0}
    assert changed_levers(baseline, baseline) == {}


def test_handing_in_never_overwrites(tmp_path):
    first = save_policy(tmp_path, "my policy", lambda name: f"first {name}")
    second = save_policy(tmp_path, "my policy", lambda name: f"second {name}")
    assert (first.name, second.name) == ("my-policy.toml", "my-policy-2.toml")
    assert first.read_text() == "first my policy"
    assert second.read_text() == "second my policy 2"


def test_file_names_are_safe():
    assert file_name("../../etc/passwd") == "etc-passwd.toml"
    assert file_name("Équipe 3") == "equipe-3.toml"
    assert file_name("C:\\temp\\x") == "c-temp-x.toml"
    assert file_name("NUL") == "policy-nul.toml"
    assert file_name("\x00\x01/\\..") == "policy.toml"
    assert file_name("名前") == "policy.toml"
    long = file_name("a" * 300)
    assert long == "a" * SLUG_LIMIT + ".toml"


NASTY = ["C:\\temp\\x", "a\\b", "a\\\\1 \\g<0>", "tab\tand\nnew\rline", "\x00\x01\x07\x1b[31m",
         "\x7f\x85\u2028\u2029", "\u202egnp.exe", "\ud800 lone", "\ufeffbom", '"quoted" \'s\'',
         "# not a comment", "[policy]", "x" * 300, "\\" * 300, "é" * 300, "", "   "]


@pytest.mark.parametrize("name", NASTY)
def test_a_nasty_name_gives_a_valid_policy_inside_the_folder(tmp_path, name, capsys):
    from promosim.cli import main

    levers = {**SETUP.baseline, "goal_clarity": 0.9}
    path = save_policy(tmp_path / "class", name, lambda unique: policy_toml(
        unique, name * 3, levers, SETUP.baseline))
    assert path.parent == tmp_path / "class"
    assert list((tmp_path / "class").iterdir()) == [path]
    assert len(path.name) <= SLUG_LIMIT + len(".toml")
    assert path.name.isascii() and path.name.replace("-", "").removesuffix(".toml").isalnum()
    policy = load_policy(path)
    assert policy.levers == {"goal_clarity": 0.9}
    assert policy.name == (clean_text(name, NAME_LIMIT) or "policy")
    assert len(policy.name) <= NAME_LIMIT and len(policy.description) <= DESCRIPTION_LIMIT
    assert all(ch.isprintable() for ch in policy.name + policy.description)
    assert main(["validate-config", str(path)]) == 0
    capsys.readouterr()


def test_clean_text_removes_controls_and_keeps_words():
    assert clean_text("  Team\x00 \x1b[31mBlue\n\tA\u200b\u202e ", 60) == "Team [31mBlue A"
    assert clean_text("é" * 100, 10) == "é" * 10
    assert clean_text("e\u0301", 5) == "é"  # composed


def test_every_lever_has_one_slider_with_a_sensible_step():
    listed = [name for names in themes().values() for name in names]
    assert sorted(listed) == sorted(LEVERS)
    for name in LEVERS:
        spec = BY_NAME[name]
        assert spec.label and spec.help
        if spec.choices:  # one position per named rule
            assert slider_step(spec) == 1.0
            continue
        assert 20 <= (spec.high - spec.low) / slider_step(spec) <= 1000


def test_slider_steps_are_round_and_reach_round_values():
    assert slider_step(BY_NAME["goal_clarity"]) == 0.01
    assert slider_step(BY_NAME["bonus_horizon"]) == 0.5  # 24 months can be reached
    assert slider_step(BY_NAME["supervision_reactivity"]) == 0.05


def test_a_number_box_reads_commas_and_keeps_anything_else_for_the_check():
    assert parse_number("0,9") == 0.9 and parse_number(" 24 ") == 24.0
    assert parse_number("abc") == "abc" and parse_number(None) is None
    assert parse_number("9" * 100) == "9" * 100  # too long to be a value: refused later


def test_hand_ins_with_the_same_name_can_be_compared(tmp_path):
    from promosim.experiments.compare import compare_plan

    def text(name: str) -> str:
        return policy_toml(name, "", {**SETUP.baseline, "goal_clarity": 0.9}, SETUP.baseline)

    paths = [save_policy(tmp_path, "Team Blue", text),
             save_policy(tmp_path, "Team Blue", text),
             save_policy(tmp_path, "baseline", text)]
    policies = [load_policy(path) for path in paths]
    assert [p.name for p in policies] == ["Team Blue", "Team Blue 2", "baseline 2"]
    scenario = load_scenario(ROOT / "configs" / "baseline.toml")
    plan = compare_plan(scenario, policies, replicates=2, base_seed=1)
    assert list(plan.points["label"]) == ["baseline", "Team Blue", "Team Blue 2", "baseline 2"]
