"""The class's leaderboard: every hand-in run on the class's firm with common random numbers.

A :class:`Leaderboard` watches the hand-in folder. Each policy file (new or changed) is run with
the baseline for ``replicates`` replicates on the firm and seed the students used (the firm the
app records in the folder, :mod:`promosim.app.firm`); replicate *k* of every policy uses the same
seed as replicate *k* of the baseline, exactly as ``promosim compare`` does, so the differences
are paired. Policies are ranked, best first, by one outcome of the registry (profit unless the
teacher chooses another); every outcome comes with its 95% interval, money a year for the class's
firm as ``promosim compare`` shows it. Runs go to one worker process of lower priority, so a
class handing in at once does not slow the students' pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

from promosim.app.firm import Firm
from promosim.app.setup import Setup
from promosim.errors import ConfigError
from promosim.experiments.compare import money_a_year
from promosim.intervals import paired_difference, t_interval
from promosim.outcomes import KINDS, OUTCOMES, Outcome, names_in, shown_in
from promosim.randomness import replicate_seeds
from promosim.scenario import BASELINE, Policy, Scenario, load_policy
from promosim.uncertainty.robust import UNITS

LOG = logging.getLogger(__name__)
#: Outcomes the board can be ranked by (the registry's headline outcomes with a better direction).
RANKABLE: tuple[str, ...] = tuple(o.name for o in shown_in("headline") if o.better)
#: Outcomes the board shows besides the one it is ranked by.
SHOWN: tuple[str, ...] = names_in("board")
#: Seconds between two looks at the hand-in folder.
POLL = 2.0
#: The columns of :meth:`Board.table` that hold an outcome's values (money: a year's).
VALUES = ("mean", "low", "high", "difference", "difference_low", "difference_high")


def run_policy(values: dict[str, float], schedule: list[tuple[int, dict[str, float]]],
               base_seed: int, replicates: int) -> dict[str, list[float]]:
    """Every outcome of ``replicates`` runs of one policy (the worker's job; plain data back)."""
    from promosim.batch import simulate
    from promosim.summary import summarise_series

    seeds = replicate_seeds(base_seed, replicates)
    result = simulate([values] * replicates, seeds, [schedule] * replicates, events=False)
    table = summarise_series(result.series)
    return {name: table[name].tolist() for name in OUTCOMES}


def _lower_priority() -> None:
    """The worker yields to the server (students' actions first)."""
    with contextlib.suppress(OSError):
        os.nice(10)


def worker() -> Executor:
    """One worker process of lower priority, started fresh (not a copy of the server)."""
    return ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_lower_priority)


@dataclass(frozen=True)
class Entry:
    """A hand-in: its file, policy (or why it cannot be used), when it came and its runs."""

    path: Path
    digest: str
    handed_in: datetime
    policy: Policy | None = None
    problem: str = ""
    runs: dict[str, list[float]] | None = None


@dataclass
class Board:
    """What the teacher sees: the entries, ranked, and the baseline's runs.

    The runs hold money summed over the horizon of :attr:`months`; :meth:`table` shows it a year.
    """

    entries: list[Entry] = field(default_factory=list)
    baseline: dict[str, list[float]] | None = None
    rank_by: str = "profit"
    replicates: int = 0
    seed: int = 0
    months: int = 12

    @property
    def ranked(self) -> list[Entry]:
        """Policies with runs, best first by :attr:`rank_by`."""
        outcome = OUTCOMES[self.rank_by]
        done = [e for e in self.entries if e.runs is not None]
        return sorted(done, key=lambda e: -outcome.better * _mean(e.runs[self.rank_by]))

    @property
    def version(self) -> str:
        """A short token that changes whenever the ranked policies or their runs change."""
        digests = ",".join(e.digest for e in self.ranked)
        return hashlib.sha256(f"{self.rank_by}:{digests}".encode()).hexdigest()[:12]

    @property
    def waiting(self) -> list[Entry]:
        """Policies still being run."""
        return [e for e in self.entries if e.policy is not None and e.runs is None]

    @property
    def unusable(self) -> list[Entry]:
        """Files that are not usable policies, with the reason."""
        return [e for e in self.entries if e.policy is None]

    def table(self, outcomes: Sequence[Outcome] | None = None) -> pd.DataFrame:
        """One row per ranked policy (and the baseline) and outcome: mean, difference, intervals.

        Money is a year's for the class's firm (its total over the horizon divided by its years,
        as ``promosim compare`` shows it: :func:`~promosim.experiments.compare.money_a_year`);
        the ``unit`` column says each outcome's unit.

        Args:
            outcomes: the outcomes (default: those ``promosim compare`` tabulates).

        Returns:
            The table: the baseline (rank 0, no difference), then the policies best first;
            empty while the baseline is being run.
        """
        rows = []
        if self.baseline is None:
            return pd.DataFrame(rows)
        order = [(None, 0, BASELINE, self.baseline)] + [
            (e, rank, e.policy.name, e.runs) for rank, e in enumerate(self.ranked, start=1)]
        for entry, rank, name, runs in order:
            for outcome in shown_in("compare") if outcomes is None else outcomes:
                level = t_interval(runs[outcome.name]).clip(KINDS[outcome.kind].low,
                                                            KINDS[outcome.kind].high)
                diff = paired_difference(runs[outcome.name], self.baseline[outcome.name])
                rows.append({
                    "rank": rank, "policy": name,
                    "file": entry.path.name if entry else "", "handed_in":
                        entry.handed_in.isoformat(timespec="seconds") if entry else "",
                    "outcome": outcome.name, "label": outcome.label, "kind": outcome.kind,
                    "unit": UNITS[outcome.kind], "better": outcome.better,
                    "mean": level.estimate, "low": level.low, "high": level.high,
                    "difference": diff.estimate if entry else np.nan,
                    "difference_low": diff.low if entry else np.nan,
                    "difference_high": diff.high if entry else np.nan,
                    "replicates": self.replicates, "seed": self.seed,
                    "ranked_by": self.rank_by})
        return money_a_year(pd.DataFrame(rows), self.months / 12, VALUES)

    def csv(self) -> str:
        """:meth:`table` as CSV text (money a year, in k€; the ``unit`` column says so)."""
        out = io.StringIO()
        self.table().to_csv(out, index=False)
        return out.getvalue()


