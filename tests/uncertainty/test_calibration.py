"""Calibration: the deterministic sampler, the posterior file, the command, and (slow) a whole
calibration, its resumption, compare --posterior and a quick recovery check."""

import datetime as dt
import importlib.util
import math

import numpy as np
import pandas as pd
import pytest

from promosim.cli import main
from promosim.errors import ConfigError
from promosim.parameters import DRAWABLE, resolve
from promosim.uncertainty.calibration import MISSING_PENALTY, ScaledDistance
from promosim.uncertainty.posterior import Posterior, read_posterior, write_posterior
from promosim.workflows import CalibrationResult

needs_pyabc = pytest.mark.skipif(importlib.util.find_spec("pyabc") is None,
                                 reason="the calibrate extra is not installed")


def _toy_abc(tmp_path, workers, name):
    import pyabc

    from promosim.uncertainty.sampler import BatchModel, ordered_sampler

    class Toy(BatchModel):
        def draw(self, parameters):
            return float(parameters["a"]), float(np.random.normal())

        def simulate(self, calls):
            return [{"x": a + 0.2 * noise} for a, noise in calls]

    model = Toy()
    abc = pyabc.ABCSMC(model, pyabc.Distribution(a=pyabc.RV("uniform", 0, 1)),
                       ScaledDistance({"x": 1.0}), population_size=40,
                       sampler=ordered_sampler(7, workers, model))
    abc.new(f"sqlite:///{tmp_path / name}", {"x": 0.3})
    history = abc.run(max_nr_populations=3)
    frame, weights = history.get_distribution(t=history.max_t)
    return frame["a"].to_numpy(), weights, history.total_nr_simulations


@needs_pyabc
def test_the_sampler_gives_the_same_populations_for_any_number_of_workers(tmp_path):
    one = _toy_abc(tmp_path, 1, "one.db")
    two = _toy_abc(tmp_path, 2, "two.db")
    assert np.array_equal(one[0], two[0]) and np.array_equal(one[1], two[1])
    assert one[2] == two[2]
    assert abs(np.average(one[0], weights=one[1]) - 0.3) < 0.15


def test_the_distance_scales_each_statistic_and_penalises_missing_ones():
    distance = ScaledDistance({"a": 2.0, "b": 0.5})
    assert distance({"a": 2.0, "b": 1.0}, {"a": 0.0, "b": 0.5}) == pytest.approx(1.0)
    missing = distance({"a": math.nan, "b": 0.5}, {"a": 0.0, "b": 0.5})
    assert missing == pytest.approx(MISSING_PENALTY / math.sqrt(2))


def _posterior(weights=(1.0, 3.0)):
    base = resolve({})
    draws = pd.DataFrame([{n: base[n] for n in DRAWABLE}] * len(weights))
    draws["trust_gain"] = [0.08, 0.12][:len(weights)]
    return Posterior(draws, np.array(weights), {"n_teams": 3, "goal_clarity": 0.7},
                     ["trust_gain"], {"firm": "Test"})


def test_the_posterior_file_reads_back_and_resamples_by_weight(tmp_path):
    path = write_posterior(tmp_path / "posterior.parquet", _posterior())
    back = read_posterior(path)
    assert back.fixed == {"n_teams": 3, "goal_clarity": 0.7} and back.fitted == ["trust_gain"]
    assert back.about["firm"] == "Test"
    drawn = back.resample(400, seed=1)["trust_gain"]
    assert (drawn == 0.12).mean() == pytest.approx(0.75, abs=0.01)
    assert back.resample(400, seed=1).equals(back.resample(400, seed=1))
    assert back.best_estimate()["trust_gain"] == pytest.approx(0.11, abs=0.02)


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(b"not parquet"), "not a Parquet table"),
    (lambda p: pd.DataFrame({"weight": [1.0]}).to_parquet(p), "not a promosim posterior"),
])
def test_bad_posterior_files_are_one_line(tmp_path, make, message):
    path = tmp_path / "posterior.parquet"
    make(path)
    with pytest.raises(ConfigError, match=message):
        read_posterior(path)


def test_a_posterior_of_another_model_is_refused(tmp_path):
    posterior = _posterior()
    posterior.draws["no_such_parameter"] = 1.0
    path = write_posterior(tmp_path / "posterior.parquet", posterior)
    with pytest.raises(ConfigError, match="'no_such_parameter' is unknown"):
        read_posterior(path)


