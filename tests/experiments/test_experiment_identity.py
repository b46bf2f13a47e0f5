"""A run's numbers depend only on its parameters and seed: alone, batched, in any worker."""

import numpy as np
import pandas as pd

from promosim.batch import simulate
from promosim.experiments.execution import execute, open_backend
from promosim.experiments.plan import Plan, parse_seed, seed_text
from promosim.experiments.store import load_events, load_results, load_series
from promosim.experiments.sweep import sweep_plan
from promosim.experiments.sweepfile import load_sweep
from promosim.experiments.worker import run_task
from promosim.model import PromoterModel
from promosim.outcomes import SERIES_NAMES as SERIES
from promosim.parameters import PARAMETERS
from promosim.randomness import replicate_seed
from promosim.summary import OUTCOMES, summarise, summarise_series


def alone(plan: Plan) -> pd.DataFrame:
    """Every run of the plan simulated on its own, one call each."""
    rows = []
    task_values = {p: v for t in plan.tasks() for p, v in t.values.items()}
    for point in range(len(plan.points)):
        for replicate in range(plan.replicates):
            seed = replicate_seed(plan.base_seed, replicate)
            result = simulate([task_values[point]], [seed], [plan.schedules[point]],
                              events=False)
            row = summarise(result)
            row.insert(0, "run", point * plan.replicates + replicate)
            rows.append(row)
    return pd.concat(rows, ignore_index=True).sort_values("run").reset_index(drop=True)


def outcomes(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["run", *OUTCOMES]].sort_values("run").reset_index(drop=True)


def test_replicate_seeds_are_the_spawned_children_and_round_trip():
    spawned = np.random.SeedSequence(11).spawn(4)
    for k, child in enumerate(spawned):
        mine = replicate_seed(11, k)
        assert np.array_equal(mine.generate_state(8), child.generate_state(8))
        back = parse_seed(seed_text(mine))
        assert np.array_equal(back.generate_state(8), child.generate_state(8))


def test_chunks_cover_every_run_once_and_share_spin_ups(sweep_file):
    plan = sweep_plan(load_sweep(sweep_file()))
    runs = np.concatenate([plan.chunk_runs_of(c) for c in range(plan.chunks)])
    assert sorted(runs.tolist()) == list(range(plan.runs))
    for chunk in range(plan.chunks):
        assert len(plan.chunk_runs_of(chunk)) <= plan.chunk_runs
    first = next(plan.tasks())
    assert len(set(first.replicates)) < len(first.replicates)


def test_a_task_carries_its_points_exactly_as_plain_numbers(sweep_file):
    plan = sweep_plan(load_sweep(sweep_file()))
    seen = set()
    for task in plan.tasks():
        assert set(task.values) == set(task.points)
        for point, values in task.values.items():
            seen.add(point)
            assert list(values) == [p.name for p in PARAMETERS]
            for p in PARAMETERS:
                assert type(values[p.name]) is (int if p.integer else float), p.name
                assert values[p.name] == plan.points.at[point, p.name], p.name
    assert seen == set(range(len(plan.points)))


def test_batched_chunks_equal_runs_alone_and_the_mesa_model(sweep_file):
    plan = sweep_plan(load_sweep(sweep_file()))
    batched = pd.concat([run_task(t)["runs"] for t in plan.tasks()], ignore_index=True)
    expected = alone(plan)
    pd.testing.assert_frame_equal(outcomes(batched), outcomes(expected))
    values = {p: v for t in plan.tasks() for p, v in t.values.items()}
    model = PromoterModel(rng=replicate_seed(plan.base_seed, 2), **values[4]).run()
    series = model.datacollector.get_model_vars_dataframe()
    row = summarise_series({n: series[n].to_numpy()[None, :] for n in SERIES})
    mine = outcomes(batched).set_index("run").loc[[4 * plan.replicates + 2]].reset_index(
        drop=True)
    pd.testing.assert_frame_equal(mine, row[list(OUTCOMES)])


def run_into(plan, folder, **backend):
    with open_backend(**backend) as b:
        execute(plan, folder, b, progress=False)
    return load_results(folder), load_series(folder), load_events(folder)


def test_process_pool_equals_this_process(sweep_file, tmp_path):
    plan = sweep_plan(load_sweep(sweep_file()))
    here = run_into(plan, tmp_path / "here", workers=0)
    pool = run_into(plan, tmp_path / "pool", workers=2)
    for a, b in zip(here, pool, strict=True):
        pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(outcomes(here[0]), outcomes(alone(plan)))


def test_dask_local_cluster_equals_this_process(sweep_file, tmp_path):
    plan = sweep_plan(load_sweep(sweep_file()))
    here = run_into(plan, tmp_path / "here", workers=0)
    dask = run_into(plan, tmp_path / "dask", dask_local=2)
    for a, b in zip(here, dask, strict=True):
        pd.testing.assert_frame_equal(a, b)

