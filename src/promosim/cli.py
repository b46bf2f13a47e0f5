"""The ``promosim`` command line: one subcommand per module in ``promosim.commands``.

Each command module has ``add_parser(subparsers, summary)``, which registers its arguments and
sets ``func``, the function that runs it. Only the module of the command being run is imported
(the others are listed by their summary), so ``--help`` and input errors answer at once. Problems
with the user's input are reported as one line on standard error with exit status 2, never as a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from promosim import __version__
from promosim.errors import ConfigError

#: Every command and its line in ``promosim --help``.
COMMANDS = {
    "run": "simulate one scenario and write its results",
    "compare": "compare policies with the baseline on common random numbers",
    "sweep": "run a parameter sweep (grid, Latin hypercube, Sobol) from a sweep file",
    "sensitivity": "global sensitivity analysis (Sobol or Morris) of a sweep's ranges",
    "report": "write the HTML report of a results folder",
    "validate": "check the model against the patterns P1–P12",
    "validate-config": "check scenario, policy and sweep files and explain problems",
    "app": "start the teaching dashboard in the browser",
}


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (and exit status 2)."""

    def error(self, message: str):
        """Print one line naming the command and the problem, then exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand listed, the arguments of ``command`` loaded."""
    main = Parser(
        prog="promosim",
        description="Simulate relationship promoters, failure–distrust spirals and HR policies "
                    "in B2B business.",
        epilog="Run 'promosim COMMAND --help' for the options of a command.",
    )
    main.add_argument("--version", action="version", version=f"promosim {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, summary in COMMANDS.items():
        if name == command:
            module = importlib.import_module(f"promosim.commands.{name.replace('-', '_')}")
            module.add_parser(commands, summary)
        else:
            commands.add_parser(name, help=summary)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((word for word in argv if not word.startswith("-")), None)
    args = parser(command).parse_args(argv)
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
