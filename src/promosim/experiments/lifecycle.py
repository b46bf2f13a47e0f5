"""How the processes of an experiment end: workers with their parent, the parent on a signal.

A worker process must not outlive the process that started it (after ``kill -9`` of a sweep,
nothing should keep computing or holding memory): on Linux the kernel kills it when its parent
ends (``PR_SET_PDEATHSIG``); elsewhere a watch thread notices within a second. The parent turns
Ctrl-C and SIGTERM into a request to stop that the experiment loop acts on between chunks, so
the folder is left consistent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

PR_SET_PDEATHSIG = 1
#: Seconds between two looks at the parent, where the kernel cannot watch it for us.
WATCH_SECONDS = 1.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def start_worker(parent: int) -> None:
    """Worker initialiser: Ctrl-C is the parent's to handle; end when ``parent`` ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends: at once on Linux, within a second elsewhere."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):  # without prctl, the watch thread alone
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="promosim-parent-watch",
                     daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


class StopRequest:
    """Ctrl-C or SIGTERM received while catching: remembered, acted on by the caller."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def __bool__(self) -> bool:
        return self.signum is not None

    @contextmanager
    def catching(self) -> Iterator[StopRequest]:
        """Catch SIGINT and SIGTERM (in the main thread; signals ignored stay ignored)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {s: signal.getsignal(s) for s in STOP_SIGNALS}
        for number, handler in previous.items():
            if handler is not signal.SIG_IGN:
                signal.signal(number, self._note)
        try:
            yield self
        finally:
            for number, handler in previous.items():
                signal.signal(number, signal.SIG_DFL if handler is None else handler)

    def _note(self, signum: int, frame: object) -> None:
        if self.signum is None:
            self.signum = signum
