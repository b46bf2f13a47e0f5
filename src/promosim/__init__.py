"""promosim: relationship promoters, failure–distrust spirals and HR policies in B2B business.

The model is :class:`PromoterModel` (a Mesa model); :func:`load_scenario` reads a scenario file.
Every task of the command line is a function that returns a result object
(:mod:`promosim.workflows`): :func:`run_scenario`, :func:`compare`, :func:`sweep`,
:func:`sensitivity`, :func:`validate`, :func:`robust_compare` (policies over parameter worlds)
and :func:`calibrate` (the uncertain parameters fitted to a firm's records).

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
    from promosim.workflows.calibrate import calibrate
    from promosim.workflows.compare import compare
    from promosim.workflows.robust import robust_compare
    from promosim.workflows.run import run_scenario
    from promosim.workflows.sensitivity import sensitivity
    from promosim.workflows.sweep import sweep
    from promosim.workflows.validate import validate

__all__ = ["ConfigError", "PromoterModel", "PromoterScenario", "Scenario", "calibrate", "compare",
           "load_scenario", "robust_compare", "run_scenario", "sensitivity", "sweep",
           "validate"]
__version__ = package_version()

_LAZY = {"PromoterModel": "promosim.model", "PromoterScenario": "promosim.model",
         "Scenario": "promosim.scenario",
         "load_scenario": "promosim.scenario",
         "calibrate": "promosim.workflows.calibrate",
         "compare": "promosim.workflows.compare",
         "robust_compare": "promosim.workflows.robust",
         "run_scenario": "promosim.workflows.run",
         "sensitivity": "promosim.workflows.sensitivity",
         "sweep": "promosim.workflows.sweep",
         "validate": "promosim.workflows.validate"}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
