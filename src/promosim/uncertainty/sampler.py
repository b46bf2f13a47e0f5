"""A sampler for pyabc's ABC-SMC that gives the same populations for any number of workers.

Candidate *i* of generation *t* is simulated with NumPy's global generator seeded from
``(seed, t, i)``, so its parameters, its simulation and its acceptance depend on nothing else.
Candidates are taken in their order until the population is full: which workers evaluated them,
and in which order they finished, changes nothing. Workers are forked processes (they inherit
pyabc's sampling function and the loaded engine); extra candidates evaluated ahead are dropped.
Workers leave Ctrl-C to the parent, which shuts them down however a generation ends.

A block of candidates is simulated as one batch when the model can (:class:`BatchModel`): each
candidate is first run up to its model call, which records its parameters and stops it; the
batch is simulated; then each candidate runs again from the same seed, and its model call returns
its result. The numbers are those of candidate-by-candidate simulation.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import cache
from typing import Any

import numpy as np

from promosim.experiments.lifecycle import start_worker

#: Candidates per task sent to a worker (and per batch simulation).
BLOCK = 8
_SIMULATE_ONE: Callable[[], Any] | None = None  # set before forking workers
_MODEL: BatchModel | None = None


class Recorded(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a model call that only records its parameters (the first pass of a block)."""


class BatchModel(ABC):
    """A model that can record its calls, simulate them as one batch, then replay the results.

    Subclasses implement :meth:`draw` (what one call needs from the global generator) and
    :meth:`simulate` (the results of many calls at once).
    """

    recording: list | None = None
    replaying: list | None = None

    def __call__(self, parameters: Any) -> Any:
        """One model call: recorded, replayed, or simulated alone."""
        call = self.draw(parameters)
        if self.recording is not None:
            self.recording.append(call)
            raise Recorded
        if self.replaying is not None:
            return self.replaying.pop(0)
        return self.simulate([call])[0]

    @abstractmethod
    def draw(self, parameters: Any) -> Any:
        """What one call needs, drawn from NumPy's global generator."""

    @abstractmethod
    def simulate(self, calls: list) -> list:
        """The results of ``calls``, in order."""


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Forked workers that leave Ctrl-C to this process and are gone when the block ends.

    The pool is shut down when the block ends, however it ends; a worker still there after that
    (the shutdown, or the start of a worker, cut short by Ctrl-C) is killed, so that none is
    left waiting for work that will never come while this process waits for it to end.
    """
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=start_worker, initargs=(os.getpid(),))
    try:
        yield pool
    finally:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        finally:
            for child in set(multiprocessing.active_children()) - before:
                child.kill()
                child.join(timeout=5)


def candidate_seed(seed: int, generation: int, index: int) -> int:
    """The seed of candidate ``index`` of ``generation`` (32 bits, for ``np.random.seed``)."""
    entropy = [seed, generation + 2, index]  # generation -1 is pyabc's calibration sample
    return int(np.random.SeedSequence(entropy).generate_state(1)[0])


def _evaluate(seed: int, generation: int, first: int, count: int) -> list[Any]:
    """Candidates ``first .. first + count - 1`` of a generation (in a worker or inline)."""
    indices = range(first, first + count)
    if _MODEL is not None:
        _MODEL.recording = []
        try:
            for index in indices:
                _seeded(seed, generation, index)
                with contextlib.suppress(Recorded):
                    _SIMULATE_ONE()
            _MODEL.replaying = _MODEL.simulate(_MODEL.recording)
        finally:
            _MODEL.recording = None
    try:
        particles = []
        for index in indices:
            _seeded(seed, generation, index)
            particles.append(_SIMULATE_ONE())
        return particles
    finally:
        if _MODEL is not None:
            _MODEL.replaying = None


def _seeded(seed: int, generation: int, index: int) -> None:
    value = candidate_seed(seed, generation, index)
    np.random.seed(value)
    random.seed(value)


def ordered_sampler(seed: int, workers: int = 1, model: BatchModel | None = None,
                    progress: Callable[[int, int, int, int], None] | None = None,
                    budget: float = np.inf, used: int = 0) -> Any:
    """A sampler for pyabc that takes candidates in order, each with its own seed.

    ``model``, the model pyabc calls, simulates blocks as batches; ``progress(generation,
    evaluated, accepted, needed)`` is called as candidates are taken. At most ``budget``
    candidates are evaluated in all (``used`` of them already were, before a resume): a
    generation that would need more ends unfinished, and pyabc stops there. pyabc is imported
    here, so the rest of promosim works without the calibrate extra.
    """
    return _ordered_sampler_class()(seed, workers, model, progress, budget, used)


@cache
def _ordered_sampler_class() -> type:
    """The sampler's class, a subclass of pyabc's ``Sampler`` (made on first use)."""
    from pyabc.sampler import Sampler

    class OrderedSampler(Sampler):
        """Deterministic, parallel sampling (see :func:`ordered_sampler`)."""

        def __init__(self, seed: int, workers: int = 1, model: BatchModel | None = None,
                     progress: Callable[[int, int, int, int], None] | None = None,
                     budget: float = np.inf, used: int = 0):
            super().__init__()
            self.seed, self.workers, self.progress = seed, max(1, workers), progress
            self.model = model
            self.budget, self.used = budget, used

        def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf,
                                    all_accepted=False, ana_vars=None):
            """The first ``n`` accepted candidates of generation ``t`` in index order."""
            global _SIMULATE_ONE, _MODEL
            _SIMULATE_ONE, _MODEL = simulate_one, self.model
            sample = self._create_empty_sample()
            taken = accepted = 0
            most = min(max_eval, self.budget - self.used)
            # closed however the loop ends (Ctrl-C included), so the workers are shut down
            with contextlib.closing(self._candidates(t) if most > 0 else iter(())) as candidates:
                for particle in candidates:
                    sample.append(particle)
                    taken += 1
                    accepted += bool(particle.accepted)
                    if self.progress is not None:
                        self.progress(t, taken, accepted, n)
                    if accepted >= n or taken >= most:
                        break
            self.nr_evaluations_ = taken
            self.used += taken
            if accepted < n:
                sample.ok = False
            return sample

        def _candidates(self, t: int):
            """Candidates of generation ``t`` in index order, evaluated ahead by the workers."""
            if self.workers == 1:
                index = 0
                while True:
                    yield from _evaluate(self.seed, t, index, BLOCK)
                    index += BLOCK
            with worker_pool(self.workers) as pool:  # gone before the next one forks
                pending: dict[int, Future] = {}
                done: dict[int, list] = {}
                ahead = 2 * self.workers
                next_block = position = 0
                while True:
                    while len(pending) < ahead:
                        pending[next_block] = pool.submit(_evaluate, self.seed, t,
                                                          next_block * BLOCK, BLOCK)
                        next_block += 1
                    if position not in done:
                        finished, _ = wait(list(pending.values()), return_when=FIRST_COMPLETED)
                        for block, future in list(pending.items()):
                            if future in finished:
                                done[block] = future.result()
                                del pending[block]
                        continue
                    yield from done.pop(position)
                    position += 1

    return OrderedSampler
