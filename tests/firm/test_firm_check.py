"""Firm folders: a good one reads; each kind of bad data is one line naming file, row, column."""

import pytest

from promosim.cli import main
from promosim.firm.check import FirmDataError, check_firm, read_firm
from promosim.firm.structure import firm_parameters

from .conftest import FILES, write_firm


def test_the_tiny_firm_reads(tiny_firm):
    data = read_firm(tiny_firm)
    assert data.months == 24 and len(data.people) == 4 and len(data.assignments) == 3
    assert data.people["exit_date"].isna().sum() == 3
    assert firm_parameters(data) == {"n_teams": 2, "team_size": 2, "accounts_per_position": 1,
                                     "share_a_accounts": 1 / 3, "share_b_accounts": 1 / 3}


def _replace(file: str, old: str, new: str) -> dict[str, str]:
    assert old in FILES[file], old
    return {file: FILES[file].replace(old, new, 1)}


CASES = {
    "no manifest": ({"firm.toml": None}, "firm.toml: missing"),
    "manifest not TOML": ({"firm.toml": "format = [\n"}, "firm.toml: not valid TOML"),
    "unknown format": (_replace("firm.toml", "promosim-firm 1", "promosim-firm 9"),
                       "firm.toml: key 'format' must be \"promosim-firm 1\""),
    "window end missing": (_replace("firm.toml", "observed_to", "observed_until"),
                           "firm.toml: key 'observed_to' is missing (a date, YYYY-MM-DD)"),
    "window too short": (_replace("firm.toml", "2023-12-31", "2022-06-30"),
                         "firm.toml: the observation window"),
    "bad survey scale": (_replace("firm.toml", "[1, 5]", "[5, 1]"),
                         "firm.toml: [surveys]: 'customer_trust' must be [LOWEST, HIGHEST]"),
    "missing file": ({"people.csv": None}, "people.csv: missing"),
    "missing column": (_replace("people.csv", "exit_date", "exit"),
                       "people.csv, row 1: column 'exit_date' is missing"),
    "unparseable date": (_replace("people.csv", "2022-05-10", "10.05.2022"),
                         "people.csv, row 3, column hire_date: '10.05.2022' is not a date"),
    "impossible date": (_replace("people.csv", "2022-05-10", "2022-13-10"),
                        "people.csv, row 3, column hire_date: '2022-13-10' is not a date"),
    "exit before hire": (_replace("people.csv", "2023-02-01", "2021-02-01"),
                         "people.csv, row 3, column exit_date: exit_date 2021-02-01 is before "
                         "hire_date 2022-05-10"),
    "exit after window": (_replace("people.csv", "2023-02-01", "2024-02-01"),
                          "people.csv, row 3, column exit_date: 2024-02-01 is after the "
                          "observation window"),
    "unknown team": (_replace("people.csv", "P3,T2", "P3,T7"),
                     "people.csv, row 4, column team: unknown team 'T7'"),
    "repeated id": (_replace("people.csv", "P4,", "P1,"),
                    "people.csv, row 5, column id: id 'P1' is used in row 2 too"),
    "ragged row": (_replace("people.csv", "P4,T1,2023-03-01,", "P4,T1,2023-03-01,,x"),
                   "people.csv, row 5: 5 fields, but the header has 4"),
    "not UTF-8": ({"people.csv": FILES["people.csv"].encode("latin-1") + b"P9,T1,\xe9,\n"},
                  f"people.csv, row {FILES['people.csv'].count(chr(10)) + 1}: not UTF-8 text"),
    "semicolons": ({"teams.csv": FILES["teams.csv"].replace(",", ";")},
                   "teams.csv, row 1: columns separated by ';'"),
    "empty file": ({"teams.csv": ""}, "teams.csv, row 1: empty"),
    "too many people": (_replace("people.csv", "P3,T2", "P3,T1"),
                        "teams.csv, row 2, column positions: team 'T1' has 3 people"),
    "bad positions": (_replace("teams.csv", "T2,2", "T2,two"),
                      "teams.csv, row 3, column positions: must be a whole number"),
    "bad value class": (_replace("accounts.csv", ",B,", ",D,"),
                        "accounts.csv, row 3, column value_class: must be A, B or C"),
    "negative revenue": (_replace("accounts.csv", "20000", "-5"),
                         "accounts.csv, row 4, column yearly_revenue: must be a number of at "
                         "least 0"),
    "no value at all": (_replace("accounts.csv", ",C,20000", ",,"),
                        "accounts.csv, row 4: a value_class or a yearly_revenue is needed"),
    "account ends before it starts": (_replace("accounts.csv", "2022-11-30", "2020-11-30"),
                                      "accounts.csv, row 3, column end_date: end_date "
                                      "2020-11-30 is before start_date"),
    "unknown person": (_replace("assignments.csv", "A3,P3", "A3,P8"),
                       "assignments.csv, row 4, column person: unknown person 'P8'"),
    "unknown account": (_replace("assignments.csv", "A3,P3", "A9,P3"),
                        "assignments.csv, row 4, column account: unknown account 'A9'"),
    "overlapping assignments": ({"assignments.csv": FILES["assignments.csv"]
                                 + "A3,P1,2023-01-01,\n"},
                                "assignments.csv, row 5, column start_date: overlaps the "
                                "assignment in row 4"),
    "assignment before hire": (_replace("assignments.csv", "A2,P2,2022-05-10",
                                        "A2,P2,2021-07-01"),
                               "assignments.csv, row 3, column start_date: 2021-07-01 is "
                               "before person 'P2' was employed"),
    "assignment after exit": (_replace("assignments.csv", "A2,P2,2022-05-10,2022-11-30",
                                       "A2,P2,2022-05-10,"),
                              "assignments.csv, row 3, column end_date: an empty end_date is "
                              "after person 'P2' was employed"),
    "score off the scale": (_replace("surveys.csv", "A3,2", "A3,7"),
                            "surveys.csv, row 3, column score: must be from 1 to 5, got '7'"),
    "unknown measure": (_replace("surveys.csv", "customer_trust,A3", "happiness,A3"),
                        "surveys.csv, row 3, column measure: unknown measure 'happiness'"),
    "measure without scale": ({"surveys.csv": FILES["surveys.csv"]
                               + "2022-12-01,engagement,P1,4\n"},
                              "surveys.csv, row 4, column measure: measure 'engagement' has no "
                              "scale in firm.toml"),
    "survey outside window": (_replace("surveys.csv", "2022-12-01,customer_trust,A3",
                                       "2021-12-01,customer_trust,A3"),
                              "surveys.csv, row 3, column date: 2021-12-01 is outside the "
                              "observation window"),
    "unknown subject": (_replace("surveys.csv", "A3,2", "P3,2"),
                        "surveys.csv, row 3, column subject: unknown account 'P3'"),
    "binary file": ({"accounts.csv": b"\x00\x01\x02PK\x03\x04" * 40},
                    "accounts.csv"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_problem_is_one_line_naming_file_row_and_column(tmp_path, capsys, case):
    changes, expected = CASES[case]
    folder = write_firm(tmp_path / "firm", changes)
    data, problems = check_firm(folder)
    assert data is None and problems
    assert any(p.startswith(expected) for p in problems), problems
    assert all("\n" not in p for p in problems)
    with pytest.raises(FirmDataError):
        read_firm(folder)
    assert main(["firm-check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{folder}/{expected}" in err
    assert err.strip().splitlines()[-1].startswith(f"promosim firm-check: error: {folder}:")


def test_one_bad_row_is_reported_once(tmp_path):
    folder = write_firm(tmp_path / "firm", _replace("people.csv", "P3,T2,2019-01-01",
                                                     "P3,T2,2019-02-30"))
    _, problems = check_firm(folder)
    assert len(problems) == 1  # not again where P3 is assigned an account


def test_every_problem_of_one_assignment_is_said(tmp_path):
    folder = write_firm(tmp_path / "firm", {"assignments.csv": FILES["assignments.csv"]
                                            + "A3,P2,2022-01-01,\n"})
    _, problems = check_firm(folder)
    assert sorted(problems) == [
        "assignments.csv, row 4, column start_date: overlaps the assignment in row 5 (account "
        "'A3' has one responsible person at a time)",
        "assignments.csv, row 5, column end_date: an empty end_date is after person 'P2' was "
        "employed (until 2023-02-01)",
        "assignments.csv, row 5, column start_date: 2022-01-01 is before account 'A3' was a "
        "customer (from 2022-02-01)",
        "assignments.csv, row 5, column start_date: 2022-01-01 is before person 'P2' was "
        "employed (from 2022-05-10)",
    ]


def test_an_overlap_is_found_past_an_assignment_in_between(tmp_path):
    folder = write_firm(tmp_path / "firm", {"assignments.csv": FILES["assignments.csv"].replace(
        "A1,P1,2015-03-01,\n", "A1,P1,2015-03-01,\nA1,P3,2019-01-01,2019-06-30\n"
        "A1,P4,2023-03-01,\n")})
    _, problems = check_firm(folder)
    assert sorted(problems) == [
        "assignments.csv, row 3, column start_date: overlaps the assignment in row 2 (account "
        "'A1' has one responsible person at a time)",
        "assignments.csv, row 4, column start_date: overlaps the assignment in row 2 (account "
        "'A1' has one responsible person at a time)",
    ]


def test_a_good_folder_prints_its_statistics(tiny_firm, capsys):
    assert main(["firm-check", str(tiny_firm)]) == 0
    out = capsys.readouterr().out
    assert "ok: 'Tiny'" in out and "churn" in out and "survey_engagement" in out
    assert "not in the data" in out  # no engagement survey


def test_no_folder(tmp_path, capsys):
    assert main(["firm-check", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert f"error: {tmp_path / 'nowhere'}: no such folder" in err and err.count("nowhere") == 1
    (tmp_path / "file.csv").write_text("a\n")
    assert main(["firm-check", str(tmp_path / "file.csv")]) == 2
    assert "file.csv: is a file, not a folder" in capsys.readouterr().err
