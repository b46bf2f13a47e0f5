"""``PromoterModel``: the Mesa model of relationship promoters, their managers and counterparts."""

from __future__ import annotations

import inspect
from functools import partial
from types import SimpleNamespace
from typing import Any, NamedTuple

import mesa
import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario

from promosim import engine, metrics, world
from promosim import events as ev
from promosim.agents import Counterpart, Manager, Promoter, Row, Rows
from promosim.context import Month
from promosim.errors import ConfigError
from promosim.outcomes import SERIES_NAMES, SERIES_RECORD
from promosim.parameters import BY_NAME, PARAMETERS, check_schedule, resolve
from promosim.params import RunParameters, Schedule, apply_changes
from promosim.randomness import SeedLike, month_draws, run_key, seed_sequence
from promosim.state import ACCOUNT, POSITION, State, columns

DRIVERS = ("compiled", "agents")


def report(model: PromoterModel, name: str) -> float:
    """Model reporter: this month's value of the series ``name`` (picklable via ``partial``)."""
    return model.latest[name]


class _Views(NamedTuple):
    """Views a compiled model makes once: the engine's monthly call and the month's flows."""

    stepper: engine.Stepper
    origin: np.ndarray  # of the account slots, flat
    acquired: np.ndarray
    defected: np.ndarray
    quit: np.ndarray  # of the positions
    hired: np.ndarray


class SeriesCollector(mesa.DataCollector):
    """Mesa's DataCollector of the model's monthly series, filled from ``model.latest`` at once.

    Its model reporters are the picklable :func:`report` partials, one per series; collecting
    appends the month's values in one pass instead of calling and deep-copying each reporter (the
    values are floats). With agent reporters added it collects as Mesa's does.
    """

    def collect(self, model: PromoterModel) -> None:
        """Record this month's series (and anything else as Mesa's DataCollector does)."""
        latest = model.latest
        if self.agent_reporters or self.agenttype_reporters or \
                self.model_vars.keys() != latest.keys():
            super().collect(model)
            return
        self._collection_steps.append(model.time)
        for name, values in self.model_vars.items():
            values.append(latest[name])


class Draws:
    """One month's uniforms of the model's run, as rows (``draws.accounts[p, s].deal``)."""

    def __init__(self, positions: int, slots: int):
        self._accounts, self._positions, self._lanes = engine.scratch(positions, slots)

    @property
    def accounts(self) -> Rows:
        """Uniforms of the account slots."""
        return Rows(self._accounts)

    @property
    def positions(self) -> Rows:
        """Uniforms of the positions."""
        return Rows(self._positions)

    def draw(self, key: tuple[Any, Any], month: int) -> None:
        """Fill in the uniforms of ``month``."""
        month_draws(key, month, self._accounts, self._positions, self._lanes)


def _promoter_scenario() -> type[Scenario]:
    """A Mesa ``Scenario`` whose parameters and defaults are the parameter table's."""
    annotations = {p.name: int if p.integer else float for p in PARAMETERS}
    defaults = {p.name: int(p.default) if p.integer else p.default for p in PARAMETERS}
    doc = ("A Mesa scenario of promosim: every parameter of the parameter table, with its default "
           "(``PromoterScenario(rng=42, goal_clarity=0.9)``); pass it as "
           "``PromoterModel(scenario=...)``.")
    return type("PromoterScenario", (Scenario,), {"__annotations__": annotations, **defaults,
                                                   "__module__": __name__, "__doc__": doc})


PromoterScenario = _promoter_scenario()


