"""What a results folder's manifest promises, and whether the files on disk keep that promise.

The manifest lists every completed chunk with the row count and SHA-256 checksum of each of its
parts, and the checksum of ``points.parquet``. :func:`parse_manifest` checks that a manifest is
whole and well-typed; :func:`inspect` checks every listed part against it, so a missing,
truncated or swapped part is found before anything reads it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promosim.errors import ConfigError, cut, shown

MANIFEST = "manifest.json"
POINTS = "points.parquet"
TABLES = ("runs", "series", "events")
#: Manifest format: 2 adds row counts and checksums. Folders without ``format`` are older ones,
#: whose parts can only be checked for existence.
FORMAT = 2
#: Largest manifest read (a 10-million-run sweep's manifest has a few hundred megabytes).
MAX_MANIFEST_BYTES = 1_000_000_000
_SHA256 = re.compile(r"[0-9a-f]{64}")


def part_name(chunk: int) -> str:
    """The file name of a chunk's part."""
    return f"part-{chunk:05d}.parquet"


def checksum(path: Path) -> str:
    """The SHA-256 of a file's bytes, as 64 hex digits."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class ManifestError(ConfigError):
    """A manifest that cannot be trusted: unreadable, truncated, or with missing or wrong keys."""

    def __init__(self, file: Path, reason: str):
        super().__init__(f"{file}: {reason}")
        self.reason = reason


class NotAnExperimentError(ManifestError):
    """A sound manifest of another kind of folder: one run written by ``promosim run``."""

    #: What the folder holds, as a predicate of the folder.
    HOLDS = "holds one run (written by 'promosim run'), not an experiment of many runs"

    def __init__(self, path: Path):
        super().__init__(path, f"{self.HOLDS}; reports and results need a folder written by "
                               "'promosim compare', 'sweep' or 'sensitivity'")


def read_json(path: Path) -> Any:
    """The parsed manifest file, or :class:`ManifestError` saying why it cannot be read."""
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as error:
        raise ManifestError(path, f"unreadable ({error.strerror})") from None
    if len(text) > MAX_MANIFEST_BYTES:
        raise ManifestError(path, f"damaged (larger than {MAX_MANIFEST_BYTES:,} bytes)")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ManifestError(path, f"damaged (not valid JSON: {cut(str(error), 80)})") from None


def parse_manifest(data: Any, path: Path) -> dict[str, Any]:
    """``data`` if it is a whole, well-typed manifest; else :class:`ManifestError`."""

    def damaged(why: str) -> ManifestError:
        return ManifestError(path / MANIFEST, f"damaged ({why})")

    if not isinstance(data, dict):
        raise damaged(f"expected a JSON object, got {shown(data)}")
    if data.get("kind") == "run" and "tables" not in data:  # not damaged: another kind of folder
        raise NotAnExperimentError(path)
    for key, kind in (("tables", list), ("chunks", int), ("chunks_completed", list)):
        if key not in data:
            raise damaged(f"'{key}' is missing")
        if not isinstance(data[key], kind) or isinstance(data[key], bool):
            raise damaged(f"'{key}' must be a {kind.__name__}, got {shown(data[key])}")
    tables = data["tables"]
    if "runs" not in tables or not set(tables) <= set(TABLES) or len(set(tables)) < len(tables):
        raise damaged(f"'tables' must name runs and optionally series, events once each, got "
                      f"{shown(tables)}")
    chunks = data["chunks"]
    if chunks < 1:
        raise damaged(f"'chunks' must be at least 1, got {chunks}")
    completed = data["chunks_completed"]
    for chunk in completed:
        if isinstance(chunk, bool) or not isinstance(chunk, int) or not 0 <= chunk < chunks:
            raise damaged(f"'chunks_completed' holds {shown(chunk)}, not a chunk number from 0 "
                          f"to {chunks - 1}")
    if len(set(completed)) < len(completed):
        raise damaged("'chunks_completed' lists a chunk twice")
    if not isinstance(data.get("finished"), str | None):
        raise damaged(f"'finished' must be a time or null, got {shown(data['finished'])}")
    if "identity" in data and not isinstance(data["identity"], dict):
        raise damaged(f"'identity' must be an object, got {shown(data['identity'])}")
    if "format" in data:
        if data["format"] != FORMAT:
            raise damaged(f"'format' must be {FORMAT}, got {shown(data['format'])}")
        _check_parts(data, damaged)
    return data


def _check_parts(data: dict[str, Any], damaged) -> None:
    """The checksummed parts of a format-2 manifest: one entry per completed chunk and table."""
    if not isinstance(data.get("points_sha256"), str) or not _SHA256.fullmatch(
            data["points_sha256"]):
        raise damaged("'points_sha256' must be 64 hex digits")
    parts = data.get("parts")
    if not isinstance(parts, dict):
        raise damaged(f"'parts' must be an object, got {shown(parts)}")
    if set(parts) != {str(c) for c in data["chunks_completed"]}:
        raise damaged("'parts' and 'chunks_completed' list different chunks")
    for chunk, tables in parts.items():
        if not isinstance(tables, dict) or set(tables) != set(data["tables"]):
            raise damaged(f"'parts' of chunk {chunk} must list {', '.join(data['tables'])}")
        for table, part in tables.items():
            rows = part.get("rows") if isinstance(part, dict) else None
            digest = part.get("sha256") if isinstance(part, dict) else None
            if (isinstance(rows, bool) or not isinstance(rows, int) or rows < 0
                    or not isinstance(digest, str) or not _SHA256.fullmatch(digest)):
                raise damaged(f"'parts' of chunk {chunk}, {table}: needs 'rows' (a whole "
                              "number) and 'sha256' (64 hex digits)")


@dataclass
class Inspection:
    """Which completed chunks of a folder are intact, which are damaged, and how far it got."""

    chunks: int
    intact: list[int]
    damaged: dict[int, list[str]] = field(default_factory=dict)
    points_intact: bool = True
    finished: bool = False

    @property
    def problems(self) -> list[str]:
        """Every damaged or missing file, as ``runs part 3: checksum differs``."""
        found = [] if self.points_intact else [f"{POINTS}: missing or damaged"]
        return found + [problem for chunk in sorted(self.damaged)
                        for problem in self.damaged[chunk]]

    @property
    def complete(self) -> bool:
        """Whether every chunk is there and intact and the experiment finished."""
        return self.finished and not self.problems and len(self.intact) == self.chunks

    def describe(self, most: int = 3) -> str:
        """The problems in a few words: ``2 damaged or missing files (runs part 3: ...)``."""
        problems = self.problems
        listed = "; ".join(problems[:most]) + ("; …" if len(problems) > most else "")
        return (f"{len(problems)} damaged or missing file{'s' if len(problems) != 1 else ''} "
                f"({listed})")


def inspect(path: Path, manifest: dict[str, Any]) -> Inspection:
    """Check every part of every completed chunk (and ``points.parquet``) against the manifest.

    A part is intact when it exists and, for format-2 manifests, has the recorded checksum.

    Args:
        path: the results folder.
        manifest: its manifest, checked by :func:`parse_manifest`.

    Returns:
        Which chunks are intact and which damaged, and whether the experiment finished.
    """
    parts = manifest.get("parts", {})
    intact, damaged = [], {}
    for chunk in sorted(manifest["chunks_completed"]):
        problems = []
        for table in manifest["tables"]:
            file = path / table / part_name(chunk)
            why = _problem(file, parts.get(str(chunk), {}).get(table), "format" in manifest)
            if why:
                problems.append(f"{table} part {chunk}: {why}")
        if problems:
            damaged[chunk] = problems
        else:
            intact.append(chunk)
    finished = manifest.get("finished") is not None and len(intact) == manifest["chunks"]
    return Inspection(manifest["chunks"], intact, damaged, points_intact(path, manifest),
                      finished)


def points_intact(path: Path, manifest: dict[str, Any]) -> bool:
    """Whether ``points.parquet`` is there and (format 2) has the recorded checksum."""
    record = {"sha256": manifest["points_sha256"]} if "format" in manifest else None
    return _problem(path / POINTS, record, record is not None) is None


def _problem(file: Path, record: dict | None, checked: bool) -> str | None:
    try:
        if not file.is_file():
            return "missing"
        if checked and record is not None and checksum(file) != record["sha256"]:
            return "checksum differs (truncated, changed or replaced)"
    except OSError as error:
        return f"unreadable ({error.strerror})"
    return None
