"""Results folders are verified: damaged parts and manifests are found, refused and repaired."""

import errno
import json
import shutil
import subprocess
import sys
import time

import pandas as pd
import pytest

from promosim.cli import main
from promosim.errors import ConfigError, RunError
from promosim.experiments import store
from promosim.experiments.execution import execute, open_backend
from promosim.experiments.integrity import checksum
from promosim.experiments.store import (
    PartialResultsWarning,
    ResultsFolder,
    inspect_folder,
    load_events,
    load_results,
    load_series,
    read_manifest,
)
from promosim.experiments.sweep import sweep_plan
from promosim.experiments.sweepfile import load_sweep
from promosim.version import model_version

LOADERS = (load_results, load_series, load_events)


def run(plan, folder, **options):
    with open_backend(workers=0) as backend:
        return execute(plan, folder, backend, progress=False, **options)


@pytest.fixture(scope="module")
def template(tmp_path_factory, tiny):
    """A finished tiny sweep, run once: (plan, folder, its three tables as loaded)."""
    folder = tmp_path_factory.mktemp("template")
    (folder / "sweep.toml").write_text(tiny)
    plan = sweep_plan(load_sweep(folder / "sweep.toml"))
    run(plan, folder / "out")
    return plan, folder / "out", [loader(folder / "out") for loader in LOADERS]


@pytest.fixture
def finished(template, tmp_path):
    """A copy of the finished tiny sweep: (plan, folder, its three tables as loaded)."""
    plan, out, tables = template
    shutil.copytree(out, tmp_path / "out")
    return plan, tmp_path / "out", tables


def same_as(out, tables):
    for loader, table in zip(LOADERS, tables, strict=True):
        pd.testing.assert_frame_equal(loader(out), table)


def test_manifest_records_rows_and_checksums_of_every_part(finished):
    plan, out, (runs, series, events) = finished
    manifest = read_manifest(out)
    assert manifest["format"] == 2 and manifest["model_version"] == model_version()
    assert manifest["identity"]["model"] == model_version()
    assert manifest["points_sha256"] == checksum(out / "points.parquet")
    assert set(manifest["parts"]) == {str(c) for c in range(plan.chunks)}
    for name, table in (("runs", runs), ("series", series), ("events", events)):
        rows = 0
        for chunk, parts in manifest["parts"].items():
            part = out / name / f"part-{int(chunk):05d}.parquet"
            assert parts[name]["sha256"] == checksum(part)
            assert parts[name]["rows"] == len(pd.read_parquet(part))
            rows += parts[name]["rows"]
        assert rows == len(table)
    assert inspect_folder(out).complete


def truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


