"""Results folders: Parquet parts that stream to disk, a checked manifest, a lock, and loaders.

Layout (other tools read it; keep names)::

    manifest.json              kind, design, seeds, versions, start/end, completed chunks with
                               the row count and SHA-256 of each of their parts
    points.parquet             one row per design point: point, label, every parameter
    runs/part-NNNNN.parquet    one row per run: run, point, replicate, seed, outcomes
    series/part-NNNNN.parquet  optional: run, month, every monthly series
    events/part-NNNNN.parquet  optional: the event log, run numbers global
    .promosim.lock             held by the one process writing the folder

Every file is written atomically (a temporary file moved into place), parts before the
manifest that lists their chunk as completed, so a killed process never leaves a half-written
part or a completed chunk without its parts. Loaders check every part against its checksum and
refuse a damaged or unfinished folder unless asked for what is intact (``allow_partial``).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from promosim.errors import ConfigError, cut
from promosim.experiments.integrity import (
    FORMAT,
    MANIFEST,
    POINTS,
    TABLES,
    Inspection,
    ManifestError,
    NotAnExperimentError,
    checksum,
    inspect,
    parse_manifest,
    part_name,
    points_intact,
    read_json,
)
from promosim.experiments.plan import Plan
from promosim.output import atomic_write, now, versions
from promosim.version import model_version

__all__ = ["MANIFEST", "POINTS", "TABLES", "PartialResultsWarning", "ResultsFolder",
           "inspect_folder", "load_events", "load_points", "load_results", "load_series",
           "parquet_bytes", "part_name", "read_manifest"]

LOCK = ".promosim.lock"
#: Files made from the results (the report, sensitivity indices, a sweep's means): removed with
#: the results.
DERIVED = ("report.html", "report*.csv", "indices.csv", "indices.png", "means.csv")
#: A manifest larger than this is rewritten after a chunk only when its last write took under
#: :data:`MANIFEST_SHARE` of the time since (so a sweep of many chunks spends at most 5% of its
#: time on the manifest); smaller ones are rewritten after every chunk.
MANIFEST_BYTES = 1_000_000
MANIFEST_SHARE = 0.05


class PartialResultsWarning(UserWarning):
    """Results loaded from an unfinished or damaged folder: some runs are missing."""


class ResultsFolder:
    """A results folder being written by one experiment (hold :meth:`writing` while writing)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.manifest: dict[str, Any] = {}
        self.completed: set[int] = set()
        #: Chunks recorded in the manifest on disk (what a resume would find).
        self.saved: set[int] = set()
        #: Damaged or missing parts found when opening, whose chunks run again.
        self.repairs: list[str] = []
        self._plan: Plan | None = None
        self._parts: dict[int, dict[str, dict[str, Any]]] = {}
        #: The end time of the earlier, finished run of the plan, kept if nothing runs again.
        self._finished: str | None = None
        #: When the manifest was last written, how long that took, and its size in bytes.
        self._last_write = (0.0, 0.0, 0)

    @contextmanager
    def writing(self) -> Iterator[ResultsFolder]:
        """Hold the folder's lock (creating the folder); re-entrant within a thread.

        Yields:
            This folder, locked until the block ends.

        Raises:
            ConfigError: the path is not a folder, or another process is writing to it.
        """
        from filelock import FileLock, Timeout  # only writers need it

        try:
            if self.path.exists() and not self.path.is_dir():
                raise ConfigError(f"{self.path}: exists and is not a folder")
            self.path.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.path / LOCK, timeout=0, is_singleton=True)
            lock.acquire()
        except Timeout:
            raise ConfigError(f"{self.path}: another promosim process is writing to this folder; "
                              "wait until it ends, or use another --out folder") from None
        except OSError as error:
            raise ConfigError(f"{self.path}: cannot write here: {error.strerror}") from None
        try:
            yield self
        finally:
            lock.release()

    def check(self, plan: Plan, force: bool = False) -> dict[str, Any] | None:
        """The manifest of earlier results of the same plan (None if there are none).

        Args:
            plan: the plan about to run.
            force: delete results of another plan, or a damaged manifest, instead of refusing.

        Returns:
            The earlier manifest, or None.

        Raises:
            ConfigError: the folder holds another experiment's results, or a damaged manifest,
                and ``force`` is false (with ``force``, those results are deleted).
        """
        with self.writing():
            if not (self.path / MANIFEST).exists():
                if self._has_results():
                    self._refuse_or_clear(force, "holds results without a manifest.json")
                return None
            try:
                old = parse_manifest(read_json(self.path / MANIFEST), self.path)
            except NotAnExperimentError:  # a sound manifest, so no "its manifest.json is ..."
                self._refuse_or_clear(force, NotAnExperimentError.HOLDS)
                return None
            except ManifestError as damage:  # its reason is "damaged (...)" or "unreadable (...)"
                self._refuse_or_clear(force, f"its {MANIFEST} is {damage.reason}")
                return None
            mine = plan.identity()
            theirs = old.get("identity", {})
            differ = [k for k, v in mine.items() if theirs.get(k) != v]
            if "model" in differ:
                self._refuse_or_clear(force, f"holds results of model version "
                                      f"{cut(str(theirs.get('model', 'unknown')))} and this is "
                                      f"{mine['model']}: resuming would mix two versions of the "
                                      "model")
                return None
            if differ:
                self._refuse_or_clear(force, "holds the results of a different experiment ("
                                      + ", ".join(differ) + " differ)")
                return None
            return old

    def open(self, plan: Plan, force: bool = False, about: dict[str, Any] | None = None,
             ) -> set[int]:
        """Prepare the folder for ``plan``: write its points and a manifest of what is done.

        Completed chunks whose parts are missing or damaged are listed in :attr:`repairs` and
        run again; a damaged ``points.parquet`` is rewritten.

        Args:
            plan: the plan about to run.
            force: as in :meth:`check`.
            about: extra manifest entries.

        Returns:
            The chunks already completed (to skip).

        Raises:
            ConfigError: as :meth:`check`.
        """
        with self.writing():
            old = self.check(plan, force)
            for stale in self.path.glob("**/.*.tmp"):
                stale.unlink(missing_ok=True)
            tables = ["runs"] + [t for t in ("series", "events") if getattr(plan, t)]
            found = inspect(self.path, old) if old else Inspection(plan.chunks, [])
            self.repairs = found.problems
            self._plan = plan
            parts = old.get("parts", {}) if old else {}
            self._parts = {c: parts[str(c)] for c in found.intact if str(c) in parts}
            self.completed = set(self._parts)
            self._finished = (old["finished"] if old and isinstance(old.get("finished"), str)
                              and len(self.completed) == plan.chunks else None)
            self._remove_orphans(tables)
            if old is None or not found.points_intact:
                atomic_write(self.path / POINTS, lambda p: plan.points.to_parquet(p, index=False))
            months = sorted({int(m) for m in plan.points["months"]})
            self.manifest = {
                "format": FORMAT,
                "command": " ".join(sys.argv),
                "versions": versions(),
                "model_version": model_version(),
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
                "started": old["started"] if old and isinstance(old.get("started"), str)
                else now(),
                "finished": None,
                "points_sha256": checksum(self.path / POINTS),
                "chunks_completed": [],
                "parts": {},
            }
            self._write_manifest()
            return set(self.completed)

    def save_chunk(self, chunk: int, tables: Mapping[str, pd.DataFrame | bytes]) -> None:
        """Write a chunk's parts (runs last), then record the chunk with their checksums.

        The manifest is rewritten at once, except that a large one waits while writing it
        would take more than :data:`MANIFEST_SHARE` of the time (then it is written at a later
        chunk, :meth:`flush` or :meth:`finish`; until then, a killed process runs the chunk
        again).

        Args:
            chunk: the chunk's number.
            tables: the worker's tables (``runs``, and ``series``, ``events`` if kept), as
                DataFrames or already as Parquet files (:func:`parquet_bytes`).

        Raises:
            RuntimeError: the folder was not opened, or the tables are not the chunk's.
        """
        if self._plan is None:
            raise RuntimeError("open() the folder before saving chunks")
        files = {name: parquet_bytes(t) if isinstance(t, pd.DataFrame) else t
                 for name, t in tables.items()}
        readers = {name: pq.ParquetFile(pa.BufferReader(data)) for name, data in files.items()}
        expected = sorted(self._plan.chunk_runs_of(chunk).tolist())
        if set(files) != set(self.manifest["tables"]) or sorted(
                readers["runs"].read(columns=["run"]).column("run").to_pylist()) != expected:
            raise RuntimeError(f"chunk {chunk}: the worker returned other runs or tables than "
                               "the chunk's")
        parts = {}
        for name in sorted(files, key=lambda t: t == "runs"):
            data = files[name]
            atomic_write(self.path / name / part_name(chunk), lambda p, d=data: p.write_bytes(d))
            parts[name] = {"rows": readers[name].metadata.num_rows,
                           "sha256": hashlib.sha256(data).hexdigest()}
        self.completed.add(chunk)
        self._parts[chunk] = parts
        ended, took, size = self._last_write
        if size < MANIFEST_BYTES or took <= MANIFEST_SHARE * (time.monotonic() - ended):
            self._write_manifest()

    def flush(self) -> None:
        """Write the manifest if it lags behind the chunks saved."""
        if self.manifest and self.saved != self.completed:
            self._write_manifest()

    def finish(self) -> None:
        """Record the end time once every chunk is completed (else just flush).

        A finished folder opened again with nothing to run keeps its end time.
        """
        if len(self.completed) == self.manifest["chunks"]:
            self.manifest["finished"] = self._finished or now()
            self._write_manifest()
        else:
            self.flush()

    def _write_manifest(self) -> None:
        started = time.monotonic()
        done = set(self.completed)
        self.manifest["chunks_completed"] = sorted(done)
        self.manifest["parts"] = {str(c): self._parts[c] for c in sorted(done)}
        text = json.dumps(self.manifest, indent=2, default=str) + "\n"
        atomic_write(self.path / MANIFEST, lambda p: p.write_text(text, encoding="utf-8"))
        self.saved = done
        self._last_write = (time.monotonic(), time.monotonic() - started, len(text))

    def _remove_orphans(self, tables: list[str]) -> None:
        """Delete parts of chunks not completed (left by a kill, or damaged): they run again."""
        keep = {part_name(c) for c in self.completed}
        for table in TABLES:
            folder = self.path / table
            if folder.is_dir():
                for part in folder.glob("part-*.parquet"):
                    if table not in tables or part.name not in keep:
                        part.unlink(missing_ok=True)

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


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A table as the bytes of its Parquet part.

    A worker encodes its own chunk's tables, so that the process writing the folder only
    writes them.

    Returns:
        The Parquet file's bytes (what ``to_parquet`` would write, without the index).
    """
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def read_manifest(path: Path | str) -> dict[str, Any]:
    """The manifest of a results folder, checked to be whole and well-typed.

    Args:
        path: the results folder.

    Returns:
        The manifest's entries (what was run, with which settings and versions, how far it got).

    Raises:
        ConfigError: not a results folder, or its manifest is damaged.
    """
    path = Path(path)
    if not (path / MANIFEST).is_file():
        raise ConfigError(f"{path}: not a results folder (no {MANIFEST})")
    return parse_manifest(read_json(path / MANIFEST), path)


def inspect_folder(path: Path | str) -> Inspection:
    """How complete and intact a results folder is (every part checked against the manifest)."""
    return inspect(Path(path), read_manifest(path))


def load_points(path: Path | str) -> pd.DataFrame:
    """The design points of a results folder: point, label and every parameter."""
    if not points_intact(Path(path), read_manifest(path)):
        raise ConfigError(f"{path}: {POINTS} is missing or damaged; run the command that wrote "
                          "the folder again to repair it")
    return _read_parquet(Path(path) / POINTS)


def load_results(path: Path | str, allow_partial: bool = False) -> pd.DataFrame:
    """Every run of a finished results folder, one row each, joined with its design point.

    Args:
        path: the results folder.
        allow_partial: load the intact chunks of an unfinished or damaged folder (with a
            :class:`PartialResultsWarning` saying what is missing) instead of refusing it.

    Returns:
        Columns: run, point, replicate, seed, label, the outcomes of
        :data:`promosim.outcomes.OUTCOMES`, then every parameter of the run's point. Sorted by
        run.

    Raises:
        ConfigError: the folder is unfinished or has damaged or missing parts (unless
            ``allow_partial``).
    """
    points = load_points(path)
    runs = _load_table(path, "runs", None, allow_partial)
    if runs.empty:
        return runs
    frame = runs.merge(points, on="point", how="left", validate="many_to_one")
    head = ["run", "point", "replicate", "seed", "label"]
    return frame[head + [c for c in frame.columns if c not in head]]


def load_series(path: Path | str, runs: list[int] | None = None,
                allow_partial: bool = False) -> pd.DataFrame:
    """The monthly series of a results folder (optionally of some runs only); as load_results."""
    return _load_table(path, "series", runs, allow_partial)


def load_events(path: Path | str, runs: list[int] | None = None,
                allow_partial: bool = False) -> pd.DataFrame:
    """The event log of a results folder (optionally of some runs only); as load_results."""
    return _load_table(path, "events", runs, allow_partial)


def usable_chunks(path: Path | str, allow_partial: bool = False) -> list[int]:
    """The chunks a loader may read: all of a complete folder, the intact ones if partial.

    Args:
        path: the results folder.
        allow_partial: accept an unfinished or damaged folder (with a warning).

    Returns:
        The chunks' numbers.

    Raises:
        ConfigError: unfinished or damaged, and not ``allow_partial``.
    """
    manifest = read_manifest(path)
    found = inspect(Path(path), manifest)
    if found.complete:
        return found.intact
    what = [found.describe()] if found.problems else []
    if manifest.get("finished") is None or len(manifest["chunks_completed"]) < found.chunks:
        what.append(f"unfinished: {len(manifest['chunks_completed'])} of {found.chunks} chunks "
                    "completed")
    message = f"{path}: " + "; ".join(what)
    if not allow_partial:
        raise ConfigError(f"{message}; run the command that wrote it again to repair and finish "
                          "it, or load with allow_partial=True")
    warnings.warn(f"{message}; loaded the {len(found.intact)} intact chunks only",
                  PartialResultsWarning, stacklevel=4)
    return found.intact


def _load_table(path: Path | str, name: str, runs: list[int] | None,
                allow_partial: bool) -> pd.DataFrame:
    manifest = read_manifest(path)
    if name not in manifest["tables"]:
        raise ConfigError(f"{path}: has no {name} (tables: {', '.join(manifest['tables'])})")
    chunks = usable_chunks(path, allow_partial)
    files = [Path(path) / name / part_name(c) for c in chunks]
    if not files:
        return pd.DataFrame()
    import pyarrow.dataset as ds  # loaded on first use (workers never load results)

    where = ds.field("run").isin(runs) if runs is not None else None
    try:
        frame = ds.dataset([str(f) for f in files], format="parquet").to_table(
            filter=where).to_pandas()
    except (OSError, ValueError) as error:  # pyarrow's errors derive from these
        raise ConfigError(f"{path}: {name} parts cannot be read ({cut(str(error), 120)}); run "
                          "the command that wrote the folder again to repair them") from None
    parts = manifest.get("parts", {})
    if runs is None and parts and len(frame) != sum(parts[str(c)][name]["rows"] for c in chunks):
        raise ConfigError(f"{path}: {name} parts hold other row counts than the manifest says")
    if name == "runs" and frame["run"].duplicated().any():
        raise ConfigError(f"{path}: runs parts hold some runs twice; run the command that wrote "
                          "the folder again with --force")
    keys = [k for k in ("run", "month") if k in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _read_parquet(file: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(file)
    except (OSError, ValueError) as error:
        raise ConfigError(f"{file}: cannot be read ({cut(str(error), 120)}); run the command "
                          "that wrote the folder again to repair it") from None
