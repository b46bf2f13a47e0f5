"""What a phase of the month is given besides the agents it acts on: one explicit object."""

from __future__ import annotations

from typing import Any, NamedTuple


class Month(NamedTuple):
    """One run's month as model code sees it.

    ``P`` is the run's parameter record (levers as they stand this month), ``month`` the month
    (spin-up months are 0 and below), ``key`` the run's random key (two 32-bit halves).
    """

    P: Any
    month: int
    key: tuple[Any, Any]
