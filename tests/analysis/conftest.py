"""Results folders for the analysis tests, written to the results-folder contract of issue 3.

``make_folder`` runs policies with :func:`promosim.batch.simulate` on common random numbers and
writes ``manifest.json``, ``points.parquet`` and ``runs``/``series``/``events`` parts, as
``promosim compare`` does.
"""

import json
from pathlib import Path

import pandas as pd
import pytest

from promosim.analysis.report import write_report
from promosim.batch import simulate
from promosim.output import now, versions
from promosim.parameters import resolve
from promosim.randomness import replicate_seeds
from promosim.scenario import load_policy
from promosim.summary import OUTCOMES, summarise

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "configs" / "policies"
SMALL = {"n_teams": 2, "team_size": 4, "accounts_per_position": 4, "months": 36,
         "spinup_months": 24}


def make_folder(out: Path, policies: dict[str, dict], replicates: int, base: dict,
                base_seed: int = 7, paired: bool = True) -> Path:
    """Simulate ``policies`` (label → levers) and write a compare folder to ``out``."""
    labels = list(policies)
    points = [resolve({**base, **levers}) for levers in policies.values()]
    seeds = replicate_seeds(base_seed, replicates)
    started = now()
    batch_points, batch_seeds, rows = [], [], []
    for point, values in enumerate(points):
        own = seeds if paired else replicate_seeds(base_seed + 1 + point, replicates)
        for replicate in range(replicates):
            batch_points.append(values)
            batch_seeds.append(own[replicate])
            rows.append({"run": len(rows), "point": point, "replicate": replicate,
                         "seed": f"{base_seed}/{point if not paired else 0}/{replicate}"})
    result = simulate(batch_points, batch_seeds)
    runs = pd.concat([pd.DataFrame(rows), summarise(result)[list(OUTCOMES)]], axis=1)
    out.mkdir(parents=True)
    table = pd.DataFrame([{"point": i, "label": label, **values}
                          for i, (label, values) in enumerate(zip(labels, points, strict=True))])
    table.to_parquet(out / "points.parquet", index=False)
    for name, frame in (("runs", runs), ("series", result.series_frame()),
                        ("events", result.events)):
        (out / name).mkdir()
        frame.to_parquet(out / name / "part-00000.parquet", index=False)
    (out / "manifest.json").write_text(json.dumps({
        "kind": "compare", "design": {"policies": labels}, "base_seed": base_seed,
        "replicates": replicates, "months": int(base["months"]), "versions": versions(),
        "tables": ["runs", "series", "events"], "chunks": 1, "chunks_completed": [0],
        "started": started, "finished": now(),
    }))
    return out


def shipped(*names: str) -> dict[str, dict]:
    """The baseline and shipped policies by name, as label → levers."""
    return {"baseline": {}, **{n: load_policy(POLICIES / f"{n}.toml").levers for n in names}}


@pytest.fixture(scope="session")
def compare_folder(tmp_path_factory) -> Path:
    """A small compare folder: the baseline and three shipped policies, 4 replicates."""
    out = tmp_path_factory.mktemp("results") / "compare"
    return make_folder(out, shipped("tight-control", "promoter-friendly", "commission-heavy"),
                       replicates=4, base={**SMALL, "months": 48})


@pytest.fixture(scope="session")
def report(compare_folder) -> Path:
    """The report of :func:`compare_folder` (written once per test session)."""
    return write_report(compare_folder)
