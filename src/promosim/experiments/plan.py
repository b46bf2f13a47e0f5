"""Plans: the runs of an experiment (design points × replicates) cut into chunks of plain data.

Replicate *k* of every point runs on the same seed, ``SeedSequence(base_seed).spawn(R)[k]``
(common random numbers). Runs are numbered ``point * replicates + replicate``. They are ordered
so that runs sharing a spin-up (same seed, same non-lever parameters) sit in the same chunk,
which lets a worker spin each firm up once and continue it under every policy. The chunks depend
only on the plan, never on the number of workers, so an interrupted experiment resumes on any
machine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from promosim.parameters import LEVERS, PARAMETERS
from promosim.params import Schedule
from promosim.version import model_version

#: Parameters that are not policy levers: runs that share them (and a seed) share a spin-up.
NON_LEVERS = tuple(p.name for p in PARAMETERS if p.name not in LEVERS)


def seed_text(seed: np.random.SeedSequence) -> str:
    """A seed as ``"entropy:k1.k2"`` (entropy and spawn key), enough to reproduce the run."""
    return f"{seed.entropy}:{'.'.join(str(k) for k in seed.spawn_key)}"


def parse_seed(text: str) -> np.random.SeedSequence:
    """The seed written by :func:`seed_text`."""
    entropy, _, key = text.partition(":")
    return np.random.SeedSequence(int(entropy), spawn_key=tuple(int(k) for k in key.split(".")
                                                                if k))


@dataclass(frozen=True)
class Task:
    """One chunk of runs as plain data: what a worker needs, and nothing it does not."""

    chunk: int
    runs: tuple[int, ...]
    points: tuple[int, ...]
    replicates: tuple[int, ...]
    values: dict[int, dict[str, float]]
    schedules: dict[int, list]
    base_seed: int
    series: bool
    events: bool


@dataclass
class Plan:
    """Every run of an experiment and how they are chunked.

    ``points`` has one row per design point: ``point``, ``label`` and every parameter.
    ``schedules`` holds one policy schedule per point (empty lists when there is none).
    """

    kind: str
    design: dict[str, Any]
    points: pd.DataFrame
    replicates: int
    base_seed: int
    schedules: list[list] = field(default_factory=list)
    chunk_runs: int = 32
    series: bool = False
    events: bool = False

    def __post_init__(self) -> None:
        if not self.schedules:
            self.schedules = [[] for _ in range(len(self.points))]
        self.schedules = [_plain_schedule(s) for s in self.schedules]
        self._chunks = self._cut()

    @property
    def runs(self) -> int:
        """Number of runs."""
        return len(self.points) * self.replicates

    @property
    def chunks(self) -> int:
        """Number of chunks."""
        return len(self._chunks)

    def chunk_runs_of(self, chunk: int) -> np.ndarray:
        """The run numbers of one chunk, in execution order."""
        return self._chunks[chunk]

    def tasks(self, skip: set[int] | frozenset[int] = frozenset()) -> Iterator[Task]:
        """The chunks not in ``skip``, as tasks for workers (built one at a time)."""
        columns = {p.name: (p.integer, self.points[p.name].to_numpy()) for p in PARAMETERS}
        for chunk, runs in enumerate(self._chunks):
            if chunk in skip:
                continue
            points, replicates = np.divmod(runs, self.replicates)
            own = sorted(set(points.tolist()))
            yield Task(
                chunk=chunk, runs=tuple(runs.tolist()), points=tuple(points.tolist()),
                replicates=tuple(replicates.tolist()),
                values={p: _typed(columns, p) for p in own},
                schedules={p: self.schedules[p] for p in own},
                base_seed=self.base_seed, series=self.series, events=self.events,
            )

    def identity(self) -> dict[str, Any]:
        """What makes two plans the same experiment (compared when resuming a folder).

        The model version is part of it: runs of an edited model never join older ones.

        Returns:
            The model version, the kind, fingerprints of the points and schedules, and the
            settings.
        """
        return {
            "model": model_version(),
            "kind": self.kind,
            "points": _table_digest(self.points),
            "schedules": _digest(self.schedules),
            "replicates": self.replicates,
            "base_seed": self.base_seed,
            "chunk_runs": self.chunk_runs,
            "series": self.series,
            "events": self.events,
        }

    def _cut(self) -> list[np.ndarray]:
        """Chunks of at most ``chunk_runs`` runs, each within one spin-up group."""
        group = self.points.groupby(list(NON_LEVERS), sort=False).ngroup().to_numpy()
        replicate = np.arange(self.replicates)
        chunks = []
        for g in dict.fromkeys(group.tolist()):
            points = np.flatnonzero(group == g)
            runs = (points[None, :] * self.replicates + replicate[:, None]).reshape(-1)
            chunks += [runs[i:i + self.chunk_runs] for i in range(0, runs.size,
                                                                   self.chunk_runs)]
        return chunks


def points_table(labels: Sequence[str], values: Sequence[Mapping[str, float]]) -> pd.DataFrame:
    """The points table: ``point``, ``label`` and one column per parameter."""
    frame = pd.DataFrame({"point": np.arange(len(labels)), "label": list(labels)})
    columns = {p.name: np.array([v[p.name] for v in values],
                                dtype=np.int64 if p.integer else np.float64) for p in PARAMETERS}
    return pd.concat([frame, pd.DataFrame(columns)], axis=1)


def design_points(labels: Sequence[str], base: Mapping[str, float],
                  design: pd.DataFrame) -> pd.DataFrame:
    """The points table of a design: the design's columns, every other parameter at ``base``.

    Integer parameters are rounded. Built column by column, so large designs are quick.

    Args:
        labels: a label per design point.
        base: every parameter's value where the design does not set it.
        design: the design table, one column per varied parameter.

    Returns:
        One row per point: ``point``, ``label``, every parameter.
    """
    count = len(design)
    frame = pd.DataFrame({"point": np.arange(count), "label": list(labels)})
    columns = {}
    for p in PARAMETERS:
        if p.name in design:
            column = design[p.name].to_numpy(dtype=np.float64)
            column = np.round(column) if p.integer else column
        else:
            column = np.full(count, base[p.name], dtype=np.float64)
        columns[p.name] = column.astype(np.int64 if p.integer else np.float64)
    return pd.concat([frame, pd.DataFrame(columns)], axis=1)


def _typed(columns: dict[str, tuple[bool, np.ndarray]], point: int) -> dict[str, float]:
    """The parameters of ``point`` as plain numbers, from the points table's columns."""
    return {name: int(column[point]) if integer else float(column[point])
            for name, (integer, column) in columns.items()}


def _plain_schedule(schedule: Schedule | None) -> list:
    return [[int(month), {k: float(v) for k, v in levers.items()}]
            for month, levers in schedule or ()]


def _table_digest(points: pd.DataFrame) -> str:
    """A fingerprint of the points table (names, labels and the exact values)."""
    digest = hashlib.sha256("\x1f".join(points.columns).encode())
    digest.update("\x1f".join(points["label"]).encode())
    numbers = points.drop(columns="label").to_numpy(dtype=np.float64)
    digest.update(np.ascontiguousarray(numbers).tobytes())
    return digest.hexdigest()[:16]


def _digest(content: Any) -> str:
    text = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
