"""A tiny firm folder written by hand, and a way to break one file of it."""

from pathlib import Path

import pytest

FILES = {
    "firm.toml": 'format = "promosim-firm 1"\nname = "Tiny"\nobserved_from = 2022-01-01\n'
                 "observed_to = 2023-12-31\n\n[surveys]\ncustomer_trust = [1, 5]\n",
    "teams.csv": "id,positions\nT1,2\nT2,2\n",
    "people.csv": "id,team,hire_date,exit_date\nP1,T1,2015-03-01,\nP2,T1,2022-05-10,2023-02-01\n"
                  "P3,T2,2019-01-01,\nP4,T1,2023-03-01,\n",
    "accounts.csv": "id,start_date,end_date,value_class,yearly_revenue\n"
                    "A1,2010-01-01,,A,100000\nA2,2021-06-01,2022-11-30,B,0\n"
                    "A3,2022-02-01,,C,20000\n",
    "assignments.csv": "account,person,start_date,end_date\nA1,P1,2015-03-01,\n"
                       "A2,P2,2022-05-10,2022-11-30\nA3,P3,2022-02-01,\n",
    "surveys.csv": "date,measure,subject,score\n2022-12-01,customer_trust,A1,4\n"
                   "2022-12-01,customer_trust,A3,2\n",
}


def write_firm(folder: Path, changes: dict[str, str | bytes | None] | None = None) -> Path:
    """The tiny firm in ``folder``; ``changes`` replaces files (None removes one)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **(changes or {})}.items():
        if text is None:
            continue
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def tiny_firm(tmp_path: Path) -> Path:
    return write_firm(tmp_path / "firm")
