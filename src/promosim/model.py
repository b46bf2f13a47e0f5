"""``PromoterModel``: the Mesa model of relationship promoters, their managers and counterparts."""

from __future__ import annotations

import inspect
from functools import partial
from typing import Any

import mesa
import numpy as np
import pandas as pd

from promosim import engine, metrics
from promosim.agents import AgentDriver, Counterpart, Manager, Promoter
from promosim.errors import ConfigError
from promosim.events import EventLog
from promosim.param_arrays import Params, Schedule, Values
from promosim.parameters import (
    BY_NAME,
    PARAMETERS,
    check_schedule,
    resolve,
)
from promosim.randomness import SeedLike, Streams, seed_sequence
from promosim.state import ACCOUNT, POSITION, State, columns

DRIVERS = ("vectorised", "agents")


def report(model: PromoterModel, name: str) -> float:
    """Model reporter: this month's value of the series ``name`` (picklable via ``partial``)."""
    return model.latest[name]


class PromoterModel(mesa.Model):
    """Relationship promoters, their managers and counterparts, month by month.

    Every keyword of ``promosim.parameters.PARAMETERS`` is accepted (see
    ``docs/parameters.md``); ``rng`` seeds the run; ``policy_schedule`` changes levers at given
    months; ``driver`` is ``"vectorised"`` (default) or ``"agents"`` (the per-agent oracle).

    After each step ``model.latest`` holds the month's outcomes and ``model.datacollector`` has
    collected them; ``model.events`` is the event log and ``model.snapshot()`` the agents' state.
    """

    def __init__(self, *, rng: SeedLike = None, driver: str = "vectorised",
                 policy_schedule: Schedule | None = None, **parameters: Any):
        values = resolve(parameters, where="PromoterModel")
        if driver not in DRIVERS:
            raise ConfigError(f"PromoterModel: driver must be one of {', '.join(DRIVERS)}, "
                              f"got {driver!r}")
        self.seed = seed_sequence(rng)
        super().__init__(rng=int(self.seed.generate_state(1)[0]))
        self.values = values
        self.months = int(values["months"])
        self.policy_schedule = check_schedule(policy_schedule, self.months)
        self.params = Params([values], [self.policy_schedule])
        prm = self.params
        self.streams = Streams([self.seed], prm.positions, prm.accounts, prm.teams)
        self.state = State.empty(1, prm.teams, prm.team_size, prm.accounts)
        self.log = EventLog()
        engine.initialise(self.state, prm, self.streams.initial())
        self.driver = engine.VECTORISED if driver == "vectorised" else AgentDriver(self)
        self.now = Values({name: prm.scalar(name) for name in BY_NAME})
        self.draws = None
        self.managers = [Manager(self, t) for t in range(prm.teams)]
        self.promoter_at: dict[int, Promoter] = {
            int(p): Promoter(self, int(p)) for p in np.flatnonzero(self.state.occupied[0])}
        self.counterpart_at: dict[tuple[int, int], Counterpart] = {
            (int(p), int(s)): Counterpart(self, int(p), int(s))
            for p, s in zip(*np.nonzero(self.state.active[0]), strict=True)}
        engine.spin_up(self.state, prm, self.streams, self.driver, self._sync_agents)
        self.latest = {name: float(v[0]) for name, v in metrics.monthly(self.state, prm).items()}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(report, name=name) for name in metrics.SERIES})
        self.datacollector.collect(self)

    def step(self) -> None:
        """Simulate one month."""
        month = self.steps
        engine.month(self.state, self.params, self.streams.month(), self.log, month, self.driver)
        self._sync_agents()
        self.latest = {name: float(v[0]) for name, v in
                       metrics.monthly(self.state, self.params).items()}
        self.datacollector.collect(self)
        if month >= self.months:
            self.running = False

    def set_levers(self, **levers: float) -> None:
        """Change policy levers from the next month on (as a policy schedule entry would)."""
        month = self.steps + 1
        checked = check_schedule([(month, levers)], self.months, where="set_levers")
        for name, value in checked[0][1].items():
            self.params.add_change(month, 0, name, value)
        self.policy_schedule.append(checked[0])

    def run(self) -> PromoterModel:
        """Simulate to the horizon; returns the model."""
        while self.running:
            self.step()
        return self

    def _sync_agents(self) -> None:
        """Remove agents of people who left and create agents for hires and new customers."""
        st = self.state
        for p in np.flatnonzero(st.quit[0]):
            self.promoter_at.pop(int(p)).remove()
        for p in np.flatnonzero(st.hired[0]):
            self.promoter_at[int(p)] = Promoter(self, int(p))
        for p, s in zip(*np.nonzero(st.defected[0]), strict=True):
            self.counterpart_at.pop((int(p), int(s))).remove()
        for p, s in zip(*np.nonzero(st.acquired[0]), strict=True):
            self.counterpart_at[(int(p), int(s))] = Counterpart(self, int(p), int(s))

    @property
    def events(self) -> pd.DataFrame:
        """The event log so far (hires, quits, roles, relationships, spirals)."""
        return self.log.frame(self.params.team_size).drop(columns="run")

    def snapshot(self) -> dict[str, pd.DataFrame]:
        """The current state of every promoter and counterpart, one row per agent."""
        st = self.state
        promoters = pd.DataFrame(
            {"agent_id": [a.unique_id for a in self.promoter_at.values()],
             "position": list(self.promoter_at)})
        for name in columns(POSITION):
            promoters[name] = getattr(st, name)[0, promoters["position"].to_numpy(dtype=int)]
        promoters.insert(2, "team", promoters["position"] // self.params.team_size)
        keys = list(self.counterpart_at)
        counterparts = pd.DataFrame(
            {"agent_id": [a.unique_id for a in self.counterpart_at.values()],
             "position": [k[0] for k in keys], "slot": [k[1] for k in keys]})
        index = (np.zeros(len(keys), dtype=int), counterparts["position"].to_numpy(dtype=int),
                 counterparts["slot"].to_numpy(dtype=int))
        for name in columns(ACCOUNT):
            counterparts[name] = getattr(st, name)[index]
        return {"promoters": promoters.sort_values("position").reset_index(drop=True),
                "counterparts": counterparts.sort_values(["position", "slot"]).reset_index(
                    drop=True)}


def _signature() -> inspect.Signature:
    keyword = inspect.Parameter.KEYWORD_ONLY
    head = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("rng", keyword, default=None, annotation="SeedLike"),
        inspect.Parameter("driver", keyword, default="vectorised", annotation=str),
        inspect.Parameter("policy_schedule", keyword, default=None, annotation="Schedule | None"),
    ]
    tail = [inspect.Parameter(p.name, keyword, default=p.default,
                              annotation=int if p.integer else float) for p in PARAMETERS]
    return inspect.Signature(head + tail)


PromoterModel.__init__.__signature__ = _signature()
