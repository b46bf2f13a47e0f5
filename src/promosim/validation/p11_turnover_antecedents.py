"""P11: trust in the supervisor and exhaustion are the strongest antecedents of quitting.

Experiment: a virtual meta-analysis. Every replicate of the baseline firm is one "sample" of
promoter-months: each occupied position in each month 1..T−12, with its holder's states at the end
of the month and whether the holder quits within the next 12 months. Within each sample the
states are standardised (z-scores) and quitting is regressed on each alone (logistic regression:
the bivariate effects a meta-analysis pools) and on all together (the multivariable effects).
The states: the promoter's trust in the manager (trust in the supervisor), stress (exhaustion),
role conflict, job satisfaction, pay (the income the promoter is used to, against their best
outside offer), tenure, and customer trust (their counterparts' mean trust in them).
Criterion (the meta-analysis of 129 samples and 36,436 salespeople, LITERATURE.md §4, a bivariate
meta-analysis: emotional exhaustion and trust in the supervisor are the strongest antecedents of
turnover): pooled over samples, the two largest bivariate standardised effects (in absolute value)
are those of trust in the supervisor (lowering quitting) and exhaustion (raising it), and the
weaker of the two exceeds the strongest of the other states, paired over samples, with a 95%
interval above zero. The multivariable effects are reported, not judged.
"""

from __future__ import annotations

import numpy as np

from promosim.validation.core import Pattern, Result, Runner, Settings, fmt_interval, mean_interval

#: The states regressed on, with their labels (state column or a derived quantity).
STATES = {
    "leader_trust": "trust in the supervisor",
    "stress": "exhaustion",
    "role_conflict": "role conflict",
    "satisfaction": "satisfaction",
    "pay": "pay vs outside offer",
    "tenure": "tenure",
    "customer_trust": "customer trust",
}
KEY = ("leader_trust", "stress")
EXPECTED_SIGN = {"leader_trust": -1.0, "stress": 1.0}
HORIZON = 12


class Panel:
    """Observer: the promoter-months of every run, with the states of :data:`STATES`."""

    def __init__(self):
        self.rows: list[dict[str, np.ndarray]] = []

    def __call__(self, st, month: int) -> None:
        """Note every occupied position's holder and states at the end of ``month``."""
        if month < 1:
            return
        run, position = np.nonzero(st.occupied)
        row = {"run": run, "month": np.full(run.size, month), "person": st.person[run, position]}
        for name in STATES:
            values = (st.material_reference - st.outside_option if name == "pay"
                      else getattr(st, name))
            row[name] = values[run, position].astype(np.float64)
        self.rows.append(row)

    def table(self, events, months: int) -> dict[str, np.ndarray]:
        """The panel with ``quits``: the holder quits within :data:`HORIZON` months."""
        panel = {k: np.concatenate([r[k] for r in self.rows]) for k in self.rows[0]}
        quits = events[events.event == "quit"]
        quit_month = dict(zip(zip(quits.run, quits.person, strict=True), quits.month,
                              strict=True))
        left = np.array([quit_month.get((r, p), months + HORIZON + 1) for r, p in
                         zip(panel["run"].tolist(), panel["person"].tolist(), strict=True)])
        panel["quits"] = ((left > panel["month"]) & (left <= panel["month"] + HORIZON)).astype(
            np.float64)
        keep = panel["month"] <= months - HORIZON
        return {k: v[keep] for k, v in panel.items()}


def logistic(X: np.ndarray, y: np.ndarray, steps: int = 50) -> np.ndarray:
    """Maximum-likelihood logistic regression (Newton–Raphson); slopes without the intercept."""
    X = np.column_stack([np.ones(len(y)), X])
    beta = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-X @ beta))
        hessian = (X * (p * (1.0 - p))[:, None]).T @ X
        step = np.linalg.solve(hessian, X.T @ (y - p))
        beta += step
        if np.abs(step).max() < 1e-10:
            break
    return beta[1:]


