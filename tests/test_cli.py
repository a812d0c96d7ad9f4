"""The command line is a contract: exit codes, JSON fields, errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from analyzer.cli import app

runner = CliRunner()


def test_analyze_prints_document_and_clauses_as_json(tmp_path: Path) -> None:
    path = tmp_path / "msa.txt"
    path.write_text("1. Services\n\n1.1 The Supplier shall answer 90% of calls within 30 seconds.\n")
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.0"
    assert data["document"]["path"] == str(path)
    assert data["document"]["pages"] == 1
    assert data["document"]["language"] == "en"
    assert len(data["document"]["sha256"]) == 64
    assert data["clauses"][0]["section"] == "1.1"


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(tmp_path: Path) -> None:
    import os

    path = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/msa_\xe9.txt"))  # Latin-1 "é": not UTF-8
    path.write_text("1. Services\n\n1.1 The Supplier shall answer 90% of calls within 30 seconds.\n")
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["path"] == str(path)  # escaped in JSON, the same name back
    for fmt in ("csv", "md", "html", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(app, ["analyze", str(path), "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, (fmt, result.output)
        assert out.stat().st_size > 0
    assert "msa_\\udce9.txt" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_one_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("1. The Supplier shall provide the Services.\n")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    result = runner.invoke(app, ["analyze", str(good), str(broken), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["document"]["path"] for d in data["documents"]] == [str(good)]
    assert f"{broken}: corrupt or truncated PDF" in result.stderr


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("1. Text.")
    result = runner.invoke(app, ["analyze", str(path), "--format", "yaml"])
    assert result.exit_code == 2