def test_calibrate_says_how_to_install_what_it_needs(monkeypatch, tmp_path, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyabc" else real(name, *a))
    assert main(["calibrate", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "pip install 'promosim[calibrate]'" in capsys.readouterr().err


@pytest.fixture(scope="module")
def small_firm(tmp_path_factory):
    from promosim.firm.synthetic import write_synthetic_firm

    folder = tmp_path_factory.mktemp("firm") / "firm"
    point = resolve({"n_teams": 2, "team_size": 4, "accounts_per_position": 3})
    return write_synthetic_firm(folder, point, 3, dt.date(2022, 1, 1), 24,
                                {"engagement": [5, 17]})


@needs_pyabc
@pytest.mark.slow
def test_a_whole_calibration_resumes_and_feeds_compare(small_firm, tmp_path, capsys):
    out = tmp_path / "cal"
    argv = ["calibrate", str(small_firm), "--out", str(out), "--population", "30",
            "--generations", "2", "--budget", "400", "--screening", "32", "--fit", "3",
            "--workers", "2", "--quiet"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "fitted parameters" in printed and "posterior predictive check" in printed
    result = CalibrationResult(out)  # the library's result, read from the folder
    assert printed == result.report() + "\n"
    table = result.to_frame()
    assert set(result.posterior.fitted) == set(table[table["fitted"]]["parameter"])
    assert len(result.plot().axes) >= 3 and result.plot("predictive")._repr_png_()[:4] == \
        b"\x89PNG"
    assert (result.save(tmp_path / "copy") / "posterior.parquet").exists()
    for name in ("posterior.parquet", "predictive.csv", "predictive.png", "parameters.csv",
                 "parameters.png", "influence.csv", "generations.csv", "calibration.json"):
        assert (out / name).exists(), name
    posterior = read_posterior(out / "posterior.parquet")
    assert len(posterior.fitted) == 3 and posterior.fixed["n_teams"] == 2
    assert main(argv) == 0  # the same command again: nothing left to do, the same posterior
    assert read_posterior(out / "posterior.parquet").draws.equals(posterior.draws)
    changed = [*argv[:-1], "--seed", "9", "--quiet"]
    assert main(changed) == 2
    assert "holds a calibration of other data, settings" in capsys.readouterr().err
    cmp = tmp_path / "cmp"
    assert main(["compare", "tight-control", "--months", "12", "--replicates", "2",
                 "--uncertainty", "3", "--world-replicates", "2", "--posterior",
                 str(out / "posterior.parquet"), "--workers", "0", "--out", str(cmp)]) == 0
    assert "worlds fitted to" in capsys.readouterr().out
    assert "How sure" in (cmp / "report.html").read_text()


def test_what_was_learnt_is_measured_against_the_prior():
    import pandas as pd

    from promosim.parameters import BY_NAME
    from promosim.uncertainty.recovery import learning_table

    prior = BY_NAME["competitor_pull"].prior
    low, middle, high = (float(prior.ppf(q)) for q in (0.05, 0.5, 0.95))
    truth = [low, high]
    rows = pd.DataFrame({"parameter": "competitor_pull", "truth": truth,
                         "q5": [t - 0.1 * (high - low) for t in truth],
                         "q50": [middle + 0.5 * (t - middle) for t in truth],
                         "q95": [t + 0.1 * (high - low) for t in truth]})
    table = learning_table(rows)
    assert table["width_left"].iloc[0] == pytest.approx(0.2)
    assert table["error_ratio"].iloc[0] == pytest.approx(0.5)


@needs_pyabc
@pytest.mark.slow
def test_a_quick_recovery_check(tmp_path):
    from promosim.uncertainty.calibration import Settings
    from promosim.uncertainty.recovery import coverage_table, recover

    settings = Settings(population=40, generations=2, budget=600, screening=48, fitted=4,
                        workers=2)
    rows = recover(tmp_path, 5, settings, {"n_teams": 2, "team_size": 4,
                                           "accounts_per_position": 3}, 24, {}, seed=4)
    table = coverage_table(rows)
    overall = table.iloc[-1]
    assert overall.checks == 20
    # nominal 90% (an approximate method may cover more often, never far less)
    assert overall.coverage_90 >= 0.6
    assert overall.coverage_50 >= 0.2


@needs_pyabc
@pytest.mark.slow
@pytest.mark.parametrize("moment", ["screening", "abc"])
def test_ctrl_c_ends_a_calibration_at_once_and_the_same_command_goes_on(tmp_path, moment):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "firm"
    out = tmp_path / "cal"
    command = [sys.executable, "-m", "promosim", "calibrate", str(example), "--out", str(out),
               "--workers", "2", "--population", "40", "--generations", "3", "--budget", "600",
               "--screening", "48"]

    from robustness.processes import HAS_PROC, session  # tests/ is on the path

    if not HAS_PROC:
        pytest.skip("needs /proc")
    group = session  # started in a new session: its processes are the calibration's

    process = subprocess.Popen(  # Ctrl-C as a terminal sends it: to the whole process group
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if moment == "abc" and (out / "abc.db").exists():
            time.sleep(1.0)
            break
        if moment == "screening" and len(group(process.pid)) >= 3:  # its workers are there
            break
        time.sleep(0.05)
    assert process.poll() is None, "the calibration ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert group(process.pid) == []
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    if moment == "abc":
        assert f"going on with {out}" in again.stderr
