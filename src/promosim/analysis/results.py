"""Reading a results folder written by ``promosim compare`` or ``promosim sweep``.

The folder holds ``manifest.json``, ``points.parquet`` (one row per design point: ``point``,
``label`` and every parameter), ``runs/part-*.parquet`` (one row per run: ``run``, ``point``,
``replicate``, ``seed`` and the outcomes of :data:`promosim.summary.OUTCOMES`),
``series/part-*.parquet`` (``run``, ``month`` and the monthly series) and
``events/part-*.parquet`` (``run`` and the event log; run ids are global).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from promosim.errors import ConfigError
from promosim.experiments import store
from promosim.scenario import BASELINE as REFERENCE


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


def load_results(path: str | Path, allow_partial: bool = False) -> Results:
    """Read a results folder; a missing, malformed, unfinished or damaged one is a ConfigError.

    With ``allow_partial``, an unfinished or damaged folder gives its intact chunks (and a
    :class:`~promosim.experiments.store.PartialResultsWarning`).
    """
    path = Path(path)
    if not path.is_dir():
        raise ConfigError(f"{path}: no such results folder")
    manifest = store.read_manifest(path)
    for table in ("series", "events"):
        if table not in manifest.get("tables", []):
            raise ConfigError(f"{path}: no {table}; the report needs the monthly series and the "
                              "event log (as written by 'promosim compare')")
    points = store.load_points(path)
    if "label" not in points or points["label"].isna().any() or points["label"].duplicated().any():
        points["label"] = [f"point {p}" for p in points["point"]]
    points["label"] = points["label"].astype(str)
    runs = store.load_results(path, allow_partial)
    if runs.empty:
        found = store.inspect_folder(path)
        raise ConfigError(f"{path}: " + (f"no intact runs: {found.describe()}; run the command "
                                         "that wrote it again to repair it"
                                         if found.problems else "no completed runs yet"))
    runs = runs.drop(columns="label").merge(points[["point", "label"]], on="point", how="left")
    label = runs.set_index("run")["label"]
    with warnings.catch_warnings():  # said once, by the runs above
        warnings.simplefilter("ignore", store.PartialResultsWarning)
        series = store.load_series(path, allow_partial=allow_partial)
        events = store.load_events(path, allow_partial=allow_partial)
    series["label"] = series["run"].map(label)
    events["label"] = events["run"].map(label)
    return Results(path, manifest, points, runs, series, events)
