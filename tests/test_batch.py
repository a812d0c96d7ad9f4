"""`watermelon batch`: every good file gets a result, every bad one exactly one error
line, a killed run resumes without losing or tearing anything, and Dask gives the
same results as the local pool."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.batch import ResultStore, find_inputs
from analyzer.batch.outputs import summary_row
from analyzer.batch.work import SLOW_TEST_ENV
from analyzer.cli import app
from tests.conftest import REPO, SAMPLES, corpus_files, make_pdf

runner = CliRunner()

SLA_TEXT = (
    "1. Service Levels\n\n"
    "1.1 The Supplier shall resolve 95% of P1 incidents within 4 hours, measured monthly.\n\n"
    "1.2 For each month below target the Supplier pays a service credit of 5% of the monthly charge.\n"
)


def _lines(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), f"{path.name} ends with a torn line"
    return [json.loads(line) for line in raw.splitlines()]


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(72, 200, 400, 500, fill=1)  # an "image" of a page: shapes, no text
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _copy_samples(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for source in sorted(SAMPLES.iterdir()):
        if source.suffix in suffixes:
            copies.append(Path(shutil.copy(source, folder / source.name)))
    return copies


def _sla_counts(out: Path) -> dict[str, int]:
    return {r["sha256"]: sum(bool(c["is_sla"]) for c in r["result"]["clauses"]) for r in _lines(out / "results.jsonl")}


def test_broken_files_each_get_one_error_line_and_good_files_a_result(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(SLA_TEXT)
    (folder / "sub" / "Good.PDF").write_bytes(make_pdf([SLA_TEXT.splitlines()]))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(make_pdf([["1. Services"]])[:300])
    (folder / "locked.pdf").write_bytes(make_pdf([["1. Confidential terms"]], encrypt="secret"))
    (folder / "scanned.pdf").write_bytes(_scanned_pdf())
    (folder / "notes.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\1" * 64)  # wrong type behind a contract name
    logo = folder / "logo.png"  # folders skip other types; named on the command line it is tried
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    out = tmp_path / "out"

    result = runner.invoke(app, ["batch", str(folder), str(logo), "--out", str(out), "--jobs", "2", "--quiet"])

    assert result.exit_code == 1, result.output
    assert sorted(Path(r["path"]).name for r in _lines(out / "results.jsonl")) == ["Good.PDF", "good.txt"]
    errors = {Path(e["path"]).name: e["type"] for e in _lines(out / "errors.jsonl")}
    assert errors == {
        "empty.txt": "empty",
        "corrupt.pdf": "corrupt",
        "locked.pdf": "encrypted",
        "scanned.pdf": "no-text-layer",
        "notes.docx": "corrupt",
        "logo.png": "unsupported-format",
    }
    assert len(_lines(out / "errors.jsonl")) == 6
    with (out / "summary.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(Path(r["path"]).name for r in rows) == ["Good.PDF", "good.txt"]
    assert all(int(r["sla_clause_count"]) >= 1 for r in rows)
    with (out / "clauses.csv").open() as handle:
        clauses = list(csv.DictReader(handle))
    assert {Path(c["contract"]).name for c in clauses} == {"Good.PDF", "good.txt"}
    assert any(c["is_sla"] == "True" and c["section"] == "1.1" for c in clauses)
    from analyzer.tagging.forms import settled_by_form

    assert list(clauses[0])[-1] == "is_sla_form"
    assert [c["is_sla_form"] for c in clauses] == [(f.form if (f := settled_by_form(c["text"])) else "") for c in clauses]
    report = (out / "summary.md").read_text()
    assert "2 documents analyzed, 6 failed" in report and "locked.pdf" in report


def test_a_document_that_hangs_or_kills_its_worker_is_an_error_line_and_the_worker_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SLOW_TEST_ENV, "120")
    hangs = tmp_path / "a-hangs.slowtest.txt"  # with one worker, each failure must be followed by a new worker
    hangs.write_text(SLA_TEXT + "\n2. Term\n")
    dies = tmp_path / "b-dies.crashtest.txt"
    dies.write_text(SLA_TEXT + "\n3. Exit\n")
    good = tmp_path / "c-good.txt"
    good.write_text(SLA_TEXT)
    out = tmp_path / "out"
    start = time.monotonic()

    result = runner.invoke(app, ["batch", str(hangs), str(dies), str(good), "--out", str(out), "--jobs", "1", "--timeout", "6", "--quiet"])

    assert result.exit_code == 1, result.output
    assert time.monotonic() - start < 100
    errors = {e["path"]: e["type"] for e in _lines(out / "errors.jsonl")}
    assert errors == {str(hangs): "timeout", str(dies): "crash"}
    assert [r["path"] for r in _lines(out / "results.jsonl")] == [str(good)]


def test_a_killed_run_resumes_with_one_result_per_document_and_no_torn_lines(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files = _copy_samples(folder, (".txt", ".pdf"))
    assert len(files) == 8
    out = tmp_path / "out"
    command = [sys.executable, "-m", "analyzer.cli", "batch", str(folder), "--out", str(out), "--jobs", "1", "--quiet"]
    process = subprocess.Popen(command, cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    results = out / "results.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if results.exists() and results.read_bytes().count(b"\n") >= 1:
            break
        time.sleep(0.05)
    assert process.poll() is None, process.stderr.read() if process.stderr else ""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished_before = {r["sha256"] for r in _lines(results)}
    assert 1 <= len(finished_before) < 8

    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)

    assert rerun.returncode == 0, rerun.stderr
    records = _lines(results)
    assert len(records) == 8
    assert len({r["sha256"] for r in records}) == 8
    assert finished_before <= {r["sha256"] for r in records}
    assert _lines(out / "errors.jsonl") == []
    with (out / "summary.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == 8


def test_a_torn_last_line_is_cut_off_when_the_store_opens(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    results.write_bytes(b'{"sha256": "aa", "path": "a.txt", "result": {}}\n{"sha256": "bb", "path": "b.t')
    with ResultStore(tmp_path) as store:
        assert store.done == {"aa"}
        store.add_result("cc", json.dumps({"sha256": "cc", "path": "c.txt", "result": {}}))
    assert [r["sha256"] for r in _lines(results)] == ["aa", "cc"]


def test_rerun_skips_documents_already_done_and_retries_failed_ones(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SLA_TEXT)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    out = tmp_path / "out"
    first = runner.invoke(app, ["batch", str(good), str(broken), "--out", str(out), "--jobs", "1", "--quiet"])
    assert first.exit_code == 1
    broken.write_bytes(make_pdf([SLA_TEXT.splitlines()]))  # fixed: new content, new sha256

    second = runner.invoke(app, ["batch", str(good), str(broken), "--out", str(out), "--jobs", "1"])

    assert second.exit_code == 0, second.output
    assert "1 analyzed, 1 already done, 0 failed" in second.stderr
    assert sorted(Path(r["path"]).name for r in _lines(out / "results.jsonl")) == ["broken.pdf", "good.txt"]
    assert _lines(out / "errors.jsonl") == []


@pytest.mark.slow
def test_dask_local_gives_the_same_results_as_the_process_pool(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _copy_samples(folder, (".pdf", ".docx"))
    pool_out, dask_out = tmp_path / "pool", tmp_path / "dask"

    pool = runner.invoke(app, ["batch", str(folder), "--out", str(pool_out), "--jobs", "2", "--quiet"])
    dask = runner.invoke(app, ["batch", str(folder), "--out", str(dask_out), "--jobs", "2", "--dask", "local", "--quiet"])

    assert pool.exit_code == 0, pool.output
    assert dask.exit_code == 0, dask.output
    assert len(_sla_counts(pool_out)) == 8
    assert _sla_counts(dask_out) == _sla_counts(pool_out)
    assert (dask_out / "summary.csv").read_text().splitlines()[0] == (pool_out / "summary.csv").read_text().splitlines()[0]


@pytest.mark.slow
def test_batch_over_the_corpus_pdfs_completes(corpus: Path, tmp_path: Path) -> None:
    pdfs = corpus_files("pdf")
    out = tmp_path / "out"

    result = runner.invoke(app, ["batch", str(corpus / "pdf"), "--out", str(out), "--quiet"])

    assert result.exit_code == 0, result.output
    records = _lines(out / "results.jsonl")
    assert sorted(Path(r["path"]).name for r in records) == sorted(p.name for p in pdfs)
    assert all(r["result"]["document"]["clause_count"] > 0 for r in records)
    assert sum(_sla_counts(out).values()) > 100


@pytest.mark.parametrize(
    "arguments",
    [
        ["does-not-exist/*.pdf"],
        ["{folder}", "--dask", "remote"],
        ["{folder}", "--dask", "local", "--dask-scheduler", "tcp://127.0.0.1:8786"],
        ["{folder}", "--format", "yaml"],
        ["{folder}", "--jobs", "0"],
        ["{empty}"],
    ],
    ids=["no-match", "bad-dask", "two-backends", "bad-format", "zero-jobs", "folder-without-contracts"],
)
def test_usage_errors_exit_with_2_before_any_work(tmp_path: Path, arguments: list[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SLA_TEXT)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "picture.png").write_bytes(b"\x89PNG")
    args = [a.format(folder=folder, empty=empty) for a in arguments]

    result = runner.invoke(app, ["batch", *args, "--out", str(tmp_path / "out")])

    assert result.exit_code == 2, result.output
    assert not (tmp_path / "out" / "results.jsonl").exists()


def test_folders_are_searched_recursively_for_contract_types_any_case(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/x.PDF", "a/b/y.docx", "a/b/z.Md", "a/notes.txt", "a/logo.png", "a/.hidden.txt", "a/~$lock.docx"):
        (tmp_path / name).write_bytes(b"x")

    found = find_inputs([str(tmp_path / "a"), str(tmp_path / "a" / "b" / "*.docx")])

    assert sorted(p.name for p in found.files) == ["notes.txt", "x.PDF", "y.docx", "z.Md"]
    assert found.unmatched == ()


def test_a_file_name_that_is_not_utf8_is_analyzed_and_reported_with_the_rest(tmp_path: Path) -> None:
    # Linux allows any bytes in a name (archives from other systems); Python hands it over
    # with a lone surrogate, which a UTF-8 write refused: the whole batch failed.
    folder = tmp_path / "in"
    folder.mkdir()
    odd = Path(os.fsdecode(os.fsencode(str(folder)) + b"/contract_\xff.txt"))
    odd.write_text(SLA_TEXT)
    (folder / "good.txt").write_text(SLA_TEXT.replace("95%", "90%"))
    out = folder / "results"  # inside the input folder: its own outputs must not become inputs

    for _ in range(2):
        result = runner.invoke(app, ["batch", str(folder), "--out", str(out), "--jobs", "1", "--quiet"])
        assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["path"] for r in records) == sorted([str(odd), str(folder / "good.txt")])  # the exact name, escaped in JSON
    assert (out / "errors.jsonl").read_text() == ""
    assert "contract_\\udcff.txt" in (out / "summary.md").read_text(encoding="utf-8")
    with (out / "clauses.csv").open(encoding="utf-8") as handle:
        assert len({row["sha256"] for row in csv.DictReader(handle)}) == 2


def test_summary_row_takes_every_score_the_result_carries() -> None:
    record = {
        "path": "msa.pdf",
        "sha256": "ab",
        "result": {
            "document": {"pages": 3, "language": "en", "clause_count": 2},
            "clauses": [{"is_sla": True, "focus": "output", "style": "penalty"}, {"is_sla": False}],
            "scores": {"watermelon_risk": 0.8, "outcome_share": 0.1, "penalty_share": 0.9},
        },
    }

    row = summary_row(record)

    assert row["sla_clause_count"] == 1 and row["sla_output"] == 1 and row["sla_penalty"] == 1
    assert (row["watermelon_risk"], row["outcome_share"], row["penalty_share"]) == (0.8, 0.1, 0.9)
