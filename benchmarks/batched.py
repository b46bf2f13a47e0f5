"""Batched engine against the per-agent driver and against ``PromoterModel`` run one by one.

Run: ``python benchmarks/batched.py [--runs 1000] [--batch 50] [--model-runs 40]
[--agent-runs 2]``. The firm is the default one (10 teams × 10 = 100 promoter positions,
8 accounts each), 120 months of spin-up plus a 10-year (120-month) horizon, all runs with
different seeds. The batched engine (``promosim.batch.simulate``, batches of ``--batch`` runs,
one process) runs all ``--runs`` runs. ``PromoterModel`` with the vectorised driver and with the
per-agent driver are too slow for 1,000 runs: the script times ``--model-runs`` and
``--agent-runs`` full runs and extrapolates their per-run time to ``--runs`` runs (it says so
in the output). Throughput counts every simulated month, spin-up included, of every position.
"""

from __future__ import annotations

import argparse
import os
import time

from promosim.batch import simulate
from promosim.model import PromoterModel
from promosim.parameters import resolve
from promosim.randomness import replicate_seeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--model-runs", type=int, default=40)
    parser.add_argument("--agent-runs", type=int, default=2)
    args = parser.parse_args()
    values = resolve({})
    positions = int(values["n_teams"] * values["team_size"])
    months = int(values["months"] + values["spinup_months"])
    seeds = replicate_seeds(2024, args.runs)
    print(f"firm: {positions} positions, {months} months per run ({int(values['spinup_months'])} "
          f"spin-up + {int(values['months'])}), load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")

    clock = time.perf_counter()
    for i in range(0, args.runs, args.batch):
        chunk = seeds[i:i + args.batch]
        simulate([values] * len(chunk), chunk, events=False)
    batched = (time.perf_counter() - clock) / args.runs

    clock = time.perf_counter()
    for seed in seeds[:args.model_runs]:
        PromoterModel(rng=seed, **values).run()
    model = (time.perf_counter() - clock) / args.model_runs

    clock = time.perf_counter()
    for seed in seeds[:args.agent_runs]:
        PromoterModel(rng=seed, driver="agents", **values).run()
    agents = (time.perf_counter() - clock) / args.agent_runs

    def line(name: str, per_run: float, measured: int) -> str:
        note = "measured" if measured == args.runs else f"extrapolated from {measured} runs"
        return (f"  {name:<34} {per_run * 1000:9.1f} ms/run  {per_run * args.runs / 60:8.1f} min "
                f"({note})  {positions * months / per_run:12,.0f} promoter-months/s")

    print(f"{args.runs} runs:")
    print(line(f"batched engine (batches of {args.batch})", batched, args.runs))
    print(line("PromoterModel, vectorised, 1 by 1", model, args.model_runs))
    print(line("PromoterModel, per-agent driver", agents, args.agent_runs))
    print(f"batched vs per-agent driver:           {agents / batched:7.0f}×")
    print(f"batched vs PromoterModel one by one:   {model / batched:7.1f}×")


if __name__ == "__main__":
    main()
