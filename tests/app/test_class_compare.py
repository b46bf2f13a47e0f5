"""``promosim compare`` on a folder of hand-ins skips, and names, the files it cannot use."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from promosim.app.export import policy_toml
from promosim.app.firm import Firm, record
from promosim.app.handin import save_policy
from promosim.app.setup import Setup
from promosim.cli import main
from promosim.commands.compare import folders_opened, usable_policies
from promosim.errors import ConfigError
from promosim.experiments.store import load_results
from promosim.parameters import resolve
from promosim.scenario import load_scenario

from .conftest import ROOT

BASELINE = Setup().baseline
SMALL = ["--set", "n_teams=2", "--set", "team_size=3", "--set", "spinup_months=12",
         "--months", "12", "--replicates", "2", "--workers", "0"]


@pytest.fixture
def class_folder(tmp_path):
    """Two good hand-ins and three files that cannot be used."""
    folder = tmp_path / "class"
    for name, clarity in (("Team Blue", 0.9), ("Team Red", 0.3)):
        save_policy(folder, name, lambda unique, c=clarity: policy_toml(
            unique, "", {**BASELINE, "goal_clarity": c}, BASELINE))
    (folder / "broken.toml").write_text('name = "C:\\temp"\n[policy\n')
    (folder / "zz-copy.toml").write_text((folder / "team-blue.toml").read_text())
    (folder / "wrong-lever.toml").write_text('name = "x"\n[policy]\nn_teams = 3\n')
    return folder


def test_unusable_files_are_skipped_and_named(class_folder, capsys):
    scenario = load_scenario(ROOT / "configs" / "baseline.toml")
    files = sorted(str(p) for p in class_folder.glob("*.toml"))
    policies = usable_policies(files, scenario)
    assert sorted(p.name for p in policies) == ["Team Blue", "Team Red"]
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith("promosim compare: skipped ") for line in err)
    for name, why in (("broken.toml", "invalid TOML"), ("zz-copy.toml", "used by another file"),
                      ("wrong-lever.toml", "not a policy lever")):
        assert any(name in line and why in line for line in err), name


def test_a_name_that_is_no_file_and_a_class_without_usable_files_are_errors(class_folder):
    scenario = load_scenario(ROOT / "configs" / "baseline.toml")
    with pytest.raises(ConfigError, match="no-such-policy"):
        usable_policies([str(class_folder / "team-blue.toml"), "no-such-policy"], scenario)
    with pytest.raises(ConfigError, match="invalid TOML"):
        usable_policies([str(class_folder / "broken.toml")], scenario)
    with pytest.raises(ConfigError, match=r"wrong-lever\.toml"):  # one file among policy names
        usable_policies([str(class_folder / "wrong-lever.toml"), "tight-control"], scenario)
    with pytest.raises(ConfigError, match="none of the 2 policy files"):
        usable_policies([str(class_folder / "broken.toml"),
                         str(class_folder / "wrong-lever.toml")], scenario)


def test_a_folder_means_its_toml_files_in_name_order(class_folder, tmp_path):
    (class_folder / ".hidden.toml").write_text("")
    (class_folder / "notes.txt").write_text("")
    files = sorted(str(p) for p in class_folder.glob("[!.]*.toml"))
    assert folders_opened([str(class_folder)]) == files
    assert folders_opened(["tight-control", str(class_folder)]) == ["tight-control", *files]
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match=r"empty: no policy files \(\*\.toml\) in this folder"):
        folders_opened([str(tmp_path / "empty")])


def test_an_empty_folder_is_one_line(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["compare", str(tmp_path / "empty"), *SMALL]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no policy files (*.toml) in this folder" in err


@pytest.mark.parametrize("as_folder", [False, True], ids=["files", "folder"])
def test_the_class_is_compared_despite_a_broken_file(class_folder, tmp_path, capsys, as_folder):
    named = [str(class_folder)] if as_folder else sorted(
        str(p) for p in class_folder.glob("*.toml"))
    assert main(["compare", *named, "--out", str(tmp_path / "out"), *SMALL]) == 0
    captured = capsys.readouterr()
    assert "skipped" in captured.err and "broken.toml" in captured.err
    assert sorted(set(load_results(tmp_path / "out")["label"])) == ["Team Blue", "Team Red",
                                                                      "baseline"]


def test_hand_ins_are_compared_on_the_recorded_firm_and_seed_and_ranked(tmp_path, capsys):
    folder = tmp_path / "class"
    small = resolve({"n_teams": 2, "team_size": 3, "spinup_months": 12, "months": 12})
    for name, levers in (("Calm", {"supervision_reactivity": 0.2, "goal_clarity": 0.9}),
                         ("Tight", {"supervision_base": 0.9, "supervision_reactivity": 2.5})):
        save_policy(folder, name, lambda unique, lv=levers: policy_toml(
            unique, "", {**BASELINE, **lv}, BASELINE))
    record(folder, Firm("class", small, [], 42))
    files = sorted(str(p) for p in folder.glob("*.toml"))
    out = tmp_path / "out"
    assert main(["compare", str(folder), "--replicates", "3", "--workers", "0",
                 "--rank-by", "turnover_rate", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "the class's firm, recorded with the hand-ins: class, 2 teams × 3 positions, seed 42" \
        in captured.err
    points = pd.read_parquet(out / "points.parquet")
    assert set(points["n_teams"]) == {2} and set(points["team_size"]) == {3}
    assert json.loads((out / "manifest.json").read_text())["base_seed"] == 42
    printed = captured.out
    assert "ranked by promoter turnover, best first" in printed
    assert printed.index("1. Calm") < printed.index("2. Tight")
    assert main(["compare", *files, "--replicates", "2", "--workers", "0", "--set",
                 "n_teams=3", "--months", "6", "--out", str(tmp_path / "other")]) == 0
    assert "is not used: --config, --set or --months chose another" in capsys.readouterr().err
