"""Errors that promosim reports to users as one clear line, and how values are echoed in them."""

from __future__ import annotations

import reprlib
import signal
from typing import Any

#: Longest echo of a user's value or name in a message (longer ones are cut in the middle).
SHOWN = 60


class ConfigError(ValueError):
    """Bad input: a file, key or value that cannot be used; the message says which and why."""


class RunError(RuntimeError):
    """A run that cannot go on (disk full, a worker lost); the message says what is saved."""


class Stopped(BaseException):
    """A stop asked for by a signal (Ctrl-C, SIGTERM); the message says what is saved."""

    def __init__(self, signum: int, message: str = ""):
        super().__init__(message)
        self.signum = signum

    @property
    def status(self) -> int:
        """The exit status of a process ended by the signal: 128 + its number (130, 143)."""
        return 128 + self.signum

    @property
    def name(self) -> str:
        """The signal's name, e.g. ``SIGTERM``."""
        return signal.Signals(self.signum).name


class _Short(reprlib.Repr):
    """``reprlib`` limits, and whole numbers too long to print shown by their size."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 100:
            sign = "a negative" if x < 0 else "a"
            return f"{sign} whole number of about {x.bit_length() * 0.30103:,.0f} digits"
        return repr(x)


_REPR = _Short(maxlevel=3, maxtuple=6, maxlist=6, maxarray=6, maxdict=6, maxset=6,
               maxfrozenset=6, maxdeque=6, maxstring=SHOWN, maxother=SHOWN)


def shown(value: Any) -> str:
    """``repr(value)`` short enough for a one-line message (deep, long or huge values are cut)."""
    return cut(_REPR.repr(value), 2 * SHOWN)


def cut(text: str, limit: int = SHOWN) -> str:
    """``text`` on one line and at most about ``limit`` characters, cut in the middle."""
    text = "".join(c if c.isprintable() else "?" for c in str(text))
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}…{text[-half:]} ({len(text):,} characters)"


def one_line(message: str, limit: int = 1000) -> str:
    """A message as one printable line: over-long words (paths, values) and lines cut."""
    words = [cut(word, 120) if len(word) > 200 else word for word in str(message).split(" ")]
    return cut(" ".join(words), limit)


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless one (``1 replicate``, ``2,000 replicates``)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
