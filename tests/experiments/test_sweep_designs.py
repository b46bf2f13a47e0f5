import numpy as np
import pytest

from promosim.experiments.designs import (
    Factor,
    full_grid,
    latin_hypercube,
    make_design,
    sobol_sequence,
)

FACTORS = [Factor("supervision_base", 0.0, 1.0, levels=3), Factor("goal_clarity", 0.2, 0.8,
                                                                     values=(0.2, 0.5, 0.8)),
           Factor("n_teams", 1, 9, levels=2, integer=True)]


def test_full_grid_is_every_combination():
    grid = full_grid(FACTORS)
    assert len(grid) == 3 * 3 * 2
    assert list(grid.columns) == ["supervision_base", "goal_clarity", "n_teams"]
    assert len(grid.drop_duplicates()) == len(grid)
    assert sorted(grid["supervision_base"].unique()) == [0.0, 0.5, 1.0]
    assert sorted(grid["n_teams"].unique()) == [1.0, 9.0]


@pytest.mark.parametrize("design", ["lhs", "sobol"])
def test_space_filling_designs_are_seeded_and_in_range(design):
    first = make_design(design, FACTORS, 16, seed=3)
    again = make_design(design, FACTORS, 16, seed=3)
    other = make_design(design, FACTORS, 16, seed=4)
    assert first.equals(again)
    assert not first.equals(other)
    assert len(first) == 16
    for f in FACTORS:
        assert first[f.name].between(f.low, f.high).all()
    assert np.array_equal(first["n_teams"], np.round(first["n_teams"]))


def test_latin_hypercube_puts_one_point_in_each_stratum():
    design = latin_hypercube(FACTORS[:1], 10, seed=1)
    strata = np.floor(design["supervision_base"] * 10).astype(int)
    assert sorted(strata) == list(range(10))


def test_sobol_needs_a_power_of_two():
    with pytest.raises(ValueError, match="power of 2"):
        sobol_sequence(FACTORS, 12, seed=1)
