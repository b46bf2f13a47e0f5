"""Random numbers: every uniform has an address and is a pure function of the run's key and it.

A run's 64-bit key comes from its seed (a :class:`numpy.random.SeedSequence`). A uniform is
addressed by the row it belongs to (a position, an account slot or a team), the month, and a
*stream* saying what it is for (a promoter's month, a hire, a new customer, …). The counter-based
generator Philox4x32-10 (Salmon, Moraes, Dror & Shaw 2011; the generator of Random123, cuRAND and
JAX) turns key and address into four 32-bit words: four uniforms on ``[0, 1)`` with resolution
2⁻³². Our implementation reproduces Random123's known-answer vectors (tested).

So a run's numbers depend only on its seed, never on its batch, worker or backend, nor on how many
numbers other agents used; and two policies run on the same seed meet the same customers, the
same candidates for the same vacancy and the same luck in every month (common random numbers).
Uniforms of every month are made for every row whether used or not ("fixed shapes"); those of
rare events (a hire, a new account, the initial firm) only when the event happens, which changes
nothing, since no number depends on another's use. Every distribution is built from uniforms with
exact arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import FunctionType

import numpy as np

from promosim.jit import compiled, kernel

SeedLike = int | np.random.SeedSequence | np.random.Generator | None

# Philox4x32-10 constants (Random123).
_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_W0, _W1 = np.uint64(0x9E3779B9), np.uint64(0xBB67AE85)
_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
_UNIT = 2.0**-32
#: Months are offset so that every month of a run (spin-up included) is a non-negative counter.
MONTH_OFFSET = 1 << 20

#: Streams, each four uniforms per row and month, in the order of the uniforms.
STREAMS: dict[str, tuple[str, ...]] = {
    "account_month": ("deal", "win", "noise_a", "noise_b"),
    "account_fate": ("defect", "acquire", "convert", "match"),
    "position_month": ("quit", "talk", "backfire", "eval_a"),
    "position_fate": ("eval_b", "vacancy", "unused_a", "unused_b"),
    "hire": ("skill", "expertise", "control_kind", "control_size"),
    "hire_more": ("outside", "intrinsic", "ramp", "network"),
    "new_account": ("account_class", "price", "power", "ambition"),
    "initial_position": ("tenure", "standing", "shock", "unused"),
    "initial_account": ("age", "personal", "firm", "unused"),
    "initial_team": ("bias", "style", "unused_a", "unused_b"),
}
STREAM: dict[str, int] = {name: i for i, name in enumerate(STREAMS)}
ACCOUNT_MONTH, ACCOUNT_FATE = STREAM["account_month"], STREAM["account_fate"]
POSITION_MONTH, POSITION_FATE = STREAM["position_month"], STREAM["position_fate"]
HIRE, HIRE_MORE, NEW_ACCOUNT = STREAM["hire"], STREAM["hire_more"], STREAM["new_account"]
INITIAL_POSITION, INITIAL_ACCOUNT = STREAM["initial_position"], STREAM["initial_account"]
INITIAL_TEAM = STREAM["initial_team"]

#: The uniforms of every month, per account slot and per position, as record fields.
ACCOUNT_DRAWS = np.dtype([(name, np.float64) for name in
                          (*STREAMS["account_month"], *STREAMS["account_fate"])])
POSITION_DRAWS = np.dtype([(name, np.float64) for name in
                           (*STREAMS["position_month"], *STREAMS["position_fate"])])


def seed_sequence(rng: SeedLike) -> np.random.SeedSequence:
    """The seed sequence of a run from an int, a SeedSequence, a Generator or None (fresh)."""
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(2**63)))
    if rng is None or isinstance(rng, int | np.integer):
        return np.random.SeedSequence(None if rng is None else int(rng))
    kind = type(rng).__name__
    raise TypeError(f"rng must be an int, SeedSequence, Generator or None, not {kind}")


def replicate_seed(base_seed: int, replicate: int) -> np.random.SeedSequence:
    """The seed of replicate ``replicate``, the same for every policy (common random numbers).

    Equal to ``SeedSequence(base_seed).spawn(n)[replicate]`` for any ``n > replicate``.
    """
    return np.random.SeedSequence(base_seed, spawn_key=(replicate,))


def replicate_seeds(base_seed: int, replicates: int) -> list[np.random.SeedSequence]:
    """Seeds of replicates ``0..replicates-1``."""
    return [replicate_seed(base_seed, k) for k in range(replicates)]


def run_key(seed: SeedLike) -> tuple[int, int]:
    """The two 32-bit halves of a run's Philox key, from its seed."""
    words = seed_sequence(seed).generate_state(2, np.uint32)
    return int(words[0]), int(words[1])


