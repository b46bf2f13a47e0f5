"""The pattern-oriented validation runs, and its quick results do not drift unnoticed."""

from pathlib import Path

import numpy as np
import pytest

from promosim.cli import main
from promosim.validation import PATTERNS, Settings, save_figure, table, validate
from promosim.validation.p05_pay_mix import COMMISSION, RELATIONSHIP
from promosim.validation.p10_clarity_feedback import ARMS

#: Pass/fail of each pattern at quick settings (deterministic for the fixed seed). P2 and P11 are
#: known failures of the model (docs/validation.md); a change here means the calibration or the
#: random numbers moved. P7 at quick settings (12 replicates of a 24-position firm, two or three
#: forced exits each) measures the loss with an interval of about ±10 points, so its verdict there
#: is luck; at the full settings it passes (docs/validation.md).
ROOT = Path(__file__).resolve().parents[1]

EXPECTED = {"P1": True, "P2": False, "P3": True, "P4": True, "P5": True, "P6": True, "P7": False,
            "P8": True, "P9": True, "P10": True, "P11": False, "P12": True}


@pytest.fixture(scope="module")
def quick_results():
    return {r.code: r for r in validate(Settings.quick())}


def test_every_pattern_runs_and_reports(quick_results):
    assert list(quick_results) == list(PATTERNS) == [f"P{i}" for i in range(1, 13)]
    text = table(list(quick_results.values()))
    for code, result in quick_results.items():
        assert code in text and result.criterion in text and result.measured in text
    assert f"{sum(EXPECTED.values())} of 12 patterns reproduced" in text


def test_quick_results_are_as_expected(quick_results):
    assert {code: r.passed for code, r in quick_results.items()} == EXPECTED


def test_key_figures_are_in_the_literature_bands(quick_results):
    p8 = quick_results["P8"].details
    assert 0.15 <= p8["turnover"][0] <= 0.30
    assert 0.20 <= p8["churn"][0] <= 0.30
    p4 = quick_results["P4"].details
    assert -0.25 <= p4["mean_change"][0] <= -0.10
    p3 = quick_results["P3"].details["effects"]
    assert p3["reactive tight"][1] > 0 >= p3["loose, clear, feedback"][0] - 0.05


def test_figures_are_drawn(quick_results, tmp_path):
    for result in quick_results.values():
        path = save_figure(result, tmp_path / f"{result.code}.png")
        assert path.stat().st_size > 10_000


def test_validate_command_prints_the_table(capsys):
    assert main(["validate", "--quick", "-p", "P4", "-p", "P6"]) == 0
    out = capsys.readouterr().out
    assert "P4" in out and "P6" in out and "criterion" in out and "2 of 2" in out
    assert out.splitlines()[-1].startswith(  # its verdicts may differ from the full run's
        "This quick run uses a smaller firm and fewer runs than the full run, so its figures and "
        "verdicts can differ from the full run's; the reference is 'promosim validate'")
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "takes about 20 seconds; --quick runs a small firm with 12 replicates in about 4 " \
           "seconds" in out  # as docs/validation.md measures them


def test_only_a_smaller_run_names_the_full_run_as_reference():
    from promosim.workflows.validate import ValidationResult

    def last_line(settings: Settings) -> str:
        return ValidationResult([], settings, 1.0).report().splitlines()[-1]

    assert last_line(Settings()) == "(50 replicates per arm, seed 2026, 1 s)"
    assert last_line(Settings(replicates=80)) == "(80 replicates per arm, seed 2026, 1 s)"
    assert last_line(Settings(replicates=10)).startswith("This run uses fewer runs than the full")
    assert last_line(Settings(replicates=50, firm=Settings.quick().firm)).startswith(
        "This quick run uses a smaller firm than the full run")


def test_arms_match_the_shipped_policy_files():
    from promosim.scenario import load_policy

    policies = ROOT / "configs" / "policies"
    assert load_policy(policies / "commission-heavy.toml").levers == COMMISSION
    assert load_policy(policies / "relationship-bonus.toml").levers == RELATIONSHIP
    assert load_policy(policies / "clear-goals-feedback.toml").levers == ARMS["both"]


def test_controlled_asymmetry_is_a_property_of_the_update():
    from promosim.parameters import DEFAULTS
    from promosim.validation.p01_trust_asymmetry import controlled_crossings

    symmetric = {**DEFAULTS, "trust_loss": DEFAULTS["trust_gain"]}
    build, brk = controlled_crossings(DEFAULTS, seed=1)
    build_sym, brk_sym = controlled_crossings(symmetric, seed=1)
    assert build >= 2 * brk
    assert np.isclose(build_sym, brk_sym, rtol=0.35)


def test_one_replicate_gives_no_interval_and_no_pass():
    result = validate(Settings(replicates=1, firm=Settings.quick().firm), ["P10"])[0]
    assert not result.passed
    assert "nan" in result.measured
