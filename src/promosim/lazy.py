"""Public names of a package that load on first use (PEP 562), so start-up imports little."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, names: Mapping[str, str], eager: Mapping[str, Any],
               ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: ``names`` maps a name to its module.

    ``eager`` is the package's own namespace (its ``globals()``), listed by ``__dir__`` too.
    """

    def load(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        return getattr(importlib.import_module(names[name]), name)

    def listing() -> list[str]:
        return sorted({*eager, *names})

    return load, listing
