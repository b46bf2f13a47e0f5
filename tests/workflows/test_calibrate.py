"""promosim.calibrate: argument errors, the install hint, results of folders (fast).

A whole calibration, its command, resumption and result are in
``tests/uncertainty/test_calibration.py`` (slow).
"""

import importlib.util
import json

import pytest

import promosim
from promosim.cli import main
from promosim.errors import ConfigError
from promosim.workflows import CalibrationResult
from promosim.workflows.calibrate import INSTALL


@pytest.mark.parametrize(("call", "message"), [
    ({"population": 10}, "promosim.calibrate: 'population' must be a whole number from 20 to"),
    ({"generations": 0}, "promosim.calibrate: 'generations' must be a whole number from 1 to"),
    ({"budget": 50}, "promosim.calibrate: 'budget' must be a whole number from 100 to"),
    ({"screening": 8.0}, "promosim.calibrate: 'screening' must be a whole number from 32 to"),
    ({"fit": 0}, "promosim.calibrate: 'fit' must be a whole number from 1 to"),
    ({"seed": -1}, "promosim.calibrate: 'seed' must be a whole number from 0"),
    ({"workers": -1}, "promosim.calibrate: 'workers' must be a whole number from 0 to"),
    ({"force": "yes"}, "promosim.calibrate: 'force' must be True or False"),
    ({"firm": 3}, "promosim.calibrate: 'firm' must be a firm folder"),
    ({"policy": 3}, "promosim.calibrate: 'policy' must be a policy file"),
])
def test_bad_arguments_are_one_clear_line(tmp_path, call, message):
    arguments = {"firm": tmp_path / "firm", "out": tmp_path / "out", **call}
    with pytest.raises(ConfigError) as error:
        promosim.calibrate(**arguments)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert not (tmp_path / "out").exists()


def test_without_pyabc_it_says_how_to_install_it(monkeypatch, tmp_path, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyabc" else real(name, *a))
    with pytest.raises(ConfigError) as error:
        promosim.calibrate(tmp_path, out=tmp_path / "out")
    assert str(error.value) == INSTALL and "\n" not in INSTALL
    assert "pip install 'promosim[calibrate]'" in INSTALL
    assert main(["calibrate", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert INSTALL in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_result_of_no_finished_calibration_says_so(tmp_path):
    with pytest.raises(ConfigError, match="not a calibration folder"):
        CalibrationResult(tmp_path).to_frame()
    (tmp_path / "calibration.json").write_text(json.dumps({"state": "running"}))
    with pytest.raises(ConfigError, match="the calibration is not finished"):
        CalibrationResult(tmp_path).report()
    (tmp_path / "calibration.json").write_text(json.dumps({"state": "finished"}))
    with pytest.raises(ConfigError, match="'kind' must be one of parameters, predictive"):
        CalibrationResult(tmp_path).plot("posterior")
    with pytest.raises(ConfigError, match=r"parameters\.csv is missing"):
        CalibrationResult(tmp_path).to_frame()
    assert repr(CalibrationResult(tmp_path)) == f"CalibrationResult({str(tmp_path)!r})"
