"""The app's view model, without Streamlit: bytes in -> report or a named error,
the portfolio table, the review queue cards and decisions from form values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from analyzer import appview
from analyzer.model import TaggedClause
from analyzer.report import report_from_clauses
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
    assert cards[0].boxes and cards[0].page
    assert any("<mark" in card.text_html for card in cards)
    tagged = report.clauses[0]
    evil = TaggedClause(replace(tagged.clause, text="<script>alert(1)</script> & more"), tagged.tags)
    html = appview.clause_html(evil, ())
    assert "<script>" not in html and "&lt;script&gt;" in html


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
