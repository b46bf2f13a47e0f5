import hashlib
import json

import pandas as pd
import pytest

from promosim.cli import main
from promosim.errors import ConfigError
from promosim.events import COLUMNS
from promosim.experiments.execution import execute, open_backend
from promosim.experiments.store import (
    ResultsFolder,
    load_events,
    load_points,
    load_results,
    load_series,
    part_name,
    read_manifest,
)
from promosim.experiments.sweep import sweep_plan
from promosim.experiments.sweepfile import load_sweep
from promosim.experiments.worker import run_chunk, run_task
from promosim.outcomes import SERIES_NAMES as SERIES
from promosim.parameters import PARAMETERS
from promosim.summary import OUTCOMES


def run(plan, folder, **options):
    with open_backend(workers=0) as backend:
        return execute(plan, folder, backend, progress=False, **options)


def test_folder_layout_and_manifest(sweep_file, tmp_path):
    plan = sweep_plan(load_sweep(sweep_file()))
    run(plan, tmp_path / "out")
    out = tmp_path / "out"
    manifest = read_manifest(out)
    assert manifest["kind"] == "sweep" and manifest["design"]["method"] == "grid"
    assert manifest["base_seed"] == 5 and manifest["replicates"] == 3 and manifest["months"] == 24
    assert manifest["points"] == 6 and manifest["runs"] == 18
    assert manifest["chunks_completed"] == list(range(plan.chunks))
    assert manifest["started"] <= manifest["finished"]
    assert {"python", "numpy", "pandas", "pyarrow"} <= set(manifest["versions"])
    assert len(list((out / "runs").glob("part-*.parquet"))) == plan.chunks
    points = load_points(out)
    assert list(points.columns[:2]) == ["point", "label"]
    assert set(p.name for p in PARAMETERS) <= set(points.columns)
    runs = pd.read_parquet(out / "runs" / "part-00000.parquet")
    assert list(runs.columns[:4]) == ["run", "point", "replicate", "seed"]
    assert set(OUTCOMES) <= set(runs.columns)
    assert list(load_series(out).columns) == ["run", "month", *SERIES]
    assert list(load_events(out).columns) == list(COLUMNS)


def test_loader_round_trip(sweep_file, tmp_path):
    plan = sweep_plan(load_sweep(sweep_file()))
    run(plan, tmp_path / "out")
    tables = [run_task(t) for t in plan.tasks()]
    for name, loader in (("series", load_series), ("events", load_events)):
        direct = pd.concat([t[name] for t in tables]).sort_values(["run", "month"], kind="stable")
        loaded = loader(tmp_path / "out")
        pd.testing.assert_frame_equal(loaded, direct.reset_index(drop=True), check_dtype=False)
    direct = pd.concat([t["runs"] for t in tables]).sort_values("run").reset_index(drop=True)
    results = load_results(tmp_path / "out")
    assert len(results) == plan.runs and results["run"].is_monotonic_increasing
    pd.testing.assert_frame_equal(results[direct.columns], direct, check_dtype=False)
    joined = results.set_index("run")
    assert (joined["label"] == "p" + joined["point"].astype(str)).all()
    assert set(joined["goal_clarity"]) == {0.2, 0.8}
    some = load_series(tmp_path / "out", runs=[0, 5])
    assert set(some["run"]) == {0, 5}


def test_a_different_design_is_refused_unless_forced(sweep_file, tiny, tmp_path, capsys):
    out = tmp_path / "out"
    run(sweep_plan(load_sweep(sweep_file())), out)
    before = load_results(out)
    changed = sweep_plan(load_sweep(sweep_file(tiny.replace("replicates = 3", "replicates = 2"),
                                               "other.toml")))
    with pytest.raises(ConfigError, match=r"different experiment .*replicates.*--force"):
        run(changed, out)
    pd.testing.assert_frame_equal(load_results(out), before)
    status = main(["sweep", str(tmp_path / "other.toml"), "--out", str(out), "--workers", "0"])
    err = capsys.readouterr().err
    assert status == 2 and "different experiment" in err and err.count("\n") == 1
    run(changed, out, force=True)
    assert len(load_results(out)) == changed.runs


def test_resume_skips_completed_chunks(sweep_file, tmp_path):
    plan = sweep_plan(load_sweep(sweep_file()))
    out = tmp_path / "out"
    run(plan, out)
    whole = load_results(out)
    manifest = json.loads((out / "manifest.json").read_text())
    for chunk in (1, 3):
        (out / "runs" / f"part-{chunk:05d}.parquet").unlink()
    (out / "series" / ".part-00002.parquet.x.tmp").write_text("half-written")
    kept = (out / "runs" / "part-00000.parquet").stat().st_mtime_ns
    folder = ResultsFolder(out)
    assert folder.open(plan) == set(manifest["chunks_completed"]) - {1, 3}
    assert not (out / "series" / ".part-00002.parquet.x.tmp").exists()
    run(plan, out)
    assert (out / "runs" / "part-00000.parquet").stat().st_mtime_ns == kept
    pd.testing.assert_frame_equal(load_results(out), whole)


def test_a_chunk_is_saved_from_the_bytes_a_worker_sends_or_from_tables(sweep_file, tmp_path):
    plan = sweep_plan(load_sweep(sweep_file()))
    tasks = list(plan.tasks())
    out = tmp_path / "out"
    folder = ResultsFolder(out)
    folder.open(plan)
    sent = run_chunk(tasks[0])
    folder.save_chunk(tasks[0].chunk, sent)
    folder.save_chunk(tasks[1].chunk, run_task(tasks[1]))
    manifest = read_manifest(out)
    assert manifest["chunks_completed"] == [tasks[0].chunk, tasks[1].chunk]
    for name, data in sent.items():
        part = out / name / part_name(tasks[0].chunk)
        assert part.read_bytes() == data
        entry = manifest["parts"][str(tasks[0].chunk)][name]
        assert entry == {"rows": len(pd.read_parquet(part)),
                         "sha256": hashlib.sha256(data).hexdigest()}
    for task in tasks[:2]:
        assert sorted(pd.read_parquet(out / "runs" / part_name(task.chunk))["run"]) == sorted(
            task.runs)
    with pytest.raises(RuntimeError, match="other runs or tables than the chunk's"):
        folder.save_chunk(tasks[2].chunk, sent)


def test_not_a_results_folder(tmp_path):
    with pytest.raises(ConfigError, match="not a results folder"):
        load_results(tmp_path)


def test_a_folder_killed_before_its_first_chunk_resumes(sweep_file, tmp_path):
    plan = sweep_plan(load_sweep(sweep_file()))
    out = tmp_path / "out"
    ResultsFolder(out).open(plan)
    (out / "points.parquet").unlink()
    run(plan, out)
    assert len(load_results(out)) == plan.runs
    assert read_manifest(out)["finished"] is not None
