"""P8: the default calibration lands inside the literature's ranges.

Experiment: the baseline over the default horizon. Promoter turnover = quits per occupied
position-year; relationship churn = customer defections per relationship-year; vacancy = months
from a quit to the hire into the same position; ramp-up = months until a new hire is fully
productive (an input drawn uniformly from 4–6 months; reported, not emergent). Criterion
(LITERATURE.md §4: sales-force turnover commonly 20–27%, 15–30% as the target band; about a
quarter of business relationships end each year; hiring takes 1–3 months; ramp-up 4–6 months):
turnover in [15%, 30%], churn in [20%, 30%], mean vacancy in [1, 3] months, mean ramp-up in
[4, 6] months.
"""

from __future__ import annotations

import numpy as np

from promosim.validation.core import (
    Pattern,
    Result,
    Runner,
    Settings,
    annual_rate,
    fmt_interval,
    mean_interval,
)


def vacancy_months(events) -> np.ndarray:
    """Per run: mean months from a quit to the next hire into the same position."""
    out = []
    for _, run in events.groupby("run"):
        quits = run[run.event == "quit"][["position", "month"]]
        hires = run[run.event == "hire"][["position", "month"]]
        pairs = quits.merge(hires, on="position", suffixes=("_quit", "_hire"))
        pairs = pairs[pairs.month_hire >= pairs.month_quit]
        gaps = pairs.groupby(["position", "month_quit"]).month_hire.min() - pairs.groupby(
            ["position", "month_quit"]).month_quit.first()
        out.append(gaps.mean())
    return np.array(out)


def measure(settings: Settings) -> Result:
    """Turnover, churn, vacancy and ramp-up of the baseline."""
    result = Runner(settings).run()
    turnover = mean_interval(annual_rate(result, "quits", "promoters"))
    churn = mean_interval(annual_rate(result, "defections", "active_relationships"))
    vacancy = mean_interval(vacancy_months(result.events))
    ramp = float(result.state.ramp_months[result.state.occupied].mean())
    checks = {"turnover": 0.15 <= turnover[0] <= 0.30, "churn": 0.20 <= churn[0] <= 0.30,
              "vacancy": 1.0 <= vacancy[0] <= 3.0, "ramp-up": 4.0 <= ramp <= 6.0}
    return Result(
        "P8", TITLE, CRITERION,
        f"turnover {fmt_interval(*(100 * np.array(turnover)), '.1f', '%')}; churn "
        f"{fmt_interval(*(100 * np.array(churn)), '.1f', '%')}; vacancy "
        f"{fmt_interval(*vacancy, '.2f')} months; ramp-up {ramp:.1f} months (input)",
        passed=all(checks.values()),
        details={"turnover": turnover, "churn": churn, "vacancy": vacancy, "ramp": ramp,
                 "checks": checks, "series": result.series},
    )


def figure(result: Result, ax) -> None:
    """Annual turnover and churn of each replicate against the literature's bands."""
    series = result.details["series"]
    years = (series["quits"].shape[1] - 1) // 12
    for name, exposure, label in (("quits", "promoters", "promoter turnover"),
                                  ("defections", "active_relationships", "relationship churn")):
        yearly = [100 * series[name][:, 12 * y + 1:12 * y + 13].sum(axis=1)
                  / (series[exposure][:, 12 * y + 1:12 * y + 13].mean(axis=1)) for y in
                  range(years)]
        ax.plot(range(1, years + 1), np.mean(yearly, axis=1), marker="o", label=label)
    ax.axhspan(15, 30, color="grey", alpha=0.15, label="turnover band 15–30%")
    ax.axhline(25, color="grey", linestyle=":", label="churn ≈ 25%")
    ax.set_xlabel("year")
    ax.set_ylabel("% a year")
    ax.legend()


TITLE = "Baseline turnover, churn, vacancy and ramp-up in the literature's ranges"
CRITERION = "turnover 15–30%/yr; churn 20–30%/yr; vacancy 1–3 months; ramp-up 4–6 months"
PATTERN = Pattern("P8", TITLE, CRITERION, "LITERATURE.md §4 (Alexander Group 2015; "
                  "Butzer-Strothmann)", measure, figure)
