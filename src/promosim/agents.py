"""Mesa agents: the identity and life cycle of a record, acting through the model's phases.

A :class:`Promoter` exists while a person holds a position, a :class:`Counterpart` while a customer
relationship is active, a :class:`Manager` for each team. Their attributes read and write their
record (``promoter.stress`` is the stress in ``model.state.promoters[0, position]``). Their methods
call the phase functions of :mod:`promosim.phases` with themselves as the record: the same code
the compiled engine runs, here interpreted, agent by agent (``PromoterModel(driver="agents")``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from promosim import phases, world
from promosim.state import ACCOUNT, POSITION, TEAM, columns

if TYPE_CHECKING:
    from promosim.context import Month
    from promosim.model import PromoterModel


class Column:
    """An agent attribute that reads and writes the agent's record."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, agent: Any, owner: type | None = None) -> Any:
        if agent is None:
            return self
        return agent.record[self.name]

    def __set__(self, agent: Any, value: Any) -> None:
        agent.record[self.name] = value


class Row:
    """A record with attribute access, for rows that no agent holds (a vacant position)."""

    __slots__ = ("_record",)

    def __init__(self, record: np.void):
        object.__setattr__(self, "_record", record)

    def __getattr__(self, name: str) -> Any:
        return self._record[name]

    def __setattr__(self, name: str, value: Any) -> None:
        self._record[name] = value



class Rows:
    """Records of a structured array as attribute rows (for interpreted model code)."""

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray):
        self.array = array

    @property
    def shape(self) -> tuple[int, ...]:
        """The array's shape."""
        return self.array.shape

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, index: Any) -> Row | Rows:
        item = self.array[index]
        return Row(item) if isinstance(item, np.void) else Rows(item)


def reads(level: str) -> Callable[[type], type]:
    """Class decorator: one :class:`Column` attribute per state column of ``level``."""
    def decorate(cls: type) -> type:
        for name in columns(level):
            setattr(cls, name, Column(name))
        return cls
    return decorate


class Recorded:
    """An agent whose attributes live in a record of the model's state (found on first use).

    ``where`` is the record's level and its index within run 0.
    """

    model: PromoterModel
    where: tuple[str, tuple[int, ...]]

    @property
    def record(self) -> np.void:
        """The agent's record (a view into ``model.state``)."""
        found = self.__dict__.get("_record")
        if found is None:
            level, index = self.where
            found = self.__dict__["_record"] = self.model.state.level(level)[(0, *index)]
        return found

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_record", None)  # a view: found again in the unpickled model's state
        return state


@reads(TEAM)
class Manager(Recorded, mesa.Agent):
    """A team's manager: supervises, keeps the books, evaluates and gives feedback."""

    model: PromoterModel

    def __init__(self, model: PromoterModel, team: int):
        super().__init__(model)
        self.team = team
        size = model.params.team_size
        self.positions = range(team * size, (team + 1) * size)
        self.where = (TEAM, (team,))

    @property
    def promoters(self) -> list[Promoter]:
        """The team's current promoters."""
        held = self.model.promoter_at
        return [held[p] for p in self.positions if p in held]

    def take_census(self, c: Month) -> None:
        """Count the team at the start of the month."""
        world.take_census(c, self, self.model.rows[self.positions.start:self.positions.stop])

    def supervise(self, c: Month) -> None:
        """Set each promoter's supervision."""
        for promoter in self.promoters:
            phases.supervise(c, promoter)

    def evaluate(self, c: Month) -> None:
        """Keep the books of every position; evaluate each promoter and perhaps hold a talk."""
        for p in self.positions:
            phases.tally(c, self.model.holder(p), self.model.account_rows[p])
        for promoter in self.promoters:
            phases.evaluate(c, promoter, self, self.model.draws.positions[promoter.position])


@reads(POSITION)
class Promoter(Recorded, mesa.Agent):
    """A relationship manager holding a position: works the accounts, reflects, may quit."""

    model: PromoterModel

    def __init__(self, model: PromoterModel, position: int):
        super().__init__(model)
        self.position = position
        self.where = (POSITION, (position,))

    @property
    def manager(self) -> Manager:
        """The manager of the promoter's team."""
        return self.model.managers[self.position // self.model.params.team_size]

    @property
    def counterparts(self) -> list[Counterpart]:
        """The counterparts of the position's active accounts, in slot order."""
        slots = self.model.params.accounts
        at = self.model.counterpart_at
        return [at[self.position, s] for s in range(slots) if (self.position, s) in at]

    def plan_work(self, c: Month) -> None:
        """Choose effort, its split between selling and relationship work, and the terms."""
        phases.plan_work(c, self)

    def reflect(self, c: Month) -> None:
        """Update conflict, well-being, rewards, loyalty and the promoter role."""
        phases.reflect(c, self, self.manager)

    def consider_quitting(self, c: Month) -> None:
        """Quit with a monthly hazard."""
        phases.consider_quitting(c, self, self.manager, self.model.draws.positions[self.position])


@reads(ACCOUNT)
class Counterpart(Recorded, mesa.Agent):
    """A customer's key person: meets the promoter, trusts, negotiates, may defect."""

    model: PromoterModel

    def __init__(self, model: PromoterModel, position: int, slot: int):
        super().__init__(model)
        self.position, self.slot = position, slot
        self.where = (ACCOUNT, (position, slot))

    def move_to(self, position: int, slot: int) -> None:
        """Follow the account to the colleague's slot it was handed to."""
        self.position, self.slot = position, slot
        self.where = (ACCOUNT, (position, slot))
        self.__dict__.pop("_record", None)

    @property
    def promoter(self) -> Promoter | None:
        """The promoter currently holding the account's position (None while it is vacant)."""
        return self.model.promoter_at.get(self.position)

    def _draws(self) -> Any:
        return self.model.draws.accounts[self.position, self.slot]

    def interact(self, c: Month) -> None:
        """Meet the promoter (or the team's cover), update trust, and negotiate if a deal is due."""
        phases.interact(c, self, self.model.holder(self.position), self._draws())

    def respond(self, c: Month) -> None:
        """Grow into (or out of) the customer-side promoter role; be matched; over-use power."""
        manager = self.model.managers[self.position // self.model.params.team_size]
        phases.respond(c, self, self.model.holder(self.position), manager, self._draws())

    def consider_defecting(self, c: Month) -> None:
        """End the relationship with a monthly hazard."""
        phases.consider_defecting(c, self, self.model.holder(self.position), self._draws())
