"""Results folders: Parquet parts that stream to disk, a manifest, resuming, and loaders.

Layout (other tools read it; keep names)::

    manifest.json              kind, design, seeds, versions, start/end, completed chunks
    points.parquet             one row per design point: point, label, every parameter
    runs/part-NNNNN.parquet    one row per run: run, point, replicate, seed, outcomes
    series/part-NNNNN.parquet  optional: run, month, every monthly series
    events/part-NNNNN.parquet  optional: the event log, run numbers global

Every file is written atomically (a temporary file moved into place), parts before the
manifest that lists their chunk as completed, so a killed process never leaves a half-written
part or a completed chunk without its parts.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.dataset as ds

from promosim.errors import ConfigError
from promosim.experiments.plan import Plan
from promosim.output import atomic_write, now, versions

MANIFEST = "manifest.json"
POINTS = "points.parquet"
TABLES = ("runs", "series", "events")
#: Files made from the results (the report, sensitivity indices): removed with the results.
DERIVED = ("report.html", "report*.csv", "indices.csv", "indices.png")


def part_name(chunk: int) -> str:
    """The file name of a chunk's part."""
    return f"part-{chunk:05d}.parquet"


class ResultsFolder:
    """A results folder being written by one experiment."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.manifest: dict[str, Any] = {}
        self.completed: set[int] = set()

    def open(self, plan: Plan, force: bool = False, about: dict[str, Any] | None = None,
             ) -> set[int]:
        """Prepare the folder for ``plan``; returns the chunks already completed (to skip).

        Raises:
            ConfigError: the folder holds another experiment's results and ``force`` is false.

        """
        old = self.check(plan, force)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigError(f"{self.path}: cannot create folder: {error.strerror}") from None
        for stale in self.path.glob("**/.*.tmp"):
            stale.unlink(missing_ok=True)
        tables = ["runs"] + [t for t in ("series", "events") if getattr(plan, t)]
        done = set(old["chunks_completed"]) if old else set()
        self.completed = {c for c in done
                          if all((self.path / t / part_name(c)).exists() for t in tables)}
        months = sorted({int(m) for m in plan.points["months"]})
        self.manifest = {
            "command": " ".join(sys.argv),
            "versions": versions(),
            "kind": plan.kind,
            "design": plan.design,
            "base_seed": plan.base_seed,
            "replicates": plan.replicates,
            "seeds": f"replicate k runs on numpy SeedSequence({plan.base_seed}).spawn"
                     f"({plan.replicates})[k] for every point",
            "months": months[0] if len(months) == 1 else months,
            "points": len(plan.points),
            "runs": plan.runs,
            "chunks": plan.chunks,
            "chunk_runs": plan.chunk_runs,
            "tables": tables,
            **(about or {}),
            "identity": plan.identity(),
            "started": old["started"] if old else now(),
            "finished": None,
            "chunks_completed": sorted(self.completed),
        }
        self._write_manifest()
        if old is None or not (self.path / POINTS).exists():
            atomic_write(self.path / POINTS, lambda p: plan.points.to_parquet(p, index=False))
        return set(self.completed)

    def check(self, plan: Plan, force: bool = False) -> dict[str, Any] | None:
        """The manifest of earlier results of the same plan (None if there are none).

        Raises:
            ConfigError: the folder holds another experiment's results and ``force`` is false
                (with ``force``, those results are deleted).

        """
        if self.path.exists() and not self.path.is_dir():
            raise ConfigError(f"{self.path}: exists and is not a folder")
        old = _read_json(self.path / MANIFEST) if (self.path / MANIFEST).exists() else None
        if old is None and self._has_results():
            self._refuse_or_clear(force, "holds results without a manifest.json")
        elif old is not None:
            differ = [k for k, v in plan.identity().items()
                      if old.get("identity", {}).get(k) != v]
            if differ:
                self._refuse_or_clear(force, "holds the results of a different experiment ("
                                      + ", ".join(differ) + " differ)")
                return None
        return old

    def save_chunk(self, chunk: int, tables: dict[str, pd.DataFrame]) -> None:
        """Write a chunk's parts (runs last), then record the chunk as completed."""
        for name in sorted(tables, key=lambda t: t == "runs"):
            frame = tables[name]
            atomic_write(self.path / name / part_name(chunk),
                         lambda p, frame=frame: frame.to_parquet(p, index=False))
        self.completed.add(chunk)
        self.manifest["chunks_completed"] = sorted(self.completed)
        self._write_manifest()

    def finish(self) -> None:
        """Record the end time once every chunk is completed."""
        if len(self.completed) == self.manifest["chunks"]:
            self.manifest["finished"] = now()
            self._write_manifest()

    def _write_manifest(self) -> None:
        text = json.dumps(self.manifest, indent=2, default=str) + "\n"
        atomic_write(self.path / MANIFEST, lambda p: p.write_text(text, encoding="utf-8"))

    def _has_results(self) -> bool:
        return (self.path / POINTS).exists() or any((self.path / t).is_dir() for t in TABLES)

    def _refuse_or_clear(self, force: bool, why: str) -> None:
        if not force:
            raise ConfigError(f"{self.path}: {why}; use a new --out folder, or --force to "
                              "replace them")
        for name in (MANIFEST, POINTS):
            (self.path / name).unlink(missing_ok=True)
        for name in TABLES:
            shutil.rmtree(self.path / name, ignore_errors=True)
        for pattern in DERIVED:
            for path in self.path.glob(pattern):
                path.unlink(missing_ok=True)


