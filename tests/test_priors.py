"""Priors: every drawable parameter has a valid one inside its range; draws are usable worlds."""

import dataclasses

import numpy as np
import pytest

from promosim.errors import ConfigError
from promosim.parameters import (
    BY_NAME,
    DRAWABLE,
    PARAMETERS,
    Prior,
    parse_prior,
    prior_problems,
    resolve,
)
from promosim.uncertainty.worlds import prior_draws, unit_design, worlds


def test_every_drawable_parameter_has_a_valid_prior_and_basis():
    assert prior_problems() == []
    for name in DRAWABLE:
        p = BY_NAME[name]
        prior = p.prior
        assert p.low <= prior.low < prior.high <= p.high, name
        assert p.prior_basis, name


def test_fixed_parameters_are_structure_events_spiral_levers_and_reference_points():
    fixed = {p.name for p in PARAMETERS if not p.drawable}
    assert {"n_teams", "months", "shock_share", "spiral_failures", "goal_clarity",
            "typical_satisfaction"} <= fixed
    assert {"trust_gain", "quit_base", "control_aversion"}.isdisjoint(fixed)
    for p in PARAMETERS:
        if p.group in ("structure", "shock", "spiral", "policy"):
            assert not p.drawable, p.name


def test_a_new_parameter_without_a_prior_fails_the_check():
    new = dataclasses.replace(BY_NAME["trust_gain"], name="new_rate", prior_text=None,
                              prior_basis="")
    [problem] = prior_problems((*PARAMETERS, new))
    assert "[trust.new_rate]: no prior" in problem


@pytest.mark.parametrize(("change", "message"), [
    ({"prior_text": "uniform(0.5, 2)"}, "leaves the parameter's range"),
    ({"prior_text": "beta(1, 2)"}, "family 'beta' is unknown"),
    ({"prior_text": "uniform 0.1 0.2"}, "must read family(low, high)"),
    ({"prior_text": "loguniform(0, 0.2)"}, "positive lower bound"),
    ({"prior_text": "uniform(0.3, 0.1)"}, "lower bound must be below"),
    ({"prior_text": "integers(0, 1)"}, "only for integer parameters"),
    ({"prior_basis": ""}, "no prior_basis"),
    ({"prior_text": "loguniform(0.06, 0.2)", "prior_basis": "assumption"}, "does not follow"),
])
def test_bad_priors_are_one_line_each(change, message):
    bad = dataclasses.replace(BY_NAME["trust_gain"], **change)
    [problem] = prior_problems((bad,))
    assert message in problem and "\n" not in problem
    assert problem.startswith("parameters.toml, [trust.trust_gain]")


def test_a_fixed_parameter_takes_no_prior():
    bad = dataclasses.replace(BY_NAME["goal_clarity"], prior_text="uniform(0.1, 0.9)")
    assert "takes no prior" in prior_problems((bad,))[0]
    with pytest.raises(ConfigError, match="fixed parameter has no prior"):
        _ = BY_NAME["goal_clarity"].prior


def test_quantile_functions():
    u = np.array([0.0, 0.5, 1.0])
    assert np.allclose(Prior("uniform", 1, 3).ppf(u), [1, 2, 3])
    assert np.allclose(Prior("loguniform", 0.05, 0.2).ppf(u), [0.05, 0.1, 0.2])
    ints = Prior("integers", 2, 4).ppf(np.linspace(0, 1, 301))
    assert set(ints) == {2, 3, 4} and abs(np.mean(ints == 3) - 1 / 3) < 0.01
    assert parse_prior("integers(2, 4)", 0, 10, integer=True) == Prior("integers", 2, 4)


def test_draws_are_valid_seeded_worlds():
    draws = prior_draws(400, seed=3)
    assert list(draws.columns) == list(DRAWABLE)
    again = prior_draws(400, seed=3)
    assert draws.equals(again) and not draws.equals(prior_draws(400, seed=4))
    for world in worlds(resolve({}), draws):  # each passes every check of a parameter set
        assert resolve(world) == world
    for name in DRAWABLE:
        prior = BY_NAME[name].prior
        assert draws[name].between(prior.low, prior.high).all(), name


def test_sobol_needs_a_power_of_two():
    assert unit_design(8, 3, seed=1, design="sobol").shape == (8, 3)
    with pytest.raises(ConfigError, match="power of 2"):
        unit_design(10, 3, seed=1, design="sobol")
