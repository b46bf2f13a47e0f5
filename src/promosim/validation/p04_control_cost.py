"""P4: one tightening of control lowers voluntary effort by 10–25% on average, heterogeneously.

Experiment: a virtual version of Falk & Kosfeld's (2006) lab experiment on the simulated
workforce. Take the promoters of the baseline firm at month 1; compare each one's voluntary effort
(the model's effort equation, everything else as it is) at their current supervision and at
supervision tightened by 0.5 (capped at full control) by their manager alone, as the principal
controls the agent in the lab (the rule for everyone stays as it is). Also the firm-level
response: mean effort six months after base supervision is raised by 0.5 for everyone, against
the same seeds without.
Criterion (Falk & Kosfeld 2006: −24%, 57% lowered, 18% unchanged, 25% raised; replications
−12%, 37% lowered): mean change between −25% and −10%; share lowering effort in [35%, 60%];
share raising it in [15%, 30%].
"""

from __future__ import annotations

import numpy as np

from promosim import equations as eq
from promosim.params import record
from promosim.validation.core import (
    Pattern,
    Result,
    Runner,
    Settings,
    fmt_interval,
    mean_interval,
    paired_difference,
)

TIGHTENING = 0.5


def lab_responses(st, point: dict) -> list[np.ndarray]:
    """Per run: relative change in each promoter's effort when supervision tightens."""
    P = record(point)

    @np.vectorize
    def effort(intrinsic: float, sensitivity: float, supervision: float, rule: float) -> float:
        return eq.voluntary_effort(P, intrinsic, eq.felt_control(P, sensitivity, supervision,
                                                                 rule))

    rule = st.rule_supervision
    before = effort(st.intrinsic, st.control, st.supervision, rule)
    after = effort(st.intrinsic, st.control, np.minimum(st.supervision + TIGHTENING, 1.0), rule)
    keep = st.occupied & (before > 0)
    change = (after - before) / np.where(keep, before, 1.0)
    return [change[run][keep[run]] for run in range(change.shape[0])]


def measure(settings: Settings) -> Result:
    """Effort response to one tightening, per promoter and for the firm."""
    runner = Runner(settings)
    point = runner.point()
    seen: dict[str, list[np.ndarray]] = {}

    def observe(st, month: int) -> None:
        if month == 1:
            seen["responses"] = lab_responses(st, point)

    base = runner.run(observe=observe, months=12)
    responses = seen["responses"]
    mean_change = mean_interval(np.array([r.mean() for r in responses]))
    pooled = np.concatenate(responses)
    lowered, raised = float(np.mean(pooled < -0.01)), float(np.mean(pooled > 0.01))
    tight = runner.run(months=12,
                       supervision_base=min(point["supervision_base"] + TIGHTENING, 1.0))
    firm = paired_difference(tight.series["mean_effort"][:, 6] / base.series["mean_effort"][:, 6],
                             np.ones(settings.replicates))
    return Result(
        "P4", TITLE, CRITERION,
        f"mean change {fmt_interval(*(100 * np.array(mean_change)), '.1f', '%')}; lowered "
        f"{lowered:.0%}, unchanged {1 - lowered - raised:.0%}, raised {raised:.0%}; firm after "
        f"6 months {100 * firm[0]:+.1f}%",
        passed=bool(-0.25 <= mean_change[0] <= -0.10 and 0.35 <= lowered <= 0.60
                    and 0.15 <= raised <= 0.30),
        details={"responses": pooled, "mean_change": mean_change, "lowered": lowered,
                 "raised": raised, "firm": firm},
    )


def figure(result: Result, ax) -> None:
    """Distribution of individual effort responses."""
    ax.hist(100 * result.details["responses"], bins=np.linspace(-80, 40, 49))
    ax.axvline(100 * result.details["mean_change"][0], color="black", linestyle="--",
               label="mean")
    ax.set_xlabel("change in voluntary effort after one tightening of control (%)")
    ax.set_ylabel("promoters")
    ax.legend()


TITLE = "One tightening of control lowers voluntary effort by 10–25%, heterogeneously"
CRITERION = "mean change in [−25%, −10%]; lowered in [35%, 60%]; raised in [15%, 30%]"
PATTERN = Pattern("P4", TITLE, CRITERION, "Falk & Kosfeld 2006; Ziegelmeyer et al. 2012",
                  measure, figure)