DAMAGE = {
    "runs part deleted": (lambda out: (out / "runs" / "part-00002.parquet").unlink(),
                          "runs part 2: missing"),
    "runs part truncated": (lambda out: truncate(out / "runs" / "part-00002.parquet"),
                            "runs part 2: checksum differs"),
    "series part truncated": (lambda out: truncate(out / "series" / "part-00002.parquet"),
                              "series part 2: checksum differs"),
    "part copied over another": (lambda out: shutil.copy(out / "runs" / "part-00001.parquet",
                                                         out / "runs" / "part-00002.parquet"),
                                 "runs part 2: checksum differs"),
    "events part replaced by text": (
        lambda out: (out / "events" / "part-00002.parquet").write_text("not parquet"),
        "events part 2: checksum differs"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_part_is_refused_then_repaired_on_resume(finished, damage, capsys):
    plan, out, tables = finished
    harm, said = DAMAGE[damage]
    harm(out)
    for loader in LOADERS:
        with pytest.raises(ConfigError, match=f"{said}.*run the command that wrote it again"):
            loader(out)
    with pytest.warns(PartialResultsWarning, match=said):
        partial = load_results(out, allow_partial=True)
    lost = set(plan.chunk_runs_of(2).tolist())
    assert set(partial["run"]) == set(range(plan.runs)) - lost
    pd.testing.assert_frame_equal(partial.reset_index(drop=True),
                                  tables[0][~tables[0]["run"].isin(lost)].reset_index(drop=True))
    run(plan, out)
    assert f"repairing 1 damaged or missing file ({said}" in capsys.readouterr().err
    same_as(out, tables)


def test_damaged_points_are_refused_then_rewritten(finished, capsys):
    plan, out, tables = finished
    truncate(out / "points.parquet")
    with pytest.raises(ConfigError, match=r"points\.parquet is missing or damaged"):
        load_results(out)
    run(plan, out)
    assert "repairing 1 damaged or missing file (points.parquet" in capsys.readouterr().err
    same_as(out, tables)


def test_an_unfinished_folder_is_refused_unless_partial_is_allowed(sweep_file, tmp_path,
                                                                   monkeypatch):
    plan = sweep_plan(load_sweep(sweep_file()))
    out = tmp_path / "out"
    calls = []

    def stop_after_two(self, chunk, tables):
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(chunk)
        saving(self, chunk, tables)

    saving = ResultsFolder.save_chunk
    monkeypatch.setattr(ResultsFolder, "save_chunk", stop_after_two)
    with pytest.raises(KeyboardInterrupt):
        run(plan, out)
    monkeypatch.undo()
    with pytest.raises(ConfigError, match=f"unfinished: 2 of {plan.chunks} chunks completed"):
        load_results(out)
    with pytest.warns(PartialResultsWarning, match="loaded the 2 intact chunks only"):
        assert len(load_results(out, allow_partial=True)) == sum(
            len(plan.chunk_runs_of(c)) for c in calls)
    assert not inspect_folder(out).complete
    run(plan, out)
    assert inspect_folder(out).complete and len(load_results(out)) == plan.runs


def edit(out, change):
    path = out / "manifest.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps(change(data)))


MANIFESTS = {
    "truncated": lambda out: truncate(out / "manifest.json"),
    "empty": lambda out: (out / "manifest.json").write_text(""),
    "a list": lambda out: (out / "manifest.json").write_text("[1, 2]"),
    "chunks_completed a string": lambda out: edit(out, lambda d: {**d,
                                                                  "chunks_completed": "0,1"}),
    "chunks_completed missing": lambda out: edit(out, lambda d: {
        k: v for k, v in d.items() if k != "chunks_completed"}),
    "a chunk listed twice": lambda out: edit(out, lambda d: {
        **d, "chunks_completed": d["chunks_completed"] + [0]}),
    "chunks a list": lambda out: edit(out, lambda d: {**d, "chunks": [5]}),
    "tables missing runs": lambda out: edit(out, lambda d: {**d, "tables": ["series"]}),
    "parts of a chunk missing": lambda out: edit(out, lambda d: {
        **d, "parts": {k: v for k, v in d["parts"].items() if k != "1"}}),
    "a checksum not hex": lambda out: edit(out, lambda d: {
        **d, "parts": {**d["parts"], "0": {**d["parts"]["0"],
                                           "runs": {"rows": 4, "sha256": "x"}}}}),
    "deeply nested": lambda out: (out / "manifest.json").write_text("[" * 100_000),
}


@pytest.mark.parametrize("damage", MANIFESTS, ids=list(MANIFESTS))
def test_a_damaged_manifest_is_refused_with_one_line(finished, damage, sweep_file, capsys):
    plan, out, _ = finished
    MANIFESTS[damage](out)
    for loader in LOADERS:
        with pytest.raises(ConfigError, match=r"manifest.json: (damaged|unreadable)"):
            loader(out)
    with pytest.raises(ConfigError, match=r"manifest.json is damaged .*--force to replace"):
        run(plan, out)
    status = main(["sweep", str(sweep_file()), "--out", str(out), "--workers", "0"])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "manifest.json is damaged" in err
    assert (out / "runs" / "part-00000.parquet").exists(), "refusing must not delete results"


@pytest.mark.parametrize("damage", ["truncated", "chunks_completed missing", "a list"])
def test_force_recovers_a_damaged_manifest(finished, damage, sweep_file):
    _, out, tables = finished
    MANIFESTS[damage](out)
    assert main(["sweep", str(sweep_file()), "--out", str(out), "--workers", "0",
                 "--force"]) == 0
    same_as(out, tables)


def test_resuming_results_of_another_model_version_is_refused(finished, monkeypatch, capsys,
                                                              sweep_file):
    plan, out, _ = finished
    run(plan, out)  # the same model resumes (nothing to do)
    monkeypatch.setattr("promosim.experiments.plan.model_version", lambda: "0.2.0+edited")
    status = main(["sweep", str(sweep_file()), "--out", str(out), "--workers", "0"])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert (f"holds results of model version {model_version()} and this is 0.2.0+edited: "
            "resuming would mix two versions of the model") in err
    assert main(["sweep", str(sweep_file()), "--out", str(out), "--workers", "0",
                 "--force"]) == 0
    assert read_manifest(out)["identity"]["model"] == "0.2.0+edited"


def test_a_second_writer_is_refused_with_one_line(sweep_file, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom filelock import FileLock\n"
         f"lock = FileLock({str(out / store.LOCK)!r})\nlock.acquire()\n"
         "print('held', flush=True)\n"
         "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for extra in ([], ["--force"]):
            status = main(["sweep", str(sweep_file()), "--out", str(out), "--workers", "0",
                           *extra])
            err = capsys.readouterr().err
            assert status == 2 and err.count("\n") == 1
            assert "another promosim process is writing to this folder" in err
        assert not (out / "manifest.json").exists()
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 10
    while main(["sweep", str(sweep_file()), "--out", str(out), "--workers", "0"]) != 0:
        assert time.monotonic() < deadline
    assert len(load_results(out)) == 18


def test_a_full_disk_is_one_line_and_the_folder_resumes(sweep_file, tmp_path, monkeypatch,
                                                        capsys, finished):
    plan, _, tables = finished
    out = tmp_path / "full"
    writes = []

    def fill_up(path, write):
        writes.append(path)
        if len(writes) > 11:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, write)

    real = store.atomic_write
    monkeypatch.setattr(store, "atomic_write", fill_up)
    with pytest.raises(RunError, match=r"cannot write: No space left on device; 2 of 5 chunks "
                                       r"are saved in .*full; make room and run the same "
                                       r"command again to resume"):
        run(plan, out)
    status = main(["sweep", str(sweep_file()), "--out", str(out), "--workers", "0"])
    err = capsys.readouterr().err.strip().splitlines()
    # the disk is full before the folder is open, so before the plan's line: the error alone
    assert status == 1 and err[-1].startswith("promosim sweep: error: ") and len(err) == 1
    found = inspect_folder(out)
    assert not found.problems and not found.finished
    monkeypatch.undo()
    run(plan, out)
    same_as(out, tables)


def test_series_and_events_loaded_partially_say_so(finished):
    _, out, _ = finished
    (out / "series" / "part-00001.parquet").unlink()
    for loader in (load_series, load_events):
        with pytest.warns(PartialResultsWarning, match="loaded the .* intact chunks only"):
            loader(out, allow_partial=True)
