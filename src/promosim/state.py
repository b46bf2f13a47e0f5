"""The model's state as records: one per promoter position, account slot, team and run.

Four NumPy structured arrays hold a batch of runs: ``promoters`` shaped ``(runs, positions)``,
``accounts`` ``(runs, positions, slots)``, ``teams`` ``(runs, teams)`` and ``firms`` ``(runs,)``.
Positions are numbered team by team, so team ``t`` holds positions ``t*team_size ..
(t+1)*team_size - 1``. A position keeps its record when its holder quits (it falls vacant); an
account slot keeps its record when its customer defects (it falls empty). Mesa agents are the
identity of an occupied record and read and write it (``promosim.agents``); the compiled engine
passes records to the same phase functions.

Every column is declared once below: its level, meaning and type. A *flow* holds what happened
this month and is cleared at the start of every month; flows sit at the end of their record, so
clearing them is one fill of bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

POSITION, ACCOUNT, TEAM, RUN = "position", "account", "team", "run"
LEVELS = (POSITION, ACCOUNT, TEAM, RUN)
F, INT, U, B = np.float64, np.int64, np.uint64, np.bool_


@dataclass(frozen=True)
class Column:
    """One state variable: its level (position, account, team, run), meaning and type."""

    name: str
    level: str
    doc: str
    dtype: type = F
    flow: bool = False


def _columns(level: str, *rows: tuple) -> tuple[Column, ...]:
    return tuple(Column(row[0], level, *row[1:]) for row in rows)


COLUMNS: tuple[Column, ...] = (
    *_columns(
        POSITION,
        # the promoter who holds the position: traits
        ("skill", "social skill (trait)"),
        ("expertise", "technical expertise (trait)"),
        ("control", "sensitivity to control: >0 lowers, <0 raises effort (trait)"),
        ("outside_option", "best outside offer relative to market pay (trait)"),
        ("intrinsic_base", "intrinsic motivation the holder brings (trait)"),
        ("ramp_months", "ramp-up time of the holder (months)"),
        ("network", "personal network and personality for linking people across firms (trait)"),
        # the promoter: state
        ("tenure", "months since the holder was hired"),
        ("vacancy_left", "months until a vacancy is filled"),
        ("intrinsic", "intrinsic motivation"),
        ("share", "share of effort given to relationship work (habit)"),
        ("effort", "voluntary effort"),
        ("work", "intensity of relationship work"),
        ("hardness", "hardness of the terms the holder negotiates"),
        ("cooperativeness", "cooperative attitude"),
        ("quality", "quality the holder brings to interactions this month"),
        ("knowledge", "knowledge of the firm's goals, resources and strategy"),
        ("identification", "identification with the customers"),
        ("role_conflict", "role conflict"),
        ("stress", "stress and exhaustion"),
        ("material_reference", "habituated level of material reward"),
        ("reward", "material reward this month (1 = on-target pay)"),
        ("material_satisfaction", "satisfaction with material reward"),
        ("recognition", "felt social recognition"),
        ("career", "career progress"),
        ("leader_trust", "the holder's trust in the manager"),
        ("satisfaction", "job satisfaction"),
        ("loyalty", "loyalty to the firm"),
        ("peer_quits", "the holder's fading memory of colleagues' quits (share of the team)"),
        ("role_streak", "months the role conditions have held"),
        ("role_loss_streak", "months a role holder has failed the conditions"),
        ("sales_achievement", "revenue against target over the bonus horizon"),
        ("relationship_achievement", "soft facts against target over the bonus horizon"),
        # the manager–promoter dyad
        ("mgmt_trust", "the manager's trust in the holder"),
        ("supervision", "tightness of supervision"),
        ("rule_supervision", "supervision the policy alone would impose on the dyad by now"),
        ("latitude", "decision latitude"),
        ("perceived", "the manager's running view of recent results"),
        ("trust_lag1", "management trust one month ago"),
        ("trust_lag2", "management trust two months ago"),
        ("trust_lag3", "management trust three months ago"),
        ("person", "id of the holder within the run (-1 when vacant)", INT),
        ("spiral_start", "month the current spiral started", INT),
        ("occupied", "a promoter holds the position", B),
        ("role", "the holder has the relationship-promoter role", B),
        ("failure_lag1", "last month read as a failure", B),
        ("failure_lag2", "the month before read as a failure", B),
        ("in_spiral", "the dyad is in a failure–distrust spiral", B),
        ("shocked", "the position is marked for the scenario's shock or forced exit", B),
        # this month's flows
        ("evaluation", "the manager's reading of this month's results", F, True),
        ("wins", "negotiations won this month", F, True),
        ("negotiations", "negotiations this month", F, True),
        ("revenue", "revenue this month (k€)", F, True),
        ("volume", "monthly volume of the position's active accounts (k€)", F, True),
        ("customer_trust", "mean trust of the position's counterparts in their promoter", F, True),
        ("account_trust", "mean trust (personal and firm) that drives the accounts' buying", F,
         True),
        ("soft_facts", "mean customer trust and commitment, what a relationship bonus pays on", F,
         True),
        ("overuse_share", "share of the position's accounts whose counterpart over-uses power", F,
         True),
        ("leaver", "id of the holder who quit this month (when one did)", INT, True),
        ("leaver_tenure", "tenure of the holder who quit this month", F, True),
        ("struck", "the failure shock hits the position this month", B, True),
        ("failure", "this month read as a failure", B, True),
        ("talk", "a feedback talk took place", B, True),
        ("backfired", "the feedback talk backfired", B, True),
        ("quit", "the holder quit this month", B, True),
        ("leaver_role", "the holder who quit this month had the promoter role", B, True),
        ("hired", "a new holder was hired this month", B, True),
        ("role_gained", "the holder gained the role this month", B, True),
        ("role_lost", "the holder lost the role this month", B, True),
        ("spiral_started", "a spiral started this month", B, True),
        ("spiral_recovered", "a spiral ended in recovery this month", B, True),
        ("spiral_quit", "a spiral ended in a quit this month", B, True),
    ),
    *_columns(
        ACCOUNT,
        # the customer and its counterpart
        ("value", "monthly volume if every negotiation were won (k€)"),
        ("price_sensitivity", "the counterpart's price sensitivity (trait)"),
        ("power", "the counterpart's power: decider, co-decider, influencer"),
        ("ambition", "the counterpart's own drive to succeed (trait)"),
        ("personal_trust", "the counterpart's trust in the promoter"),
        ("firm_trust", "the counterpart's trust in the supplier firm"),
        ("commitment", "the counterpart's commitment"),
        ("customer_satisfaction", "the counterpart's satisfaction with what the supplier delivers"),
        ("career_success", "the counterpart's own career success"),
        ("account", "id of the account within the run", INT),
        ("started", "month the relationship started", INT),
        ("active", "the slot holds a customer relationship", B),
        ("customer_promoter", "the counterpart acts as customer-side promoter", B),
        ("matched", "a supplier-side role holder was matched to them", B),
        # this month's flows
        ("signal", "what the counterpart took from this month's interaction", F, True),
        ("sales", "revenue from the account this month (k€)", F, True),
        ("overuse", "adaptation cost from power over-use this month (k€)", F, True),
        ("origin", "1 + the slot (in the run) a reassigned account came from this month, else 0",
         INT, True),
        ("negotiated", "a negotiation took place", B, True),
        ("won", "the negotiation closed", B, True),
        ("defected", "the customer ended the relationship this month", B, True),
        ("acquired", "a new customer was won into the slot this month", B, True),
    ),
    *_columns(
        TEAM,
        ("bias", "the manager's attribution bias"),
        ("style", "the manager's feedback style (added to constructiveness)"),
        ("headcount", "occupied positions at the start of the month"),
        ("quits_last_month", "quits in the team last month, per position (at the census)"),
        ("quits_this_month", "quits in the team so far this month (read at the next census)"),
        ("has_role_holder", "a holder in the team has the promoter role (start of the month)", B),
    ),
    *_columns(
        RUN,
        ("next_person", "next unused person id", INT),
        ("next_account", "next unused account id", INT),
        ("key0", "first half of the run's random key", U),
        ("key1", "second half of the run's random key", U),
    ),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
if len(BY_NAME) != len(COLUMNS):
    raise ValueError("state columns need names unique across levels (State reads them by name)")


def columns(level: str) -> list[str]:
    """Names of the state columns at one level, in record order."""
    return [c.name for c in COLUMNS if c.level == level]


def record_type(level: str) -> np.dtype:
    """The record of one level: stocks first, flows last (both as declared)."""
    own = [c for c in COLUMNS if c.level == level]
    ordered = [c for c in own if not c.flow] + [c for c in own if c.flow]
    return np.dtype([(c.name, c.dtype) for c in ordered], align=True)


RECORDS: dict[str, np.dtype] = {level: record_type(level) for level in LEVELS}


def flow_offset(level: str) -> int:
    """Byte offset of the first flow in a record of ``level`` (its size when it has none)."""
    dtype = RECORDS[level]
    flows = [dtype.fields[c.name][1] for c in COLUMNS if c.level == level and c.flow]
    return min(flows, default=dtype.itemsize)


FLOW_OFFSET: dict[str, int] = {level: flow_offset(level) for level in LEVELS}


class State:
    """All state of a batch of runs: one record array per level (see the ODD, "State variables").

    ``state.stress`` (any column name) is that column as an array shaped like its level, e.g.
    ``(runs, positions)``: a view, so writing into it changes the state.
    """

    __slots__ = ("accounts", "firms", "promoters", "teams")

    def __init__(self, promoters: np.ndarray, accounts: np.ndarray, teams: np.ndarray,
                 firms: np.ndarray):
        self.promoters, self.accounts, self.teams, self.firms = promoters, accounts, teams, firms

    @classmethod
    def empty(cls, runs: int, teams: int, team_size: int, slots: int) -> State:
        """Zeroed state for ``runs`` runs of the given firm structure."""
        positions = teams * team_size
        return cls(np.zeros((runs, positions), RECORDS[POSITION]),
                   np.zeros((runs, positions, slots), RECORDS[ACCOUNT]),
                   np.zeros((runs, teams), RECORDS[TEAM]), np.zeros(runs, RECORDS[RUN]))

    def level(self, level: str) -> np.ndarray:
        """The record array of ``level``."""
        return {POSITION: self.promoters, ACCOUNT: self.accounts, TEAM: self.teams,
                RUN: self.firms}[level]

    def __getattr__(self, name: str) -> np.ndarray:
        column = BY_NAME.get(name)
        if column is None:
            raise AttributeError(f"State has no column '{name}'")
        return self.level(column.level)[name]

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(runs, positions, slots per position)``."""
        return self.accounts.shape

    @property
    def runs(self) -> int:
        """Number of runs."""
        return self.firms.shape[0]

    def select(self, runs: slice | np.ndarray) -> State:
        """The state of a subset of runs (copies)."""
        return State(self.promoters[runs].copy(), self.accounts[runs].copy(),
                     self.teams[runs].copy(), self.firms[runs].copy())
