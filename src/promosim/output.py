"""Writing results: tables as Parquet or CSV, and a JSON manifest; every write is atomic."""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

FORMATS = ("parquet", "csv")
PACKAGES = ("promosim", "mesa", "numpy", "scipy", "pandas", "pyarrow")


@cache
def umask() -> int:
    """The process's file-creation mask, read once, on first use (never changed).

    Linux shows it in ``/proc/self/status``; elsewhere it is read by setting and restoring it.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, write) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``path`` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_table(frame: pd.DataFrame, stem: Path, fmt: str = "parquet") -> Path:
    """Write ``frame`` to ``stem.parquet`` or ``stem.csv``."""
    path = stem.with_suffix(f".{fmt}")
    if fmt == "parquet":
        return atomic_write(path, lambda p: frame.to_parquet(p, index=False))
    return atomic_write(path, lambda p: frame.to_csv(p, index=False))


def versions() -> dict[str, str]:
    """Versions of Python and the packages results depend on."""
    return dict(_versions())


@cache
def _versions() -> tuple[tuple[str, str], ...]:
    found = [("python", platform.python_version())]
    for name in PACKAGES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "not installed"))
    return tuple(found)


def now() -> str:
    """The current time in ISO 8601 (UTC)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_manifest(path: Path, content: Mapping[str, Any]) -> Path:
    """Write a JSON manifest with the command line, package versions and model version added."""
    from promosim.version import model_version

    full = {"command": " ".join(sys.argv), "versions": versions(),
            "model_version": model_version(), **content}
    text = json.dumps(full, indent=2, sort_keys=False, default=str)
    return atomic_write(path, lambda p: p.write_text(text + "\n", encoding="utf-8"))
