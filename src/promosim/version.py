"""Versions: the package's, and the model's (what a simulated number depends on).

The *model version* is the package version plus a short hash of the modules that define the
model: its equations, phases, parameter table, state and random numbers. Results folders record
it, a resume refuses to mix model versions, and the compiled engine keeps its cache per model
version, so an edited equation is never served from an old cache.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

#: The modules (relative to the package) whose source defines what a run computes.
MODEL_SOURCES: tuple[str, ...] = (
    "parameters.toml", "parameters.py", "params.py", "state.py", "randomness.py", "jit.py",
    "equations.py", "phases.py", "world.py", "context.py", "engine.py", "events.py", "metrics.py",
    "outcomes.py", "summary.py", "batch.py", "agents.py", "model.py",
)

PACKAGE = Path(__file__).resolve().parent


@cache
def package_version() -> str:
    """The installed package's version (from its metadata; ``0+unknown`` when not installed)."""
    try:
        return metadata.version("promosim")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@cache
def source_hash() -> str:
    """Twelve hex digits of SHA-256 over the model's sources, in :data:`MODEL_SOURCES` order."""
    digest = hashlib.sha256()
    for name in MODEL_SOURCES:
        digest.update(name.encode())
        digest.update((PACKAGE / name).read_bytes())
    return digest.hexdigest()[:12]


def model_version() -> str:
    """``<package version>+<source hash>``: equal only when a run would compute the same numbers."""
    return f"{package_version()}+{source_hash()}"