def _mean(values: Sequence[float]) -> float:
    finite = [x for x in values if np.isfinite(x)]
    return float(np.mean(finite)) if finite else -np.inf


class Leaderboard:
    """The hand-ins of ``folder`` run on ``setup``'s firm and seed, ranked by ``rank_by``.

    ``executor`` runs the policies (default: inline, for tests and scripts; the server passes
    :func:`worker`). :meth:`refresh` looks at the folder and collects finished runs; the server
    calls it every :data:`POLL` seconds from :meth:`start`'s thread.
    """

    def __init__(self, folder: Path, setup: Setup, replicates: int = 30,
                 rank_by: str = "profit", executor: Executor | None = None,
                 clock: Callable[[], datetime] = datetime.now):
        if rank_by not in RANKABLE:
            raise ValueError(f"rank by one of {', '.join(RANKABLE)}")
        self.folder, self.setup, self.replicates = folder, setup, replicates
        self.rank_by, self.executor, self.clock = rank_by, executor, clock
        self.scenario = class_scenario(setup)
        self._entries: dict[Path, Entry] = {}
        self._pending: dict[str, Future] = {}
        self._runs: dict[str, dict[str, list[float]]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.baseline_runs: dict[str, list[float]] | None = None
        self._baseline: Future | None = None

    def board(self, rank_by: str | None = None) -> Board:
        """The board as it stands (ranked by ``rank_by``, default the leaderboard's)."""
        with self._lock:
            entries = sorted(self._entries.values(), key=lambda e: e.handed_in, reverse=True)
            return Board([replace(e, runs=self._runs.get(e.digest)) for e in entries],
                         self.baseline_runs, rank_by if rank_by in RANKABLE else self.rank_by,
                         self.replicates, self.setup.seed, int(self.scenario.values["months"]))

    def refresh(self) -> None:
        """Read new or changed hand-ins, start their runs and collect the finished ones."""
        if self._baseline is None:
            self._baseline = self._submit(self.scenario)
        found = {}
        for path in sorted(self.folder.glob("*.toml")):
            try:
                data = path.read_bytes()
                stamp = datetime.fromtimestamp(path.stat().st_mtime)
            except OSError:
                continue
            digest = hashlib.sha256(data).hexdigest()
            known = self._entries.get(path)
            if known is not None and known.digest == digest:
                found[path] = known
                continue
            found[path] = self._read(path, digest, stamp)
        with self._lock:
            self._entries = found
        for entry in found.values():
            if entry.policy is not None and entry.digest not in self._runs \
                    and entry.digest not in self._pending:
                try:
                    variant = self.scenario.with_policy(entry.policy)
                    variant.policy_schedule()
                except ConfigError as error:
                    with self._lock:
                        self._entries[entry.path] = replace(entry, policy=None, problem=str(error))
                    continue
                self._pending[entry.digest] = self._submit(variant)
        self._collect()

    def _read(self, path: Path, digest: str, stamp: datetime) -> Entry:
        try:
            return Entry(path, digest, stamp, policy=load_policy(path))
        except ConfigError as error:
            return Entry(path, digest, stamp, problem=str(error))

    def _submit(self, scenario: Scenario) -> Future:
        args = (scenario.values, scenario.policy_schedule(), self.setup.seed, self.replicates)
        if self.executor is not None:
            return self.executor.submit(run_policy, *args)
        done: Future = Future()
        done.set_result(run_policy(*args))
        return done

    def _collect(self) -> None:
        if self._baseline is not None and self._baseline.done() and self.baseline_runs is None:
            self.baseline_runs = self._result(self._baseline)
        for digest, future in list(self._pending.items()):
            if future.done():
                runs = self._result(future)
                with self._lock:
                    if runs is not None:
                        self._runs[digest] = runs
                del self._pending[digest]

    def _result(self, future: Future) -> dict[str, list[float]] | None:
        try:
            return future.result()
        except Exception:  # a failed run is logged; the board shows the policy as waiting
            LOG.exception("a leaderboard run failed")
            return None

    def start(self) -> None:
        """Refresh every :data:`POLL` seconds in a background thread until :meth:`stop`."""
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.refresh()
                except Exception:  # keep watching; the cause goes to the server's log
                    LOG.exception("the leaderboard could not be refreshed")
                self._stop.wait(POLL)
        threading.Thread(target=loop, name="leaderboard", daemon=True).start()

    def stop(self) -> None:
        """Stop watching and shut the worker down."""
        self._stop.set()
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)


def class_scenario(setup: Setup) -> Scenario:
    """The firm the class uses, as a scenario (its own schedule included)."""
    return Firm(setup.scenario, setup.values, setup.schedule, setup.seed).scenario()


def shown(rank_by: str) -> list[Outcome]:
    """The outcomes of the board ranked by ``rank_by``: that one first, then :data:`SHOWN`."""
    return [OUTCOMES[name] for name in dict.fromkeys((rank_by, *SHOWN))]
