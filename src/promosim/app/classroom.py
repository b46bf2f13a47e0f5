"""Who may use the dashboard: the class code that lets students in, and the cap on live sessions.

A :class:`ClassCode` is what the teacher gives the class (``K7MQ-2XPA``, printed when the server
starts). A browser that has shown it gets a pass (a cookie holding a keyed hash of the code, good
for this server's run only), so the code is typed once per browser. :class:`Sessions` holds the
live browser sessions, one firm each, and refuses new ones above its cap; a session ends when its
page is closed or, for a page that went away without closing, when Solara culls its kernel.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass, field

#: Letters and digits that cannot be mistaken for each other on a projector (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Characters of a generated code: 31⁸ ≈ 8.5 × 10¹¹ codes, far beyond guessing over a network.
CODE_LENGTH = 8
#: Characters of a code the teacher chooses (after dashes and spaces are removed).
CODE_LIMITS = (6, 32)
#: The cookie that holds a browser's pass.
PASS_COOKIE = "promosim-class-pass"


def normal_code(text: str) -> str:
    """A code as compared: upper case, without spaces and dashes (``k7mq 2xpa`` = ``K7MQ2XPA``)."""
    return "".join(ch for ch in text.upper() if ch not in " -")


def check_code(text: str) -> str:
    """A class code chosen by the teacher, or ``ValueError`` saying what a code may be."""
    code = normal_code(text)
    low, high = CODE_LIMITS
    if not (low <= len(code) <= high and code.isascii() and code.isalnum()):
        raise ValueError(f"a class code has {low} to {high} letters and digits (dashes and "
                         "spaces are ignored)")
    return code


@dataclass(frozen=True)
class ClassCode:
    """The code a class joins with, and the passes it grants for this server's run."""

    code: str = field(default_factory=lambda: "".join(
        secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_code(self.code))

    @property
    def shown(self) -> str:
        """The code as the teacher reads it out: in groups of four (``K7MQ-2XPA``)."""
        return "-".join(self.code[i:i + 4] for i in range(0, len(self.code), 4))

    def matches(self, text: str) -> bool:
        """Whether ``text`` is this code (case, spaces and dashes ignored)."""
        return hmac.compare_digest(normal_code(text).encode(), self.code.encode())

    def grant(self) -> str:
        """A pass for a browser that has shown the code (the value of :data:`PASS_COOKIE`)."""
        return hmac.new(self.secret, self.code.encode(), hashlib.sha256).hexdigest()

    def admits(self, token: str | None) -> bool:
        """Whether ``token`` is a pass of this code and run."""
        return token is not None and hmac.compare_digest(token.encode(), self.grant().encode())


class Sessions:
    """The live browser sessions, each with its own firm, at most ``cap`` at a time.

    A session is known by its Solara kernel id. :meth:`reserve` is called when its page connects
    (a reconnecting page keeps its place), :meth:`start` when Solara starts its kernel, and
    :meth:`end` when the kernel closes; :meth:`drop_unstarted` frees the place of a connection
    that ended before a kernel started.
    """

    def __init__(self, cap: int):
        if cap < 1:
            raise ValueError("the session cap must be at least 1")
        self.cap = cap
        self._lock = threading.Lock()
        self._live: set[str] = set()
        self._started: set[str] = set()

    def __len__(self) -> int:
        with self._lock:
            return len(self._live)

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._live

    @property
    def full(self) -> bool:
        """Whether a new session would be refused."""
        with self._lock:
            return len(self._live) >= self.cap

    def reserve(self, key: str) -> bool:
        """Hold a place for session ``key``; ``False`` when the cap is reached."""
        with self._lock:
            if key in self._live:
                return True
            if len(self._live) >= self.cap:
                return False
            self._live.add(key)
            return True

    def start(self, key: str) -> None:
        """Note that the kernel of session ``key`` has started."""
        with self._lock:
            if key in self._live:
                self._started.add(key)

    def end(self, key: str) -> None:
        """Free the place of session ``key`` (its kernel has closed)."""
        with self._lock:
            self._live.discard(key)
            self._started.discard(key)

    def drop_unstarted(self, key: str) -> None:
        """Free the place of session ``key`` if its kernel never started."""
        with self._lock:
            if key not in self._started:
                self._live.discard(key)
