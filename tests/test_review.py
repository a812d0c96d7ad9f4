"""The review store on a real SQLite file, and the review exports over a real
analyzed sample contract."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from analyzer.report import ContractReport
from analyzer.review import (
    SCHEMA_VERSION,
    DocumentRecord,
    ReviewStore,
    ReviewStoreError,
    Tags,
    agree,
    correct,
    model_tags,
    review_csv,
    review_json,
    review_queue,
    review_rows,
    review_xlsx,
    training_jsonl,
)
from analyzer.tagging.data import parse_labeled
from tests.samples import sample_report

SHA = "a" * 64
OUTPUT_PENALTY = Tags(True, "output", "penalty")
OUTCOME_COLLAB = Tags(True, "outcome", "collaborative")
TEXT = "Where Availability falls below 99.5% in a month, the Supplier shall credit 5% of the charges."


def registered(path: Path, sha: str = SHA) -> ReviewStore:
    store = ReviewStore(path)
    store.register_document(DocumentRecord(sha, "contract.pdf", "2024-01-01T00:00:00+00:00", "models-test", "1.0"))
    return store


def test_new_file_gets_schema_version_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "reviews.sqlite3"
    with ReviewStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.journal_mode == "wal"
    assert path.is_file()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "decisions"} <= tables


def test_decisions_survive_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "reviews.sqlite3"
    with registered(path) as store:
        stored = store.record(agree(SHA, "c12", TEXT, "Ann", OUTPUT_PENALTY, comment="classic watermelon"))
        assert stored.id is not None and stored.decided_at
    with ReviewStore(path) as reopened:
        assert reopened.schema_version == SCHEMA_VERSION
        document = reopened.document(SHA)
        assert document is not None and document.name == "contract.pdf" and document.model_version == "models-test"
        [decision] = reopened.history(SHA, "c12")
        assert decision == stored
        assert decision.agrees and decision.reviewer_tags == OUTPUT_PENALTY and decision.comment == "classic watermelon"


def test_history_is_kept_and_the_latest_decision_wins(tmp_path: Path) -> None:
    with registered(tmp_path / "r.sqlite3") as store:
        store.record(agree(SHA, "c12", TEXT, "Ann", OUTPUT_PENALTY))
        store.record(correct(SHA, "c12", TEXT, "Bob", OUTPUT_PENALTY, Tags(True, "output", None), comment="no sanction here"))
        store.record(agree(SHA, "c13", TEXT, "Ann", OUTCOME_COLLAB))
        history = store.history(SHA, "c12")
        assert [d.reviewer for d in history] == ["Ann", "Bob"]
        latest = store.latest(SHA)
        assert latest[(SHA, "c12")].verdict == "correct"
        assert latest[(SHA, "c12")].reviewer_tags == Tags(True, "output", None)
        assert latest[(SHA, "c13")].agrees
        assert store.latest("b" * 64) == {}


def test_a_decision_needs_a_registered_document(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "r.sqlite3") as store, pytest.raises(sqlite3.IntegrityError):
        store.record(agree(SHA, "c1", TEXT, "Ann", OUTPUT_PENALTY))


def test_inconsistent_decisions_are_refused() -> None:
    with pytest.raises(ValueError, match="nothing to correct"):
        correct(SHA, "c1", TEXT, "Ann", OUTPUT_PENALTY, OUTPUT_PENALTY)
    with pytest.raises(ValueError, match="reviewer"):
        agree(SHA, "c1", TEXT, "  ", OUTPUT_PENALTY)
    with pytest.raises(ValueError, match="no focus"):
        Tags(False, "output", None)
    with pytest.raises(ValueError, match="focus"):
        Tags(True, "speed", None)


def test_a_file_from_a_newer_watermelon_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ReviewStoreError, match="newer"):
        ReviewStore(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ReviewStoreError, match="not a review database"):
        ReviewStore(path)


# --- review queue and exports over a real sample contract ------------------------


@pytest.fixture(scope="module")
def watermelon_report() -> ContractReport:
    return sample_report("servicedesk_watermelon")


def test_review_queue_puts_watermelons_first_and_covers_every_sla_clause(watermelon_report: ContractReport) -> None:
    queue = review_queue(watermelon_report)
    first_flags = {f.code for f in watermelon_report.flags_of(queue[0].clause.id)}
    assert "watermelon" in first_flags
    sla_ids = {c.clause.id for c in watermelon_report.clauses if c.tags.is_sla}
    assert sla_ids <= {c.clause.id for c in queue}
    flagged = [bool(watermelon_report.flags_of(c.clause.id)) for c in queue]
    assert flagged == sorted(flagged, reverse=True), "flagged clauses come before unflagged ones"


def test_review_exports_carry_model_and_reviewer_tags(tmp_path: Path, watermelon_report: ContractReport) -> None:
    report = watermelon_report
    sha = report.document.sha256
    first, second = review_queue(report)[:2]
    with ReviewStore(tmp_path / "r.sqlite3") as store:
        store.register_document(DocumentRecord(sha, report.name, "2024-01-01T00:00:00+00:00", "m", "1.0"))
        model_first = model_tags(first.tags)
        store.record(agree(sha, first.clause.id, first.clause.text, "Ann", model_first, comment='=HYPERLINK("x")'))
        model_second = model_tags(second.tags)
        fixed = OUTCOME_COLLAB if model_second != OUTCOME_COLLAB else OUTPUT_PENALTY
        store.record(correct(sha, second.clause.id, second.clause.text, "Ann", model_second, fixed, comment="user-confirmed"))
        decisions = store.latest()
        all_decisions = list(store.latest().values())

    rows = review_rows([report], decisions)
    by_id = {r["clause_id"]: r for r in rows}
    assert by_id[first.clause.id]["status"] == "agreed"
    assert by_id[second.clause.id]["status"] == "corrected"
    assert by_id[second.clause.id]["reviewer_focus"] == fixed.focus
    assert by_id[second.clause.id]["model_focus"] == model_second.focus
    assert sum(r["status"] == "open" for r in rows) == len(rows) - 2

    table = list(csv.DictReader(io.StringIO(review_csv([report], decisions))))
    assert len(table) == len(rows)
    agreed = next(r for r in table if r["clause_id"] == first.clause.id)
    assert agreed["comment"].startswith("'="), "a comment never becomes a spreadsheet formula"
    assert agreed["reviewer"] == "Ann" and agreed["status"] == "agreed"

    payload = json.loads(review_json([report], decisions))
    [contract] = payload["contracts"]
    assert (contract["agreed"], contract["corrected"], contract["open"]) == (1, 1, len(rows) - 2)
    assert contract["clauses"][0]["text"]

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(review_xlsx([report], decisions)))["Review"]
    assert sheet.max_row == len(rows) + 1

    lines = training_jsonl(all_decisions).splitlines()
    assert len(lines) == 2
    labeled = [parse_labeled(json.loads(line), f"review:{n}") for n, line in enumerate(lines, 1)]
    assert {c.text for c in labeled} == {first.clause.text, second.clause.text}
    corrected_only = training_jsonl(all_decisions, corrections_only=True).splitlines()
    [only] = [parse_labeled(json.loads(line), "review") for line in corrected_only]
    assert (only.is_sla, only.focus, only.style) == (fixed.is_sla, fixed.focus, fixed.style)
