"""Options shared by several commands: the scenario, policies, overrides, horizon, seed, output.

Also how a command shows what the library says: the ``promosim`` logger's lines, printed on
standard error as ``promosim COMMAND: …`` while the command runs (:func:`said`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from promosim.errors import one_line, shown
from promosim.experiments.limits import MAX_REPLICATES, MAX_SEED
from promosim.output import FORMATS
from promosim.scenario import (
    Scenario,
    configs_folder,
    load_scenario,
    parse_assignment,
)

DEFAULT_SCENARIO = "configs/baseline.toml"


def default_scenario() -> str:
    """The default scenario file (the project's ``configs/baseline.toml``)."""
    return str(configs_folder() / "baseline.toml")


def add_scenario_options(parser: argparse.ArgumentParser, positional: bool = False) -> None:
    """--config FILE (and, with ``positional``, an optional CONFIG), --set and --months."""
    if positional:
        parser.add_argument("config", metavar="CONFIG", nargs="?",
                            help=f"scenario file (TOML; default: {DEFAULT_SCENARIO})")
    parser.add_argument("--config", metavar="FILE", dest="config_file",
                        help=f"scenario file (default: {DEFAULT_SCENARIO})")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", default=[],
                        dest="assignments",
                        help="override a parameter (repeatable); see docs/parameters.md")
    parser.add_argument("--months", type=positive_int, metavar="N",
                        help="horizon in months (default: the scenario's, 120)")


def add_output_options(parser: argparse.ArgumentParser, default: str) -> None:
    """--out DIR and --format."""
    parser.add_argument("--out", metavar="DIR", type=Path, default=Path(default),
                        help=f"folder for the results (default: {default})")
    parser.add_argument("--format", choices=FORMATS, default="parquet",
                        help="table format (default: parquet)")


def whole_number(text: str, least: int = 0, why: str = "", most: int | None = None) -> int:
    """``text`` as a whole number from ``least`` to ``most`` (``why``: why at least ``least``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {shown(text)}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"must be at least {least}{why}, got {value}")
    if most is not None and value > most:
        raise argparse.ArgumentTypeError(f"must be at most {most:,}, got {shown(value)}")
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    return whole_number(text, 1)


def non_negative_int(text: str) -> int:
    """An argparse type: a whole number of at least 0 (seeds, worker counts)."""
    return whole_number(text, 0)


def seed_number(text: str) -> int:
    """An argparse type: a random seed, a whole number from 0 to 2^63 − 1."""
    return whole_number(text, 0, most=MAX_SEED)


def replicate_count(text: str) -> int:
    """An argparse type: replicates per point, from 1 to :data:`MAX_REPLICATES`."""
    return whole_number(text, 1, most=MAX_REPLICATES)


def paired_replicates(text: str) -> int:
    """An argparse type: replicates for paired intervals, from 2 to :data:`MAX_REPLICATES`."""
    return whole_number(text, 2, " for an interval", MAX_REPLICATES)


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """The scenario named by the arguments, with --set and --months applied."""
    path = getattr(args, "config", None) or args.config_file or default_scenario()
    scenario = load_scenario(path)
    overrides = dict(parse_assignment(text) for text in args.assignments)
    if args.months is not None:
        overrides["months"] = args.months
    if overrides:
        scenario = scenario.with_overrides(where="--set", **overrides)
    return scenario


def ensure_folder(path: Path) -> Path:
    """Create ``path`` (a folder), or explain why it cannot be used."""
    from promosim.workflows.result import ensure_folder as create

    return create(path)


class _Line(logging.Formatter):
    """A record as one line on standard error: ``promosim COMMAND: message``."""

    def __init__(self, command: str):
        super().__init__()
        self.command = command

    def format(self, record: logging.LogRecord) -> str:
        """The record's message, prefixed with the command and kept to one line."""
        return one_line(f"promosim {self.command}: {record.getMessage()}")


@contextmanager
def said(command: str) -> Iterator[None]:
    """Print what the library says (the ``promosim`` logger, INFO and up) while the block runs."""
    logger = logging.getLogger("promosim")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Line(command))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
