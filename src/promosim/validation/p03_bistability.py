"""P3: bistability: an early failure locks a dyad into a spiral only under reactive tight control.

Experiment: two arms on common seeds, each from month 1 under its policy: *reactive tight*
(the tight-control policy: base supervision 0.6, reactivity 2.5, legitimacy 0.1) and *loose,
clear, with feedback* (base 0.15, reactivity 0.5, goal clarity 0.9, monthly constructive
feedback). In months 12–14 half the positions (drawn once, the same in both arms) lose every
negotiation: the early failure, a lost quarter. A dyad (the promoter holding the position in
month 12) is *locked in* if a failure–distrust spiral starts within 12 months of the shock and
has not ended in recovery 24 months after it (the promoter quit in the spiral, or it still runs).
Criterion (Repenning & Sterman 2002; Manzoni & Barsoux 1998; Walter & Mörmann): under reactive
tight control the failure raises the lock-in probability by at least 0.10 over unshocked dyads
(lower 95% bound above 0); under loose supervision with clear goals and feedback by at most 0.05.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from promosim.validation.core import (
    Pattern,
    Result,
    Runner,
    Settings,
    fmt_interval,
    mean_interval,
)

SHOCK, WINDOW, OUTCOME = 12, 12, 24
ARMS = {
    "reactive tight": {"supervision_base": 0.6, "supervision_reactivity": 2.5,
                       "supervision_legitimacy": 0.1},
    "loose, clear, feedback": {"supervision_base": 0.15, "supervision_reactivity": 0.5,
                               "goal_clarity": 0.9, "feedback_frequency": 1.0,
                               "feedback_constructiveness": 0.85},
}


def locked_in(events: pd.DataFrame) -> set[tuple[int, int]]:
    """(run, person) of dyads locked in: a spiral started in the window, not recovered in time.

    Each spiral is matched to its own end (the first end of that person's spiral after its start).
    """
    starts = events[(events.event == "spiral_start")
                    & events.month.between(SHOCK, SHOCK + WINDOW)][["run", "person", "month"]]
    ends = events[events.event == "spiral_end"][["run", "person", "month", "detail"]]
    spells = pd.merge_asof(starts.sort_values("month"),
                           ends.rename(columns={"month": "ended"}).sort_values("ended"),
                           left_on="month", right_on="ended", by=["run", "person"],
                           direction="forward", allow_exact_matches=False)
    recovered = (spells.detail == "recovery") & (spells.ended <= SHOCK + OUTCOME)
    stuck = spells[~recovered]
    return set(zip(stuck.run, stuck.person, strict=True))


def lock_in(runner: Runner, levers: dict[str, float]) -> dict[str, np.ndarray]:
    """Lock-in shares of shocked and unshocked dyads per replicate, and trust after the shock."""
    seen = {}

    def observe(st, month: int) -> None:
        if month == SHOCK - 1:
            seen["person"] = np.where(st.occupied, st.person, -1)
            seen["shocked"] = st.shocked.copy()
        if month == SHOCK + OUTCOME:
            seen["trust_after"] = np.where(st.person == seen["person"], st.mgmt_trust, np.nan)

    result = runner.run(observe=observe, shock_month=SHOCK, shock_months=3, shock_share=0.5,
                        months=SHOCK + OUTCOME, **levers)
    locked = locked_in(result.events)
    shares = {"shocked": [], "unshocked": []}
    for run in range(runner.settings.replicates):
        people = seen["person"][run]
        for label, group in (("shocked", seen["shocked"][run]), ("unshocked",
                                                               ~seen["shocked"][run])):
            dyads = people[group & (people >= 0)]
            shares[label].append(np.mean([(run, p) in locked for p in dyads]) if dyads.size
                                 else np.nan)
    trust = seen["trust_after"][seen["shocked"]]
    return {"shocked": np.array(shares["shocked"]), "unshocked": np.array(shares["unshocked"]),
            "trust_after": trust[np.isfinite(trust)]}


def measure(settings: Settings) -> Result:
    """Lock-in after an early failure in both arms."""
    runner = Runner(settings)
    arms = {name: lock_in(runner, levers) for name, levers in ARMS.items()}
    effects = {name: mean_interval(arm["shocked"] - arm["unshocked"])
               for name, arm in arms.items()}
    tight, loose = effects["reactive tight"], effects["loose, clear, feedback"]
    text = "; ".join(
        f"{name}: locked {np.nanmean(arm['shocked']):.0%} shocked vs "
        f"{np.nanmean(arm['unshocked']):.0%} not, effect {fmt_interval(*effects[name], '.2f')}"
        for name, arm in arms.items())
    return Result("P3", TITLE, CRITERION, text,
                  passed=bool(tight[0] >= 0.10 and tight[1] > 0 and loose[0] <= 0.05),
                  details={"arms": arms, "effects": effects})


def figure(result: Result, ax) -> None:
    """Management trust 24 months after the failure, shocked dyads, both arms."""
    bins = np.linspace(0, 1, 21)
    for name, arm in result.details["arms"].items():
        ax.hist(arm["trust_after"], bins=bins, alpha=0.6, label=name)
    ax.set_xlabel("manager's trust in the promoter 24 months after the early failure")
    ax.set_ylabel("dyads (same promoter)")
    ax.legend()


TITLE = "Bistability: an early failure locks a dyad in only under reactive tight control"
CRITERION = ("lock-in effect of the failure ≥ 0.10 (lower bound > 0) under reactive tight "
             "control; ≤ 0.05 under loose supervision, clear goals and feedback")
PATTERN = Pattern("P3", TITLE, CRITERION,
                  "Repenning & Sterman 2002; Manzoni & Barsoux 1998", measure, figure)
