"""Real command lines with fuzzed options: each ends in its results or in one clean line."""

import random
import subprocess
import sys

import pytest
from fuzzer import SET_VALUES, TINY_SWEEP

pytestmark = pytest.mark.slow

SMALL = ["--set", "n_teams=1", "--set", "team_size=2", "--set", "spinup_months=0"]
ODD = [*SET_VALUES[:12], "-5", "0", "1", "2", "3", "7", "0.5", "24", "100001", "9" * 30,
       "/dev/zero", "/dev/null", "nonexistent.toml", "x" * 300, "a b", "--force", "-", ""]
UNKNOWN = ["--frobnicate", "--set", "--out", "--workers=-1", "-x", "--months=", "extra"]


def templates(folder):
    sweep = folder / "tiny.toml"
    sweep.write_text(TINY_SWEEP.replace('scenario = "scenario.toml"\n', "")
                     .replace("months = 24", "months = 3"))
    out = str(folder / "out")
    return [
        ["run", *SMALL, "--months", "3", "--seed", "7", "--out", out],
        ["compare", "tight-control", *SMALL, "--replicates", "2", "--months", "3", "--workers",
         "0", "--out", out],
        ["sweep", str(sweep), "--months", "3", "--replicates", "2", "--workers", "0", "--out",
         out],
        ["sensitivity", str(sweep), "--method", "morris", "--samples", "2", "--replicates", "2",
         "--months", "3", "--workers", "0", "--out", out],
        ["report", out],
        ["validate-config", str(sweep), "--set", "months=3"],
        ["validate", "--replicates", "0"],
    ]


def mutate(rnd, args, folder):
    args = list(args)
    for _ in range(rnd.choice([0, 1, 1, 2, 3])):
        at = rnd.randrange(len(args))
        roll = rnd.random()
        if roll < 0.5 and at > 0:
            value = rnd.choice(ODD)
            args[at] = str(folder / value.strip("/")) if args[at - 1] == "--out" else value
        elif roll < 0.7:
            args.insert(at, rnd.choice(UNKNOWN))
        elif roll < 0.85 and at > 0:
            del args[at]
        else:
            args += ["--set=" + rnd.choice(["n_teams", "months", "goal_clarity", "seed", "x"])
                     + "=" + rnd.choice(ODD)]
    return args


def test_fuzzed_command_lines_end_cleanly(tmp_path, figures):
    rnd = random.Random(2026)
    counts = {"accepted": 0, "clean error": 0}
    failures = []
    cases = 120
    for case in range(cases):
        folder = tmp_path / f"case-{case}"
        folder.mkdir()
        args = mutate(rnd, rnd.choice(templates(folder)), folder)
        if args[0] == "validate" and "--quick" not in args:
            args.append("--quick")
        try:
            done = subprocess.run([sys.executable, "-m", "promosim.cli", *args],
                                  capture_output=True, text=True, timeout=300,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            failures.append(f"hung: {args}")
            continue
        lines = done.stderr.strip().splitlines()
        if done.returncode == 0:
            counts["accepted"] += 1
        elif (done.returncode in (1, 2) and "Traceback" not in done.stderr and lines
              and lines[-1].startswith("promosim") and len(lines[-1]) <= 1000):
            counts["clean error"] += 1
        else:
            failures.append(f"status {done.returncode} for {[a[:60] for a in args]}: "
                            f"{done.stderr[-500:]}")
    figures.append(f"fuzzed command lines: {cases} real calls of run, compare, sweep, "
                   f"sensitivity, report, validate and validate-config: {counts['accepted']} "
                   f"accepted, {counts['clean error']} ended in one clean line, "
                   f"{len(failures)} tracebacks or hangs")
    assert not failures, "\n".join(failures[:5])
