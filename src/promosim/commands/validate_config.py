"""``promosim validate-config``: check scenario, policy and sweep files and explain what is wrong.

A wrapper of :func:`promosim.validate_config`: a good file gets ``FILE: ok: …`` on standard
output, every problem of a bad one a line on standard error, and any problem exit status 2.
"""

from __future__ import annotations

import argparse
import sys

from promosim.commands.common import DEFAULT_SCENARIO
from promosim.errors import one_line
from promosim.scenario import parse_assignment


def add_parser(commands, summary: str) -> None:
    """Register ``validate-config`` (``summary``: its line in ``promosim --help``)."""
    parser = commands.add_parser(
        "validate-config", help=summary,
        description="Check scenario, policy and sweep files (TOML) without running anything. "
                    "Prints "
                    "'FILE: ok' and what the file changes for a good file, and one line naming "
                    "the file, the key and the allowed values for each problem of a bad one "
                    "(exit status 2). The levers, their meaning and ranges are listed in "
                    "docs/policies.md.",
        epilog="example: promosim validate-config configs/policies/*.toml my-policy.toml",
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="scenario, policy or sweep files")
    parser.add_argument("--scenario", metavar="FILE",
                        help="scenario that policies are applied to (default: "
                             f"{DEFAULT_SCENARIO} if it exists, else the built-in defaults)")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", default=[],
                        dest="assignments",
                        help="check the files with this parameter changed, as 'run', 'compare' "
                             "and 'sweep' would apply it (repeatable)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check every file; report each result; exit status 2 if any file has a problem."""
    from promosim.workflows.validate_config import validate_config

    assignments = dict(parse_assignment(text) for text in args.assignments)
    result = validate_config(args.files, scenario=args.scenario, overrides=assignments,
                             overrides_named="--set")
    for checked in result.files:
        if checked.ok:
            print(one_line(f"{checked.path}: ok: {checked.summary}"))
        for problem in checked.problems:
            print(one_line(f"promosim validate-config: error: {problem}"), file=sys.stderr)
    return 0 if result.ok else 2
