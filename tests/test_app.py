"""The Streamlit app driven by AppTest (no browser): samples load into a portfolio
ranked by risk, a review decision lands in the SQLite file and in the clause's
review history, a clause over two pages shows both pages, a broken upload shows
an error naming it while the other contracts still show.

Streamlit's caches live for the whole test process, so the four samples are
analyzed once for all tests here."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from analyzer import appview
from tests.conftest import REPO, SAMPLES
from tests.samples import sample_report

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

APP = REPO / "app.py"
TIMEOUT = 180  # the first run loads the model and analyzes the four samples


@pytest.fixture
def review_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "reviews.sqlite3"
    monkeypatch.setenv("WATERMELON_REVIEW_DB", str(path))
    return path


def app_with_samples() -> Any:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    at.button(key="load_samples").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_empty_app_invites_an_upload(review_db: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert any("Upload contracts" in info.value for info in at.info)
    assert at.sidebar.file_uploader(key="uploads").accept_multiple_files


def test_samples_make_a_portfolio_ranked_by_risk(review_db: Path) -> None:
    at = app_with_samples()
    table = at.dataframe[0].value
    assert len(table) == 4
    rows = {row["contract"]: row for row in table.to_dict("records")}
    assert set(rows) == {"servicedesk_watermelon.pdf", "appmanagement_mixed.pdf", "xla_experience.pdf", "dienstverlening_nl.pdf"}
    assert rows["servicedesk_watermelon.pdf"]["verdict"] == "high"
    assert rows["xla_experience.pdf"]["verdict"] == "low"
    assert list(table["risk"]) == sorted(table["risk"], reverse=True)
    assert not at.error
    # The contract view opens on the riskiest contract, with its clause and page image.
    assert at.selectbox(key="contract").format_func(at.selectbox(key="contract").value) == table.iloc[0]["contract"]
    assert any("Watermelon risk" == m.label for m in at.metric)
    assert any('class="wm-clause"' in h.value and "<mark" in h.value for h in at.get("html"))
    assert len(at.get("imgs")) == 1 or len(at.get("image")) == 1
    labels = {b.label for b in at.get("download_button")}
    assert {"Report JSON", "Report CSV", "Report XLSX", "Report HTML", "Review CSV", "Labeled JSONL"} <= labels


def test_a_review_decision_is_written_to_the_sqlite_file(review_db: Path) -> None:
    at = app_with_samples()
    contract = at.selectbox(key="contract")
    servicedesk = hashlib.sha256((SAMPLES / "servicedesk_watermelon.pdf").read_bytes()).hexdigest()
    contract.set_value(servicedesk).run()
    at.sidebar.text_input(key="reviewer").set_value("Ann Lawyer").run()
    clause_box = next(s for s in at.selectbox if s.label == "Clause")
    clause_id = clause_box.value
    next(b for b in at.button if b.label == "Agree with the model").click().run()
    assert not at.exception
    assert any("Ann Lawyer agreed" in s.value for s in at.success)

    next(r for r in at.radio if r.label == "Focus").set_value("outcome")
    next(t for t in at.text_area if t.label == "Comment").set_value("measured at the user's desk")
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert any("corrected" in s.value for s in at.success)

    with sqlite3.connect(review_db) as raw:
        rows = raw.execute("SELECT document_sha256, clause_id, reviewer, verdict, focus, comment FROM decisions ORDER BY id").fetchall()
        [(name,)] = raw.execute("SELECT name FROM documents").fetchall()
    assert name == "servicedesk_watermelon.pdf"
    assert [r[:4] for r in rows] == [(servicedesk, clause_id, "Ann Lawyer", "agree"), (servicedesk, clause_id, "Ann Lawyer", "correct")]
    assert rows[1][4:] == ("outcome", "measured at the user's desk")
    assert "corrected by Ann Lawyer" in str(at.dataframe[1].value.to_dict("records"))


def sample_sha256(name: str) -> str:
    return hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest()


def history_expander(at: Any) -> Any:
    [expander] = [e for e in at.expander if e.label == "Review history"]
    return expander


def test_review_history_lists_both_decisions_newest_first(review_db: Path) -> None:
    at = app_with_samples()
    at.selectbox(key="contract").set_value(sample_sha256("servicedesk_watermelon.pdf")).run()
    at.sidebar.text_input(key="reviewer").set_value("Ann Lawyer").run()
    assert not history_expander(at).dataframe
    assert any("No decision recorded" in c.value for c in history_expander(at).caption)

    next(b for b in at.button if b.label == "Agree with the model").click().run()
    next(r for r in at.radio if r.label == "Focus").set_value("outcome")
    next(t for t in at.text_area if t.label == "Comment").set_value("measured at the user's desk")
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert not at.exception

    [table] = history_expander(at).dataframe
    rows = table.value.to_dict("records")
    assert [(r["reviewer"], r["decision"]) for r in rows] == [("Ann Lawyer", "corrected"), ("Ann Lawyer", "agreed")]
    assert "focus: outcome" in rows[0]["tags"] and rows[0]["comment"] == "measured at the user's desk"
    assert rows[1]["comment"] == "" and all(r["when"].endswith(" UTC") for r in rows)


def test_a_clause_over_two_pages_shows_both_pages(review_db: Path) -> None:
    at = app_with_samples()
    at.selectbox(key="contract").set_value(sample_sha256("appmanagement_mixed.pdf")).run()
    card = next(c for c in appview.clause_cards(sample_report("appmanagement_mixed")) if len(c.pages) == 2)
    clause_box = next(s for s in at.selectbox if s.label == "Clause")
    assert card.label in clause_box.options
    clause_box.set_value(card.clause_id).run()
    assert not at.exception
    captions = [caption for image in at.image for caption in image.captions]
    first = card.pages[0].number
    assert captions == [f"Page {first}", f"Page {first + 1}"]


def test_a_decision_without_a_reviewer_name_is_refused(review_db: Path) -> None:
    at = app_with_samples()
    next(b for b in at.button if b.label == "Agree with the model").click().run()
    assert any("your name" in e.value for e in at.error)
    assert not review_db.exists() or sqlite3.connect(review_db).execute("SELECT count(*) FROM decisions").fetchone() == (0,)


def test_a_broken_upload_names_the_file_and_the_others_still_show(review_db: Path) -> None:
    at = app_with_samples()
    note = b"1. The Supplier shall answer 90% of calls within 30 seconds, measured monthly; service credits apply.\n"
    at.sidebar.file_uploader(key="uploads").set_value(
        [("broken.pdf", b"%PDF-1.4 not really a PDF", "application/pdf"), ("note.txt", note, "text/plain")]
    ).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("broken.pdf: ") and "PDF" in errors[0]
    contracts = set(at.dataframe[0].value["contract"])
    assert contracts == {
        "note.txt",
        "servicedesk_watermelon.pdf",
        "appmanagement_mixed.pdf",
        "xla_experience.pdf",
        "dienstverlening_nl.pdf",
    }
