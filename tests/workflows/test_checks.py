"""promosim.firm_check and promosim.validate_config: problems as entries, words as the commands'."""

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

import promosim
from promosim.cli import main
from promosim.errors import ConfigError
from promosim.firm import check_firm, firm_parameters, firm_statistics, read_firm, records_of

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FIRM = ROOT / "examples" / "firm"
POLICY = ROOT / "configs" / "policies" / "tight-control.toml"


@pytest.fixture
def broken_firm(tmp_path) -> Path:
    """The example firm with two bad cells in people.csv (rows 2 and 4) and no teams.csv."""
    folder = tmp_path / "firm"
    shutil.copytree(EXAMPLE_FIRM, folder)
    lines = (folder / "people.csv").read_text(encoding="utf-8").splitlines()
    first, third = lines[1].split(","), lines[3].split(",")
    first[2], third[3] = "10.05.2022", "someday"
    lines[1], lines[3] = ",".join(first), ",".join(third)
    (folder / "people.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "teams.csv").unlink()
    return folder


def test_a_good_firm_gives_its_structure_and_statistics(capsys):
    check = promosim.firm_check(EXAMPLE_FIRM)
    assert check.ok and check.problems == [] and check.data is not None
    assert check.to_frame().empty
    assert list(check.to_frame().columns) == ["file", "row", "column", "message"]
    data = read_firm(EXAMPLE_FIRM)
    assert check.structure == firm_parameters(data)
    summary = check.summary()
    assert list(summary.columns) == ["part", "name", "value", "unit", "label"]
    structure = summary[summary["part"] == "structure"]
    assert dict(zip(structure["name"], structure["value"], strict=True)) == check.structure
    statistics = summary[summary["part"] == "statistic"].set_index("name")["value"]
    for name, value in firm_statistics(records_of(data)).items():
        assert statistics[name] == value or (math.isnan(value) and math.isnan(statistics[name]))
    assert main(["firm-check", str(EXAMPLE_FIRM)]) == 0
    assert capsys.readouterr().out == check.report() + "\n"
    assert str(check) == check.report() and "ok" in repr(check)


def test_each_problem_is_an_entry_naming_file_row_and_column(broken_firm, capsys):
    check = promosim.firm_check(broken_firm)
    assert not check.ok and check.data is None and check.statistics == {}
    frame = check.to_frame()
    assert len(frame) == len(check.problems) == 3
    rows = {tuple(None if pd.isna(cell) else cell for cell in (r.file, r.row, r.column))
            for r in frame.itertuples()}
    assert rows == {("teams.csv", None, None), ("people.csv", 2, "hire_date"),
                    ("people.csv", 4, "exit_date")}
    hire = frame[frame["column"] == "hire_date"].iloc[0]
    assert hire["message"] == "'10.05.2022' is not a date (YYYY-MM-DD)"
    assert [str(p) for p in check.problems] == check_firm(broken_firm)[1]
    assert check.summary().empty
    assert check.report().splitlines()[-1] == (f"{broken_firm}: 3 problems; the firm data "
                                               "format is in docs/firm-data.md")
    assert main(["firm-check", str(broken_firm)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[:-1] == check.problem_lines()
    assert err[-1] == f"promosim firm-check: error: {check.verdict()}"
    assert check.problem_lines(most=1)[-1] == "… and 2 more"


def test_a_check_is_saved_as_tables(broken_firm, tmp_path):
    good = promosim.firm_check(EXAMPLE_FIRM).save(tmp_path / "good")
    assert pd.read_csv(good / "problems.csv").empty
    assert len(pd.read_csv(good / "summary.csv")) == len(promosim.firm_check(EXAMPLE_FIRM)
                                                           .summary())
    bad = promosim.firm_check(broken_firm).save(tmp_path / "bad")
    assert len(pd.read_csv(bad / "problems.csv")) == 3 and not (bad / "summary.csv").exists()


@pytest.mark.parametrize(("folder", "message"), [
    ("no-such-folder", "no-such-folder: no such folder (a firm folder holds firm.toml"),
    (ROOT / "README.md", "README.md: is a file, not a folder"),
    (42, "promosim.firm_check: 'folder' must be a firm folder, got 42"),
])
def test_what_is_no_firm_folder_is_one_clear_line(folder, message):
    with pytest.raises(ConfigError) as error:
        promosim.firm_check(folder)
    assert message in str(error.value) and "\n" not in str(error.value)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_file_is_checked_and_every_problem_is_an_entry(tmp_path, capsys):
    bad = _write(tmp_path, "bad.toml", 'name = "x"\n[policy]\ngoal_clarity = 90\nbackng = 0.3\n')
    missing = tmp_path / "missing.toml"
    result = promosim.validate_config([POLICY, bad, missing])
    assert not result.ok and [f.ok for f in result.files] == [True, False, False]
    assert result.files[0].summary.startswith("policy 'tight-control' sets 3 levers")
    assert len(result.files[1].problems) == 2 and len(result.problems) == 3
    frame = result.to_frame()
    assert list(frame.columns) == ["file", "ok", "message"]
    assert list(frame["ok"]) == [True, False, False, False]
    assert list(frame["file"]) == [str(POLICY), str(bad), str(bad), str(missing)]
    assert "did you mean 0.9?" in frame["message"][1] and "no such file" in frame["message"][3]
    assert main(["validate-config", str(POLICY), str(bad), str(missing)]) == 2
    said = capsys.readouterr()
    prefix = "promosim validate-config: error: "
    printed = said.out.splitlines() + [line.removeprefix(prefix)
                                       for line in said.err.splitlines()]
    assert sorted(printed) == sorted(result.report().splitlines())
    assert promosim.validate_config(POLICY).ok and "1 of 3 files ok" in repr(result)
    saved = result.save(tmp_path / "out")
    pd.testing.assert_frame_equal(pd.read_csv(saved / "validate-config.csv"), frame)


def test_policies_are_checked_against_the_scenario_and_the_overrides(tmp_path):
    later = _write(tmp_path, "later.toml", "[[schedule]]\nmonth = 60\ngoal_clarity = 0.9\n")
    short = _write(tmp_path, "short.toml", "[structure]\nmonths = 36\n")
    assert promosim.validate_config(later).ok
    for result in (promosim.validate_config(later, scenario=short),
                   promosim.validate_config(later, scenario={"months": 36}),
                   promosim.validate_config(later, overrides={"months": 36})):
        assert not result.ok and "from 1 to 36" in result.problems[0]
    scenario = promosim.validate_config(short, overrides={"n_teams": 3}).files[0]
    assert scenario.ok and "2 parameters differ from the defaults, 36 months" in scenario.summary


@pytest.mark.parametrize(("call", "message"), [
    ({"paths": []}, "promosim.validate_config: 'paths' names no file"),
    ({"paths": [POLICY, 7]}, "'paths' must hold file names, got 7"),
    ({"paths": 7}, "'paths' must be a file or a list of files, got 7"),
    ({"paths": POLICY, "scenario": "no-such.toml"}, "no-such.toml: no such file"),
    ({"paths": POLICY, "overrides": [("n_teams", 2)]}, "'overrides' must map parameter names"),
    ({"paths": POLICY, "overrides": {"goal_clarity": 5}},
     "promosim.validate_config: overrides: 'goal_clarity' = 5 is out of range"),
])
def test_bad_arguments_are_one_clear_line(call, message):
    with pytest.raises(ConfigError) as error:
        promosim.validate_config(**call)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_percentage_without_the_policy_line_gets_both_explanations(tmp_path):
    path = _write(tmp_path, "coach.toml", 'name = "coach"\ngoal_clarity = 90\n')
    problems = promosim.validate_config(path).problems
    assert len(problems) == 2
    assert "without its [policy] line" in problems[0]
    assert "'goal_clarity' = 90 is out of range" in problems[1]
    assert "did you mean 0.9?" in problems[1]


@pytest.mark.parametrize(("text", "hint"), [
    ('[policy]\ngoal_clarity = "0,4"\n', "'0,4' has a decimal comma; TOML numbers use a point: "
                                         "write 0.4, without the quotes"),
    ('goal_clarity = "0,4"\n', "'0,4' has a decimal comma"),
    ('[policy]\ngoal_clarity = "40%"\n', "write the fraction 0.4, without the quotes"),
    ('[policy]\ngoal_clarity = "0.4"\n', "a number is written without quotes: 0.4"),
])
def test_a_number_written_as_text_is_explained(tmp_path, text, hint):
    problems = promosim.validate_config(_write(tmp_path, "quoted.toml", text)).problems
    assert len(problems) == 1 and hint in problems[0]
    assert "'goal_clarity' must be a number from 0 to 1" in problems[0]
