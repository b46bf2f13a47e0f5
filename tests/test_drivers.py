"""The per-agent driver (the readable oracle) and the vectorised driver give identical runs."""

from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from promosim import PromoterModel
from promosim.scenario import load_policy

ROOT = Path(__file__).resolve().parents[1]
POLICIES = sorted((ROOT / "configs" / "policies").glob("*.toml"))


def assert_same_runs(a: PromoterModel, b: PromoterModel) -> None:
    for column in fields(a.state):
        left, right = getattr(a.state, column.name), getattr(b.state, column.name)
        assert np.array_equal(left, right), f"state column {column.name} differs"
    series_a = a.datacollector.get_model_vars_dataframe()
    series_b = b.datacollector.get_model_vars_dataframe()
    assert series_a.equals(series_b)
    assert a.events.equals(b.events)


def both_drivers(**parameters) -> tuple[PromoterModel, PromoterModel]:
    vectorised = PromoterModel(driver="vectorised", **parameters).run()
    agents = PromoterModel(driver="agents", **parameters).run()
    return vectorised, agents


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_identical_trajectories_on_several_seeds(small, seed):
    vectorised, agents = both_drivers(rng=seed, **small)
    assert_same_runs(vectorised, agents)


def test_identical_when_vacancies_are_filled_at_once(small):
    vectorised, agents = both_drivers(rng=8, vacancy_min=0, vacancy_max=0,
                                      **{**small, "months": 60})
    assert (vectorised.events.event == "hire").sum() > 0
    assert_same_runs(vectorised, agents)


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.stem)
def test_identical_trajectories_under_named_policies(small, path):
    levers = load_policy(path).levers
    vectorised, agents = both_drivers(rng=11, **small, **levers)
    assert_same_runs(vectorised, agents)


def test_identical_with_a_policy_schedule_and_a_shock(small):
    schedule = [(6, {"supervision_reactivity": 3.0, "goal_clarity": 0.0}), (20, {"matching": 1.0})]
    vectorised, agents = both_drivers(rng=5, policy_schedule=schedule, shock_month=8,
                                      shock_months=3, shock_share=1.0, **small)
    assert set(vectorised.events["event"]) >= {"spiral_start", "spiral_end"}
    assert_same_runs(vectorised, agents)


def test_the_run_exercises_the_life_cycle(small):
    """The identity tests are only meaningful if agents come and go during the run."""
    model = PromoterModel(rng=2, **{**small, "months": 60}).run()
    kinds = set(model.events["event"])
    assert {"hire", "quit", "relationship_start", "relationship_end"} <= kinds
