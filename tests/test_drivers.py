"""One implementation, two ways of running it: compiled (the engine) and interpreted (each Mesa
agent) give bit-identical runs, for every parameter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from points import random_point
from promosim import PromoterModel
from promosim.batch import simulate
from promosim.parameters import resolve
from promosim.scenario import load_policy

ROOT = Path(__file__).resolve().parents[1]
POLICIES = sorted((ROOT / "configs" / "policies").glob("*.toml"))


def assert_same_runs(a: PromoterModel, b: PromoterModel) -> None:
    for level in ("promoters", "accounts", "teams", "firms"):
        left, right = getattr(a.state, level), getattr(b.state, level)
        for name in left.dtype.names:
            assert np.array_equal(left[name], right[name]), f"state {level}.{name} differs"
    series_a = a.datacollector.get_model_vars_dataframe()
    series_b = b.datacollector.get_model_vars_dataframe()
    assert series_a.equals(series_b)
    assert a.events.equals(b.events)


def both_ways(**parameters) -> tuple[PromoterModel, PromoterModel]:
    compiled = PromoterModel(driver="compiled", **parameters).run()
    agents = PromoterModel(driver="agents", **parameters).run()
    return compiled, agents


@pytest.mark.parametrize("draw", range(6))
def test_identical_with_every_parameter_drawn_at_random(small, draw):
    """Every non-structural parameter moves (a new parameter is covered without a new test)."""
    rng = np.random.default_rng(1000 + draw)
    point = random_point(rng, small)
    compiled, agents = both_ways(rng=int(rng.integers(2**31)), **point)
    assert_same_runs(compiled, agents)


@pytest.mark.parametrize("seed", [1, 2])
def test_identical_at_the_defaults(small, seed):
    compiled, agents = both_ways(rng=seed, **small)
    assert_same_runs(compiled, agents)


def test_identical_when_vacancies_are_filled_at_once(small):
    compiled, agents = both_ways(rng=8, vacancy_min=0, vacancy_max=0, **{**small, "months": 60})
    assert (compiled.events.event == "hire").sum() > 0
    assert_same_runs(compiled, agents)


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.stem)
def test_identical_under_named_policies(small, path):
    compiled, agents = both_ways(rng=11, **small, **load_policy(path).levers)
    assert_same_runs(compiled, agents)


def test_identical_with_a_schedule_a_shock_and_forced_exits(small):
    schedule = [(6, {"supervision_reactivity": 3.0, "goal_clarity": 0.0}), (20, {"matching": 1.0})]
    compiled, agents = both_ways(rng=5, policy_schedule=schedule, shock_month=8, shock_months=3,
                                 shock_share=1.0, forced_exit_month=25, **small)
    assert set(compiled.events["event"]) >= {"spiral_start", "spiral_end", "quit"}
    assert_same_runs(compiled, agents)


def test_the_runs_exercise_the_life_cycle(small):
    """The identity tests are only meaningful if agents come and go during the run."""
    kinds = set(PromoterModel(rng=2, **{**small, "months": 60}).run().events["event"])
    assert {"hire", "quit", "relationship_start", "relationship_end", "role_gained"} <= kinds


INTERPRETED = """
import json, sys
from promosim.batch import simulate
from promosim.parameters import resolve
result = simulate([resolve(json.loads(sys.argv[1]))], [int(sys.argv[2])])
print(json.dumps({name: values[0].tolist() for name, values in result.series.items()}))
"""


def test_the_engine_gives_the_same_numbers_interpreted(small):
    """The compiled engine's own source, run by Python (``NUMBA_DISABLE_JIT=1``), agrees."""
    point = random_point(np.random.default_rng(7), small)
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    output = subprocess.run([sys.executable, "-c", INTERPRETED, json.dumps(point), "3"],
                            env=env, check=True, capture_output=True, text=True).stdout
    interpreted = json.loads(output)
    compiled = simulate([resolve(point)], [3]).series
    for name, values in compiled.items():
        assert values[0].tolist() == interpreted[name], name


@pytest.mark.slow
def test_this_module_passes_with_the_compiler_off():
    """Every test above again with ``NUMBA_DISABLE_JIT=1``: the engine's loops run as Python."""
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-m", "not slow", __file__], env=env, cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout.splitlines()[-1]
