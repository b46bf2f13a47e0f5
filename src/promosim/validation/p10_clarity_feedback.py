"""P10: goal clarity and constructive feedback lower role conflict and turnover.

Experiment: on common seeds from month 1, the baseline against clear goals (0.9) with monthly
constructive feedback (0.85), and each of the two alone. Criterion (Walter & Mörmann: clear goals
and constructive feedback avoid role conflict; Verbeke et al. 2011; Kluger & DeNisi 1996): the
combination lowers mean role conflict and promoter turnover against the baseline, each paired
95% interval below zero.
"""

from __future__ import annotations

import numpy as np

from promosim.summary import summarise
from promosim.validation.core import Pattern, Result, Runner, Settings, paired_difference

ARMS = {
    "clear goals": {"goal_clarity": 0.9},
    "constructive feedback": {"feedback_frequency": 1.0, "feedback_constructiveness": 0.85},
    "both": {"goal_clarity": 0.9, "feedback_frequency": 1.0, "feedback_constructiveness": 0.85},
}


def measure(settings: Settings) -> Result:
    """Paired effects on role conflict and turnover."""
    runner = Runner(settings)
    base = summarise(runner.run())
    effects = {}
    for name, levers in ARMS.items():
        arm = summarise(runner.run(**levers))
        effects[name] = {outcome: paired_difference(arm[outcome], base[outcome])
                         for outcome in ("mean_role_conflict", "turnover_rate")}
    both = effects["both"]
    text = "; ".join(
        f"{name}: role conflict {e['mean_role_conflict'][0]:+.3f} "
        f"[{e['mean_role_conflict'][1]:+.3f}, {e['mean_role_conflict'][2]:+.3f}], turnover "
        f"{100 * e['turnover_rate'][0]:+.1f} points [{100 * e['turnover_rate'][1]:+.1f}, "
        f"{100 * e['turnover_rate'][2]:+.1f}]" for name, e in effects.items())
    return Result("P10", TITLE, CRITERION, text,
                  passed=bool(both["mean_role_conflict"][2] < 0 and both["turnover_rate"][2] < 0),
                  details={"effects": effects,
                           "base": {o: float(base[o].mean()) for o in ("mean_role_conflict",
                                                                       "turnover_rate")}})


def figure(result: Result, ax) -> None:
    """Effects with intervals on role conflict and on turnover (percentage points)."""
    names = list(result.details["effects"])
    y = np.arange(len(names))
    for offset, outcome, scale, label in ((-0.15, "mean_role_conflict", 100, "role conflict ×100"),
                                          (0.15, "turnover_rate", 100, "turnover (points)")):
        values = np.array([result.details["effects"][n][outcome] for n in names]) * scale
        ax.errorbar(values[:, 0], y + offset, xerr=[values[:, 0] - values[:, 1],
                                                    values[:, 2] - values[:, 0]],
                    fmt="o", capsize=3, label=label)
    ax.axvline(0, color="grey", linewidth=0.5)
    ax.set_yticks(y, names)
    ax.set_xlabel("change against the baseline")
    ax.legend()


TITLE = "Goal clarity and constructive feedback lower role conflict and turnover"
CRITERION = "clear goals + constructive feedback: role conflict and turnover lower (95% < 0)"
PATTERN = Pattern("P10", TITLE, CRITERION, "Walter & Mörmann; Verbeke et al. 2011", measure,
                  figure)
