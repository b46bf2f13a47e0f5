"""A firm's own records: the data format, its check, the summary statistics, a simulated firm.

A firm folder (``docs/firm-data.md``) holds ``firm.toml`` and CSV files of teams, people,
accounts, who looked after which account, and optionally survey scores. :func:`read_firm`
checks it and reads it (:func:`firm_problems` lists its problems, each a :class:`FirmProblem`);
:func:`firm_statistics` summarises records in months, whether they come from a firm's files or
from the model (:mod:`promosim.firm.simulated`), the same way; :func:`start_of` gives the firm's
state when its window opens, which the simulated firm starts from (:mod:`promosim.firm.start`).

Names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from promosim.lazy import lazy_names

if TYPE_CHECKING:
    from promosim.firm.check import (
        FirmDataError,
        FirmProblem,
        check_firm,
        firm_problems,
        read_firm,
    )
    from promosim.firm.format import FirmData
    from promosim.firm.records import FirmRecords, records_of
    from promosim.firm.start import FirmStart, start_of
    from promosim.firm.statistics import STATISTICS, firm_statistics
    from promosim.firm.structure import firm_parameters

__all__ = ["STATISTICS", "FirmData", "FirmDataError", "FirmProblem", "FirmRecords", "FirmStart",
           "check_firm", "firm_parameters", "firm_problems", "firm_statistics", "read_firm",
           "records_of", "start_of"]

_LAZY = {
    "FirmData": "promosim.firm.format",
    "FirmDataError": "promosim.firm.check",
    "FirmProblem": "promosim.firm.check",
    "FirmRecords": "promosim.firm.records",
    "FirmStart": "promosim.firm.start",
    "STATISTICS": "promosim.firm.statistics",
    "check_firm": "promosim.firm.check",
    "firm_parameters": "promosim.firm.structure",
    "firm_problems": "promosim.firm.check",
    "firm_statistics": "promosim.firm.statistics",
    "read_firm": "promosim.firm.check",
    "records_of": "promosim.firm.records",
    "start_of": "promosim.firm.start",
}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
