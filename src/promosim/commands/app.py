"""``promosim app``: the teaching dashboard in the browser (needs no internet connection)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from promosim.app.setup import CLASSROOM, Setup, shipped_presets
from promosim.commands.common import (
    add_scenario_options,
    non_negative_int,
    positive_int,
    scenario_from_args,
)
from promosim.errors import ConfigError
from promosim.scenario import configs_folder


def add_parser(commands, summary: str) -> None:
    """Register ``app`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "app", help=summary,
        description="Start the teaching dashboard: a browser page where a class moves policy "
                    "levers, watches trust grow, spirals start and promoters leave, sees every "
                    "lever's effect over the horizon at once, and saves its policies as policy "
                    "files for 'promosim compare'. Each browser tab gets its own firm. Nothing is "
                    "loaded from the internet.",
        epilog="example: promosim app --seed 42 --host 0.0.0.0 --hand-in results/class "
               "(then students open http://TEACHER-MACHINE:8765)",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only; "
                             "0.0.0.0 for a classroom network)")
    parser.add_argument("--port", type=positive_int, default=8765, help="port (default: 8765)")
    add_scenario_options(parser)
    parser.add_argument("--teams", type=positive_int, default=CLASSROOM["n_teams"],
                        help=f"teams in the firm (default: {CLASSROOM['n_teams']}, a classroom "
                             "firm whose organisation view stays readable)")
    parser.add_argument("--team-size", type=positive_int, default=CLASSROOM["team_size"],
                        help=f"promoter positions per team (default: {CLASSROOM['team_size']})")
    parser.add_argument("--seed", type=non_negative_int, default=1,
                        help="the class's seed: same seed, same luck (default: 1)")
    parser.add_argument("--policies", metavar="DIR", type=Path,
                        default=configs_folder() / "policies",
                        help="folder of preset policy files (default: configs/policies)")
    parser.add_argument("--hand-in", metavar="DIR", type=Path,
                        help="folder where students' 'Hand in' button saves their policy files")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the setup, print the address and serve until interrupted."""
    from promosim.app import server

    args.assignments = [f"n_teams={args.teams}", f"team_size={args.team_size}",
                        *args.assignments]
    scenario = scenario_from_args(args)
    if not args.policies.is_dir():
        raise ConfigError(f"{args.policies}: no such folder of policy files (--policies)")
    setup = Setup(values=scenario.values, schedule=scenario.policy_schedule(), seed=args.seed,
                  scenario=scenario.name, presets=shipped_presets(args.policies),
                  hand_in=str(args.hand_in) if args.hand_in else None)
    setup.policies()  # a broken preset file is reported now, not in the browser
    setup.to_environment()
    server.check_port(args.host, args.port)
    server.configure()
    shown = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    print(f"promosim app: {scenario.name}, {args.teams} teams × {args.team_size} positions, "
          f"seed {args.seed}")
    print(f"open http://{shown}:{args.port}/ in a browser (Ctrl+C stops the server)")
    if args.host == "0.0.0.0":
        print(f"students open http://THIS-MACHINE'S-ADDRESS:{args.port}/")
    if args.hand_in:
        print(f"handed-in policies go to {args.hand_in}/")
    sys.stdout.flush()
    server.serve(args.host, args.port)
    return 0
