"""A seeded mutation fuzzer of scenario, policy and sweep files and ``--set`` values.

Each case starts from a shipped or small file, mutates it (its parsed values: NaN, infinities,
huge numbers, wrong types, long strings, deep nesting, absurd sweep sizes, strange paths; or its
text: cut, spliced, broken bytes) and runs ``promosim validate-config`` on it in this process.
A case passes when the command accepts the input or explains the problem in one line (exit
status 2; ``validate-config`` gives one such line for each problem of a file); anything else (an
exception, a line of another kind, an over-long line) is a failure.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import random
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from promosim.cli import main
from promosim.parameters import BY_NAME, LEVERS
from promosim.scenario import read_toml

ROOT = Path(__file__).resolve().parents[2]
#: Longest acceptable error line.
LONGEST = 1000

SMALL_SCENARIO = """\
name = "small"
n_teams = 2
team_size = 3
months = 36
spinup_months = 12
[policy]
goal_clarity = 0.6
[[schedule]]
month = 12
backing = 0.7
"""
TINY_SWEEP = """\
name = "tiny"
description = "A small grid."
scenario = "scenario.toml"
design = "grid"
replicates = 3
seed = 5
months = 24
chunk_runs = 4
series = true
outputs = ["turnover_rate", "profit"]
[parameters]
supervision_base = { low = 0.1, high = 0.7, levels = 3 }
goal_clarity = [0.2, 0.8]
[set]
team_size = 3
[sensitivity]
method = "morris"
samples = 4
levels = 4
"""
LHS_SWEEP = """\
design = "lhs"
samples = 8
replicates = 2
[parameters]
months = { low = 12, high = 60 }
backing = { low = 0.1, high = 0.9 }
"""


class Literal(str):
    """Text written into the TOML file as it is (a huge number, a deep nesting)."""


INTERESTING = [
    float("nan"), float("inf"), float("-inf"), 0, -1, 1, 2, 0.5, 1.5, -0.0, 1e308, 5e-324,
    2**31, 2**53 + 1, 2**63 - 1, -(2**63), 10**30, 10**400, True, False, "", "x" * 100_000,
    "a\nb", "ünïcödé", "nan", "1e400", [], [0.5], [1, 2, 3], {}, {"low": 0.1},
    datetime.datetime(1979, 5, 27, 7, 32), datetime.date(2020, 1, 1),
    Literal("9" * 5000), Literal("[" * 3000 + "]" * 3000), Literal("{a = " * 200 + "1" + "}" * 200),
]
SIZES = ["samples", "replicates", "levels", "chunk_runs", "seed", "months", "resamples"]
ABSURD = [0, -1, 2**30, 2**63, 10**12, 10**400, 65_536, 100_001, 3, Literal("9" * 5000)]
PATHS = ["x" * 5000, "/" + "y" * 300, "/dev/zero", "/dev/null", ".", "..", "/", "\x00",
         "../../../../etc/passwd", "scenario.toml", "nonexistent.toml", "ü/ö.toml"]
NAMES = [*BY_NAME, "n_team", "goal_clarty", "", " ", "x" * 5000, "name", "design", "month",
         "schedule", "policy", "parameters", "set", "sensitivity", "ünï", "a.b", "a\nb"]
TEXT_PIECES = ["[", "]", "{", "}", "=", '"', "'", "\n", "\\", ",", ".", "#", "[[", "]]",
               "nan", "inf", "-", "1e400", "9" * 400, "\x00", "\x7f", "\ufeff", "é", "💥",
               "\n[policy]\n", "\n[[schedule]]\nmonth = 999\n", "\nx = 1\nx = 2\n"]
SET_VALUES = ["nan", "inf", "-inf", "1e400", "-1e400", "9" * 5000, "0x10", "1_000", " 5 ", "",
              "5e-324", "true", "١٢", "0.5", "3", "-0", "1e-400", "12.0000000001", "x" * 100_000]


@dataclass
class Outcome:
    """Counts of how the cases ended, and the failures with what caused them."""

    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    longest: int = 0

    @property
    def cases(self) -> int:
        """Number of cases run."""
        return sum(self.counts.values())


class Fuzzer:
    """Seeded cases over a corpus of files, written into ``folder``."""

    def __init__(self, seed: int, folder: Path):
        self.random = random.Random(seed)
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scenario.toml").write_text(SMALL_SCENARIO, encoding="utf-8")
        self.corpus = [(ROOT / "configs" / "baseline.toml").read_text(encoding="utf-8"),
                       SMALL_SCENARIO, TINY_SWEEP, LHS_SWEEP]
        self.corpus += [p.read_text(encoding="utf-8")
                        for p in sorted((ROOT / "configs" / "policies").glob("*.toml"))]
        self.corpus += [p.read_text(encoding="utf-8").replace("../baseline.toml", "scenario.toml")
                        for p in sorted((ROOT / "configs" / "sweeps").glob("*.toml"))]
        self.parsed = [read_toml_text(text, folder / "seed.toml") for text in self.corpus]

    def cases(self, count: int) -> Iterator[list[str]]:
        """``count`` argument lists for ``promosim``, each with its input written to disk."""
        for i in range(count):
            path = self.folder / f"case-{i % 2}.toml"
            roll = self.random.random()
            if roll < 0.45:
                write(path, self.mutated_data())
            elif roll < 0.75:
                path.write_bytes(self.mutated_text())
            else:
                write(path, self.random.choice(self.parsed))
                yield ["validate-config", str(path), *self.assignments()]
                continue
            if self.random.random() < 0.03:
                yield ["validate-config", self.random.choice([*PATHS, str(self.folder)])]
                continue
            yield ["validate-config", str(path)]

    def mutated_data(self) -> dict:
        """A parsed seed file with one to four changes to its keys and values."""
        data = copy(self.random.choice(self.parsed))
        for _ in range(self.random.randint(1, 4)):
            self.mutate(data)
        return data

    def mutate(self, data: dict) -> None:
        rnd = self.random
        table, key = self.pick(data)
        action = rnd.random()
        if key is None or action < 0.12:
            table[rnd.choice(NAMES)] = self.value()
        elif action < 0.45:
            table[key] = self.value()
        elif action < 0.55:
            del table[key]
        elif action < 0.62:
            table[typo(rnd, key)] = table.pop(key)
        elif action < 0.75:
            data[rnd.choice(SIZES)] = rnd.choice(ABSURD)
        elif action < 0.82:
            data["scenario"] = rnd.choice(PATHS)
        elif action < 0.92:
            entry = {"month": rnd.choice([0, 1, 12, 36, 60, 100, 600, 601, 2**63, -5, 1.5]),
                     rnd.choice(LEVERS): self.value()}
            data.setdefault("schedule", [])
            if isinstance(data["schedule"], list):
                data["schedule"].append(entry)
        else:
            table[key] = [table[key]] if rnd.random() < 0.5 else {key: table[key]}

    def pick(self, data: dict) -> tuple[dict, str | None]:
        """A random table (the top level or a nested one) and one of its keys."""
        tables = [data] + [v for v in data.values() if isinstance(v, dict)]
        tables += [e for v in data.values() if isinstance(v, list) for e in v
                   if isinstance(e, dict)]
        table = self.random.choice(tables)
        return table, self.random.choice(list(table)) if table else None

    def value(self):
        """An interesting value, or a random number near a typical range."""
        if self.random.random() < 0.7:
            return copy(self.random.choice(INTERESTING))  # a copy: mutations must not share it
        return self.random.choice([self.random.uniform(-2, 3), self.random.randint(-5, 700)])

    def mutated_text(self) -> bytes:
        """A seed file's text with splices, cuts and broken bytes."""
        rnd = self.random
        text = rnd.choice(self.corpus)
        for _ in range(rnd.randint(1, 3)):
            at = rnd.randrange(len(text) + 1)
            action = rnd.random()
            if action < 0.4:
                text = text[:at] + rnd.choice(TEXT_PIECES) + text[at:]
            elif action < 0.6:
                text = text[:at] + text[at + rnd.randint(1, 40):]
            elif action < 0.7:
                text = text[:at]
            else:
                lines = text.splitlines(keepends=True) or [""]
                line = rnd.randrange(len(lines))
                lines.insert(line, lines[rnd.randrange(len(lines))])
                text = "".join(lines)
        data = text.encode("utf-8")
        if rnd.random() < 0.05:
            at = rnd.randrange(len(data) + 1)
            data = data[:at] + bytes([rnd.choice([0xFF, 0xC3, 0x80, 0x00])]) + data[at:]
        return data

    def assignments(self) -> list[str]:
        """One to three ``--set=NAME=VALUE`` arguments, some broken."""
        rnd = self.random
        found = []
        for _ in range(rnd.randint(1, 3)):
            name = rnd.choice(NAMES) if rnd.random() < 0.3 else rnd.choice(list(BY_NAME))
            value = rnd.choice(SET_VALUES) if rnd.random() < 0.7 else repr(rnd.uniform(-5, 700))
            joiner = rnd.choice(["=", "=", "=", "==", " = ", ":", ""])
            found.append(f"--set={name}{joiner}{value}".replace("\x00", ""))
        return found


