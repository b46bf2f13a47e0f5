"""promosim: relationship promoters, failure–distrust spirals and HR policies in B2B business.

The model is :class:`PromoterModel` (a Mesa model); :func:`load_scenario` reads a scenario file.
Every task of the command line is a function that returns a result object
(:mod:`promosim.workflows`): :func:`run_scenario`, :func:`compare`, :func:`sweep`,
:func:`sensitivity`, :func:`validate`, :func:`robust_compare` (policies over parameter worlds),
:func:`calibrate` (the uncertain parameters fitted to a firm's records), :func:`firm_check` (a
firm's data checked) and :func:`validate_config` (scenario, policy and sweep files checked);
:func:`report` writes the HTML report of a comparison's results folder and :func:`serve_app`
serves the teaching dashboard (:mod:`promosim.app.launch`).

The public names load on first use, so worker processes and the command line start without
importing Mesa.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from promosim.errors import ConfigError
from promosim.lazy import lazy_names
from promosim.version import package_version

if TYPE_CHECKING:
    from promosim.app.launch import serve_app
    from promosim.model import PromoterModel, PromoterScenario
    from promosim.scenario import Scenario, load_scenario
    from promosim.workflows.calibrate import calibrate
    from promosim.workflows.compare import compare, report
    from promosim.workflows.firm_check import firm_check
    from promosim.workflows.robust import robust_compare
    from promosim.workflows.run import run_scenario
    from promosim.workflows.sensitivity import sensitivity
    from promosim.workflows.sweep import sweep
    from promosim.workflows.validate import validate
    from promosim.workflows.validate_config import validate_config

__all__ = ["ConfigError", "PromoterModel", "PromoterScenario", "Scenario", "calibrate", "compare",
           "firm_check", "load_scenario", "report", "robust_compare", "run_scenario",
           "sensitivity", "serve_app", "sweep", "validate", "validate_config"]
__version__ = package_version()

_LAZY = {"PromoterModel": "promosim.model", "PromoterScenario": "promosim.model",
         "Scenario": "promosim.scenario",
         "load_scenario": "promosim.scenario",
         "calibrate": "promosim.workflows.calibrate",
         "compare": "promosim.workflows.compare",
         "firm_check": "promosim.workflows.firm_check",
         "report": "promosim.workflows.compare",
         "robust_compare": "promosim.workflows.robust",
         "run_scenario": "promosim.workflows.run",
         "sensitivity": "promosim.workflows.sensitivity",
         "serve_app": "promosim.app.launch",
         "sweep": "promosim.workflows.sweep",
         "validate": "promosim.workflows.validate",
         "validate_config": "promosim.workflows.validate_config"}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
