"""`promosim validate-config`: good files pass, bad ones get one plain line each; the HR docs."""

import re

import pytest

from promosim.cli import main
from promosim.parameters import LEVERS, PARAMETERS
from promosim.reference import TABLE_END, TABLE_START, lever_table, with_lever_table

from .conftest import POLICIES, ROOT

DOC = ROOT / "docs" / "policies.md"
GOOD = [*sorted(POLICIES.glob("*.toml")), ROOT / "configs" / "baseline.toml",
        *sorted((ROOT / "configs" / "sweeps").glob("*.toml"))]

BAD = {
    "typo.toml": ('name = "x"\n[policy]\ngoal_clarty = 0.9\n', "goal_clarty"),
    "range.toml": ("[policy]\ngoal_clarity = 1.5\n", "goal_clarity"),
    "text.toml": ('[policy]\nfixed_share = "high"\n', "fixed_share"),
    "not-a-lever.toml": ("[policy]\nn_teams = 3\n", "n_teams"),
    "late.toml": ("[[schedule]]\nmonth = 500\ngoal_clarity = 0.2\n", "month"),
    "schedule-key.toml": ("[[schedule]]\nmonth = 3\nteam_size = 2\n", "team_size"),
    "syntax.toml": ("[policy\ngoal_clarity = 1\n", "TOML"),
    "bare-point.toml": ('name = "x"\n[policy]\ngoal_clarity = .9\n', "line 3: '.9' needs a digit"),
    "percent.toml": ('name = "x"\n[policy]\ngoal_clarity = 90%\n', "write the fraction 0.9"),
    "twice.toml": ('name = "x"\n[policy]\ngoal_clarity = 0.9\ngoal_clarity = 0.8\n',
                   "line 4: 'goal_clarity' is set twice (first in line 3)"),
    "quoted-comma.toml": ('[policy]\ngoal_clarity = "0,4"\n',
                          "'0,4' has a decimal comma; TOML numbers use a point: write 0.4"),
    "table.toml": ("[markt]\nvalue_a = 3\n", "markt"),
    "empty.toml": ("", "is empty: a policy that changes nothing is the baseline"),
    "no-lever.toml": ('name = "x"\n[policy]\n', "sets no lever (no [policy] levers"),
    "scenario.toml": ("[market]\nshare_a_accounts = 0.8\nshare_b_accounts = 0.5\n",
                      "share_a_accounts"),
    "sweep.toml": ('design = "grid"\n[parameters]\ngoal_clarity = { low = 0, high = 2 }\n',
                   "goal_clarity"),
}


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_shipped_files_are_ok(path, capsys):
    assert main(["validate-config", str(path)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"{path}: ok: ") and out.err == ""


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_problem_is_one_line_naming_file_and_key(tmp_path, capsys, name):
    text, key = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["validate-config", str(path)]) == 2
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert out.out == "" and len(lines) == 1
    assert lines[0].startswith(f"promosim validate-config: error: {path}: ")
    assert key in lines[0]


def test_levers_are_explained_in_business_words(tmp_path, capsys):
    path = tmp_path / "range.toml"
    path.write_text("[policy]\ngoal_clarity = 1.5\n", encoding="utf-8")
    main(["validate-config", str(path)])
    assert "allowed a number from 0 to 1 (Goal clarity: Clear, agreed goals" in (
        capsys.readouterr().err)