def run_case(argv: list[str], outcome: Outcome) -> None:
    """Run ``promosim ARGV`` in this process and count how it ended."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
    except SystemExit as stop:  # argparse's usage errors
        status = stop.code
    except BaseException as error:  # a traceback: what the fuzzer hunts
        outcome.counts[f"traceback {type(error).__name__}"] += 1
        outcome.failures.append(f"{type(error).__name__}: {error!s:.200} for {describe(argv)}")
        return
    lines = err.getvalue().splitlines()
    outcome.longest = max([outcome.longest, *map(len, lines)])
    if status == 0 and not lines:
        outcome.counts["accepted"] += 1
    elif (status == 2 and len(lines) == 1 and lines[0].startswith("promosim")
          and len(lines[0]) <= LONGEST) or (
            status == 2 and argv[0] == "validate-config" and lines  # one line a problem
            and all(line.startswith("promosim validate-config: error: ")
                    and len(line) <= LONGEST for line in lines)):
        outcome.counts["clean error"] += 1
    else:
        outcome.counts["bad message"] += 1
        outcome.failures.append(f"status {status}, {len(lines)} lines "
                                f"({err.getvalue()[:300]!r}) for {describe(argv)}")


def fuzz(seed: int, count: int, folder: Path) -> Outcome:
    """Run ``count`` cases from ``seed``; the outcome counts them."""
    outcome = Outcome()
    fuzzer = Fuzzer(seed, folder)
    for argv in fuzzer.cases(count):
        run_case(argv, outcome)
    shutil.rmtree(folder, ignore_errors=True)
    return outcome


def describe(argv: list[str]) -> str:
    """The case's arguments and the start of its file, for a failure message."""
    text = ""
    for word in argv:
        path = Path(word[:200])
        with contextlib.suppress(OSError, ValueError):
            if path.is_file():
                text = path.read_bytes()[:300].decode("utf-8", "replace")
    return f"{[w[:80] for w in argv]}: {text!r}"