class PromoterModel(mesa.Model):
    """Relationship promoters, their managers and counterparts, month by month.

    Every keyword of ``promosim.parameters.PARAMETERS`` is accepted (see
    ``docs/parameters.md``); ``rng`` seeds the run; ``policy_schedule`` changes levers at given
    months; ``scenario`` gives the parameters and seed as a Mesa scenario instead of keywords
    (:data:`PromoterScenario`). ``driver="compiled"`` (default) runs each month in the compiled
    engine;
    ``driver="agents"`` lets each Mesa agent call the same phase code, interpreted (slower, and
    identical to the number).

    After each step ``model.latest`` holds the month's outcomes and ``model.datacollector`` has
    collected them; ``model.events`` is the event log and ``model.snapshot()`` the agents' state.
    """

    def __init__(self, *, rng: SeedLike = None, driver: str = "compiled",
                 policy_schedule: Schedule | None = None, scenario: Scenario | None = None,
                 **parameters: Any):
        if scenario is not None:
            if parameters:
                raise ConfigError("PromoterModel: give the parameters in the scenario or as "
                                  f"keywords, not both (got {', '.join(sorted(parameters))})")
            parameters = {name: value for name, value in scenario if name in BY_NAME}
            rng = scenario.rng if rng is None else rng
        values = resolve(parameters, where="PromoterModel")
        if driver not in DRIVERS:
            raise ConfigError(f"PromoterModel: driver must be one of {', '.join(DRIVERS)}, "
                              f"got {driver!r}")
        self.seed = seed_sequence(rng)
        mesa_seed = int(self.seed.generate_state(1)[0])
        if scenario is None:
            scenario = PromoterScenario(rng=mesa_seed, **values)
        elif scenario.rng != rng:
            raise ConfigError("PromoterModel: rng and scenario.rng must be the same")
        super().__init__(scenario=scenario)
        self.values = values
        self.driver = driver
        self.months = int(values["months"])
        self.policy_schedule = check_schedule(policy_schedule, self.months)
        self.params = RunParameters([values], [self.policy_schedule])
        prm = self.params
        self.state = State.empty(1, prm.teams, prm.team_size, prm.accounts)
        self.state.firms["key0"], self.state.firms["key1"] = run_key(self.seed)
        self.draws = Draws(prm.positions, prm.accounts)
        self._series = np.zeros(1, SERIES_RECORD)  # this month's series, filled in place
        self.log = ev.new_log()
        self.latest: dict[str, float] = {}
        self.managers = [Manager(self, t) for t in range(prm.teams)]
        self.promoter_at: dict[int, Promoter] = {}
        self.counterpart_at: dict[tuple[int, int], Counterpart] = {}
        if driver == "compiled":
            engine.found_firms(self.state, prm)
            engine.run(self.state, prm, 1 - prm.spinup, 0, ev.new_log(1, enabled=False),
                       np.empty((1, 0), SERIES_RECORD), 1)
            self._add_agents()
        else:
            world.found_firm(self._month(-prm.spinup), self.rows, self.account_rows,
                             Rows(self.state.teams[0]), self.firm)
            self._add_agents()
            for month in range(1 - prm.spinup, 1):
                self._agents_month(month, logging=False)
        self._measure()
        self.datacollector = SeriesCollector(
            model_reporters={name: partial(report, name=name) for name in SERIES_NAMES})
        self.datacollector.collect(self)

    def step(self) -> None:
        """Simulate one month."""
        month = self.steps
        if self.driver == "compiled":
            self.log = self._views().stepper.month(month, self.log)
            self._sync_agents()
            self.latest = dict(zip(SERIES_NAMES, self._series[0].tolist(), strict=True))
        else:
            self._agents_month(month, logging=True)
            self._measure()
        self.datacollector.collect(self)
        if month >= self.months:
            self.running = False

    def _views(self) -> _Views:
        """The engine's monthly call and the flows the agents follow, made on first use.

        Both hold views of the state, so they are made again after unpickling, not pickled.
        """
        views = self.__dict__.get("_prepared")
        if views is None:
            accounts, positions = self.state.accounts[0], self.state.promoters[0]
            views = self.__dict__["_prepared"] = _Views(
                engine.Stepper(self.state, self.params, self._series.reshape(1, 1)),
                *(accounts[name].reshape(-1) for name in ("origin", "acquired", "defected")),
                positions["quit"], positions["hired"])
        return views

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_prepared", None)  # views: made again for the unpickled model's state
        return state

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

    @property
    def rows(self) -> Rows:
        """The positions' records as rows (for interpreted model code)."""
        return Rows(self.state.promoters[0])

    @property
    def account_rows(self) -> Rows:
        """The account slots' records as rows."""
        return Rows(self.state.accounts[0])

    @property
    def firm(self) -> Row:
        """The run's record (id counters and random key)."""
        return Row(self.state.firms[0])

    def holder(self, position: int) -> Any:
        """The Promoter of ``position``, or the position's record while it is vacant."""
        return self.promoter_at.get(position, self.rows[position])

    def _month(self, month: int) -> Month:
        """The month as interpreted model code sees it (parameters as plain attributes)."""
        values = self.params.values[0]
        P = SimpleNamespace(**{name: float(values[name]) for name in values.dtype.names})
        return Month(P, month, (self.firm.key0, self.firm.key1))

    def _agents_month(self, month: int, logging: bool) -> None:
        """One month, phase by phase, each agent calling the phase code (interpreted)."""
        st, prm = self.state, self.params
        apply_changes(prm.flat(), prm.changes, prm.offsets(), 0, month)
        engine.clear_flows(engine.words(st.promoters[0]), engine.words(st.accounts[0]))
        c = self._month(month)
        self.draws.draw(c.key, month)
        self._do(Manager, "take_census", c)
        for p in range(prm.positions):
            world.strike(c, self.holder(p))
        self._do(Manager, "supervise", c)
        self._do(Promoter, "plan_work", c)
        self._do(Counterpart, "interact", c)
        self._do(Counterpart, "respond", c)
        self._do(Manager, "evaluate", c)
        self._do(Promoter, "reflect", c)
        self._do(Promoter, "consider_quitting", c)
        for p, promoter in sorted(self.promoter_at.items()):
            if promoter.quit:
                world.succession(c, promoter, promoter.manager, self.account_rows[p],
                                 self.draws.positions[p])
        self._do(Counterpart, "consider_defecting", c)
        slots = prm.accounts
        for p in range(prm.positions):
            for s in range(slots):
                world.market(c, self.account_rows[p, s], p * slots + s, self.firm,
                             self.draws.accounts[p, s])
        for p in range(prm.positions):
            world.fill_vacancy(c, self.rows[p], p, self.firm)
            world.observe_spiral(c, self.rows[p])
        promoters = st.promoters[0].view(np.recarray)
        accounts = st.accounts[0].view(np.recarray)
        size = prm.team_size
        for t in range(prm.teams):
            world.hand_over(c, promoters[t * size:(t + 1) * size],
                            accounts[t * size:(t + 1) * size], t * size)
        if logging:
            self.log = ev.with_room(self.log, engine.events_per_month(st.promoters[0],
                                                                       st.accounts[0]))
            engine.log_month(self.log, 0, month, self.rows, self.account_rows)
        self._sync_agents()

    def _do(self, kind: type, method: str, c: Month) -> None:
        """Every agent of ``kind`` does ``method`` for the month (Mesa's ``AgentSet.do``)."""
        agents = self.agents_by_type.get(kind)
        if agents is not None:
            agents.do(method, c)

    def _measure(self) -> None:
        """This month's series, from the state (interpreted when the agents drive)."""
        self._series[...] = 0
        if self.driver == "compiled":
            engine.measure(self.state.promoters, self.state.accounts, self.params.values,
                           self._series)
        else:
            metrics.account_month(self._month(self.steps), self.rows, self.account_rows,
                                  Row(self._series[0]))
        self.latest = dict(zip(SERIES_NAMES, self._series[0].tolist(), strict=True))

    def _add_agents(self) -> None:
        """Agents for the first firm's promoters and counterparts."""
        st = self.state
        for p in np.flatnonzero(st.occupied[0]).tolist():
            self.promoter_at[p] = Promoter(self, p)
        positions, slots = np.nonzero(st.active[0])
        for p, s in zip(positions.tolist(), slots.tolist(), strict=True):
            self.counterpart_at[p, s] = Counterpart(self, p, s)

    def _sync_agents(self) -> None:
        """Remove agents of people who left, move handed-over counterparts, add new agents.

        A counterpart whose account was handed to a colleague moves with it; hires and new
        customers get agents.
        """
        _, origin, acquired, defected, quit, hired = self._views()
        slots = self.params.accounts
        moved = [(divmod(int(origin[r]) - 1, slots), divmod(r, slots))  # slot r: (p, s)
                 for r in np.flatnonzero(origin).tolist() if not acquired[r]]
        agents = [self.counterpart_at.pop(old) for old, _ in moved]
        for agent, (_, new) in zip(agents, moved, strict=True):
            agent.move_to(*new)
            self.counterpart_at[new] = agent
        for p in np.flatnonzero(quit).tolist():
            self.promoter_at.pop(p).remove()
        for p in np.flatnonzero(hired).tolist():
            self.promoter_at[p] = Promoter(self, p)
        for p, s in _positions_and_slots(np.flatnonzero(defected), slots):
            self.counterpart_at.pop((p, s)).remove()
        for p, s in _positions_and_slots(np.flatnonzero(acquired), slots):
            self.counterpart_at[p, s] = Counterpart(self, p, s)

    @property
    def events(self) -> pd.DataFrame:
        """The event log so far (hires, quits, roles, relationships, spirals)."""
        return ev.frame(self.log, self.params.team_size).drop(columns="run")

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


def _positions_and_slots(rows: np.ndarray, slots: int) -> zip:
    """(position, slot) of each account slot numbered ``row`` in the run."""
    positions, within = np.divmod(rows, slots)
    return zip(positions.tolist(), within.tolist(), strict=True)


def _signature() -> inspect.Signature:
    keyword = inspect.Parameter.KEYWORD_ONLY
    head = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("rng", keyword, default=None, annotation="SeedLike"),
        inspect.Parameter("driver", keyword, default="compiled", annotation=str),
        inspect.Parameter("policy_schedule", keyword, default=None, annotation="Schedule | None"),
        inspect.Parameter("scenario", keyword, default=None, annotation="Scenario | None"),
    ]
    tail = [inspect.Parameter(p.name, keyword, default=p.default,
                              annotation=int if p.integer else float) for p in PARAMETERS]
    return inspect.Signature(head + tail)


PromoterModel.__init__.__signature__ = _signature()
