"""Workflows: every task of the command line as a Python function that returns a result object.

A workflow takes plain data (scenario, policy and sweep files or their objects, numbers, a
results folder) as arguments, runs the model with the machinery of :mod:`promosim.experiments`
and returns a :class:`~promosim.workflows.result.Result`: a table (``to_frame()``), its files
(``save(folder)``), its words (``report()``, what the command prints) and, where they make
sense, figures (``plot()``). The commands of ``promosim`` are thin wrappers: they turn their
options into arguments, call the workflow and print its report.

- :func:`~promosim.workflows.run.run_scenario`: one scenario (under a policy), one seed →
  :class:`~promosim.workflows.run.RunResult`;
- :func:`~promosim.workflows.compare.compare`: policies against the baseline on common random
  numbers → :class:`~promosim.workflows.compare.ComparisonResult`;
- :func:`~promosim.workflows.sweep.sweep`: a sweep file's design × replicates →
  :class:`~promosim.workflows.sweep.SweepResult`;
- :func:`~promosim.workflows.sensitivity.sensitivity`: Sobol or Morris indices of a sweep
  file's ranges → :class:`~promosim.workflows.sensitivity.SensitivityResult`;
- :func:`~promosim.workflows.validate.validate`: the validation patterns →
  :class:`~promosim.workflows.validate.ValidationResult`;
- :func:`~promosim.workflows.robust.robust_compare`: policies against the baseline in many
  parameter worlds, from the priors or a posterior →
  :class:`~promosim.workflows.robust.RobustResult`;
- :func:`~promosim.workflows.calibrate.calibrate`: the uncertain parameters fitted to a firm's
  own records (ABC-SMC) → :class:`~promosim.workflows.calibrate.CalibrationResult`;
- :func:`~promosim.workflows.firm_check.firm_check`: a firm folder's problems, or its structure
  and summary statistics → :class:`~promosim.workflows.firm_check.FirmCheckResult`;
- :func:`~promosim.workflows.validate_config.validate_config`: scenario, policy and sweep files
  checked, every problem one entry →
  :class:`~promosim.workflows.validate_config.ConfigCheckResult`;
- :func:`~promosim.workflows.compare.report`: the HTML report of a comparison's results folder
  (what :meth:`ComparisonResult.save <promosim.workflows.compare.ComparisonResult.save>`
  writes) → the path of ``report.html``.

The teaching dashboard is served by :func:`promosim.serve_app` (:mod:`promosim.app.launch`),
which checks its options, prints the addresses and runs the server until interrupted.

Each function is also a top-level name: ``promosim.compare``, ``promosim.sweep``, …

Experiments (compare, sweep, sensitivity, robust comparison) stream into a results folder that
resumes, on the backend chosen by ``workers``, ``dask_local`` or ``scheduler``
(:mod:`~promosim.workflows.running`); their results read that folder, so a result can also be
made for a folder written earlier (``ComparisonResult("results/compare")``). The pattern, and how
new workflows follow it, is described in ``docs/library.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from promosim.lazy import lazy_names

if TYPE_CHECKING:
    from promosim.workflows.calibrate import CalibrationResult
    from promosim.workflows.charts import Plot
    from promosim.workflows.compare import ComparisonResult
    from promosim.workflows.firm_check import FirmCheckResult
    from promosim.workflows.result import FolderResult, Result
    from promosim.workflows.robust import RobustResult
    from promosim.workflows.run import RunResult
    from promosim.workflows.sensitivity import SensitivityResult
    from promosim.workflows.sweep import SweepResult
    from promosim.workflows.validate import ValidationResult
    from promosim.workflows.validate_config import ConfigCheckResult

__all__ = [
    "CalibrationResult",
    "ComparisonResult",
    "ConfigCheckResult",
    "FirmCheckResult",
    "FolderResult",
    "Plot",
    "Result",
    "RobustResult",
    "RunResult",
    "SensitivityResult",
    "SweepResult",
    "ValidationResult",
]

_LAZY = {
    "CalibrationResult": "promosim.workflows.calibrate",
    "Plot": "promosim.workflows.charts",
    "ComparisonResult": "promosim.workflows.compare",
    "ConfigCheckResult": "promosim.workflows.validate_config",
    "FirmCheckResult": "promosim.workflows.firm_check",
    "FolderResult": "promosim.workflows.result",
    "Result": "promosim.workflows.result",
    "RobustResult": "promosim.workflows.robust",
    "RunResult": "promosim.workflows.run",
    "SensitivityResult": "promosim.workflows.sensitivity",
    "SweepResult": "promosim.workflows.sweep",
    "ValidationResult": "promosim.workflows.validate",
}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
