"""A report of an unfinished or damaged comparison says so at the top and stays paired."""

import pandas as pd
import pytest

from promosim.analysis.report import write_report
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
    assert "1 file is damaged or missing (series part 3" in page
    assert "unfinished: 11 of 12 chunks" in page


def test_nothing_to_pair_yet_is_one_line(tmp_path, monkeypatch, capsys):
    out = tmp_path / "cmp"
    interrupted(out, monkeypatch, 1)  # 2 runs: replicate 0 of two labels only
    capsys.readouterr()
    assert main(["report", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no replicate is finished under every policy yet" in err