def read_toml_text(text: str, path: Path) -> dict:
    path.write_text(text, encoding="utf-8")
    return read_toml(path)


def copy(value):
    """A deep copy of parsed TOML (without recursion limits: seeds are shallow)."""
    if isinstance(value, dict):
        return {k: copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy(v) for v in value]
    return value


def typo(rnd: random.Random, key: str) -> str:
    at = rnd.randrange(len(key) + 1)
    return key[:at] + rnd.choice("abcxyz_") + key[at + 1:]


def write(path: Path, data: dict) -> None:
    """Write parsed TOML back as TOML (every table inline, every key quoted).

    Mutations can nest tables hundreds deep; the writer recurses once per level, so it lifts
    Python's recursion limit while it writes (the loader under test keeps its own).
    """
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 50_000))
    try:
        text = "".join(f"{key(k)} = {value(v)}\n" for k, v in data.items())
    finally:
        sys.setrecursionlimit(limit)
    path.write_text(text, encoding="utf-8")


def key(name: str) -> str:
    return '"' + "".join(_char(c) for c in name) + '"'


def value(item) -> str:
    """One TOML value."""
    if isinstance(item, Literal):
        return str(item)
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(item), repr(item))
    if isinstance(item, str):
        return key(item)
    if isinstance(item, datetime.date):
        return item.isoformat()
    if isinstance(item, list):
        return "[" + ", ".join(value(v) for v in item) + "]"
    return "{" + ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items()) + "}"


def _char(c: str) -> str:
    if c in '"\\':
        return "\\" + c
    if ord(c) < 0x20 or ord(c) == 0x7F:
        return f"\\u{ord(c):04x}"
    return c
