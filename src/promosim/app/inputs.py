"""Values from the browser, checked before they reach the firm.

The page's widgets only send values in their ranges, but anyone can send a websocket message by
hand. Every value is checked here; one that no widget of the page could send raises
:class:`InputError`, which the page logs on the server and otherwise ignores (no traceback, no
change).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from numbers import Real
from typing import Any

from promosim.parameters import BY_NAME, LEVERS

LOG = logging.getLogger(__name__)
#: Seeds the page accepts: whole numbers of up to nine digits.
SEED_RANGE = (0, 999_999_999)


class InputError(ValueError):
    """A value from the browser that the page does not accept."""


def number(data: Any, low: float, high: float, what: str) -> float:
    """``data`` as a finite number in ``low..high`` (no strings, no booleans)."""
    if isinstance(data, bool) or not isinstance(data, Real):
        raise InputError(f"{what}: not a number ({type(data).__name__})")
    try:
        value = float(data)
    except OverflowError:
        raise InputError(f"{what}: a number too large") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise InputError(f"{what}: {value!r} is outside {low:g}..{high:g}")
    return value


def whole(data: Any, low: int, high: int, what: str) -> int:
    """``data`` as a whole number in ``low..high``."""
    value = number(data, low, high, what)
    if value != int(value):
        raise InputError(f"{what}: {value!r} is not a whole number")
    return int(value)


def lever(name: Any, data: Any) -> float:
    """The value of lever ``name`` sent by its slider, within the lever's range."""
    if name not in LEVERS:
        raise InputError(f"unknown lever {str(name)[:40]!r}")
    spec = BY_NAME[name]
    if spec.integer:
        return float(whole(data, int(spec.low), int(spec.high), name))
    return number(data, spec.low, spec.high, name)


def text_to(store: Callable[[str], None], limit: int) -> Callable[[Any], None]:
    """A text field's handler: gives ``store`` the text cut to ``limit`` characters.

    The text is kept as typed (it is cleaned when a policy file is written), only bounded.
    """
    def handle(data: Any) -> None:
        if data is None:
            data = ""
        if not isinstance(data, str):
            refused(InputError(f"text field: not text ({type(data).__name__})"))
            return
        store(data[:limit])
    return handle


def refused(error: InputError) -> None:
    """Log a refused value on the server (one line; nothing is shown in the page)."""
    LOG.warning("refused a value from a browser: %s", str(error)[:200])
