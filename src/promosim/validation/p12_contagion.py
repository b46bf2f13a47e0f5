"""P12: turnover is contagious: quits cluster in teams beyond chance.

Experiment: the baseline firm over the horizon; the quits of every team in every year. If every
position's holder quit independently at the firm's rate, a team's yearly quits would be binomial
(team size × the share of position-years that end in a quit); clustering shows as a variance of
team-years' quits above the binomial variance. The dispersion ratio (observed over binomial
variance) is computed per replicate, over all team-years (between teams and years) and within
teams (each team's years around its own mean, which removes lasting differences between teams,
such as their managers). The same firms with the contagion switched off (``quit_contagion`` = 0)
are shown for comparison: quits cluster somewhat without contagion too (the managers differ, and
a quit brings a new hire, who is likelier to quit), so the criterion alone does not show that
the clustering is contagion; the paired difference does.
Criterion (Sunder, Kumar, Goreczny & Maurer 2017: peers' turnover raises a salesperson's quitting):
the dispersion ratio over all team-years exceeds 1 (95% interval above 1).
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
    paired_difference,
)


def team_years(events: pd.DataFrame, runs: int, teams: int, years: int) -> np.ndarray:
    """Quits per run, team and year of the horizon, shaped ``(runs, teams, years)``."""
    quits = events[events.event == "quit"]
    year = (quits.month.to_numpy() - 1) // 12
    counts = np.zeros((runs, teams, years))
    inside = year < years
    np.add.at(counts, (quits.run.to_numpy()[inside], quits.team.to_numpy()[inside],
                       year[inside]), 1.0)
    return counts


def dispersion(counts: np.ndarray, team_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per run: variance of team-years' quits over the binomial variance, overall and within.

    The binomial null has ``team_size`` trials with the run's rate of quits per position-year;
    within teams, each team's own rate.
    """
    runs = counts.shape[0]
    rate = counts.reshape(runs, -1).mean(axis=1) / team_size
    overall = counts.reshape(runs, -1).var(axis=1, ddof=1) / (team_size * rate * (1 - rate))
    own = counts.mean(axis=2, keepdims=True) / team_size
    null = team_size * own * (1 - own)
    observed = counts.var(axis=2, ddof=1, keepdims=True)
    within = np.divide(observed.sum(axis=(1, 2)), null.sum(axis=(1, 2)))
    return overall, within


def measure(settings: Settings) -> Result:
    """Dispersion of teams' yearly quits against the binomial null, with and without contagion."""
    runner = Runner(settings)
    ratios = {}
    for label, levers in (("contagion", {}), ("no contagion", {"quit_contagion": 0.0})):
        result = runner.run(**levers)
        point = result.params.points[0]
        years = int(point["months"]) // 12
        counts = team_years(result.events, result.runs, int(point["n_teams"]), years)
        ratios[label] = dispersion(counts, int(point["team_size"]))
    overall = mean_interval(ratios["contagion"][0])
    within = mean_interval(ratios["contagion"][1])
    off = mean_interval(ratios["no contagion"][0])
    off_within = mean_interval(ratios["no contagion"][1])
    added = paired_difference(ratios["contagion"][0], ratios["no contagion"][0])
    text = (f"dispersion of team-years' quits over binomial: {fmt_interval(*overall, '.2f')}; "
            f"within teams {fmt_interval(*within, '.2f')}; without contagion "
            f"{fmt_interval(*off, '.2f')}, within teams {fmt_interval(*off_within, '.2f')}; "
            f"contagion adds {fmt_interval(*added, '.2f')}")
    return Result("P12", TITLE, CRITERION, text, passed=bool(overall[1] > 1.0),
                  details={"ratios": ratios, "overall": overall, "within": within,
                           "without": off, "without_within": off_within, "added": added})


def figure(result: Result, ax) -> None:
    """Dispersion ratios per replicate, with and without contagion."""
    ratios = result.details["ratios"]
    data = [ratios["contagion"][0], ratios["contagion"][1], ratios["no contagion"][0],
            ratios["no contagion"][1]]
    ax.boxplot(data, tick_labels=["all team-years", "within teams", "all team-years\n(no "
                                  "contagion)", "within teams\n(no contagion)"])
    ax.axhline(1.0, color="grey", linestyle=":", label="binomial (no clustering)")
    ax.set_ylabel("variance of a team's yearly quits / binomial variance")
    ax.legend()


TITLE = "Turnover is contagious: quits cluster in teams beyond chance"
CRITERION = ("dispersion of teams' yearly quits over the binomial variance > 1 (95% interval "
             "above 1)")
PATTERN = Pattern("P12", TITLE, CRITERION, "Sunder, Kumar, Goreczny & Maurer 2017", measure,
                  figure)
