"""P6: material rewards wear off; recognition lasts.

Experiment: three arms on common seeds from month 1: the baseline, baseline plus material rewards
(+0.5 on the material-rewards lever, sustained) and baseline plus social recognition (+0.5,
sustained). The effect of each is the paired difference in mean job satisfaction against the
baseline, month by month. Criterion (strategie-umsetzung-vertrieb: material rewards act only
briefly and are soon taken for granted; social recognition acts longer): in months 19–24 the
material effect is at most a quarter of its peak, the recognition effect at least three quarters
of its peak.
"""

from __future__ import annotations

import numpy as np

from promosim.validation.core import Pattern, Result, Runner, Settings

MONTHS, LATE = 24, slice(19, 25)


def effect_curve(arm, base) -> np.ndarray:
    """Mean satisfaction difference to the baseline per month (months 0..MONTHS)."""
    return (arm.series["mean_satisfaction"] - base.series["mean_satisfaction"]).mean(axis=0)


def measure(settings: Settings) -> Result:
    """Peak and late effects of sustained material rewards and recognition on satisfaction."""
    runner = Runner(settings)
    point = runner.point()
    base = runner.run(months=MONTHS)
    material = runner.run(months=MONTHS,
                          material_recognition=min(point["material_recognition"] + 0.5, 1.0))
    social = runner.run(months=MONTHS,
                        social_recognition=min(point["social_recognition"] + 0.5, 1.0))
    curves = {"material rewards": effect_curve(material, base),
              "social recognition": effect_curve(social, base)}
    share = {name: float(curve[LATE].mean() / curve.max()) for name, curve in curves.items()}
    return Result(
        "P6", TITLE, CRITERION,
        "; ".join(f"{name}: peak {curve.max():+.3f}, months 19–24 {curve[LATE].mean():+.3f} "
                  f"({share[name]:.0%} of peak)" for name, curve in curves.items()),
        passed=bool(share["material rewards"] <= 0.25 and share["social recognition"] >= 0.75),
        details={"curves": curves, "share": share},
    )


def figure(result: Result, ax) -> None:
    """Effect on satisfaction over time."""
    for name, curve in result.details["curves"].items():
        ax.plot(np.arange(curve.size), curve, label=name)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_xlabel("months after the change")
    ax.set_ylabel("job satisfaction vs baseline")
    ax.legend()


TITLE = "Material rewards wear off; recognition lasts"
CRITERION = "months 19–24: material effect ≤ 25% of its peak; recognition effect ≥ 75% of peak"
PATTERN = Pattern("P6", TITLE, CRITERION, "strategie-umsetzung-vertrieb (Roth 2007)", measure,
                  figure)
