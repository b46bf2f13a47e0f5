"""Random valid parameter points never produce NaN or state outside its bounds (Hypothesis)."""

from dataclasses import fields

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promosim import ConfigError
from promosim.batch import simulate
from promosim.parameters import PARAMETERS, check_consistency, resolve

#: State columns that are shares, probabilities or indices in [0, 1].
UNIT = ["skill", "expertise", "intrinsic_base", "intrinsic", "share", "effort", "work", "hardness",
        "cooperativeness", "quality", "knowledge", "identification", "role_conflict", "stress",
        "material_satisfaction", "recognition", "career", "leader_trust", "satisfaction", "loyalty",
        "mgmt_trust", "supervision", "latitude", "personal_trust", "firm_trust", "commitment",
        "career_success", "price_sensitivity", "power", "ambition"]
SIZE = {"n_teams": (1, 3), "team_size": (1, 4), "accounts_per_position": (1, 5),
        "months": (1, 24), "spinup_months": (0, 12), "shock_month": (0, 24)}


@st.composite
def parameter_points(draw):
    point = {}
    for spec in PARAMETERS:
        low, high = SIZE.get(spec.name, (spec.low, spec.high))
        if spec.integer:
            point[spec.name] = draw(st.integers(int(low), int(high)))
        else:
            point[spec.name] = draw(st.floats(low, high, allow_nan=False))
    try:
        check_consistency(point)
    except ConfigError:
        point["vacancy_min"], point["vacancy_max"] = 1, 3
        point["ramp_min"], point["ramp_max"] = 4, 6
        point["share_a_accounts"], point["share_b_accounts"] = 0.2, 0.3
        point["share_control_averse"], point["share_control_raising"] = 0.55, 0.25
    return resolve(point)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point=parameter_points(), seed=st.integers(0, 2**32 - 1))
def test_random_valid_points_stay_finite_and_in_bounds(point, seed):
    def check(st, month):
        for column in fields(st):
            values = getattr(st, column.name)
            if values.dtype.kind == "f":
                assert np.isfinite(values).all(), (column.name, month)
        for name in UNIT:
            values = getattr(st, name)
            assert (values >= 0.0).all() and (values <= 1.0).all(), (name, month)
        assert (st.control >= -1.0).all() and (st.control <= 1.0).all()
        assert (st.vacancy_left >= 0).all()

    result = simulate([point], [seed], observe=check)
    for name, values in result.series.items():
        assert np.isfinite(values).all(), name
    assert result.series["promoters"][0, -1] + result.series["vacancies"][0, -1] == (
        point["n_teams"] * point["team_size"])
