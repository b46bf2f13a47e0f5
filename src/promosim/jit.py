"""Compilation: the model is plain Python that Numba compiles into the batched engine.

:func:`kernel` marks code written once and run two ways: interpreted, when a Mesa agent calls it,
and compiled into the engine's loops (``numba.extending.register_jitable``). :func:`compiled`
compiles an engine loop (``numba.njit`` without ``fastmath``, so no reassociation and no fused
multiply-add: the same bits as Python). Divisions follow IEEE (Numba's ``error_model="numpy"``)
rather than raising; every denominator in the model is kept away from zero by the ranges of the
parameter table, so both ways give the same numbers. Compiled code is cached on disk, in a folder
per model version (:func:`promosim.version.model_version`), so an edited equation is never served
from an old cache: ``$PROMOSIM_CACHE_DIR`` if set, else ``promosim/numba`` in the user's cache
folder (``$XDG_CACHE_HOME`` or ``~/.cache``). Where that folder cannot be written, the engine
compiles in memory in every new process (a one-line warning says so). A file ``complete`` in the
folder notes that :func:`promosim.batch.warm_up` compiled the engine into it for these modules,
this Numba and this processor, so that a process which only hands work to worker processes need
not load the engine to make sure of it.
``NUMBA_DISABLE_JIT=1`` runs everything interpreted.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from promosim.version import model_version


def cache_root() -> Path:
    """The folder under which compiled code is kept, one subfolder per model version."""
    if os.environ.get("PROMOSIM_CACHE_DIR"):
        return Path(os.environ["PROMOSIM_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "promosim" / "numba"


@cache
def cache_dir() -> Path | None:
    """This model version's cache folder, or None when it cannot be written."""
    folder = cache_root() / model_version()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as error:
        warnings.warn(f"promosim: compiled code is not cached ({folder}: {error.strerror}); "
                      "every new process compiles the engine again", RuntimeWarning,
                      stacklevel=2)
        return None
    return folder


def _stamp() -> str:
    """What Numba checks before it serves cached code, for the model's modules and this machine.

    The model version, Numba's and llvmlite's versions, the processor and its features (or
    Numba's overrides of them), and where the modules are and their files' times and sizes (a
    reinstall or a checkout of another branch and back makes Numba compile again, so it must
    make the stamp stale too).
    """
    import llvmlite
    import llvmlite.binding as binding
    import numba

    from promosim.version import MODEL_SOURCES, PACKAGE

    cpu = numba.config.CPU_NAME or binding.get_host_cpu_name()
    features = numba.config.CPU_FEATURES or binding.get_host_cpu_features().flatten()
    stats = {name: (PACKAGE / name).stat() for name in MODEL_SOURCES}
    files = " ".join(f"{name}:{st.st_mtime_ns}:{st.st_size}" for name, st in stats.items())
    return (f"{model_version()} numba {numba.__version__} llvmlite {llvmlite.__version__}\n"
            f"{cpu} {features}\n{PACKAGE} {files}\n")


def cache_complete() -> bool:
    """Whether this model version's cache is known to hold the engine (:func:`mark_complete`)."""
    folder = cache_dir()
    try:
        return folder is not None and (folder / "complete").read_text(encoding="utf-8") == _stamp()
    except (OSError, UnicodeDecodeError):
        return False


def mark_complete() -> None:
    """Note that the engine has been compiled into this model version's cache (best effort)."""
    import numba

    folder = cache_dir()
    if folder is None or numba.config.DISABLE_JIT:
        return
    with suppress(OSError):
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=".complete.")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(_stamp())
        os.replace(tmp, folder / "complete")


def _numba():
    """Numba, imported after pointing its cache at this model version's folder."""
    folder = cache_dir()
    if folder is not None:
        os.environ["NUMBA_CACHE_DIR"] = str(folder)
    import numba
    import numba.extending

    if folder is not None:
        numba.config.CACHE_DIR = str(folder)
    return numba


def kernel[F: Callable[..., Any]](function: F | None = None, *,
                                  inline: bool = False) -> F | Callable[[F], F]:
    """Mark ``function`` as model code: plain Python, and compiled into engine loops.

    ``inline=True`` inlines it at Numba's level: for small hot functions that must vectorise, and
    for the phases run once per account and month (no call overhead, and the compiler sees the
    whole account loop; the arithmetic, and so the numbers, are unchanged).
    """
    register = _numba().extending.register_jitable

    def mark(fn: F) -> F:
        if inline:
            return register(inline="always", error_model="numpy")(fn)
        return register(error_model="numpy")(fn)

    return mark if function is None else mark(function)


def compiled[F: Callable[..., Any]](function: F) -> F:
    """Compile an engine loop (cached per model version; no fastmath).

    With ``NUMBA_DISABLE_JIT=1`` the loop runs as Python, its record arrays seen as
    :class:`numpy.recarray` so that model code reads fields as attributes, as compiled code does.
    """
    numba = _numba()
    if numba.config.DISABLE_JIT:
        return _with_records(function)
    return numba.njit(cache=cache_dir() is not None, nogil=True, error_model="numpy")(function)


def _with_records[F: Callable[..., Any]](function: F) -> F:
    def run(*args: Any) -> Any:
        return function(*(arg.view(np.recarray) if _structured(arg) else arg for arg in args))

    run.__name__, run.__doc__, run.__wrapped__ = function.__name__, function.__doc__, function
    return run  # type: ignore[return-value]


def _structured(value: Any) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.names is not None
