"""P7: a promoter's exit costs the account 13–18% of next year's revenue, less with good succession.

Experiment: on common seeds, the baseline firm with and without a forced exit: at the end of
month 12 the promoters of 30% of the positions (drawn once) quit (``forced_exit_month``). The
cost is the revenue their accounts of that moment bring in months 13–24, against the same
accounts when nobody was forced out. The same again with a good successor (handover of 80% of
personal trust instead of the baseline's 60%).
Criterion (Shi, Sridhar, Grewal & Lilien 2017: a transition costs 13.2–17.6% of the customer's
annual sales, about 40% of it avoidable; Schmitz et al. 2020): the loss at the baseline handover
lies in [13%, 18%], and a good successor lowers it (paired 95% interval below zero).
"""

from __future__ import annotations

import numpy as np

from promosim.validation.core import (
    Pattern,
    Result,
    Runner,
    Settings,
    fmt_interval,
    mean_interval,
    paired_difference,
)

EXIT, SHARE, GOOD_HANDOVER = 12, 0.3, 0.8


class NextYearRevenue:
    """Observer: next year's revenue of the accounts the chosen positions held at the exit."""

    def __init__(self):
        self.revenue = None

    def __call__(self, st, month: int) -> None:
        """Note the accounts at the exit; add their revenue in the following year."""
        if month == EXIT:
            self.accounts = np.where(st.shocked[..., None] & st.active, st.account, -1)
            self.revenue = np.zeros(st.active.shape[0])
        elif self.revenue is not None and EXIT < month <= EXIT + 12:
            same = (st.account == self.accounts) & (self.accounts >= 0)
            self.revenue += np.where(same, st.sales, 0.0).reshape(same.shape[0], -1).sum(axis=1)


def loss(runner: Runner, **levers: float) -> np.ndarray:
    """Per replicate: share of next year's revenue lost through the forced exits."""
    revenues = []
    for forced in (EXIT, 0):
        observer = NextYearRevenue()
        runner.run(observe=observer, months=EXIT + 12, shock_share=SHARE,
                   forced_exit_month=forced, **levers)
        revenues.append(observer.revenue)
    return 1.0 - revenues[0] / revenues[1]


def measure(settings: Settings) -> Result:
    """Revenue lost after an exit, with the baseline and a good succession."""
    runner = Runner(settings)
    typical = loss(runner)
    good = loss(runner, succession_handover=GOOD_HANDOVER)
    mean = mean_interval(typical)
    better = paired_difference(good, typical)
    return Result(
        "P7", TITLE, CRITERION,
        f"loss {fmt_interval(*(100 * np.array(mean)), '.1f', '%')}; with a good successor "
        f"{100 * good.mean():.1f}% (difference {fmt_interval(*(100 * np.array(better)), '.1f')} "
        "points)",
        passed=bool(0.13 <= mean[0] <= 0.18 and better[2] < 0),
        details={"typical": typical, "good": good, "mean": mean, "better": better},
    )


def figure(result: Result, ax) -> None:
    """Loss per replicate with the baseline and a good successor."""
    ax.boxplot([100 * result.details["typical"], 100 * result.details["good"]],
               tick_labels=["baseline handover", "good successor"])
    ax.axhspan(13.2, 17.6, color="grey", alpha=0.2, label="Shi et al. 2017")
    ax.set_ylabel("next year's revenue lost after the exit (%)")
    ax.legend()


TITLE = "A promoter's exit costs the account 13–18% of next year's revenue"
CRITERION = "loss in [13%, 18%] at the baseline handover; lower with a good successor"
PATTERN = Pattern("P7", TITLE, CRITERION, "Shi et al. 2017; Schmitz et al. 2020", measure, figure)
