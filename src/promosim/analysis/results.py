"""Reading a results folder written by ``promosim compare`` or ``promosim sweep``.

The folder holds ``manifest.json``, ``points.parquet`` (one row per design point: ``point``,
``label`` and every parameter), ``runs/part-*.parquet`` (one row per run: ``run``, ``point``,
``replicate``, ``seed`` and the outcomes of :data:`promosim.summary.OUTCOMES`),
``series/part-*.parquet`` (``run``, ``month`` and the monthly series) and
``events/part-*.parquet`` (``run`` and the event log; run ids are global).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from promosim.errors import ConfigError
from promosim.output import read_table

REFERENCE = "baseline"


@dataclass
class Results:
    """A results folder in memory; ``runs``, ``series`` and ``events`` carry each run's label."""

    path: Path
    manifest: dict
    points: pd.DataFrame
    runs: pd.DataFrame
    series: pd.DataFrame
    events: pd.DataFrame

    @property
    def months(self) -> int:
        """The horizon of the runs in months."""
        months = self.manifest.get("months")
        return months if isinstance(months, int) else int(self.series["month"].max())

    @property
    def labels(self) -> list[str]:
        """Point labels, the reference first, then in the order of the design."""
        labels = list(self.points["label"])
        return [self.reference] + [x for x in labels if x != self.reference]

    @property
    def reference(self) -> str:
        """The label compared against: the design's reference, "baseline" or the first point."""
        labels = list(self.points["label"])
        named = self.design.get("reference", REFERENCE)
        return named if named in labels else REFERENCE if REFERENCE in labels else labels[0]

    @property
    def design(self) -> dict:
        """The manifest's description of the design (empty if there is none)."""
        design = self.manifest.get("design")
        return design if isinstance(design, dict) else {}

    def policy(self, label: str) -> dict:
        """What the design says about one policy (description, levers, schedule), if anything."""
        policies = self.design.get("policies")
        found = policies.get(label) if isinstance(policies, dict) else None
        return found if isinstance(found, dict) else {}

    @property
    def replicates(self) -> int:
        """Replicates per design point."""
        return int(self.runs.groupby("label").size().max())

    def label_of(self) -> pd.Series:
        """Each run's label, indexed by run id."""
        return self.runs.set_index("run")["label"]


def read_parts(folder: Path) -> pd.DataFrame:
    """Concatenate ``folder/part-*.parquet`` (or ``.csv``) in name order."""
    parts = sorted(p for p in folder.glob("part-*") if p.suffix in (".parquet", ".csv"))
    if not parts:
        raise ConfigError(f"{folder}: no part-*.parquet files; is this a results folder?")
    return pd.concat([read_table(p) for p in parts], ignore_index=True)


def load_results(path: str | Path) -> Results:
    """Read a results folder; a missing or malformed folder is a ConfigError."""
    path = Path(path)
    if not path.is_dir():
        raise ConfigError(f"{path}: no such results folder")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no manifest.json; is this a results folder of "
                          "'promosim compare' or 'promosim sweep'?") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}/manifest.json: invalid JSON: {error}") from None
    points_file = next((path / f"points.{ext}" for ext in ("parquet", "csv")
                        if (path / f"points.{ext}").exists()), None)
    if points_file is None:
        raise ConfigError(f"{path}: no points.parquet")
    points = read_table(points_file)
    if "label" not in points or points["label"].isna().any() or points["label"].duplicated().any():
        points["label"] = [f"point {p}" for p in points["point"]]
    points["label"] = points["label"].astype(str)
    runs = read_parts(path / "runs")
    missing = {"run", "point", "replicate", "seed"} - set(runs.columns)
    if missing:
        raise ConfigError(f"{path}/runs: missing columns {', '.join(sorted(missing))}")
    runs = runs.merge(points[["point", "label"]], on="point", how="left")
    runs = runs.sort_values("run", kind="stable").reset_index(drop=True)
    label = runs.set_index("run")["label"]
    for table in ("series", "events"):
        if not (path / table).is_dir():
            raise ConfigError(f"{path}: no {table}/ folder; the report needs the monthly series "
                              "and the event log (as written by 'promosim compare')")
    series = read_parts(path / "series")
    events = read_parts(path / "events")
    series["label"] = series["run"].map(label)
    events["label"] = events["run"].map(label)
    return Results(path, manifest, points, runs, series, events)
