"""The model's state in columns: one array per variable, one row per run and position or account.

Shapes: positions ``(runs, positions)``, accounts ``(runs, positions, accounts)``, teams
``(runs, teams)``. Positions are numbered team by team, so team ``t`` holds positions
``t*team_size .. (t+1)*team_size - 1``. A position keeps its row when its holder quits (it falls
vacant); an account slot keeps its row when its customer defects (it falls empty). Mesa agents are
the identity of an occupied row and read it (``promosim.agents``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from promosim.equations import Array

POSITION, ACCOUNT, TEAM, RUN = "position", "account", "team", "run"


def column(level: str, doc: str, dtype: type = np.float64, flow: bool = False) -> Array:
    """Declare a state column: its level (position, account, team, run), meaning and type.

    A *flow* holds what happened this month and is cleared at the start of every month.
    """
    return field(default=None,
                 metadata={"level": level, "doc": doc, "dtype": dtype, "flow": flow})


@dataclass
class State:
    """All state variables of a batch of runs (see the ODD, "State variables")."""

    # --- positions: the promoter who holds it (traits and state) ---------------------------------
    occupied: Array = column(POSITION, "a promoter holds the position", bool)
    person: Array = column(POSITION, "id of the holder within the run (-1 when vacant)", np.int64)
    tenure: Array = column(POSITION, "months since the holder was hired")
    vacancy_left: Array = column(POSITION, "months until a vacancy is filled")
    ramp_months: Array = column(POSITION, "ramp-up time of the holder (months)")
    skill: Array = column(POSITION, "social skill (trait)")
    expertise: Array = column(POSITION, "technical expertise (trait)")
    control: Array = column(POSITION, "sensitivity to control: >0 lowers, <0 raises effort (trait)")
    outside_option: Array = column(POSITION, "best outside offer relative to market pay (trait)")
    intrinsic_base: Array = column(POSITION, "intrinsic motivation the holder brings (trait)")
    intrinsic: Array = column(POSITION, "intrinsic motivation")
    share: Array = column(POSITION, "share of effort given to relationship work (habit)")
    effort: Array = column(POSITION, "voluntary effort")
    work: Array = column(POSITION, "intensity of relationship work")
    hardness: Array = column(POSITION, "hardness of the terms the holder negotiates")
    cooperativeness: Array = column(POSITION, "cooperative attitude")
    quality: Array = column(POSITION, "quality the holder brings to interactions this month")
    knowledge: Array = column(POSITION, "knowledge of the firm's goals, resources and strategy")
    identification: Array = column(POSITION, "identification with the customers")
    role_conflict: Array = column(POSITION, "role conflict")
    stress: Array = column(POSITION, "stress and exhaustion")
    material_reference: Array = column(POSITION, "habituated level of material reward")
    reward: Array = column(POSITION, "material reward this month (1 = on-target pay)")
    material_satisfaction: Array = column(POSITION, "satisfaction with material reward")
    recognition: Array = column(POSITION, "felt social recognition")
    career: Array = column(POSITION, "career progress")
    leader_trust: Array = column(POSITION, "the holder's trust in the manager")
    satisfaction: Array = column(POSITION, "job satisfaction")
    loyalty: Array = column(POSITION, "loyalty to the firm")
    role: Array = column(POSITION, "the holder has the relationship-promoter role", bool)
    role_streak: Array = column(POSITION, "months the role conditions have held")
    role_loss_streak: Array = column(POSITION, "months a role holder has failed the conditions")
    sales_achievement: Array = column(POSITION, "revenue against target over the bonus horizon")
    relationship_achievement: Array = column(POSITION, "soft facts against target, bonus horizon")
    # --- positions: the manager–promoter dyad ----------------------------------------------------
    mgmt_trust: Array = column(POSITION, "the manager's trust in the holder")
    supervision: Array = column(POSITION, "tightness of supervision")
    latitude: Array = column(POSITION, "decision latitude")
    perceived: Array = column(POSITION, "the manager's running view of recent results")
    evaluation: Array = column(POSITION, "the manager's reading of this month's results", flow=True)
    failure: Array = column(POSITION, "this month read as a failure", bool, flow=True)
    failure_lag1: Array = column(POSITION, "last month read as a failure", bool)
    failure_lag2: Array = column(POSITION, "the month before read as a failure", bool)
    trust_lag1: Array = column(POSITION, "management trust one month ago")
    trust_lag2: Array = column(POSITION, "management trust two months ago")
    trust_lag3: Array = column(POSITION, "management trust three months ago")
    in_spiral: Array = column(POSITION, "the dyad is in a failure–distrust spiral", bool)
    spiral_start: Array = column(POSITION, "month the current spiral started", np.int64)
    shocked: Array = column(POSITION, "the position is hit by the failure shock", bool)
    struck: Array = column(POSITION, "the failure shock hits the position this month", bool)
    # --- positions: this month's flows ------------------------------------------------------------
    wins: Array = column(POSITION, "negotiations won this month", flow=True)
    negotiations: Array = column(POSITION, "negotiations this month", flow=True)
    revenue: Array = column(POSITION, "revenue this month (k€)", flow=True)
    talk: Array = column(POSITION, "a feedback talk took place", bool, flow=True)
    backfired: Array = column(POSITION, "the feedback talk backfired", bool, flow=True)
    quit: Array = column(POSITION, "the holder quit this month", bool, flow=True)
    hired: Array = column(POSITION, "a new holder was hired this month", bool, flow=True)
    role_gained: Array = column(POSITION, "the holder gained the role this month", bool, flow=True)
    role_lost: Array = column(POSITION, "the holder lost the role this month", bool, flow=True)
    spiral_started: Array = column(POSITION, "a spiral started this month", bool, flow=True)
    spiral_recovered: Array = column(POSITION, "a spiral ended in recovery this month", bool,
                                     flow=True)
    spiral_quit: Array = column(POSITION, "a spiral ended in a quit this month", bool, flow=True)
    # --- accounts: the customer and its counterpart -----------------------------------------------
    active: Array = column(ACCOUNT, "the slot holds a customer relationship", bool)
    account: Array = column(ACCOUNT, "id of the account within the run", np.int64)
    started: Array = column(ACCOUNT, "month the relationship started", np.int64)
    value: Array = column(ACCOUNT, "monthly volume if every negotiation were won (k€)")
    price_sensitivity: Array = column(ACCOUNT, "the counterpart's price sensitivity (trait)")
    power: Array = column(ACCOUNT, "the counterpart's power: decider, co-decider, influencer")
    ambition: Array = column(ACCOUNT, "the counterpart's own drive to succeed (trait)")
    personal_trust: Array = column(ACCOUNT, "the counterpart's trust in the promoter")
    firm_trust: Array = column(ACCOUNT, "the counterpart's trust in the supplier firm")
    commitment: Array = column(ACCOUNT, "the counterpart's commitment")
    career_success: Array = column(ACCOUNT, "the counterpart's own career success")
    customer_promoter: Array = column(ACCOUNT, "the counterpart acts as customer-side promoter",
                                      bool)
    matched: Array = column(ACCOUNT, "a supplier-side role holder was matched to them", bool)
    # --- accounts: this month's flows -------------------------------------------------------------
    signal: Array = column(ACCOUNT, "what the counterpart took from this month's interaction",
                           flow=True)
    negotiated: Array = column(ACCOUNT, "a negotiation took place", bool, flow=True)
    won: Array = column(ACCOUNT, "the negotiation closed", bool, flow=True)
    sales: Array = column(ACCOUNT, "revenue from the account this month (k€)", flow=True)
    overuse: Array = column(ACCOUNT, "adaptation cost from power over-use this month (k€)",
                            flow=True)
    defected: Array = column(ACCOUNT, "the customer ended the relationship this month", bool,
                             flow=True)
    acquired: Array = column(ACCOUNT, "a new customer was won into the slot this month", bool,
                             flow=True)
    # --- teams: the manager -----------------------------------------------------------------------
    bias: Array = column(TEAM, "the manager's attribution bias")
    style: Array = column(TEAM, "the manager's feedback style (added to constructiveness)")
    # --- runs -------------------------------------------------------------------------------------
    next_person: Array = column(RUN, "next unused person id", np.int64)
    next_account: Array = column(RUN, "next unused account id", np.int64)

    @classmethod
    def empty(cls, runs: int, teams: int, team_size: int, accounts: int) -> State:
        """Zero-filled state for ``runs`` runs of the given firm structure."""
        positions = teams * team_size
        shapes = {
            POSITION: (runs, positions),
            ACCOUNT: (runs, positions, accounts),
            TEAM: (runs, teams),
            RUN: (runs,),
        }
        arrays = {
            f.name: np.zeros(shapes[f.metadata["level"]], dtype=f.metadata["dtype"])
            for f in fields(cls)
        }
        return cls(**arrays)

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(runs, positions, accounts per position)``."""
        return self.active.shape

    def clear_flows(self) -> None:
        """Forget last month's flows (zero and False)."""
        for f in fields(self):
            if f.metadata["flow"]:
                getattr(self, f.name)[...] = 0

    def select(self, runs: slice | np.ndarray) -> State:
        """The state of a subset of runs (copies)."""
        return State(**{f.name: getattr(self, f.name)[runs].copy() for f in fields(self)})


def columns(level: str) -> list[str]:
    """Names of the state columns at one level."""
    return [f.name for f in fields(State) if f.metadata["level"] == level]
