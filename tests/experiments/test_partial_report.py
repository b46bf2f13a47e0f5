"""A report of an unfinished or damaged comparison says so at the top and stays paired."""

import pandas as pd
import pytest

from promosim.analysis.report import Coverage, write_report
from promosim.cli import main
from promosim.experiments.store import PartialResultsWarning, ResultsFolder

SMALL = ["--set", "n_teams=2", "--set", "team_size=3", "--set", "spinup_months=12",
         "--months", "24"]
COMPARE = ["compare", "tight-control", "promoter-friendly", "commission-heavy", "--replicates",
           "6", "--chunk-runs", "2", "--workers", "0", *SMALL]


def interrupted(out, monkeypatch, chunks):
    """A comparison of 4 labels × 6 replicates stopped after ``chunks`` chunks of 2 runs."""
    saving = ResultsFolder.save_chunk
    saved = []

    def stop_after(self, chunk, tables):
        if len(saved) == chunks:
            raise KeyboardInterrupt
        saved.append(chunk)
        saving(self, chunk, tables)

    monkeypatch.setattr(ResultsFolder, "save_chunk", stop_after)
    assert main([*COMPARE, "--out", str(out)]) == 130
    monkeypatch.undo()


def test_an_unfinished_comparison_is_reported_on_paired_replicates_with_a_banner(
        tmp_path, monkeypatch, capsys):
    out = tmp_path / "cmp"
    interrupted(out, monkeypatch, 5)  # 10 runs: replicates 0 and 1 of all 4, replicate 2 of 2
    capsys.readouterr()
    assert main(["report", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("promosim report: note: ")
    assert "unfinished: 5 of 12 chunks" in err[0] and "2 of 6 replicate firms" in err[0]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.index('class="banner"') < page.index("<section")
    assert "Partial results." in page and "(8 of 24 runs)" in page
    assert "the same 2 simulated firms" in page
    table = pd.read_csv(out / "report.csv")
    others = table[table["label"] != "baseline"]
    assert set(others["method"]) == {"paired t"} and others["pairs"].max() == 2
    assert main([*COMPARE, "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["report", str(out)]) == 0
    assert capsys.readouterr().err == ""
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'class="banner"' not in page and "the same 6 simulated firms" in page


def test_a_damaged_part_is_named_in_the_banner(tmp_path, monkeypatch):
    out = tmp_path / "cmp"
    interrupted(out, monkeypatch, 11)  # stops before the last chunk: everything else is done
    (out / "series" / "part-00003.parquet").write_bytes(b"damaged")
    with pytest.warns(PartialResultsWarning, match=r"series part 3: checksum differs"):
        write_report(out)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert ("This experiment is unfinished: 11 of 12 chunks of runs are done, and 1 of its files "
            "is damaged or missing (series part 3") in page


def test_nothing_to_pair_yet_is_one_line(tmp_path, monkeypatch, capsys):
    out = tmp_path / "cmp"
    interrupted(out, monkeypatch, 1)  # 2 runs: replicate 0 of two labels only
    capsys.readouterr()
    assert main(["report", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no replicate is finished under every policy yet" in err


def coverage(completed=12, damaged=(), runs=48):
    """An experiment of 12 chunks, 48 runs, 12 replicates, ``runs`` of them reported."""
    return Coverage(planned_runs=48, runs=runs, planned_replicates=12, replicates=runs // 4,
                    chunks=12, completed=completed, damaged=tuple(damaged))


@pytest.mark.parametrize(("made", "said"), [
    (coverage(completed=5, runs=8), "This experiment is unfinished: 5 of 12 chunks of runs are "
                                    "done. This report uses only the 2 of 12 replicate firms"),
    (coverage(damaged=["runs part 3: missing"], runs=44),
     "1 file of this experiment is damaged or missing (runs part 3: missing). This report"),
    (coverage(damaged=["runs part 3: missing", "points.parquet: checksum differs"], runs=44),
     "2 files of this experiment are damaged or missing (runs part 3: missing; points.parquet: "
     "checksum differs). This report"),
    (coverage(damaged=[f"runs part {k}: missing" for k in range(1, 6)], runs=28),
     "5 files of this experiment are damaged or missing (runs part 1: missing; runs part 2: "
     "missing; runs part 3: missing; …). This report"),
    (coverage(completed=11, damaged=["series part 3: checksum differs"], runs=40),
     "This experiment is unfinished: 11 of 12 chunks of runs are done, and 1 of its files is "
     "damaged or missing (series part 3: checksum differs). This report"),
    (coverage(completed=3, damaged=["runs part 1: missing", "runs part 2: missing"], runs=4),
     "This experiment is unfinished: 3 of 12 chunks of runs are done, and 2 of its files are "
     "damaged or missing (runs part 1: missing; runs part 2: missing). This report"),
    (coverage(runs=44), "This experiment is incomplete. This report uses only the 11 of 12"),
], ids=["unfinished", "one-damaged", "two-damaged", "many-damaged", "both-one", "both-two",
        "incomplete"])
def test_every_banner_reads_as_a_sentence(made, said):
    text = made.warning()
    assert text.startswith(said)
    assert text.endswith("Run the command that wrote the folder again to finish it, then write "
                         "the report again.")
    assert " is 1 file" not in text and "  " not in text and ".." not in text


def test_a_finished_experiment_has_no_banner():
    assert coverage().warning() is None


def test_a_report_without_any_intact_runs_names_the_damage(tmp_path, capsys):
    out = tmp_path / "one"
    assert main(["compare", "tight-control", "--replicates", "2", "--months", "6", "--set",
                 "n_teams=1", "--set", "team_size=2", "--set", "spinup_months=6", "--out",
                 str(out), "--workers", "0"]) == 0
    part = next((out / "runs").glob("*.parquet"))
    part.write_bytes(part.read_bytes()[:100])
    capsys.readouterr()
    assert main(["report", str(out)]) == 2
    error = capsys.readouterr().err
    assert "no intact runs: 1 damaged or missing file (runs part 0: checksum differs" in error
