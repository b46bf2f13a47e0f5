"""Handing policies in to the teacher's folder: a file per team, safe names, limits, whole files.

Each browser session hands in through its own :class:`HandIns`, which counts and spaces its
hand-ins (:class:`Limits`) and refuses a policy that changes no lever; the folder as a whole takes
a limited number of files. A hand-in carries its team's mark (``# hand-in of team …``, a keyed
hash of the browser's session, which survives a reload of the page): handing in again replaces the
team's previous file, so the folder holds each team's latest policy. A file is written to a
hidden temporary file, flushed to disk, and only then linked or renamed to its final name, so a
full disk or a crash never leaves a partial or empty policy file; another team's file is never
overwritten: two teams' policies of the same name become ``name.toml`` and ``name-2.toml``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from promosim.app.export import changed_levers, file_name, policy_name, policy_toml
from promosim.output import umask
from promosim.scenario import BASELINE

#: What the student reads when the server cannot write (the reason goes to the server's log).
COULD_NOT_SAVE = "Could not save your policy: please tell your teacher."
#: Errors of ``os.link`` on file systems without hard links (then the file is renamed instead).
NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS,
                      errno.EXDEV})
#: What the student reads when the policy is the baseline's.
NOTHING_CHANGED = ("Your policy changes no lever: move at least one lever before you hand it "
                   "in.")
#: The first line of a hand-in: the mark of the team that handed it in.
MARK = "# hand-in of team {}"
MARK_PATTERN = re.compile(r"# hand-in of team ([0-9a-f]{16})\n")
#: One hand-in at a time in this server: choosing a free name and taking it is one step.
_WRITING = threading.Lock()


@dataclass(frozen=True)
class Limits:
    """How much one session, and the whole class, may hand in."""

    per_session: int = 20
    #: Seconds between two hand-ins of one session.
    interval: float = 5.0
    #: Policy files the folder may hold.
    folder_files: int = 1000
    #: Bytes of one policy file.
    file_bytes: int = 16_384


class HandInLimitError(Exception):
    """A hand-in the limits or rules do not allow; the message is for the student."""


class HandInWriteError(Exception):
    """A hand-in the server could not write (e.g. a full disk); the cause is chained."""


def team_mark(session: str) -> str:
    """The mark of the team in the browser session ``session`` (16 hex digits, not reversible)."""
    return hashlib.blake2b(session.encode("utf-8", "replace"), digest_size=8,
                           person=b"promosim-team").hexdigest()


class HandIns:
    """One session's hand-ins into ``folder``, counted and spaced by ``limits``.

    ``team`` marks the files (see :func:`team_mark`): a team's new hand-in replaces its last.
    """

    def __init__(self, folder: Path, limits: Limits = Limits(),
                 clock: Callable[[], float] = time.monotonic, team: str | None = None):
        self.folder, self.limits, self.clock, self.team = folder, limits, clock, team
        self.count = 0
        self._last: float | None = None

    def hand_in(self, name: str, description: str, levers: Mapping[str, float],
                baseline: Mapping[str, float], note: str = "") -> Path:
        """Write the policy into the folder; returns its path.

        Raises :class:`HandInLimitError` for a policy that changes no lever and beyond the
        limits, and :class:`HandInWriteError` when the file cannot be written (nothing is left
        behind then, and the team's previous hand-in stays).
        """
        if not changed_levers(levers, baseline):
            raise HandInLimitError(NOTHING_CHANGED)
        if self.count >= self.limits.per_session:
            raise HandInLimitError(f"You have handed in {self.count} policies, as many as one page "
                                "may: tell your teacher if you need more.")
        now = self.clock()
        if self._last is not None and now - self._last < self.limits.interval:
            raise HandInLimitError(f"Wait {self.limits.interval:g} seconds between two hand-ins.")
        self._last = now
        path = save_policy(self.folder, name,
                           lambda unique: policy_toml(unique, description, levers, baseline,
                                                      note), self.limits, self.team)
        self.count += 1
        return path


def save_policy(folder: Path, name: str, text: Callable[[str], str],
                limits: Limits = Limits(), team: str | None = None) -> Path:
    """Write the policy file ``text(name)`` into ``folder`` (created if needed).

    A ``team``'s file (:func:`team_mark`) replaces the team's previous hand-in; another team's
    file is never overwritten: two policies of the same name get ``name.toml`` and
    ``name-2.toml``, and the second is called "name 2" inside (``text`` is given the name to
    write), so ``promosim compare`` can tell them apart; "baseline" is kept for the reference run.
    """
    name = policy_name(name)
    stem = file_name(name).removesuffix(".toml")
    mark = MARK.format(team) + "\n" if team else ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _WRITING:
            previous = find_hand_in(folder, team) if team else None
            if sum(1 for _ in folder.glob("*.toml")) - (previous is not None) >= \
                    limits.folder_files:
                raise HandInLimitError("The class folder is full: please tell your teacher.")
            number = 2 if stem == BASELINE else 1
            while True:
                path = folder / (f"{stem}.toml" if number == 1 else f"{stem}-{number}.toml")
                if path == previous or not path.exists():
                    data = (mark + text(name if number == 1 else f"{name} {number}")).encode(
                        "utf-8")
                    if len(data) > limits.file_bytes:
                        raise HandInLimitError("This policy is too long to hand in.")
                    try:
                        _write_new(path, data, replace=path == previous)
                    except FileExistsError:
                        pass
                    else:
                        if previous is not None and previous != path:
                            previous.unlink(missing_ok=True)
                        return path
                number += 1
    except OSError as error:
        raise HandInWriteError(f"cannot write into {folder}: {error}") from error


def find_hand_in(folder: Path, team: str) -> Path | None:
    """The policy file in ``folder`` that ``team`` handed in last, if any."""
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as handle:
                head = handle.read(64).decode("utf-8", "replace")
        except OSError:
            continue
        found = MARK_PATTERN.match(head)
        if found and found.group(1) == team:
            return path
    return None


def _write_new(path: Path, data: bytes, replace: bool = False) -> Path:
    """Write ``data`` to the new file ``path`` in one step (``FileExistsError`` if it exists).

    With ``replace`` the file at ``path`` is replaced in one step instead.
    """
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".hand-in-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~umask())
        if replace:
            os.replace(tmp, path)
            return path
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError as error:
            if error.errno not in NO_LINKS:
                raise
            if path.exists():  # no hard links here: this server's lock keeps the name free
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
