"""The ``promosim`` command line: one subcommand per module in ``promosim.commands``.

Each command module has ``add_parser(subparsers, summary)``, which registers its arguments and
sets ``func``, the function that runs it. Only the module of the command being run is imported
(the others are listed by their summary), so ``--help`` and input errors answer at once. A command
module may also have ``interpreter_environment()``: settings its interpreter must start with (the
dashboard's server allocates with the C library); run from the command line, such a command
restarts the interpreter with them once its arguments are checked. Problems
with the user's input are reported as one line on standard error with exit status 2, never as a
traceback; so are a full disk (status 1) and Ctrl-C or SIGTERM (status 130 or 143). The
dashboard's server (``promosim app``) runs until Ctrl-C, its usual end: it says it stopped and
exits with status 0.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from promosim import __version__
from promosim.errors import ConfigError, RunError, Stopped, one_line

#: Every command and its line in ``promosim --help``.
COMMANDS = {
    "run": "simulate one scenario and write its results",
    "compare": "compare policies with the baseline on common random numbers",
    "sweep": "run a parameter sweep (grid, Latin hypercube, Sobol) from a sweep file",
    "sensitivity": "global sensitivity analysis (Sobol or Morris) of a sweep's ranges",
    "report": "write the HTML report of a results folder",
    "validate": "check the model against the patterns P1–P12",
    "validate-config": "check scenario, policy and sweep files and explain problems",
    "firm-check": "check a firm's own data (a firm folder) and show its summary statistics",
    "calibrate": "fit the uncertain parameters to a firm's own data (needs promosim[calibrate])",
    "app": "start the teaching dashboard in the browser",
}


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (and exit status 2)."""

    def error(self, message: str):
        """Print one line naming the command and the problem, then exit with status 2."""
        self.exit(2, one_line(f"{self.prog}: error: {message} (see '{self.prog} --help')") + "\n")


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
    """Run the command line; returns the exit status.

    Bad input is one line and status 2; a run that cannot go on (a full disk, a lost worker) one
    line and status 1; Ctrl-C and SIGTERM one line and status 130 and 143.
    """
    own = argv is None  # this process's command line, which a restart runs again
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((word for word in argv if not word.startswith("-")), None)
    args = parser(command).parse_args(argv)
    name = f"promosim {args.command}"
    if own:
        _restart_with(getattr(_module(args.command), "interpreter_environment", dict)())
    try:
        with _stopped_by_sigterm():
            return int(args.func(args) or 0)
    except ConfigError as error:
        return _say(f"{name}: error: {error}", 2)
    except RunError as error:
        return _say(f"{name}: error: {error}", 1)
    except Stopped as stop:
        what = "interrupted" if stop.signum == signal.SIGINT else f"stopped by {stop.name}"
        return _say(f"{name}: {what}" + (f": {stop}" if str(stop) else ""), stop.status)
    except KeyboardInterrupt:
        return _say(f"{name}: interrupted", 130)
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:  # e.g. a full disk while writing the results of `run`
        where = f"{error.filename}: " if error.filename else ""
        return _say(f"{name}: error: {where}{error.strerror or error}", 1)
    except MemoryError:
        return _say(f"{name}: error: out of memory", 1)


def _module(command: str):
    """The module of ``command`` (already imported by :func:`parser`)."""
    return importlib.import_module(f"promosim.commands.{command.replace('-', '_')}")


def _restart_with(environment: dict[str, str]) -> None:
    """Run this process's command line again in a new interpreter with ``environment`` added.

    Only settings not in the environment yet are added (a user's own value is kept); with nothing
    to add, or where the interpreter cannot be run again, nothing happens.
    """
    missing = {name: value for name, value in environment.items() if name not in os.environ}
    if not missing or not getattr(sys, "orig_argv", None):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execve(sys.executable, sys.orig_argv, {**os.environ, **missing})
    except OSError:
        return


def _say(line: str, status: int) -> int:
    """Print one line on standard error; return ``status``."""
    print(one_line(line), file=sys.stderr)
    return status


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM raises :class:`Stopped` (as Ctrl-C raises KeyboardInterrupt), in the main thread."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())
