"""Bad input gets one clear line naming the file, key and allowed values, and exit status 2."""

from pathlib import Path

import pytest

from promosim.cli import main
from promosim.errors import ConfigError
from promosim.scenario import load_policy, load_scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = str(ROOT / "configs" / "baseline.toml")


def run_cli(*args: str) -> int:
    return main(list(args))


def one_line_error(capsys, status: int, *words: str) -> str:
    out = capsys.readouterr()
    assert status == 2
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    assert "Traceback" not in out.err
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.fixture
def write(tmp_path):
    def _write(text: str, name: str = "file.toml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)
    return _write


def test_unknown_key_with_did_you_mean(capsys, write):
    path = write("[policy]\nsupervision_bse = 0.5\n")
    status = run_cli("run", path, "--months", "2", "--set", "spinup_months=0")
    one_line_error(capsys, status, path, "supervision_bse", "did you mean 'supervision_base'")


def test_unknown_key_in_policy_file(capsys, write, tmp_path):
    path = write("[policy]\ngoal_clarty = 0.9\n", "policy.toml")
    status = run_cli("run", BASELINE, "--policy", path, "--out", str(tmp_path / "out"))
    one_line_error(capsys, status, path, "goal_clarty", "did you mean 'goal_clarity'")


def test_value_out_of_range(capsys, write):
    path = write("[policy]\ngoal_clarity = 1.7\n")
    status = run_cli("run", path)
    one_line_error(capsys, status, path, "goal_clarity", "1.7", "from 0 to 1")


def test_wrong_type(capsys, write):
    path = write('[policy]\nfixed_share = "high"\n')
    status = run_cli("run", path)
    one_line_error(capsys, status, path, "fixed_share", "number", "str")


def test_integer_parameter_given_a_fraction(capsys, write):
    path = write("[structure]\nn_teams = 2.5\n")
    status = run_cli("run", path)
    one_line_error(capsys, status, path, "n_teams", "integer")


def test_malformed_toml(capsys, write):
    path = write("[policy\ngoal_clarity = 0.5\n")
    status = run_cli("run", path)
    one_line_error(capsys, status, path, "invalid TOML", "line 1")


def test_unreadable_file(capsys, tmp_path):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    status = run_cli("run", str(path))
    one_line_error(capsys, status, str(path))


def test_missing_file(capsys, tmp_path):
    path = str(tmp_path / "nowhere.toml")
    status = run_cli("run", path)
    one_line_error(capsys, status, path, "no such file")


def test_schedule_month_beyond_horizon(capsys, write, tmp_path):
    path = write("[policy]\ngoal_clarity = 0.9\n[[schedule]]\nmonth = 200\nbacking = 0.9\n",
                 "policy.toml")
    status = run_cli("run", BASELINE, "--policy", path, "--months", "120")
    one_line_error(capsys, status, path, "month", "from 1 to 120", "200")


def test_schedule_that_fits_a_long_horizon_but_not_a_short_one(capsys, write):
    path = write("[[schedule]]\nmonth = 100\nbacking = 0.9\n", "policy.toml")
    status = run_cli("run", BASELINE, "--policy", path, "--months", "60")
    one_line_error(capsys, status, path, "from 1 to 60")


def test_non_lever_in_policy_file(capsys, write):
    path = write("[policy]\nquit_base = 0.05\n", "policy.toml")
    status = run_cli("run", BASELINE, "--policy", path)
    one_line_error(capsys, status, path, "quit_base", "not a policy lever")


def test_key_in_the_wrong_table(capsys, write):
    path = write("[market]\ngoal_clarity = 0.5\n")
    status = run_cli("run", path)
    one_line_error(capsys, status, path, "goal_clarity", "[policy]")


def test_unknown_table(capsys, write):
    path = write("[polcy]\ngoal_clarity = 0.5\n")
    status = run_cli("run", path)
    one_line_error(capsys, status, path, "[polcy]", "did you mean 'policy'")


@pytest.mark.parametrize("assignment, words", [
    ("goal_clarity", ["NAME=VALUE"]),
    ("goal_clarity=lots", ["goal_clarity", "from 0 to 1", "lots"]),
    ("goal_clarity=2", ["goal_clarity", "out of range"]),
    ("goalclarity=0.5", ["did you mean 'goal_clarity'"]),
])
def test_bad_set_on_the_command_line(capsys, assignment, words):
    status = run_cli("run", BASELINE, "--set", assignment)
    one_line_error(capsys, status, "--set", *words)


def test_inconsistent_parameters(capsys, write):
    path = write("[promoter]\nvacancy_min = 5\nvacancy_max = 2\n")
    status = run_cli("run", path)
    one_line_error(capsys, status, path, "vacancy_min", "vacancy_max")


def test_output_folder_that_is_a_file(capsys, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    status = run_cli("run", BASELINE, "--months", "1", "--out", str(blocker))
    one_line_error(capsys, status, str(blocker), "not a folder")


def test_shipped_files_load():
    scenario = load_scenario(BASELINE)
    for path in sorted((ROOT / "configs" / "policies").glob("*.toml")):
        policy = load_policy(path)
        assert policy.levers, path
        assert scenario.with_policy(policy).values["months"] == 120


def test_policy_file_states_only_what_it_changes():
    scenario = load_scenario(BASELINE)
    policy = load_policy(ROOT / "configs" / "policies" / "tight-control.toml")
    changed = {k for k, v in scenario.with_policy(policy).values.items()
               if v != scenario.values[k]}
    assert changed == set(policy.levers)


def test_a_policy_file_that_sets_nothing_is_refused(tmp_path):
    empty, bare = tmp_path / "empty.toml", tmp_path / "bare.toml"
    empty.write_text("", encoding="utf-8")
    bare.write_text('name = "x"\n[policy]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"empty\.toml: is empty: a policy that changes nothing"):
        load_policy(empty)
    with pytest.raises(ConfigError, match=r"bare.toml: sets no lever \(no \[policy\] levers"):
        load_policy(bare)
