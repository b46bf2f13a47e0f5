"""promosim.sweep and promosim.sensitivity: the command's words, runs, means, indices, charts."""

import re

import pandas as pd
import pytest

import promosim
from promosim.cli import main
from promosim.errors import ConfigError
from promosim.experiments.store import load_results
from promosim.outcomes import OUTCOMES
from promosim.workflows import SensitivityResult, SweepResult


def test_the_command_prints_the_result_of_the_library(swept, tiny_file, tmp_path, capsys):
    out = tmp_path / "cmd"
    assert main(["sweep", str(tiny_file), "--workers", "0", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith(f"promosim sweep: {swept.report()}\n")
    assert printed.err.startswith("promosim sweep: tiny, grid design, 6 points × 2 replicates "
                                  "= 12 runs in 3 chunks, about ")
    pd.testing.assert_frame_equal(SweepResult(out).means(), swept.means())
    assert (out / "means.csv").is_file() and f"in {out / 'means.csv'})" in printed.out


def test_runs_means_and_the_manifest(swept):
    runs = swept.to_frame()
    pd.testing.assert_frame_equal(runs, load_results(swept.folder))
    assert len(runs) == 12 and swept.name == "tiny"
    assert swept.varied == ["supervision_base", "goal_clarity"]
    means = swept.means()
    assert means.index.names == ["supervision_base", "goal_clarity"] and len(means) == 6
    assert list(means.columns) == swept.outputs
    first = runs[runs["point"] == 0]["turnover_rate"].mean()
    assert means.iloc[0]["turnover_rate"] == pytest.approx(first)
    assert swept.report().startswith("tiny: 12 runs at 6 points\n")


def test_the_report_shows_units_and_money_a_year(swept, monkeypatch):
    outputs = ["turnover_rate", "mean_customer_trust", "revenue_first_year", "profit"]
    monkeypatch.setattr(SweepResult, "outputs", property(lambda self: outputs))
    first = swept.runs().query("point == 0")[outputs].mean()
    cells = [OUTCOMES["turnover_rate"].format(first["turnover_rate"]),
             OUTCOMES["mean_customer_trust"].format(first["mean_customer_trust"]),
             OUTCOMES["revenue_first_year"].format(first["revenue_first_year"]),  # one year's
             OUTCOMES["profit"].format(first["profit"] / 2)]  # 24 months' profit, a year
    lines = swept.report().splitlines()
    assert re.fullmatch(r"0\.1 +0\.2 +" + " +".join(map(re.escape, cells)), lines[3])
    assert cells[0].endswith("%") and cells[3].endswith(" M€")
    assert lines[-1] == ("(rates and money are a year's, as 'promosim compare' shows them; "
                         "means.csv has money over the horizon, in k€)")


def test_save_writes_the_means_and_force_removes_them(swept, tiny_file):
    folder = swept.save()
    written = pd.read_csv(folder / "means.csv")
    assert list(written.columns[:2]) == ["supervision_base", "goal_clarity"]
    assert written["profit"].to_numpy() == pytest.approx(swept.means()["profit"].to_numpy())
    promosim.sweep(tiny_file, out=folder, replicates=1, force=True, workers=0, progress=False)
    assert not (folder / "means.csv").exists()
    promosim.sweep(tiny_file, out=folder, force=True, workers=0, progress=False)


def test_the_chart_draws_a_line_per_value_of_the_second_parameter(swept):
    chart = swept.plot(["turnover_rate"])
    (axis,) = chart.axes
    assert axis.get_xlabel() == "supervision_base" and len(axis.get_lines()) == 2
    assert len(swept.plot(x="goal_clarity", by="supervision_base").axes[0].get_lines()) == 3
    with pytest.raises(ConfigError, match="'pay_level' is not varied by this sweep"):
        swept.plot(x="pay_level")


def test_settings_replace_the_files(tiny_file, tmp_path):
    result = promosim.sweep(tiny_file, out=tmp_path / "s", replicates=1, months=12,
                            overrides={"n_teams": 3}, series=True, workers=0, progress=False)
    runs = result.to_frame()
    assert len(runs) == 6 and (runs["months"] == 12).all() and (runs["n_teams"] == 3).all()
    assert result.series()["month"].max() == 12


@pytest.mark.parametrize(("call", "message"), [
    ({"overrides": {"goal_clarity": 0.3}}, "promosim.sweep: 'goal_clarity' is varied by"),
    ({"replicates": 0}, "promosim.sweep: 'replicates' must be a whole number from 1"),
    ({"series": "yes"}, "promosim.sweep: 'series' must be true or false"),
    ({"workers": -1}, "promosim.sweep: 'workers' must be a whole number from 0"),
    ({"design": 5}, "'design' must be a sweep file or a Sweep"),
])
def test_bad_arguments_are_one_clear_line(tiny_file, tmp_path, call, message):
    arguments = {"design": tiny_file, "out": tmp_path / "x", "workers": 0, **call}
    with pytest.raises(ConfigError) as error:
        promosim.sweep(**arguments)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert not (tmp_path / "x").exists()


def test_sensitivity_gives_the_commands_indices(tiny_file, tmp_path, capsys):
    result = promosim.sensitivity(tiny_file, method="morris", out=tmp_path / "lib", workers=0,
                                  progress=False)
    assert main(["sensitivity", str(tiny_file), "--method", "morris", "--out",
                 str(tmp_path / "cmd"), "--workers", "0"]) == 0
    assert capsys.readouterr().out.startswith(result.report() + "\nindices: ")
    indices = result.to_frame()
    pd.testing.assert_frame_equal(indices, pd.read_csv(tmp_path / "cmd" / "indices.csv"),
                                  check_exact=False)
    assert list(indices.columns) == ["outcome", "parameter", "mu", "mu_star", "mu_star_conf",
                                     "sigma"]
    ranked = result.ranking("turnover_rate")
    assert ranked["mu_star"].is_monotonic_decreasing
    assert len(result.ranking("turnover_rate", top=1)) == 1
    assert isinstance(result.sweep, SweepResult) and len(result.sweep.to_frame()) == 4 * 3 * 2
    folder = result.save(tmp_path / "elsewhere")
    assert (folder / "indices.csv").exists() and (folder / "indices.png").stat().st_size > 5_000
    assert len(result.plot().axes) == 2
    with pytest.raises(ConfigError, match="'profit' is not an output of this analysis"):
        result.ranking("profit")


def test_sobol_samples_must_be_a_power_of_two_everywhere(tiny_file, sweep_text_with, tmp_path,
                                                         capsys):
    said = "must be a power of 2 for Sobol indices (e.g. 32, 64, 128), got 6"
    with pytest.raises(ConfigError, match=re.escape(f"promosim.sensitivity: 'samples' {said}")):
        promosim.sensitivity(tiny_file, samples=6, workers=0)
    assert main(["sensitivity", str(tiny_file), "--samples", "6", "--workers", "0"]) == 2
    assert f"--samples {said}" in capsys.readouterr().err
    with pytest.raises(ConfigError, match=re.escape(f"[sensitivity] 'samples' {said}")):
        promosim.sensitivity(sweep_text_with("samples = 6"), workers=0)
    with pytest.raises(ConfigError, match="'samples' must be a power of 2 for a Sobol design"):
        promosim.sweep(sweep_text_with("", design="sobol", samples=6), workers=0)


@pytest.fixture
def sweep_text_with(tmp_path):
    """A sweep file of the tiny firm with a [sensitivity] line, or a design with samples."""
    def write(line: str, design: str = "lhs", samples: int = 4):
        path = tmp_path / f"{design}.toml"
        path.write_text(f"design = '{design}'\nsamples = {samples}\nmonths = 12\n"
                        "[parameters]\ngoal_clarity = { low = 0.2, high = 0.8 }\n"
                        f"[sensitivity]\n{line}\n", encoding="utf-8")
        return path
    return write


def test_a_result_object_can_be_made_from_indices(tmp_path):
    indices = pd.DataFrame({"outcome": ["churn_rate"] * 2, "parameter": ["a", "b"],
                            "S1": [0.1, 0.5], "S1_conf": [0.05, 0.1], "ST": [0.2, 0.7],
                            "ST_conf": [0.05, 0.1]})
    result = SensitivityResult(tmp_path, indices, "sobol")
    assert result.report() == "churn_rate: most influential by ST: b 0.7, a 0.2"
    assert list(result.ranking("churn_rate")["parameter"]) == ["b", "a"]