def standardised(panel: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """The states of ``rows`` as z-scores within them, one column per state."""
    columns = []
    for name in STATES:
        x = panel[name][rows]
        sd = x.std()
        columns.append((x - x.mean()) / sd if sd > 0 else np.zeros_like(x))
    return np.column_stack(columns)


def effects(panel: dict[str, np.ndarray], runs: int) -> tuple[np.ndarray, np.ndarray]:
    """Per sample (run): bivariate and multivariable standardised effects, (runs, states) each."""
    bivariate = np.full((runs, len(STATES)), np.nan)
    multivariable = np.full((runs, len(STATES)), np.nan)
    for run in range(runs):
        rows = np.flatnonzero(panel["run"] == run)
        y = panel["quits"][rows]
        if not 0 < y.sum() < y.size:
            continue
        Z = standardised(panel, rows)
        bivariate[run] = [logistic(Z[:, [i]], y)[0] for i in range(len(STATES))]
        multivariable[run] = logistic(Z, y)
    return bivariate, multivariable


def measure(settings: Settings) -> Result:
    """The virtual meta-analysis of quitting at the baseline."""
    panel_observer = Panel()
    result = Runner(settings).run(observe=panel_observer)
    months = int(result.params.points[0]["months"])
    panel = panel_observer.table(result.events, months)
    bivariate, multivariable = effects(panel, result.runs)
    names = list(STATES)
    pooled = np.nanmean(bivariate, axis=0)
    ranked = [names[i] for i in np.argsort(-np.abs(pooled))]
    key = [names.index(k) for k in KEY]
    others = [i for i in range(len(names)) if i not in key]
    margin = mean_interval(np.abs(bivariate[:, key]).min(axis=1)
                           - np.abs(bivariate[:, others]).max(axis=1))
    signs = all(np.sign(pooled[names.index(k)]) == EXPECTED_SIGN[k] for k in KEY)
    passed = bool(set(ranked[:2]) == set(KEY) and signs and margin[1] > 0)
    listing = ", ".join(f"{STATES[n]} {pooled[names.index(n)]:+.2f}" for n in ranked)
    several = np.nanmean(multivariable, axis=0)
    text = (f"bivariate (log-odds per SD, pooled over {result.runs} samples): {listing}; "
            f"margin of the weaker key effect over the strongest other "
            f"{fmt_interval(*margin, '.3f')}; multivariable: "
            + ", ".join(f"{STATES[n]} {several[i]:+.2f}" for i, n in enumerate(names)))
    return Result("P11", TITLE, CRITERION, text, passed=passed,
                  details={"bivariate": bivariate, "multivariable": multivariable,
                           "ranked": ranked, "margin": margin, "states": names,
                           "share_quitting": float(panel["quits"].mean())})


def figure(result: Result, ax) -> None:
    """Bivariate and multivariable standardised effects with their intervals."""
    names = result.details["states"]
    y = np.arange(len(names))
    for offset, key, label in ((0.15, "bivariate", "bivariate (the criterion)"),
                               (-0.15, "multivariable", "multivariable")):
        mean, low, high = (np.array(v) for v in zip(*(mean_interval(result.details[key][:, i])
                                                      for i in range(len(names))), strict=True))
        ax.errorbar(mean, y + offset, xerr=[mean - low, high - mean], fmt="o", capsize=3,
                    label=label)
    ax.axvline(0, color="grey", linewidth=0.5)
    ax.set_yticks(y, [STATES[n] for n in names])
    ax.set_xlabel("effect on quitting within 12 months (log-odds per standard deviation)")
    ax.legend()


TITLE = "Trust in the supervisor and exhaustion are the strongest antecedents of quitting"
CRITERION = ("bivariate standardised effects on quitting within 12 months: trust in the "
             "supervisor (−) and exhaustion (+) the two largest; the weaker of them exceeds "
             "every other state (paired 95% interval > 0)")
PATTERN = Pattern("P11", TITLE, CRITERION, "meta-analysis of 129 samples (LITERATURE.md §4)",
                  measure, figure)
