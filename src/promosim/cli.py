"""The ``promosim`` command line: one subcommand per module in ``promosim.commands``.

Each command module has ``add_parser(subparsers)``, which registers its arguments and sets
``func``, the function that runs it. Problems with the user's input are reported as one line on
standard error with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from promosim import __version__
from promosim.errors import ConfigError

COMMANDS = ("run", "compare", "sweep", "sensitivity", "report", "validate", "validate-config",
            "app")


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (and exit status 2)."""

    def error(self, message: str):
        """Print one line naming the command and the problem, then exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    main = Parser(
        prog="promosim",
        description="Simulate relationship promoters, failure–distrust spirals and HR policies "
                    "in B2B business.",
        epilog="Run 'promosim COMMAND --help' for the options of a command.",
    )
    main.add_argument("--version", action="version", version=f"promosim {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"promosim.commands.{name.replace('-', '_')}").add_parser(commands)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as error:
        print(f"promosim {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"promosim {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
