"""Paired policy comparisons with common random numbers.

Every policy runs on the same replicate seeds as the baseline scenario, so replicate *k* of each
policy meets the same customers and shocks as replicate *k* of the baseline; differences are
taken within replicates (paired), which removes most of the noise the policies share.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from promosim.errors import ConfigError, shown
from promosim.experiments.limits import check_runs
from promosim.experiments.plan import Plan, points_table
from promosim.intervals import Interval, paired_difference, welch_difference
from promosim.outcomes import OUTCOMES, names_in
from promosim.parameters import suggest
from promosim.scenario import BASELINE, Policy, Scenario, configs_folder, load_policy

REFERENCE = BASELINE
#: Outcomes in the printed comparison (the outcome registry's "printed" place).
COMPARED = names_in("printed")


def find_policy(text: str, folder: Path | None = None) -> Policy:
    """A policy from a file path or a name in ``configs/policies`` (``tight-control``).

    Args:
        text: a policy file, or the name of one in ``folder``.
        folder: the folder of named policies (default: ``configs/policies``).

    Returns:
        The policy, read and checked.

    Raises:
        ConfigError: no such file or named policy (the message lists the names), or a file
            that cannot be used.
    """
    folder = configs_folder() / "policies" if folder is None else folder
    path = Path(text)
    if path.suffix == ".toml" or _exists(path):
        return load_policy(path)
    named = folder / f"{text}.toml"
    if _exists(named):
        return load_policy(named)
    names = sorted(p.stem for p in folder.glob("*.toml"))
    raise ConfigError(f"policy {shown(text)}: no such file or named policy{suggest(text, names)}; "
                      f"named policies are {', '.join(names) or f'none (no {folder}/)'}")


def _exists(path: Path) -> bool:
    """Whether ``path`` exists (False for names the file system cannot even look up)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def compare_plan(scenario: Scenario, policies: Sequence[Policy], replicates: int,
                 base_seed: int, chunk_runs: int = 32) -> Plan:
    """The plan of a comparison: the baseline scenario (point 0) and each policy, on the same seeds.

    Args:
        scenario: the baseline scenario; each policy is applied to it.
        policies: the policies, each with its own name.
        replicates: replicates per policy.
        base_seed: the seed replicate *k* of every policy derives from.
        chunk_runs: runs per chunk.

    Returns:
        The plan (with monthly series and event log, as the report needs them).

    Raises:
        ConfigError: a policy named ``baseline`` or named twice, a schedule beyond the horizon,
            or too many runs.
    """
    names = [REFERENCE]
    variants = [scenario]
    for policy in policies:
        if policy.name == REFERENCE:
            raise ConfigError(f"{policy.source}: the policy name '{REFERENCE}' is kept for the "
                              "scenario without a policy; rename the policy")
        if policy.name in names:
            raise ConfigError(f"{policy.source}: policy name {shown(policy.name)} is used twice; "
                              "each compared policy needs its own name")
        names.append(policy.name)
        variants.append(scenario.with_policy(policy))
    design = {
        "method": "compare",
        "scenario": scenario.source or scenario.name,
        "reference": REFERENCE,
        "policies": {p.name: {"source": p.source, "description": p.description,
                              "levers": p.levers, "schedule": p.schedule} for p in policies},
    }
    check_runs(len(variants), replicates, "compare")
    return Plan(kind="compare", design=design,
                points=points_table(names, [v.values for v in variants]),
                replicates=replicates, base_seed=base_seed,
                schedules=[v.policy_schedule() for v in variants], chunk_runs=chunk_runs,
                series=True, events=True)


def paired_differences(results: pd.DataFrame, outcomes: Sequence[str] = COMPARED,
                       reference: str = REFERENCE) -> pd.DataFrame:
    """Mean difference of each label from ``reference`` within replicates, with a 95% interval.

    Args:
        results: the runs of a comparison, :func:`promosim.experiments.load_results`.
        outcomes: the outcomes compared.
        reference: the label the others are compared with.

    Returns:
        One row per (label, outcome): ``label``, ``outcome``, ``reference`` and ``policy`` (the
        two means over the pairs), ``difference``, ``low`` and ``high`` (the 95% t interval of
        the mean paired difference) and ``pairs``.
    """
    rows = []
    for outcome in outcomes:
        wide = results.pivot(index="replicate", columns="label", values=outcome)
        for label in [c for c in dict.fromkeys(results["label"]) if c != reference]:
            pair = wide[[reference, label]].dropna()
            rows.append({"label": label, "outcome": outcome,
                         "reference": pair[reference].mean(), "policy": pair[label].mean(),
                         **_row(paired_difference(pair[label], pair[reference]))})
    return pd.DataFrame(rows)


def money_a_year(table: pd.DataFrame, years: float,
                 columns: Sequence[str] = ("reference", "policy", "difference", "low", "high")
                 ) -> pd.DataFrame:
    """Paired differences (:func:`paired_differences`) with money a year instead of in total.

    Args:
        table: one row per label and outcome, money summed over a span of ``years``.
        years: the span's length in years.
        columns: the columns divided (default: those of paired differences, as below; the
            class leaderboard's table has others).

    Returns:
        A copy whose rows of money summed over the span (``reference``, ``policy``,
        ``difference``, ``low``, ``high``) are divided by ``years`` (a year's revenue, such as
        the first year's, is left as it is: :meth:`~promosim.outcomes.Outcome.a_year`).
    """
    money = table["outcome"].map(lambda name: OUTCOMES[name].summed).astype(bool)
    scaled = table.copy()
    columns = list(columns)
    scaled.loc[money, columns] = table.loc[money, columns] / years
    return scaled


def independent_differences(policy: pd.DataFrame, reference: pd.DataFrame,
                            outcomes: Sequence[str] = COMPARED) -> pd.DataFrame:
    """Difference of means between two independent samples with a Welch interval (no pairing)."""
    return pd.DataFrame([{"outcome": outcome,
                          **_row(welch_difference(policy[outcome], reference[outcome]))}
                         for outcome in outcomes])


def _row(interval: Interval) -> dict[str, Any]:
    return {"difference": interval.estimate, "low": interval.low, "high": interval.high,
            "pairs": interval.n}
