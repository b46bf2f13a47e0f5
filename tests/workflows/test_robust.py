"""promosim.robust_compare: results of earlier folders, resuming, files, chart, argument errors.

The command's printed answer is checked against the result in
``tests/uncertainty/test_robust.py`` (its end-to-end test of ``compare --uncertainty``).
"""

import pandas as pd
import pytest

import promosim
from promosim.errors import ConfigError
from promosim.workflows import RobustResult

from .conftest import FIRM

TINY = {"overrides": FIRM, "months": 24, "worlds": 3, "world_replicates": 2, "workers": 0,
        "progress": False, "plausible": False, "seed": 3}


@pytest.fixture(scope="module")
def robust(tmp_path_factory) -> RobustResult:
    """One policy against the baseline in 3 worlds × 2 replicates of the small firm."""
    return promosim.robust_compare("tight-control", **TINY,
                                   out=tmp_path_factory.mktemp("robust") / "uncertainty")


def test_a_result_read_from_the_folder_is_the_runs_result(robust):
    table = robust.to_frame()
    assert set(table["label"]) == {"baseline", "tight-control"}
    assert (robust.worlds, robust.replicates, robust.months) == (3, 2, 24)
    assert robust.reference == "baseline"
    pd.testing.assert_frame_equal(RobustResult(robust.folder).to_frame(), table)
    again = promosim.robust_compare("tight-control", **TINY, out=robust.folder)  # done already
    pd.testing.assert_frame_equal(again.to_frame(), table)
    assert str(robust) == robust.report()
    assert robust.report().startswith("Over 3 ")
    assert "  tight-control\n    Promoter turnover (a year)" in robust.report()
    table.loc[0, "difference"] = 99.0  # a copy: the result is unchanged
    assert robust.to_frame().loc[0, "difference"] != 99.0


def test_save_writes_the_tables_and_copies_them(robust, tmp_path):
    names = {"robust.csv", "robust-pairs.csv", "robust-ranks.csv", "robust-sensitivity.csv",
             "robust.json"}
    assert robust.save() == robust.folder
    assert names <= {path.name for path in robust.folder.iterdir()}
    copy = robust.save(tmp_path / "handout")
    assert {path.name for path in copy.iterdir()} == names
    assert (copy / "robust.csv").read_bytes() == (robust.folder / "robust.csv").read_bytes()
    assert set(robust.tables()) == {name[:-4] for name in names if name.endswith(".csv")}


def test_the_chart_shows_the_chances_of_beating_the_baseline(robust):
    chart = robust.plot()
    assert [axis.get_title() for axis in chart.axes] == ["Promoter turnover (a year)",
                                                         "Customer churn (a year)", "Profit"]
    assert chart._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(ConfigError, match="unknown outcome 'turnover'"):
        robust.plot(["turnover"])


@pytest.mark.parametrize(("call", "message"), [
    ({"policies": []}, "promosim.robust_compare: 'policies' must name at least one policy"),
    ({"worlds": 1}, "promosim.robust_compare: 'worlds' must be a whole number from 2 to"),
    ({"world_replicates": 0}, "'world_replicates' must be a whole number from 1 to"),
    ({"seed": -1}, "promosim.robust_compare: 'seed' must be a whole number from 0"),
    ({"design": "grid"}, "promosim.robust_compare: 'design' must be one of lhs, sobol"),
    ({"plausible": "yes"}, "promosim.robust_compare: 'plausible' must be True or False"),
    ({"posterior": 3}, "promosim.robust_compare: 'posterior' must be a posterior file"),
    ({"overrides": {"n_team": 2}}, "unknown parameter 'n_team' (did you mean 'n_teams'?)"),
    ({"workers": 1, "dask_local": 1}, "give one of workers, scheduler and dask_local"),
    ({"chunk_runs": 0}, "'chunk_runs' must be a whole number from 1 to 10,000"),
])
def test_bad_arguments_are_one_clear_line(tmp_path, call, message):
    arguments = {"policies": ["tight-control"], "worlds": 2, "out": tmp_path / "x",
                 "workers": 0, **call}
    with pytest.raises(ConfigError) as error:
        promosim.robust_compare(**arguments)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert not (tmp_path / "x").exists()


def test_a_result_of_another_folder_says_so(tmp_path):
    with pytest.raises(ConfigError, match=r"not a results folder \(no manifest.json\)"):
        RobustResult(tmp_path / "none").to_frame()
    with pytest.raises(ConfigError, match="no such results folder"):
        RobustResult(tmp_path / "none").save()
