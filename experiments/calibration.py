"""The calibration table: the baseline's outcomes over 50 replications against the literature.

    python experiments/calibration.py [--replicates 50] [--seed 2026]

Prints a Markdown table (pasted into docs/calibration.md). Each value is the mean over
replicates with its 95% interval; replicates are independent runs of the default firm (10 teams
× 10 positions, 8 accounts each) over 10 years after the 10-year spin-up.
"""

from __future__ import annotations

import argparse

import numpy as np

from promosim.summary import summarise
from promosim.validation.core import Runner, Settings, mean_interval
from promosim.validation.p08_calibration import vacancy_months

TARGETS = [  # outcome, label, scale, unit, literature target, source
    ("turnover_rate", "promoter turnover", 100, "% a year", "15–30 (commonly 20–27)",
     "sales-force turnover; Alexander Group 2015"),
    ("churn_rate", "relationship churn", 100, "% a year", "≈ 25",
     "Butzer-Strothmann"),
    ("vacancy", "vacancy after a quit", 1, "months", "1–3", "Alexander Group 2015"),
    ("ramp", "ramp-up of new hires", 1, "months", "4–6 (input)", "LITERATURE.md §4"),
    ("mean_customer_trust", "customer trust in the promoter", 1, "0–1", "—", "—"),
    ("mean_management_trust", "management trust in the promoter", 1, "0–1", "—", "—"),
    ("mean_supervision", "supervision", 1, "0–1", "—", "—"),
    ("role_share", "positions whose holder has the promoter role", 100, "%", "—", "—"),
    ("customer_promoter_share", "relationships with a customer-side promoter", 100, "%", "—",
     "—"),
    ("spiral_incidence", "spirals started", 100, "per 100 promoter-years", "—", "—"),
    ("spiral_quit_share", "spirals ending in a quit", 100, "%", "most (qualitative)",
     "Manzoni & Barsoux 1998"),
    ("win_rate", "negotiations won", 100, "%", "—", "—"),
    ("share_of_wallet", "share of wallet (business won at list prices)", 100, "%", "—",
     "Walter & Gemünden 2000 (an outcome of promoters)"),
    ("mean_customer_satisfaction", "customers' satisfaction", 1, "0–1", "—", "—"),
    ("spiral_quits", "quits that end a running spiral", 100, "%", "—", "—"),
]


def main() -> None:
    """Print the calibration table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    result = Runner(Settings(replicates=args.replicates, seed=args.seed)).run()
    summary = summarise(result)
    values = {name: summary[name].to_numpy() for name in summary.columns}
    values["vacancy"] = vacancy_months(result.events)
    values["ramp"] = np.array([result.state.ramp_months[r][result.state.occupied[r]].mean()
                               for r in range(args.replicates)])
    s = result.series
    values["win_rate"] = s["wins"][:, 1:].sum(axis=1) / s["negotiations"][:, 1:].sum(axis=1)
    values["spiral_quits"] = s["spirals_quit"][:, 1:].sum(axis=1) / s["quits"][:, 1:].sum(axis=1)
    print("| outcome | model: mean [95% interval] | unit | literature | source |")
    print("|---|---|---|---|---|")
    for name, label, scale, unit, target, source in TARGETS:
        mean, low, high = (scale * v for v in mean_interval(values[name]))
        print(f"| {label} | {mean:.2f} [{low:.2f}, {high:.2f}] | {unit} | {target} | {source} |")


if __name__ == "__main__":
    main()
