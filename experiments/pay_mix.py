"""Pay mix: run the pay-mix grid and draw outcomes against the fixed share of pay.

Run: ``python experiments/pay_mix.py [--out DIR] [options]``, e.g. ``--replicates 30``
(``--help`` lists them). Runs ``promosim.sweep``.
Writes the results folder (default ``results/pay-mix``) and ``pay_mix.png`` in it: one row per
outcome (turnover, customer trust, first-year revenue, profit), one column per bonus horizon,
one line per relationship-bonus share.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sweep_script import run_and_draw

SWEEP = "configs/sweeps/pay-mix.toml"
SHOWN = {"turnover_rate": ("turnover per year", 1), "mean_customer_trust": ("customer trust", 1),
         "revenue_first_year": ("first-year revenue (M€)", 1e-3), "profit": ("profit (M€)", 1e-3)}


def lines(results, path: Path) -> Path:
    horizons = sorted(results["bonus_horizon"].unique())
    bonuses = sorted(results["relationship_bonus_share"].unique())
    colours = plt.get_cmap("viridis")
    fig, axes = plt.subplots(len(SHOWN), len(horizons), sharex=True, sharey="row",
                             figsize=(4 * len(horizons), 2.6 * len(SHOWN)), squeeze=False)
    for col, horizon in enumerate(horizons):
        for row, (outcome, (label, scale)) in enumerate(SHOWN.items()):
            ax = axes[row][col]
            for k, bonus in enumerate(bonuses):
                part = results[(results["bonus_horizon"] == horizon)
                               & (results["relationship_bonus_share"] == bonus)]
                stats = part.groupby("fixed_share")[outcome].agg(["mean", "sem"]) * scale
                colour = colours(k / max(len(bonuses) - 1, 1))
                ax.plot(stats.index, stats["mean"], marker="o", ms=3, color=colour,
                        label=f"{bonus:.2f}")
                ax.fill_between(stats.index, stats["mean"] - 1.96 * stats["sem"],
                                stats["mean"] + 1.96 * stats["sem"], color=colour, alpha=0.15)
            if col == 0:
                ax.set_ylabel(label)
            if row == 0:
                ax.set_title(f"bonus horizon {horizon:g} months", fontsize=10)
            if row == len(SHOWN) - 1:
                ax.set_xlabel("fixed share of pay")
    axes[0][-1].legend(title="relationship bonus\n(share of variable)", fontsize=7,
                       title_fontsize=7, loc="best")
    fig.suptitle("Pay mix: means with 95% bands over replicates (common random numbers)",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main() -> int:
    return run_and_draw(__doc__.splitlines()[0], SWEEP, "results/pay-mix", lines, "pay_mix.png")


if __name__ == "__main__":
    sys.exit(main())
