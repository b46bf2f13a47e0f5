"""promosim: relationship promoters, failure–distrust spirals and HR policies in B2B business.

The public names load on first use, so worker processes and the command line start without
importing Mesa.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from promosim.errors import ConfigError
from promosim.lazy import lazy_names
from promosim.version import package_version

if TYPE_CHECKING:
    from promosim.model import PromoterModel, PromoterScenario
    from promosim.scenario import Scenario, load_scenario

__all__ = ["ConfigError", "PromoterModel", "PromoterScenario", "Scenario", "load_scenario"]
__version__ = package_version()

_LAZY = {"PromoterModel": "promosim.model", "PromoterScenario": "promosim.model",
         "Scenario": "promosim.scenario",
         "load_scenario": "promosim.scenario"}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
