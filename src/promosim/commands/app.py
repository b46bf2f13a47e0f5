"""``promosim app``: the teaching dashboard in the browser (needs no internet connection)."""

from __future__ import annotations

import argparse
import ipaddress
import re
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

from promosim.app.classroom import ClassCode, Sessions
from promosim.app.firm import Firm, record
from promosim.app.gate import AllowList, is_loopback, origin_of
from promosim.app.leaderboard import RANKABLE, Leaderboard, worker
from promosim.app.setup import CLASSROOM, Setup, shipped_presets
from promosim.app.teacher import Teacher
from promosim.commands.common import (
    add_scenario_options,
    non_negative_int,
    positive_int,
    scenario_from_args,
    whole_number,
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
    """Check the setup, print the address and serve until interrupted."""
    from promosim.app import server

    args.assignments = [f"n_teams={args.teams}", f"team_size={args.team_size}",
                        *args.assignments]
    scenario = scenario_from_args(args)
    if not args.policies.is_dir():
        raise ConfigError(f"{args.policies}: no such folder of policy files (--policies)")
    code = class_code(args.class_code, args.open, is_loopback(args.host))
    for item in args.allow_origin:
        check_allowed(item)
    hand_in = args.hand_in
    if args.class_name is not None:
        check_class_name(args.class_name)
        hand_in = hand_in or Path("results") / "classes" / args.class_name
    setup = Setup(values=scenario.values, schedule=scenario.policy_schedule(), seed=args.seed,
                  scenario=scenario.name, presets=shipped_presets(args.policies),
                  hand_in=str(hand_in) if hand_in else None)
    setup.policies()  # a broken preset file is reported now, not in the browser
    setup.to_environment()
    if hand_in:  # the folder is made and the firm recorded before the server is announced
        firm_file = recorded_here(hand_in, Firm(setup.scenario, setup.values, setup.schedule,
                                                setup.seed))
    server.check_port(args.host, args.port)
    server.configure()
    allow = AllowList.build(args.host, args.port, args.allow_origin)
    print(f"promosim app: {scenario.name}, {args.teams} teams × {args.team_size} positions, "
          f"seed {args.seed}")
    join = f"?class={code.code}" if code else ""
    addresses = student_addresses(args.host, allow.hosts)
    if is_loopback(args.host) or args.host in ("0.0.0.0", "::"):
        print(f"open http://localhost:{args.port}/{join} in a browser (Ctrl+C stops the server)")
    if addresses:
        print("students open " + " or ".join(f"http://{a}:{args.port}/" for a in addresses))
    if code:
        link = f" (or give the link http://{addresses[0]}:{args.port}/{join})" if addresses else ""
        print(f"class code: {code.shown}{link}")
    elif not is_loopback(args.host):
        print("no class code (--open): anyone who can reach this machine may use the dashboard")
    print(f"at most {args.max_sessions} browser tabs at once (--max-sessions)")
    sessions, teacher = Sessions(args.max_sessions), None
    if hand_in:
        print(f"handed-in policies go to {hand_in}/ (with the firm in {firm_file})")
        key = ClassCode(secrets.token_hex(8).upper())
        board = Leaderboard(hand_in, setup, args.replicates, args.rank_by, worker())
        board.start()
        teacher = Teacher(key, board, sessions, args.class_name or hand_in.name, code,
                          [f"http://{a}:{args.port}/" for a in addresses])
        local = "localhost" if is_loopback(args.host) or args.host in ("0.0.0.0", "::") \
            else args.host
        print(f"teacher's page: http://{local}:{args.port}/teacher?key={key.code} (keep this "
              "link to yourself)")
    sys.stdout.flush()
    server.serve(args.host, args.port, allow, code, sessions, teacher)
    return 0


def class_code(given: str | None, open_class: bool, loopback: bool) -> ClassCode | None:
    """The class code: the one given, a new one beyond this machine, none if ``--open``."""
    if given is not None and open_class:
        raise ConfigError("--class-code and --open exclude each other: choose one")
    if given is not None:
        try:
            return ClassCode(given)
        except ValueError as error:
            raise ConfigError(f"--class-code: {error}") from None
    return None if open_class or loopback else ClassCode()


#: The most runs of each hand-in for the leaderboard (they run beside the class's pages).
MOST_REPLICATES = 200


def leaderboard_replicates(text: str) -> int:
    """An argparse type: runs of each hand-in for the leaderboard, 2 to :data:`MOST_REPLICATES`."""
    return whole_number(text, 2, " for an interval", MOST_REPLICATES)


def check_class_name(name: str) -> None:
    """Refuse a ``--class`` name that cannot be a folder's name."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,59}", name):
        raise ConfigError(f"--class {name[:80]!r}: a class name has 1 to 60 letters, digits, "
                          "dots, dashes or underscores and starts with a letter or digit")


def check_allowed(item: str) -> None:
    """Refuse an ``--allow-origin`` value that is neither a host name nor an origin."""
    if "://" in item:
        parts = urlsplit(item)
        if origin_of(item) is not None and parts.path in ("", "/") and not (
                parts.query or parts.fragment or parts.username):
            return
    elif re.fullmatch(r"[A-Za-z0-9.-]{1,253}|\[?[0-9A-Fa-f:.]{2,45}\]?", item):
        return
    raise ConfigError(f"--allow-origin {item[:80]!r}: expected a host name (class.example.org) or "
                      "an origin (https://class.example.org, no path)")


def student_addresses(host: str, hosts: frozenset[str]) -> list[str]:
    """The addresses students can open: the one listened on, or this machine's IPv4 addresses."""
    if host not in ("0.0.0.0", "::"):
        return [] if is_loopback(host) else [host]
    found = []
    for name in sorted(hosts):
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            continue
        if address.version == 4 and not (address.is_loopback or address.is_link_local):
            found.append(name)
    return found


def recorded_here(folder: Path, firm: Firm) -> Path:
    """Record the class's firm in the hand-in folder; a folder that cannot be made is one line."""
    try:
        return record(folder, firm)
    except OSError as error:
        raise ConfigError(f"--hand-in {folder}: cannot create the folder or write in it "
                          f"({error.strerror or error})") from None
