"""Fuzzed scenario, policy and sweep files and --set values: accepted, or one clean line."""

import pytest
from fuzzer import fuzz


def check(seed, count, tmp_path, figures):
    outcome = fuzz(seed, count, tmp_path / "fuzz")
    tracebacks = sum(n for k, n in outcome.counts.items() if k.startswith("traceback"))
    figures.append(f"fuzzed inputs (seed {seed}): {outcome.cases:,} cases, "
                   f"{outcome.counts['accepted']:,} accepted, "
                   f"{outcome.counts['clean error']:,} clean one-line errors, {tracebacks} "
                   f"tracebacks, {outcome.counts['bad message']} bad messages; longest error "
                   f"line {outcome.longest} characters")
    assert outcome.cases == count
    assert not outcome.failures, "\n".join(outcome.failures[:10])
    assert outcome.counts["accepted"] > count // 50, "the mutations should leave some inputs valid"


def test_two_thousand_fuzzed_inputs_give_no_traceback(tmp_path, figures):
    check(2026, 2_000, tmp_path, figures)


@pytest.mark.slow
def test_twenty_thousand_fuzzed_inputs_give_no_traceback(tmp_path, figures):
    check(11, 20_000, tmp_path, figures)
