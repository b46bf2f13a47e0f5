"""Supervision × goal clarity: run the grid sweep and draw heat maps of its outcomes.

Run: ``python experiments/supervision_goal_clarity.py [--out DIR] [options]``, e.g.
``--replicates 30 --workers 2`` (``--help`` lists them). Runs ``promosim.sweep``; writes
the results folder (default ``results/supervision-goal-clarity``) and ``heatmap.png`` in it:
mean turnover, churn, customer trust and spiral incidence over the grid.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sweep_script import run_and_draw

SWEEP = "configs/sweeps/supervision-goal-clarity.toml"
SHOWN = {"turnover_rate": ("Promoter turnover per year", "magma_r"),
         "churn_rate": ("Customer churn per year", "magma_r"),
         "mean_customer_trust": ("Customer trust (mean)", "viridis"),
         "spiral_incidence": ("Spirals per promoter-year", "magma_r")}


def heatmaps(results, path: Path) -> Path:
    fig, axes = plt.subplots(2, 2, figsize=(10, 8.4))
    for ax, (outcome, (title, cmap)) in zip(axes.flat, SHOWN.items(), strict=True):
        grid = results.pivot_table(index="supervision_base", columns="goal_clarity",
                                   values=outcome, aggfunc="mean").sort_index(ascending=False)
        image = ax.imshow(grid.to_numpy(), cmap=cmap, aspect="auto")
        ax.set_xticks(range(grid.shape[1]), [f"{v:.1f}" for v in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [f"{v:.1f}" for v in grid.index])
        ax.set_xlabel("goal clarity")
        ax.set_ylabel("base supervision")
        ax.set_title(title, fontsize=10)
        for (i, j), value in zip(((i, j) for i in range(grid.shape[0])
                                  for j in range(grid.shape[1])), grid.to_numpy().flat,
                                 strict=True):
            red, green, blue, _ = image.cmap(image.norm(value))
            dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
            ax.text(j, i, f"{value:.2g}", ha="center", va="center", fontsize=7,
                    color="white" if dark else "black")
        fig.colorbar(image, ax=ax, shrink=0.85)
    replicates = results.groupby("point").size().min()
    fig.suptitle(f"Supervision × goal clarity: means of {replicates} replicates per cell "
                 "(common random numbers)", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main() -> int:
    return run_and_draw(__doc__.splitlines()[0], SWEEP, "results/supervision-goal-clarity",
                        heatmaps, "heatmap.png")


if __name__ == "__main__":
    sys.exit(main())
