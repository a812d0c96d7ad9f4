"""The app's view model, without Streamlit: bytes in -> report or a named error,
the portfolio table, the review queue cards with the pages each clause stands on,
decisions from form values and a clause's review history from a real SQLite store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from analyzer import appview
from analyzer.ingest.render import highlighted_page_png, render_page_png
from analyzer.model import Clause, PageBox, TaggedClause
from analyzer.report import report_from_clauses
from analyzer.review import DocumentRecord, ReviewStore, Tags, agree, correct
from tests.clause_factory import document, tagged
from tests.conftest import SAMPLES
from tests.samples import SAMPLE_NAMES, sample_report, tagger


def test_bytes_of_a_good_and_a_bad_file(pdf_bytes: Callable[..., bytes]) -> None:
    good = appview.analyze_bytes(
        "sla.pdf",
        pdf_bytes([["1. Service Levels", "1.1 The Supplier shall resolve 95% of P1 incidents within 4 hours, measured monthly."]]),
        tagger(),
    )
    assert good.ok and good.report is not None and good.error is None
    assert good.report.document.sha256 == good.sha256
    empty = appview.analyze_bytes("empty.txt", b"   ", tagger())
    assert not empty.ok and empty.error == "the file is empty"
    broken = appview.analyze_bytes("broken.docx", b"PK\x03\x04 not a zip", tagger())
    assert not broken.ok and "DOCX" in (broken.error or "")


def test_sample_files_are_the_four_bundled_pdfs() -> None:
    names = [name for name, _ in appview.sample_files()]
    assert sorted(names) == sorted(f"{n}.pdf" for n in SAMPLE_NAMES)


def test_identical_content_is_shown_once() -> None:
    kept, dropped = appview.unique_files([("a.txt", b"x"), ("b.txt", b"y"), ("copy of a.txt", b"x")])
    assert [name for name, _ in kept] == ["a.txt", "b.txt"] and dropped == ["copy of a.txt"]


def test_review_db_comes_from_the_environment_or_the_home_folder() -> None:
    assert appview.review_db_path({"WATERMELON_REVIEW_DB": "/tmp/x/r.sqlite3"}) == Path("/tmp/x/r.sqlite3")
    assert appview.review_db_path({}) == Path.home() / ".watermelon" / "reviews.sqlite3"


def test_portfolio_table_is_riskiest_first_and_contracts_without_slas_last() -> None:
    reports = [sample_report(n) for n in SAMPLE_NAMES]
    xla = sample_report("xla_experience")
    no_slas = report_from_clauses(replace(xla.document, path="boilerplate.pdf", sha256="0" * 64), ())
    table = appview.portfolio_table([*reports, no_slas])
    risks = [row["risk"] for row in table]
    assert risks[-1] is None and table[-1]["verdict"] == "none"
    assert risks[:-1] == sorted(risks[:-1], reverse=True)
    watermelon = next(r for r in table if r["contract"] == "servicedesk_watermelon.pdf")
    assert watermelon["verdict"] == "high" and watermelon["governance"] == "no" and watermelon["SLA clauses"] > 10
    assert [r.name for r in appview.by_risk(reports)] == [row["contract"] for row in table[:-1]]


def test_clause_cards_mark_evidence_and_escape_the_text() -> None:
    report = sample_report("servicedesk_watermelon")
    cards = appview.clause_cards(report)
    assert cards[0].label.startswith("1. ") and "Watermelon" in cards[0].label
    assert cards[0].pages and cards[0].page == cards[0].pages[0].number and cards[0].pages[0].boxes
    assert any("<mark" in card.text_html for card in cards)
    tagged = report.clauses[0]
    evil = TaggedClause(replace(tagged.clause, text="<script>alert(1)</script> & more"), tagged.tags)
    html = appview.clause_html(evil, ())
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_clause_card_says_when_a_form_settled_the_sla_tag() -> None:
    text = "Acceptable Quality Level: every sprint ends with a demo to the product owner"
    (result,) = tagger().tag_texts([text])
    clause = TaggedClause(tagged(text).clause, result.tags)
    (card,) = appview.clause_cards(report_from_clauses(document([clause]), [clause]))
    assert card.tags.startswith("SLA: yes (") and "by form: performance table row" in card.tags


def test_form_values_become_a_decision() -> None:
    watermelon = sample_report("servicedesk_watermelon")
    card = appview.clause_cards(watermelon)[0]
    agreed = appview.decision_from_form(
        watermelon, card.clause_id, reviewer="Ann", action="agree", is_sla=False, focus="none", style="none"
    )
    assert agreed.agrees and agreed.reviewer_tags == card.model, "agree keeps the model's tags whatever the form shows"
    corrected = appview.decision_from_form(
        watermelon, card.clause_id, reviewer="Ann", action="correct", is_sla=False, focus="output", style="penalty"
    )
    assert (corrected.reviewer_tags.is_sla, corrected.reviewer_tags.focus, corrected.reviewer_tags.style) == (False, None, None)
    with pytest.raises(ValueError, match="nothing to correct"):
        appview.decision_from_form(
            watermelon,
            card.clause_id,
            reviewer="Ann",
            action="correct",
            is_sla=True,
            focus=card.model.focus or "none",
            style=card.model.style or "none",
        )


def test_report_downloads_use_the_cli_writers() -> None:
    reports = [sample_report(n) for n in SAMPLE_NAMES]
    content, name, mime = appview.report_download("xlsx", reports, "portfolio")
    assert isinstance(content, bytes) and content[:2] == b"PK" and name == "portfolio.xlsx" and "spreadsheet" in mime
    html, name, _ = appview.report_download("html", reports[:1], "servicedesk")
    assert isinstance(html, str) and "servicedesk_watermelon.pdf" in html and name == "servicedesk.html"


def box(page: int, top: float) -> PageBox:
    return PageBox(page, 72.0, top, 500.0, top + 12.0)


def clause_on(page_start: int | None, page_end: int | None, boxes: tuple[PageBox, ...]) -> Clause:
    return Clause("c0001", "1.1 The Supplier shall ...", "clause", "1.1", (), 0, 26, page_start, page_end, boxes)


def test_a_sample_clause_over_two_pages_shows_both_pages_with_their_own_boxes() -> None:
    report = sample_report("appmanagement_mixed")
    card = next(c for c in appview.clause_cards(report) if len(c.pages) > 1)
    clause = next(t.clause for t in report.clauses if t.clause.id == card.clause_id)
    assert clause.page_start is not None and clause.page_end == clause.page_start + 1
    assert [page.number for page in card.pages] == [clause.page_start, clause.page_end]
    assert [page.caption for page in card.pages] == [f"Page {clause.page_start}", f"Page {clause.page_end}"]
    for page in card.pages:
        assert page.boxes and all(b.page == page.number for b in page.boxes)
    shown_boxes = [b for page in card.pages for b in page.boxes]
    assert len(shown_boxes) == len(clause.boxes) and set(shown_boxes) == set(clause.boxes)
    assert f"pp. {clause.page_start}–{clause.page_end}" in card.label
    # Each page's boxes really mark that page: the highlighted render differs from the plain one.
    data = (SAMPLES / "appmanagement_mixed.pdf").read_bytes()
    for page in card.pages:
        assert highlighted_page_png(data, page.number, page.boxes, 40) != render_page_png(data, page.number, 40)


def test_pages_follow_the_span_in_order_even_without_a_box_on_a_middle_page() -> None:
    boxes = (box(3, 700.0), box(1, 500.0), box(1, 520.0))
    pages = appview.clause_pages(clause_on(1, 3, boxes))
    assert [(page.number, page.boxes) for page in pages] == [(1, (boxes[1], boxes[2])), (2, ()), (3, (boxes[0],))]
    assert appview.clause_pages(clause_on(None, None, ())) == ()
    [single] = appview.clause_pages(clause_on(4, 4, (box(4, 100.0),)))
    assert single.number == 4 and single.caption == "Page 4"


def test_a_clause_over_many_pages_shows_the_first_four_and_says_so() -> None:
    pages = appview.clause_pages(clause_on(3, 9, tuple(box(n, 100.0) for n in range(3, 10))))
    shown, note = appview.pages_to_show(pages)
    assert [page.number for page in shown] == [3, 4, 5, 6] == [page.number for page in pages[: appview.MAX_PAGE_IMAGES]]
    assert note == "The clause runs over 7 pages (3–9); only the first 4 are shown."
    shown, note = appview.pages_to_show(pages[:4])
    assert len(shown) == 4 and note is None
    with pytest.raises(ValueError, match="at least 1"):
        appview.pages_to_show(pages, limit=0)


def test_review_history_rows_are_newest_first_with_tags_and_comment(tmp_path: Path) -> None:
    sha = "a" * 64
    model = Tags(True, "output", "penalty")
    with ReviewStore(tmp_path / "reviews.sqlite3") as store:
        store.register_document(DocumentRecord(sha, "msa.pdf", "2024-03-01T08:00:00+00:00", "models-test", "1.0"))
        store.record(replace(agree(sha, "c0007", "text", "Ann", model), decided_at="2024-03-01T09:15:00.250000+01:00"))
        store.record(correct(sha, "c0007", "text", "Bob", model, Tags(True, "outcome", None), "measured at the desk"))
        store.record(agree(sha, "c0008", "other", "Ann", model, "another clause"))
        history = store.history(sha, "c0007")
    rows = appview.history_rows(history)
    assert [(r["reviewer"], r["decision"]) for r in rows] == [("Bob", "corrected"), ("Ann", "agreed")]
    assert rows[0]["tags"] == "SLA · focus: outcome · style: none" and rows[0]["comment"] == "measured at the desk"
    assert rows[1] == {
        "when": "2024-03-01 08:15:00 UTC",
        "reviewer": "Ann",
        "decision": "agreed",
        "tags": "SLA · focus: output · style: penalty",
        "comment": "",
    }
    assert rows[0]["when"].endswith(" UTC") and rows[0]["when"] > rows[1]["when"]
    assert appview.history_rows([]) == []


def test_history_shows_a_not_sla_correction_and_an_odd_time_as_stored() -> None:
    model = Tags(True, "output", "penalty")
    decision = replace(correct("b" * 64, "c1", "t", "Ann", model, Tags(False, None, None)), decided_at="yesterday", id=3)
    [row] = appview.history_rows([decision])
    assert row["tags"] == "not an SLA" and row["when"] == "yesterday" and row["decision"] == "corrected"
