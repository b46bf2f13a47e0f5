"""Random valid parameter points never produce NaN or state outside its bounds (Hypothesis)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from points import random_point
from promosim.batch import simulate

#: State columns that are shares, probabilities or indices in [0, 1].
UNIT = ["skill", "expertise", "intrinsic_base", "intrinsic", "share", "effort", "work", "hardness",
        "cooperativeness", "quality", "knowledge", "identification", "role_conflict", "stress",
        "material_satisfaction", "recognition", "career", "leader_trust", "satisfaction", "loyalty",
        "mgmt_trust", "supervision", "latitude", "personal_trust", "firm_trust", "commitment",
        "career_success", "price_sensitivity", "power", "ambition"]


@st.composite
def parameter_points(draw):
    base = {"n_teams": draw(st.integers(1, 3)), "team_size": draw(st.integers(1, 4)),
            "accounts_per_position": draw(st.integers(1, 5)), "months": draw(st.integers(1, 24)),
            "spinup_months": draw(st.integers(0, 12))}
    return random_point(np.random.default_rng(draw(st.integers(0, 2**32 - 1))), base)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point=parameter_points(), seed=st.integers(0, 2**32 - 1))
def test_random_valid_points_stay_finite_and_in_bounds(point, seed):
    def check(state, month):
        for level in ("promoters", "accounts", "teams"):
            records = getattr(state, level)
            for name in records.dtype.names:
                if records.dtype[name].kind == "f":
                    assert np.isfinite(records[name]).all(), (name, month)
        for name in UNIT:
            values = getattr(state, name)
            assert (values >= 0.0).all() and (values <= 1.0).all(), (name, month)
        assert (state.control >= -1.0).all() and (state.control <= 1.0).all()
        assert (state.vacancy_left >= 0).all()

    result = simulate([point], [seed], observe=check)
    for name, values in result.series.items():
        assert np.isfinite(values).all(), name
    assert result.series["promoters"][0, -1] + result.series["vacancies"][0, -1] == (
        point["n_teams"] * point["team_size"])
