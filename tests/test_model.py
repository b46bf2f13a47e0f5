"""PromoterModel follows Mesa's conventions and exposes what users need."""

import inspect
import pickle

import mesa
import pandas as pd
import pytest

from promosim import ConfigError, PromoterModel
from promosim.agents import Counterpart, Manager, Promoter
from promosim.outcomes import SERIES_NAMES as SERIES
from promosim.parameters import PARAMETERS

REQUIRED = ["promoters", "vacancies", "quits", "promoters_in_role", "mean_customer_trust",
            "mean_management_trust", "mean_supervision", "mean_role_conflict",
            "active_relationships", "defections", "revenue", "pay_cost", "spirals_active"]


def test_constructor_is_keyword_only_with_defaults():
    signature = inspect.signature(PromoterModel)
    assert "rng" in signature.parameters
    for parameter in signature.parameters.values():
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.default is not inspect.Parameter.empty
    assert {p.name for p in PARAMETERS} <= set(signature.parameters)


def test_reporters_include_the_design_names(small):
    model = PromoterModel(rng=1, **small).run()
    frame = model.datacollector.get_model_vars_dataframe()
    assert set(REQUIRED) <= set(frame.columns)
    assert set(frame.columns) == set(SERIES)
    assert len(frame) == small["months"] + 1
    assert not frame.isna().any().any()


def test_batch_run_drives_the_model(small):
    results = mesa.batch_run(PromoterModel, parameters={**small, "supervision_base": [0.2, 0.7]},
                             rng=[1, 2], max_steps=small["months"], number_processes=1,
                             display_progress=False)
    frame = pd.DataFrame(results)
    assert len(frame) == 4
    assert set(frame["supervision_base"]) == {0.2, 0.7}
    assert (frame["Step"] == small["months"]).all()
    tight = frame[frame.supervision_base == 0.7].mean_supervision.mean()
    loose = frame[frame.supervision_base == 0.2].mean_supervision.mean()
    assert tight > loose


@pytest.mark.slow
def test_batch_run_with_two_processes(small):
    results = mesa.batch_run(PromoterModel, parameters=small, rng=[1, 2], max_steps=6,
                             number_processes=2, display_progress=False)
    assert len(results) == 2


def test_model_pickles(small):
    model = PromoterModel(rng=1, **small)
    model.step()
    copy = pickle.loads(pickle.dumps(model))
    for _ in range(24):
        copy.step()
        model.step()
        assert copy.latest == model.latest
        assert sorted(copy.counterpart_at) == sorted(model.counterpart_at)
        assert len(copy.agents_by_type[Counterpart]) == int(copy.state.active.sum())


def test_agents_are_created_on_hire_and_removed_on_quit(small):
    model = PromoterModel(rng=3, **{**small, "months": 60})
    assert len(model.agents_by_type[Manager]) == small["n_teams"]
    for _ in range(60):
        model.step()
        promoters = model.agents_by_type[Promoter]
        assert len(promoters) == int(model.state.occupied.sum())
        assert all(model.state.occupied[0, a.position] for a in promoters)
        assert len(model.agents_by_type[Counterpart]) == int(model.state.active.sum())
    ids = model.events.query("event == 'hire'")
    assert len(ids) > 0


def test_agent_attributes_read_their_row(small):
    model = PromoterModel(rng=1, **small)
    promoter = next(iter(model.agents_by_type[Promoter]))
    assert promoter.stress == model.state.stress[0, promoter.position]
    promoter.stress = 0.42
    assert model.state.stress[0, promoter.position] == 0.42
    counterpart = next(iter(model.agents_by_type[Counterpart]))
    assert counterpart.promoter is model.promoter_at.get(counterpart.position)


def test_snapshot_has_one_row_per_agent(small):
    model = PromoterModel(rng=1, **small).run()
    snapshot = model.snapshot()
    assert len(snapshot["promoters"]) == len(model.agents_by_type[Promoter])
    assert len(snapshot["counterparts"]) == len(model.agents_by_type[Counterpart])
    assert {"agent_id", "position", "team", "tenure", "mgmt_trust", "role"} <= set(
        snapshot["promoters"].columns)


