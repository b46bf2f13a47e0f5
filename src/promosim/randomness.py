"""Random streams: one per run, drawn in fixed shapes so that runs share their luck.

Each run owns a PCG64 generator seeded from a :class:`numpy.random.SeedSequence`. Every month it
draws the same blocks of uniforms, whatever the policy or the state: one block per account slot
and one per position, used or not. So a run's numbers depend only on its seed, never on its batch,
and two policies run on the same seed meet the same customers and the same shocks (common random
numbers). Only uniforms are drawn; every distribution is built from them with exact arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SeedLike = int | np.random.SeedSequence | np.random.Generator | None

#: Uniforms drawn for every account slot every month.
ACCOUNT_DRAWS = (
    "deal", "win", "noise_a", "noise_b", "defect", "acquire", "convert", "match",
    "account_class", "price", "power", "ambition",
)
#: Uniforms drawn for every position every month.
POSITION_DRAWS = (
    "quit", "talk", "backfire", "eval_a", "eval_b", "vacancy",
    "skill", "expertise", "control_kind", "control_size", "outside", "intrinsic", "ramp",
)
#: Uniforms drawn once, at initialisation, per position, account slot and team.
INITIAL_POSITION_DRAWS = (*POSITION_DRAWS[6:], "tenure", "standing", "shock")
INITIAL_ACCOUNT_DRAWS = ("account_class", "price", "power", "ambition", "age", "personal", "firm")
INITIAL_TEAM_DRAWS = ("bias", "style")


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


class Draws:
    """One block of named uniforms per level, shape ``(runs, draws, positions[, accounts])``."""

    def __init__(self, names_by_level: dict[str, tuple[str, ...]], blocks: dict[str, np.ndarray]):
        self._index = {
            name: (level, i)
            for level, names in names_by_level.items() for i, name in enumerate(names)
        }
        self._blocks = blocks

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            level, i = self._index[name]
        except KeyError:
            raise AttributeError(name) from None
        return self._blocks[level][:, i]


class Streams:
    """The random streams of a batch of runs."""

    def __init__(self, seeds: Sequence[np.random.SeedSequence], positions: int, accounts: int,
                 teams: int):
        self.generators = [np.random.Generator(np.random.PCG64(s)) for s in seeds]
        self.positions, self.accounts, self.teams = positions, accounts, teams
        runs = len(self.generators)
        self._account = np.empty((runs, len(ACCOUNT_DRAWS), positions, accounts))
        self._position = np.empty((runs, len(POSITION_DRAWS), positions))

    def initial(self) -> Draws:
        """The uniforms that set up the firm at month 0 (drawn once, before any month)."""
        runs = len(self.generators)
        pos = np.empty((runs, len(INITIAL_POSITION_DRAWS), self.positions))
        acc = np.empty((runs, len(INITIAL_ACCOUNT_DRAWS), self.positions, self.accounts))
        team = np.empty((runs, len(INITIAL_TEAM_DRAWS), self.teams))
        for b, gen in enumerate(self.generators):
            gen.random(out=pos[b])
            gen.random(out=acc[b])
            gen.random(out=team[b])
        return Draws(
            {"position": INITIAL_POSITION_DRAWS, "account": INITIAL_ACCOUNT_DRAWS,
             "team": INITIAL_TEAM_DRAWS},
            {"position": pos, "account": acc, "team": team},
        )

    def month(self) -> Draws:
        """This month's uniforms (the buffers are reused: read them before the next month)."""
        for b, gen in enumerate(self.generators):
            gen.random(out=self._account[b])
            gen.random(out=self._position[b])
        return Draws(
            {"account": ACCOUNT_DRAWS, "position": POSITION_DRAWS},
            {"account": self._account, "position": self._position},
        )
