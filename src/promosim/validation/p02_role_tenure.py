"""P2: role holders stay in their relationships 1.5–2 years longer than non-holders.

Experiment: the baseline firm at the end of the horizon, seen as a survey would see it: for every
active relationship, how long its current promoter has belonged to it (the shorter of their
tenure and the relationship's age), and whether that promoter holds the promoter role.
Criterion (Walter & Mörmann: role holders belong to a business relationship 1.5–2 years longer):
the difference of the mean years, holders minus non-holders, lies in [1.5, 2.0] years.
"""

from __future__ import annotations

import numpy as np

from promosim.validation.core import Pattern, Result, Runner, Settings, fmt_interval, mean_interval


def tie_years(st, months: int) -> tuple[np.ndarray, np.ndarray]:
    """Per run: mean tie length (years) of role holders and of the others."""
    held = st.occupied[..., None] & st.active
    tie = np.minimum(st.tenure[..., None], months - st.started) / 12.0
    role = np.broadcast_to(st.role[..., None], tie.shape)
    holders = np.array([tie[r][held[r] & role[r]].mean() if (held[r] & role[r]).any()
                        else np.nan for r in range(tie.shape[0])])
    others = np.array([tie[r][held[r] & ~role[r]].mean() for r in range(tie.shape[0])])
    return holders, others


def measure(settings: Settings) -> Result:
    """Mean tie length of role holders and non-holders, and their difference."""
    result = Runner(settings).run()
    months = int(result.params.points[0]["months"])
    holders, others = tie_years(result.state, months)
    difference = mean_interval(holders - others)
    share = float(result.state.role[result.state.occupied].mean())
    return Result(
        "P2", TITLE, CRITERION,
        f"holders {np.nanmean(holders):.1f} y, others {np.nanmean(others):.1f} y; difference "
        f"{fmt_interval(*difference, '.1f', ' y')} (role share {share:.0%})",
        passed=bool(1.5 <= difference[0] <= 2.0),
        details={"holders": holders, "others": others, "difference": difference},
    )


def figure(result: Result, ax) -> None:
    """Mean tie length per replicate for holders and non-holders."""
    data = [result.details["holders"][np.isfinite(result.details["holders"])],
            result.details["others"]]
    ax.boxplot(data, tick_labels=["role holders", "others"])
    ax.set_ylabel("years the promoter has belonged to the relationship")


TITLE = "Role holders stay in their relationships 1.5–2 years longer"
CRITERION = "difference of mean tie length (holders − others) in [1.5, 2.0] years"
PATTERN = Pattern("P2", TITLE, CRITERION, "Walter & Mörmann", measure, figure)