def test_event_log_is_ready_for_survival_analysis(small):
    events = PromoterModel(rng=2, **{**small, "months": 60}).run().events
    assert list(events.columns) == ["month", "event", "team", "position", "slot", "person",
                                    "account", "duration", "detail"]
    quits = events[events.event == "quit"]
    assert (quits.duration >= 0).all()
    ends = events[events.event == "relationship_end"]
    assert (ends.duration >= 1).all()
    assert events.month.between(1, 60).all()
    assert events.month.is_monotonic_increasing


def test_policy_schedule_changes_levers_at_its_month(small):
    model = PromoterModel(rng=1, policy_schedule=[(10, {"supervision_base": 0.9})], **small)
    for _ in range(9):
        model.step()
    assert model.params.scalar("supervision_base") == pytest.approx(0.3)
    model.step()
    assert model.params.scalar("supervision_base") == pytest.approx(0.9)


@pytest.mark.parametrize("kwargs, words", [
    ({"supervison_base": 0.5}, ["supervison_base", "did you mean 'supervision_base'"]),
    ({"goal_clarity": 1.5}, ["goal_clarity", "from 0 to 1"]),
    ({"n_teams": 2.5}, ["n_teams", "integer"]),
    ({"policy_schedule": [(999, {"goal_clarity": 0.5})]}, ["month", "horizon"]),
    ({"policy_schedule": [(5, {"n_teams": 3})]}, ["n_teams", "not a policy lever"]),
    ({"driver": "turbo"}, ["driver", "compiled"]),
])
def test_bad_keywords_get_clear_errors(kwargs, words):
    with pytest.raises(ConfigError) as error:
        PromoterModel(**kwargs)
    for word in words:
        assert word in str(error.value)


def test_set_levers_acts_like_a_scheduled_change(small):
    scheduled = PromoterModel(rng=4, policy_schedule=[(7, {"goal_clarity": 0.9})], **small)
    moved = PromoterModel(rng=4, **small)
    for _ in range(6):
        moved.step()
        scheduled.step()
    moved.set_levers(goal_clarity=0.9)
    assert moved.params.scalar("goal_clarity") == pytest.approx(0.5)
    with pytest.raises(ConfigError, match="not a policy lever"):
        moved.set_levers(n_teams=3)
    moved.run()
    scheduled.run()
    assert moved.datacollector.get_model_vars_dataframe().equals(
        scheduled.datacollector.get_model_vars_dataframe())
    with pytest.raises(ConfigError, match="horizon"):
        moved.set_levers(goal_clarity=0.2)


def test_mesa_scenario_api(small):
    """``PromoterModel(scenario=...)``: Mesa's Scenario with the parameter table's defaults."""
    from promosim import PromoterScenario

    scenario = PromoterScenario(rng=42, goal_clarity=0.9, **small)
    assert scenario.supervision_base == 0.3 and scenario.goal_clarity == 0.9
    by_scenario = PromoterModel(scenario=scenario).run()
    by_keywords = PromoterModel(rng=42, goal_clarity=0.9, **small).run()
    assert by_scenario.scenario is scenario and scenario.model is by_scenario
    assert by_scenario.datacollector.get_model_vars_dataframe().equals(
        by_keywords.datacollector.get_model_vars_dataframe())
    assert by_keywords.scenario.goal_clarity == 0.9
    with pytest.raises(ConfigError, match="not both"):
        PromoterModel(scenario=scenario, goal_clarity=0.5)
    with pytest.raises(ValueError, match="during model run"):
        by_scenario.running = True
        scenario.goal_clarity = 0.1


def test_agent_reporters_in_a_users_own_datacollector(small):
    model = PromoterModel(rng=3, **small)
    collector = mesa.DataCollector(
        agenttype_reporters={Promoter: {"stress": "stress", "trust": "mgmt_trust"},
                             Counterpart: {"trust": "personal_trust"}})
    for _ in range(3):
        model.step()
        collector.collect(model)
    promoters = collector.get_agenttype_vars_dataframe(Promoter)
    assert set(promoters.index.get_level_values("Step")) == {1, 2, 3}
    last = promoters.xs(3, level="Step")
    for agent_id, row in last.iterrows():
        agent = next(a for a in model.agents_by_type[Promoter] if a.unique_id == agent_id)
        assert row["stress"] == agent.stress == model.state.stress[0, agent.position]
