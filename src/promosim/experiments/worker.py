"""What a worker does with one chunk: run it with the batched engine and return plain tables.

Runs that share a seed and their non-lever parameters share the spin-up (it runs under the
baseline levers), so the chunk spins each distinct firm up once and continues it under every
point's levers. Results are identical to running each run alone (tested).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from promosim.batch import Checkpoint, history_key, simulate, spin_up
from promosim.experiments.plan import Task, seed_text
from promosim.experiments.store import parquet_bytes
from promosim.randomness import replicate_seed
from promosim.summary import summarise


def run_task(task: Task) -> dict[str, pd.DataFrame]:
    """Simulate a chunk; returns ``runs`` (and ``series``, ``events`` if asked) as DataFrames."""
    points = [task.values[p] for p in task.points]
    seeds = [replicate_seed(task.base_seed, r) for r in task.replicates]
    schedules = [task.schedules[p] for p in task.points]
    start = shared_spin_up(points, seeds)
    result = simulate(points, seeds, schedules, events=task.events, start=start)
    runs = np.asarray(task.runs)
    summary = summarise(result)
    summary.insert(0, "run", runs)
    summary.insert(1, "point", np.asarray(task.points))
    summary.insert(2, "replicate", np.asarray(task.replicates))
    summary.insert(3, "seed", [seed_text(s) for s in seeds])
    tables = {"runs": summary}
    if task.series:
        tables["series"] = result.series_frame(runs)
    if task.events:
        events = result.events
        events["run"] = runs[events["run"].to_numpy()]
        tables["events"] = events
    return tables


def run_chunk(task: Task) -> dict[str, bytes]:
    """Simulate a chunk, like :func:`run_task`, with its tables encoded where it ran.

    What pool and Dask workers send back, so that the process that writes the results folder
    only writes bytes and keeps its core free.

    Returns:
        Each table's Parquet file in memory (:func:`~promosim.experiments.store.parquet_bytes`).
    """
    return {name: parquet_bytes(frame) for name, frame in run_task(task).items()}


def shared_spin_up(points: list[dict[str, float]], seeds: list[np.random.SeedSequence],
                   ) -> Checkpoint:
    """The spun-up firms of a batch, each distinct (seed, non-lever parameters) spun up once."""
    keys = [history_key(pt, s) for pt, s in zip(points, seeds, strict=True)]
    first: dict[tuple, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    checkpoint = spin_up([points[i] for i in first.values()], [seeds[i] for i in first.values()])
    position = {key: j for j, key in enumerate(first)}
    return checkpoint.select([position[key] for key in keys])