def run_keys(seeds: Sequence[SeedLike]) -> np.ndarray:
    """Keys of a batch of runs, shaped ``(runs, 2)``."""
    return np.array([run_key(s) for s in seeds], dtype=np.uint64).reshape(len(seeds), 2)


@kernel
def _round(x0, x1, x2, x3, k0, k1):
    """One Philox round: two 32×32→64-bit products, their halves crossed and keyed."""
    p0 = _M0 * x0
    p1 = _M1 * x2
    return (((p1 >> _SHIFT) ^ x1 ^ k0) & _LOW32, p1 & _LOW32,
            ((p0 >> _SHIFT) ^ x3 ^ k1) & _LOW32, p0 & _LOW32)


@kernel
def _bump(k0, k1):
    """The key schedule: Weyl increments of both halves."""
    return (k0 + _W0) & _LOW32, (k1 + _W1) & _LOW32


@kernel
def philox(c0, c1, c2, c3, k0, k1):
    """Philox4x32-10: four 32-bit words from a 128-bit counter and a 64-bit key (uint64 each).

    Ten rounds, written out (a loop would not vectorise where it is inlined).
    """
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    c0, c1, c2, c3 = _round(c0, c1, c2, c3, k0, k1)
    k0, k1 = _bump(k0, k1)
    return _round(c0, c1, c2, c3, k0, k1)


#: The same generator inlined where it runs over many rows at once, so that it vectorises.
_philox_rows = kernel(inline=True)(FunctionType(philox.__code__, philox.__globals__, "philox_rows"))


@kernel
def uniforms(key, row: int, month: int, stream: int) -> tuple[float, float, float, float]:
    """The four uniforms of ``row`` in ``month`` for ``stream``; ``key`` is the run's (k0, k1)."""
    w0, w1, w2, w3 = philox(np.uint64(row), np.uint64(month + MONTH_OFFSET), np.uint64(stream),
                            np.uint64(0), key[0], key[1])
    return w0 * _UNIT, w1 * _UNIT, w2 * _UNIT, w3 * _UNIT


@kernel
def fill_lanes(key, month: int, stream: int, lanes, first: int, rows: int) -> None:
    """The uniforms of ``stream`` for rows ``0 .. rows-1`` into ``lanes[first .. first+3]``.

    One plain loop over rows, so that the compiler computes many rows at once (vector units).
    """
    m = np.uint64(month + MONTH_OFFSET)
    st = np.uint64(stream)
    for row in range(rows):
        w0, w1, w2, w3 = _philox_rows(np.uint64(row), m, st, np.uint64(0), key[0], key[1])
        lanes[first, row] = w0 * _UNIT
        lanes[first + 1, row] = w1 * _UNIT
        lanes[first + 2, row] = w2 * _UNIT
        lanes[first + 3, row] = w3 * _UNIT


@kernel
def fill_month(key, month: int, account_draws, position_draws, lanes) -> None:
    """A month's uniforms of one run, into records of the account slots and of the positions.

    ``account_draws`` is shaped positions × slots, ``position_draws`` positions; ``lanes`` is
    scratch space of 8 × the run's account slots.
    """
    positions, slots = account_draws.shape
    fill_lanes(key, month, ACCOUNT_MONTH, lanes, 0, positions * slots)
    fill_lanes(key, month, ACCOUNT_FATE, lanes, 4, positions * slots)
    for p in range(positions):
        for s in range(slots):
            row = p * slots + s
            u = account_draws[p, s]
            u.deal, u.win, u.noise_a, u.noise_b = (lanes[0, row], lanes[1, row], lanes[2, row],
                                                   lanes[3, row])
            u.defect, u.acquire, u.convert, u.match = (lanes[4, row], lanes[5, row],
                                                       lanes[6, row], lanes[7, row])
    fill_lanes(key, month, POSITION_MONTH, lanes, 0, positions)
    fill_lanes(key, month, POSITION_FATE, lanes, 4, positions)
    for p in range(positions):
        u = position_draws[p]
        u.quit, u.talk, u.backfire, u.eval_a = lanes[0, p], lanes[1, p], lanes[2, p], lanes[3, p]
        u.eval_b, u.vacancy, u.unused_a, u.unused_b = (lanes[4, p], lanes[5, p], lanes[6, p],
                                                       lanes[7, p])


@compiled
def month_draws(key, month: int, account_draws, position_draws, lanes) -> None:
    """A month's uniforms of one run (compiled, for the Mesa model)."""
    fill_month(key, month, account_draws, position_draws, lanes)
