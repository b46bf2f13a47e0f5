"""P1: trust is slow to build and fast to break.

Experiment: (a) controlled: counterparts start at trust 0.3 facing interactions 0.1 above the
competitors' standard, or at 0.6 facing interactions 0.1 below it, with the model's noise and
trust update; months until trust crosses to 0.6, respectively 0.3. (b) Observed in the baseline
firm: for each relationship, a *build* is a rise from 0.3 or below to 0.6 or above, a *break* a
fall from 0.6 or above to 0.3 or below (from conflict, or from the promoter leaving), each from
the last month at the starting level to the first month at the end level; also within one
promoter's tenure (conflict only). Criterion (Slovic 1993: negative events move trust more than
positive ones of the same size; Pant & Yu 2025: a threefold negativity bias): in (a) the median
build takes at least twice as long as the median break. (b) is reported; it mixes the asymmetry
with which relationships happen to rise or fall (see docs/validation.md).
"""

from __future__ import annotations

import numpy as np

from promosim import equations as eq
from promosim.jit import compiled
from promosim.validation.core import Pattern, Result, Runner, Settings, fmt_interval, mean_interval

LOW, HIGH = 0.3, 0.6


class CrossingTimes:
    """Observer collecting the lengths of upward and downward crossings between LOW and HIGH."""

    def __init__(self, by_person: bool):
        self.by_person = by_person
        self.builds: list[np.ndarray] = []
        self.breaks: list[np.ndarray] = []
        self.runs_up: list[np.ndarray] = []
        self.runs_down: list[np.ndarray] = []
        self._key = None

    def __call__(self, st, month: int) -> None:
        """Record the crossings completed this month."""
        trust = st.personal_trust
        person = st.person[..., None] if self.by_person else 0
        key = np.where(st.active, st.account * 100_003 + person, -1)
        if self._key is None:
            self._key = key
            self.last_low = np.where(trust <= LOW, month, -1)
            self.last_high = np.where(trust >= HIGH, month, -1)
            return
        same = key == self._key
        last_low = np.where(same, self.last_low, -1)
        last_high = np.where(same, self.last_high, -1)
        up = same & (key >= 0) & (trust >= HIGH) & (last_low > last_high) & (last_low >= 0)
        down = same & (key >= 0) & (trust <= LOW) & (last_high > last_low) & (last_high >= 0)
        runs = np.broadcast_to(np.arange(trust.shape[0])[:, None, None], trust.shape)
        self.builds.append(month - last_low[up])
        self.runs_up.append(runs[up])
        self.breaks.append(month - last_high[down])
        self.runs_down.append(runs[down])
        self.last_low = np.where(trust <= LOW, month, last_low)
        self.last_high = np.where(trust >= HIGH, month, last_high)
        self._key = key


def medians_by_run(observer: CrossingTimes, replicates: int) -> np.ndarray:
    """Median build time over median break time in each replicate."""
    builds, breaks = np.concatenate(observer.builds), np.concatenate(observer.breaks)
    runs_up, runs_down = np.concatenate(observer.runs_up), np.concatenate(observer.runs_down)
    return np.array([
        np.median(builds[runs_up == r]) / np.median(breaks[runs_down == r])
        for r in range(replicates) if (runs_up == r).any() and (runs_down == r).any()])


@compiled
def update(trust: np.ndarray, signal: np.ndarray, gain: float, loss: float) -> None:
    """The model's trust update (:func:`promosim.equations.asymmetric_update`) for each sample."""
    for i in range(trust.size):
        trust[i] = eq.asymmetric_update(trust[i], signal[i], gain, loss)


def controlled_crossings(point: dict, seed: int, excess: float = 0.1,
                         samples: int = 4000) -> tuple[float, float]:
    """Median months to cross 0.3 → 0.6 with quality ``excess`` above the standard, and back.

    Same size of quality difference up and down, the model's noise and trust update.
    """
    rng = np.random.default_rng(seed)
    gain, loss = point["trust_gain"], point["trust_loss"]
    signal = point["signal_gain"] * excess
    medians = []
    for sign, start, done in ((1.0, LOW, lambda t: t >= HIGH), (-1.0, HIGH, lambda t: t <= LOW)):
        trust = np.full(samples, start)
        months = np.zeros(samples)
        for month in range(1, 601):
            noise = point["interaction_noise"] * (rng.random(samples) + rng.random(samples) - 1.0)
            update(trust, np.clip(sign * signal + noise, -1.0, 1.0), gain, loss)
            newly = (months == 0) & done(trust)
            months[newly] = month
        months[months == 0] = 600
        medians.append(float(np.median(months)))
    return medians[0], medians[1]


def months(value: float) -> str:
    """A median in months, or "none observed"."""
    return "none observed" if np.isnan(value) else f"{value:.0f} months"


def measure(settings: Settings) -> Result:
    """Median months to build and to break trust, per relationship and within one promoter."""
    runner = Runner(settings)
    relationship, dyad = CrossingTimes(by_person=False), CrossingTimes(by_person=True)
    runner.run(observe=lambda st, month: (relationship(st, month), dyad(st, month)))
    ratio = mean_interval(medians_by_run(relationship, settings.replicates))
    builds, breaks = np.concatenate(relationship.builds), np.concatenate(relationship.breaks)
    within = tuple(float(np.median(times)) if times.size else float("nan") for times in (
        np.concatenate(dyad.builds), np.concatenate(dyad.breaks)))
    controlled = controlled_crossings(runner.point(), settings.seed)
    build, brk = float(np.median(builds)), float(np.median(breaks))
    return Result(
        "P1", TITLE, CRITERION,
        f"equal and opposite quality: build {controlled[0]:.0f} months, break "
        f"{controlled[1]:.0f} months ({controlled[0] / controlled[1]:.1f}×); observed in the firm: "
        f"build {build:.0f}, break {brk:.0f} months, ratio {fmt_interval(*ratio, '.1f')}; within "
        f"one promoter: build {months(within[0])}, break {months(within[1])}",
        passed=bool(controlled[0] >= 2.0 * controlled[1]),
        details={"builds": builds, "breaks": breaks, "ratio": ratio, "within": within,
                 "controlled": controlled,
                 "exit_breaks": float(np.mean(breaks <= 1))},
    )


def figure(result: Result, ax) -> None:
    """Histograms of build and break times."""
    bins = np.arange(0, 61, 2)
    ax.hist(np.minimum(result.details["builds"], 60), bins=bins, alpha=0.6,
            label="build 0.3 → 0.6")
    ax.hist(np.minimum(result.details["breaks"], 60), bins=bins, alpha=0.6,
            label="break 0.6 → 0.3")
    ax.set_xlabel("months (60 = 60 or more)")
    ax.set_ylabel("crossings")
    ax.legend()


TITLE = "Trust is slow to build and fast to break"
CRITERION = ("equal and opposite interaction quality: median months to build trust (0.3 → 0.6) "
             "≥ 2 × median months to break it (0.6 → 0.3)")
PATTERN = Pattern("P1", TITLE, CRITERION, "Slovic 1993; Pant & Yu 2025", measure, figure)
