"""``promosim run``: simulate one scenario (optionally under a policy) and write its results."""

from __future__ import annotations

import argparse
import time

import numpy as np

from promosim.commands.common import (
    add_output_options,
    add_scenario_options,
    ensure_folder,
    scenario_from_args,
    seed_number,
    with_policy,
)
from promosim.model import DRIVERS
from promosim.outcomes import SERIES_NAMES as SERIES
from promosim.outcomes import shown_in
from promosim.output import now, write_manifest, write_table
from promosim.summary import summarise_series


def add_parser(commands, summary: str) -> None:
    """Register ``run`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "run", help=summary,
        description="Simulate one scenario (optionally under a policy), print a short summary and "
                    "write the monthly series, the agents at the end, the event log and a "
                    "manifest to a folder.",
        epilog="example: promosim run configs/baseline.toml --policy "
               "configs/policies/tight-control.toml --seed 7 --out results/tight",
    )
    add_scenario_options(parser, positional=True)
    parser.add_argument("--policy", metavar="FILE", help="policy file (TOML) to apply")
    parser.add_argument("--seed", type=seed_number, default=1,
                        help="random seed, 0 to 2^63 − 1 (default: 1)")
    parser.add_argument("--driver", choices=DRIVERS, default="compiled",
                        help="compiled (fast, default) or agents (each Mesa agent runs the same "
                             "code interpreted; slow)")
    add_output_options(parser, "results/run")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Simulate, print the summary, write the results."""
    scenario = with_policy(scenario_from_args(args), args.policy)
    out = ensure_folder(args.out)
    started = now()
    clock = time.perf_counter()
    model = scenario.model(rng=args.seed, driver=args.driver)
    model.run()
    seconds = time.perf_counter() - clock
    series = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    series.insert(0, "month", np.arange(len(series)))
    outcomes = summarise_series({name: series[name].to_numpy()[None, :] for name in SERIES})
    row = outcomes.iloc[0]
    snapshot = model.snapshot()
    files = {
        "series": write_table(series, out / "series", args.format),
        "promoters": write_table(snapshot["promoters"], out / "promoters", args.format),
        "counterparts": write_table(snapshot["counterparts"], out / "counterparts", args.format),
        "events": write_table(model.events, out / "events", args.format),
    }
    write_manifest(out / "manifest.json", {
        "kind": "run", "scenario": scenario.source, "policy": args.policy or "",
        "seed": args.seed, "driver": args.driver, "started": started, "finished": now(),
        "seconds": round(seconds, 3), "parameters": scenario.values,
        "policy_schedule": model.policy_schedule, "outcomes": row.to_dict(),
        "files": {name: path.name for name, path in files.items()},
    })
    changes = "".join(f" --set {text}" for text in args.assignments)
    print(f"promosim run: {scenario.name}" + (f" + {scenario.policy}" if args.policy else "")
          + changes + f", seed {args.seed}, {int(scenario.values['months'])} months "
          f"({seconds:.2f} s)")
    for line in summary_lines(row):
        print("  " + line)
    print(f"results: {out}/ (series, promoters, counterparts, events, manifest.json)")
    return 0


def summary_lines(row) -> list[str]:
    """The run's key outcomes, one line each (the outcome registry's "printed" place)."""
    lines = [f"{o.heading:<40} {o.format(row[o.name])}" for o in shown_in("printed")]
    return [*lines, f"(money over the horizon of {row['years']:g} years)"]