def read_manifest(path: Path | str) -> dict[str, Any]:
    """The manifest of a results folder."""
    path = Path(path)
    if not (path / MANIFEST).exists():
        raise ConfigError(f"{path}: not a results folder (no {MANIFEST})")
    return _read_json(path / MANIFEST)


def load_points(path: Path | str) -> pd.DataFrame:
    """The design points of a results folder: point, label and every parameter."""
    read_manifest(path)
    return pd.read_parquet(Path(path) / POINTS)


def load_results(path: Path | str) -> pd.DataFrame:
    """Every completed run of a results folder, one row each, joined with its design point.

    Columns: run, point, replicate, seed, label, the outcomes of ``summary.OUTCOMES``, then every
    parameter of the run's point. Sorted by run.
    """
    points = load_points(path)
    runs = _load_table(path, "runs", None)
    if runs.empty:
        return runs
    frame = runs.merge(points, on="point", how="left", validate="many_to_one")
    head = ["run", "point", "replicate", "seed", "label"]
    return frame[head + [c for c in frame.columns if c not in head]]


def load_series(path: Path | str, runs: list[int] | None = None) -> pd.DataFrame:
    """The monthly series of a results folder (optionally of some runs only)."""
    return _load_table(path, "series", runs)


def load_events(path: Path | str, runs: list[int] | None = None) -> pd.DataFrame:
    """The event log of a results folder (optionally of some runs only)."""
    return _load_table(path, "events", runs)


def _load_table(path: Path | str, name: str, runs: list[int] | None) -> pd.DataFrame:
    manifest = read_manifest(path)
    folder = Path(path) / name
    if name not in manifest.get("tables", []):
        raise ConfigError(f"{path}: has no {name} (tables: {', '.join(manifest['tables'])})")
    completed = (folder / part_name(c) for c in manifest.get("chunks_completed", []))
    files = sorted(str(f) for f in completed if f.exists())
    if not files:
        return pd.DataFrame()
    dataset = ds.dataset(files, format="parquet")
    where = ds.field("run").isin(runs) if runs is not None else None
    frame = dataset.to_table(filter=where).to_pandas()
    keys = [k for k in ("run", "month") if k in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"{path}: unreadable manifest: {error}") from None
