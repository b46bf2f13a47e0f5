"""promosim: relationship promoters, failure–distrust spirals and HR policies in B2B business.

The public names load on first use, so worker processes and the command line start without
importing Mesa.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from promosim.errors import ConfigError

if TYPE_CHECKING:
    from promosim.model import PromoterModel
    from promosim.scenario import Scenario, load_scenario

__all__ = ["ConfigError", "PromoterModel", "Scenario", "load_scenario"]
__version__ = "0.1.0"

_LAZY = {"PromoterModel": "promosim.model", "Scenario": "promosim.scenario",
         "load_scenario": "promosim.scenario"}


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module 'promosim' has no attribute '{name}'")
    return getattr(importlib.import_module(_LAZY[name]), name)


def __dir__() -> list[str]:
    """The module's names, the lazily loaded public ones included (for completion)."""
    return sorted({*globals(), *_LAZY})
