"""``promosim app``: the teaching dashboard in the browser (needs no internet connection).

A wrapper of :func:`promosim.serve_app` (through :func:`promosim.app.launch.prepare`, whose
messages name the command's options). It serves until Ctrl-C, then says ``promosim app:
stopped`` on standard error and exits with status 0.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from promosim.app.launch import MOST_REPLICATES, prepare
from promosim.app.leaderboard import RANKABLE
from promosim.app.setup import CLASSROOM
from promosim.commands.common import (
    add_scenario_options,
    non_negative_int,
    positive_int,
    whole_number,
)
from promosim.scenario import configs_folder, parse_assignment


def add_parser(commands, summary: str) -> None:
    """Register ``app`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "app", help=summary,
        description="Start the teaching dashboard: a browser page where a class moves policy "
                    "levers, watches trust grow, spirals start and promoters leave, sees every "
                    "lever's effect over the horizon at once, and saves its policies as policy "
                    "files for 'promosim compare'. Each browser tab gets its own firm. Nothing is "
                    "loaded from the internet.",
        epilog="example: promosim app --class b2b-monday --seed 42 --host 0.0.0.0 (then students "
               "open http://TEACHER-MACHINE:8765 and type the class code it prints; the teacher "
               "opens the teacher's link it prints)",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only; "
                             "0.0.0.0 for a classroom network, which needs a class code)")
    parser.add_argument("--port", type=positive_int, default=8765, help="port (default: 8765)")
    parser.add_argument("--class-code", metavar="CODE",
                        help="the code students type to join (6-32 letters and digits); "
                             "default: a new code is printed when serving beyond this machine")
    parser.add_argument("--open", action="store_true",
                        help="serve beyond this machine without a class code (anyone who can "
                             "reach it may use it)")
    parser.add_argument("--allow-origin", metavar="NAME", action="append", default=[],
                        help="another name students reach this server by (class.example.org), "
                             "or the origin of a proxy in front of it "
                             "(https://class.example.org); repeatable")
    parser.add_argument("--max-sessions", type=positive_int, default=60, metavar="N",
                        help="browser tabs served at once, each with its own firm (default: 60); "
                             "more see 'the class is full'")
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
    parser.add_argument("--class", dest="class_name", metavar="NAME",
                        help="run a class called NAME: hand-ins go to results/classes/NAME "
                             "(unless --hand-in says otherwise) and the teacher gets a page with "
                             "the class code, the hand-ins as they arrive and a leaderboard")
    parser.add_argument("--rank-by", metavar="OUTCOME", choices=RANKABLE, default="profit",
                        help="the outcome the leaderboard ranks by (default: profit; one of "
                             f"{', '.join(RANKABLE)})")
    parser.add_argument("--replicates", type=leaderboard_replicates, default=30, metavar="R",
                        help="runs of each hand-in for the leaderboard, on the class's seed "
                             f"(default: 30, at most {MOST_REPLICATES})")
    parser.set_defaults(func=run)


def interpreter_environment() -> dict[str, str]:
    """Settings the server's interpreter starts with (:func:`.server.interpreter_environment`)."""
    from promosim.app import server

    return server.interpreter_environment()


def run(args: argparse.Namespace) -> int:
    """Check the setup, print the addresses and serve until interrupted."""
    prepare(args.config_file, host=args.host, port=args.port, class_code=args.class_code,
            open_class=args.open, allow_origins=args.allow_origin,
            max_sessions=args.max_sessions, teams=args.teams, team_size=args.team_size,
            overrides=dict(parse_assignment(text) for text in args.assignments),
            months=args.months, seed=args.seed, policies=args.policies,
            hand_in=args.hand_in, class_name=args.class_name, rank_by=args.rank_by,
            replicates=args.replicates, where=None).serve()
    return 0


def leaderboard_replicates(text: str) -> int:
    """An argparse type: runs of each hand-in for the leaderboard, 2 to :data:`MOST_REPLICATES`."""
    return whole_number(text, 2, " for an interval", MOST_REPLICATES)
