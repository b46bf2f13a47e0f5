"""Generated files (parameter docs, baseline scenario) match the parameter table."""

from pathlib import Path

from promosim.parameters import DEFAULTS, PARAMETERS
from promosim.reference import GENERATED
from promosim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def test_generated_files_are_up_to_date():
    for path, make in GENERATED.items():
        text = (ROOT / path).read_text(encoding="utf-8")
        assert text == make(text), (
            f"{path} is stale: run `python -m promosim.reference`")


def test_baseline_is_the_default_calibration():
    assert load_scenario(ROOT / "configs" / "baseline.toml").values == DEFAULTS


def test_every_parameter_has_unit_range_default_and_source():
    for p in PARAMETERS:
        assert p.unit and p.meaning and p.source, p.name
        assert p.low <= p.default <= p.high, p.name
        if p.is_lever:
            assert p.label and p.help, p.name