def test_every_file_is_checked_and_any_problem_fails(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[policy]\nmatching = -1\n", encoding="utf-8")
    good = POLICIES / "tight-control.toml"
    assert main(["validate-config", str(bad), str(good), str(tmp_path / "missing.toml")]) == 2
    out = capsys.readouterr()
    assert out.out.strip() == (f"{good}: ok: policy 'tight-control' sets 3 levers "
                               "(supervision_base = 0.6, supervision_reactivity = 2.5, "
                               "supervision_legitimacy = 0.1)")
    errors = out.err.strip().splitlines()
    assert len(errors) == 2 and "'matching' = -1" in errors[0] and "no such file" in errors[1]


def test_a_schedule_is_checked_against_the_given_scenario(tmp_path, capsys):
    policy = tmp_path / "later.toml"
    policy.write_text("[[schedule]]\nmonth = 60\ngoal_clarity = 0.9\n", encoding="utf-8")
    short = tmp_path / "short.toml"
    short.write_text("[structure]\nmonths = 36\n", encoding="utf-8")
    assert main(["validate-config", str(policy)]) == 0
    assert main(["validate-config", "--scenario", str(short), str(policy)]) == 2
    assert "from 1 to 36" in capsys.readouterr().err


def test_a_bad_lever_and_a_late_change_are_listed_together(tmp_path, capsys):
    policy = tmp_path / "both.toml"
    policy.write_text('name = "both"\n[policy]\ngoal_clarity = 90\n'
                      '[[schedule]]\nmonth = 500\ngoal_clarity = 0.5\n')
    assert main(["validate-config", str(policy)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "did you mean 0.9?" in err[0]
    assert "[[schedule]] entry 1: 'month' must be an integer from 1 to 120" in err[1]


def test_the_lever_table_in_the_docs_is_generated_from_the_parameter_table():
    text = DOC.read_text(encoding="utf-8")
    assert with_lever_table(text) == text, (
        "docs/policies.md is stale: run `python -m promosim.reference`")
    table = text[text.index(TABLE_START):text.index(TABLE_END)]
    assert table.count("\n| `") == len(LEVERS)
    for p in PARAMETERS:
        if p.is_lever:
            assert f"| `{p.name}` | **{p.label}.**" in table
    assert lever_table() in text


def test_the_example_in_the_docs_is_a_valid_policy(tmp_path, capsys):
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", text, flags=re.S).group(1)
    path = tmp_path / "my-policy.toml"
    path.write_text(example, encoding="utf-8")
    assert main(["validate-config", str(path)]) == 0
    assert "1 scheduled change" in capsys.readouterr().out


def test_every_problem_of_a_file_is_listed_one_line_each(tmp_path, capsys):
    path = tmp_path / "many.toml"
    path.write_text('name = "x"\n[policy]\ngoal_clarity = 90\nfeedback_frequency = 0,5\n'
                    'backng = 0.3\npay_level = "high"\n[[schedule]]\nmonth = 0\nmatching = 1.5\n',
                    encoding="utf-8")
    assert main(["validate-config", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 6
    assert all(line.startswith(f"promosim validate-config: error: {path}: ") for line in lines)
    said = "\n".join(lines)
    assert "line 4: '0,5' has a decimal comma; TOML numbers use a point: write 0.5" in said
    assert "'goal_clarity' = 90 is out of range" in said and "did you mean 0.9?" in said
    assert "unknown lever 'backng' (did you mean 'backing'?)" in said
    assert "'pay_level' must be" in said and "entry 1: 'month'" in said
    assert "'matching' = 1.5 is out of range" in said and "did you mean 0.015" not in said


def test_a_policy_without_its_policy_line_is_caught(tmp_path, capsys):
    path = tmp_path / "coach.toml"
    path.write_text('name = "coach"\ngoal_clarity = 0.9\nfeedback_frequency = 1\n',
                    encoding="utf-8")
    assert main(["validate-config", str(path)]) == 2
    line = capsys.readouterr().err.strip()
    assert "without its [policy] line" in line and "put a line [policy] above them" in line
    assert main(["compare", str(path), "--replicates", "2", "--months", "2"]) == 2  # refused too
    path.write_text('name = "coach"\n[policy]\ngoal_clarity = 0.9\n', encoding="utf-8")
    assert main(["validate-config", str(path)]) == 0


def test_a_percentage_without_the_policy_line_is_explained_too(tmp_path, capsys):
    path = tmp_path / "coach.toml"
    path.write_text('name = "coach"\ngoal_clarity = 90\n', encoding="utf-8")
    assert main(["validate-config", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and "without its [policy] line" in lines[0]
    assert "'goal_clarity' = 90 is out of range" in lines[1] and "did you mean 0.9?" in lines[1]


def test_a_decimal_comma_is_explained_and_the_rest_still_checked(tmp_path, capsys):
    path = tmp_path / "comma.toml"
    path.write_text("[policy]\ngoal_clarity = 0,9\nbacking = 2\n", encoding="utf-8")
    assert main(["validate-config", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and "write 0.9" in lines[0] and "'backing' = 2" in lines[1]


def test_a_misspelt_lever_above_a_missing_policy_line_gets_both_lines(tmp_path, capsys):
    path = tmp_path / "typo.toml"
    path.write_text('name = "x"\ngoal_clarityy = 0.9\n', encoding="utf-8")
    assert main(["validate-config", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert "a policy file without its [policy] line" in lines[0]
    assert "unknown lever 'goal_clarityy' (did you mean 'goal_clarity'?)" in lines[1]
