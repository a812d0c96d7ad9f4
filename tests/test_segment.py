"""Segmentation on small texts written for each numbering style and layout quirk."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import load_document
from analyzer.segment import parse_marker
from tests.conftest import SAMPLES, make_pdf, output_within


def clauses_of(text: str, name: str = "contract.txt") -> list:
    return list(load_document(text.encode("utf-8"), name=name).clauses)


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("1 Definitions", "decimal", "1"),
        ("1. Services", "decimal", "1"),
        ("1.1 The Supplier shall", "decimal", "1.1"),
        ("1.1.1 Each Party", "decimal", "1.1.1"),
        ("B.2 Key Performance Indicators", "decimal", "B.2"),
        ("2.17.1Datec will provide", "decimal", "2.17.1"),
        ("(a) the Services", "alpha", "a"),
        ("(iv) any credit", "roman", "iv"),
        ("ii. BSP's approval rights", "roman", "ii"),
        ("iv. indemnities that protect the Customer", "roman", "iv"),
        ("Article 4 Service Levels", "article", "Article 4"),
        ("Section 12.3 Credits", "article", "Section 12.3"),
        ("Schedule 2 Service Levels", "container", "Schedule 2"),
        ("Exhibit B", "container", "Exhibit B"),
        ("Annex", "container", "Annex"),
        ("Artikel 7 Boete", "article", "Artikel 7"),
        ("Bijlage 3 Dienstverleningsniveaus", "container", "Bijlage 3"),
        ("• call volumes", "bullet", "•"),
    ],
)
def test_numbering_marker_is_recognised(text: str, kind: str, label: str) -> None:
    marker = parse_marker(text)
    assert marker is not None
    assert (marker.kind, marker.label) == (kind, label)


@pytest.mark.parametrize("text", ["99.5 percent of the time", "Schedule B of this Agreement sets out", "Section 4 of the Agreement"])
def test_numbers_and_references_in_prose_are_not_markers(text: str) -> None:
    marker = parse_marker(text)
    assert marker is None or marker.kind not in ("decimal", "container", "article")


def test_hierarchy_gives_full_section_numbers_and_heading_path() -> None:
    text = (
        "Article 4 Service Levels\n\n"
        "4.1 Availability\n\n"
        "The Supplier shall ensure the Service is available 99.8% of each month.\n\n"
        "4.2 Credits\n\n"
        "(a) Where Availability falls below target, a credit applies.\n\n"
        "(i) The credit is 5% of the monthly charges.\n\n"
        "(ii) Credits are capped at 15%.\n\n"
        "(b) Credits are paid quarterly.\n"
    )
    clauses = clauses_of(text)
    assert [c.section for c in clauses] == ["4.1", "4.2(a)", "4.2(a)(i)", "4.2(a)(ii)", "4.2(b)"]
    assert clauses[0].heading_path == ("4 Service Levels", "4.1 Availability")
    assert clauses[3].heading_path[-1] == "4.2 Credits"


def test_letter_i_after_h_is_alphabetic_not_roman() -> None:
    items = "\n\n".join(f"({letter}) item {letter} of the list;" for letter in "ghij")
    clauses = clauses_of("5.1 Obligations\n\n" + items)
    assert [c.section for c in clauses] == ["5.1(g)", "5.1(h)", "5.1(i)", "5.1(j)"]


def test_numbered_items_run_into_one_line_are_split_when_they_count_up() -> None:
    line = "IBM will: update signatures weekly; 10. post weekly reports; 11. recommend corrective action; 12. notify the Customer.\n"
    assert [c.text for c in clauses_of(line)] == [
        "IBM will: update signatures weekly;",
        "10. post weekly reports;",
        "11. recommend corrective action;",
        "12. notify the Customer.",
    ]
    # a lone number after a full stop is prose, not a list
    assert len(clauses_of("The term is set out in clause 4. 2. notices are sent by e-mail.\n")) == 1


def test_a_paragraph_after_the_items_of_a_list_belongs_to_the_lists_parent() -> None:
    text = (
        "4.4 Security Management\n\nIBM will:\n\n(a) monitor the firewalls;\n\n(b) report security incidents.\n\n"
        "The Customer shall approve all firewall changes.\n\n"
        "(c) Problem Reports\n\nEach report shall contain the following:\n\n(i) the user name;\n\n(ii) the steps to reproduce.\n"
    )
    sections = {c.text: c.section for c in clauses_of(text)}
    assert sections["(b) report security incidents."] == "4.4(b)"
    assert sections["The Customer shall approve all firewall changes."] == "4.4"
    # under an item that is a heading, the paragraph is that item's text
    assert sections["Each report shall contain the following:"] == "4.4(c)"
    assert sections["(ii) the steps to reproduce."] == "4.4(c)(ii)"


def test_roman_numerals_with_a_full_stop_number_a_list() -> None:
    items = "i. confidentiality obligations;\n\nii. approval rights;\n\niii. compliance with policies;\n\niv. key personnel."
    clauses = clauses_of("7.2 Terms\n\nThe subcontract must include:\n\n" + items)
    assert [c.section for c in clauses][-4:] == ["7.2(i)", "7.2(ii)", "7.2(iii)", "7.2(iv)"]


def test_run_together_clauses_on_one_line_are_split() -> None:
    line = (
        "7.1 Response. The Supplier shall respond within 1 hour. 7.2 Resolution. The Supplier shall resolve "
        "within 4 hours. 7.3 Credits. A credit of 5% applies to each failure."
    )
    clauses = clauses_of(line)
    assert [c.section for c in clauses] == ["7.1", "7.2", "7.3"]
    assert clauses[1].text.startswith("7.2 Resolution.")
    document = load_document(line.encode(), name="x.txt")
    for clause in document.clauses:
        assert document.text[clause.char_start : clause.char_end] == clause.text


def test_paragraphs_run_into_one_line_are_split_at_wide_gaps_after_a_sentence() -> None:
    # SEC filings saved as text join paragraphs with a wide gap; joined wrapped lines put
    # wide gaps inside sentences too, and there a gap after a full stop is no new paragraph.
    line = (
        "EXHIBIT C SERVICE LEVELS   The Supplier shall answer support e-mails within one business day.   "
        "Severity 1 Definition - Critical business impact.   Severity 2 Definition - Major impact."
    )
    assert [c.text for c in clauses_of(line + "\n")] == [
        "EXHIBIT C SERVICE LEVELS   The Supplier shall answer support e-mails within one business day.",
        "Severity 1 Definition - Critical business impact.",
        "Severity 2 Definition - Major impact.",
    ]
    wrapped = "The Supplier will pay the costs finally awarded by a court.   It may settle   the claim at its own cost.\n"
    assert len(clauses_of(wrapped)) == 1
    numbered = "1.    After an incident, the HotLine is called.\n"
    assert [c.text for c in clauses_of(numbered)] == ["1.    After an incident, the HotLine is called."]


def test_running_lines_of_a_filing_saved_as_text_are_dropped_and_cut_sentences_rejoined() -> None:
    pages = [
        "1. Services\n\nThe Supplier shall host the Portal and shall keep",
        "it available at least 99.5% of each month.\n\n2. Credits\n\nA credit of 5% applies.",
        "3. Reports\n\nThe Supplier shall report monthly.",
        "4. Reviews\n\nThe parties shall meet quarterly.",
        "5. Term\n\nThis Agreement runs for three years.",
        "6. Notices\n\nNotices are given in writing.",
    ]
    # pages as long as real ones: a line back every few hundred characters would be structure
    filler = "\n\n" + "The parties record here the background to the Services in some detail. " * 14
    footer = "\n\nPage {n} of 6\n\nSource: ACME HOSTING INC, 8-K, 3/4/2019\n\n"
    pages = [pages[0], *(page + filler for page in pages[1:])]
    text = "".join(page + footer.format(n=n) for n, page in enumerate(pages, start=1))
    document = load_document(text.encode(), name="filing.txt")
    assert "Source:" not in document.text and "Page 3 of 6" not in document.text
    assert not any("Source:" in heading for c in document.clauses for heading in c.heading_path)
    services = next(c for c in document.clauses if c.section == "1")
    assert "shall keep it available at least 99.5% of each month." in " ".join(services.text.split())


def test_running_footers_glued_to_line_ends_are_cut_and_a_cut_sentence_rejoined() -> None:
    lines = [
        "1. Hosting   Commercial in Confidence   Page 1   May 2026",
        "The Supplier shall keep the Portal available.   Commercial in Confidence   Page 2   May 2026",
        "2. Credits   7   Commercial in Confidence   Page 3   May 2026",
        "A credit of 5% applies to each month in which the Portal is below its target of Page 4 of 9 *Confidential",
        "ninety-nine and a half percent. Credits are capped at 20%. Page 5 of 9 *Confidential",
        "3. Reviews Page 6 of 9 *Confidential",
        "The parties meet quarterly to review the service levels.",
    ]
    document = load_document("\n\n".join(lines).encode(), name="filing.txt")
    assert "Confidential" not in document.text and "Page" not in document.text
    assert "2. Credits   7" in document.text  # a cell before the footer stays
    credits = next(c for c in document.clauses if c.text.startswith("A credit"))
    assert "below its target of ninety-nine and a half percent. Credits are capped" in " ".join(credits.text.split())


def test_a_sub_heading_repeated_under_each_service_is_kept() -> None:
    body = "\n\n".join(
        f"{i}. Service {i}\n\nMeasurement\n\nThe service is measured monthly and reported to the Customer." for i in range(1, 8)
    )
    document = load_document(body.encode(), name="schedule.txt")
    assert document.text.count("Measurement") == 7


def test_a_short_line_repeated_a_few_times_is_content_not_a_running_line() -> None:
    rows = "\n\n".join(["Included", "See note 2", "Included", "See note 3", "Included", "Monthly"])
    document = load_document(("Price notes\n\n" + rows + "\n").encode(), name="notes.txt")
    assert document.text.count("Included") == 3


def test_run_together_definitions_are_split_into_definition_clauses() -> None:
    line = (
        '"Availability" means the time the Service is usable. "Incident" means an unplanned interruption. "Month" means a calendar month.'
    )
    clauses = clauses_of("1. Definitions\n\n" + line)
    assert [c.kind for c in clauses] == ["definition"] * 3
    assert clauses[1].text.startswith('"Incident" means')


def test_text_column_table_rows_carry_their_header() -> None:
    text = (
        "Schedule 2 Service Levels\n\n"
        "Service Level          Target        Service Credit\n"
        "Call answer time       90% < 30s     2%\n"
        "Abandonment rate       < 5%          1%\n"
        "P1 resolution          4 hours       5%\n"
    )
    rows = [c for c in clauses_of(text) if c.kind == "table_row"]
    assert len(rows) == 3
    assert rows[0].table_header == ("Service Level", "Target", "Service Credit")
    assert rows[2].text == "Service Level: P1 resolution | Target: 4 hours | Service Credit: 5%"
    assert rows[0].heading_path[0] == "Schedule 2 Service Levels"


def test_numbered_clauses_with_a_hanging_indent_are_clauses_not_a_table() -> None:
    # A redacted clause ("9.2.5   ***") above numbered clauses set with a gap after the
    # number lines up like a two-column table; the numbers make them clauses.
    text = (
        "9.2 Invoicing\n\n"
        "9.2.4     The Customer shall pay each invoice within thirty days.\n\n"
        "9.2.5     ***\n\n"
        "9.2.6     Invoices shall be itemised per service.\n\n"
        "9.2.7     All charges are exclusive of VAT.\n"
    )
    clauses = clauses_of(text)
    assert not [c for c in clauses if c.kind == "table_row"]
    assert [c.section for c in clauses] == ["9.2.4", "9.2.6", "9.2.7"]
    (itemised,) = [c for c in clauses if "itemised" in c.text]
    assert itemised.text.startswith("9.2.6")
    recitals = "4.     ***;\n\n5.     The Supplier wishes to provide the services.\n\n6.     The Customer wishes to buy them.\n"
    clauses = clauses_of(recitals)
    assert [(c.kind, c.section) for c in clauses] == [("clause", "5"), ("clause", "6")]


@pytest.mark.parametrize(
    ("first_line", "rest"),
    [
        ("6.1 The Hosting Services shall", "be provided at the service levels agreed in Appendix 2."),
        ("2.1 General. The Support Services provided by the Supplier", "include responding to Problem Reports within one day."),
        ("(e) Loyalty Program Portal (Tier 2); and", ""),
    ],
)
def test_the_first_line_of_a_wrapped_clause_is_no_heading(first_line: str, rest: str) -> None:
    text = f"6 SERVICE LEVEL\n\n{first_line}\n{rest}\n\n6.2 The parties shall meet monthly.\n"
    clauses = clauses_of(text)
    opened = next(c for c in clauses if c.text.startswith(first_line))
    assert opened.text == f"{first_line} {rest}".strip()
    assert all(first_line not in heading for c in clauses for heading in c.heading_path)


def test_a_clause_in_capitals_runs_on_over_a_break() -> None:
    # A filing's disclaimer in capitals cut by a page break: the next line in capitals
    # continues the cut sentence; it is neither a heading nor a clause of its own.
    text = (
        "6 LIABILITY\n\n"
        "6.3 Maximum Liability. THE LIABILITY OF EACH PARTY SHALL NOT EXCEED THE AMOUNTS PAID BY\n\n"
        "CUSTOMER TO SUPPLIER FOR THE SERVICES DURING THE THREE\n"
        "MONTHS PRECEDING THE CLAIM.\n\n"
        "6.4 Exceptions. The limits above do not apply to fraud.\n"
    )
    clauses = clauses_of(text)
    assert [c.section for c in clauses] == ["6.3", "6.4"]
    assert clauses[0].text.endswith("PAID BY CUSTOMER TO SUPPLIER FOR THE SERVICES DURING THE THREE MONTHS PRECEDING THE CLAIM.")
    assert not [heading for c in clauses for heading in c.heading_path if "CUSTOMER" in heading]
    # after a finished sentence a line in capitals still heads what follows
    finished = (
        "6.3 Maximum Liability. THE LIABILITY OF EACH PARTY IS LIMITED TO THE FEES.\n\n"
        "SERVICE LEVELS AND SERVICE CREDITS\n\n"
        "The Supplier shall meet the Service Levels.\n"
    )
    last = clauses_of(finished)[-1]
    assert last.heading_path[-1] == "SERVICE LEVELS AND SERVICE CREDITS"


def test_a_recital_is_no_heading() -> None:
    text = (
        "RECITALS\n\n"
        "WHEREAS, Alpha, Beta and Gamma have entered into Amended and Restated\n"
        "Hosting Agreement dated 1 May 2024 (the Hosting Agreement); and\n\n"
        "WHEREAS, Gamma wishes to obtain support services from Beta.\n\n"
        "NOW, THEREFORE, the parties agree as follows:\n"
    )
    clauses = clauses_of(text)
    assert [c.heading_path for c in clauses] == [("RECITALS",)] * 3
    assert clauses[0].text.startswith("WHEREAS, Alpha") and "Hosting Agreement dated 1 May 2024" in clauses[0].text


def test_text_saved_one_paragraph_per_line_breaks_at_every_line() -> None:
    paragraphs = [
        "The Supplier shall answer 90% of calls to the Service Desk within 30 seconds,"
        " measured monthly across telephone, chat and e-mail, and report the result.",
        "Where the answer rate falls below target in a month, the Supplier shall"
        " credit the Customer 5% of the monthly Service Desk charges for that month.",
        "The parties shall review Service Desk performance every quarter in the"
        " joint Service Board and agree the improvement actions for the next quarter.",
    ]
    clauses = clauses_of("SERVICE LEVELS\n" + "\n".join(paragraphs) + "\n")
    assert [c.text for c in clauses] == paragraphs
    assert all(c.heading_path == ("SERVICE LEVELS",) for c in clauses)
    # hard-wrapped text (short lines) still joins its lines into one paragraph
    wrapped = "The Supplier shall answer 90% of calls\nwithin 30 seconds, measured monthly.\n"
    assert [c.text for c in clauses_of(wrapped)] == ["The Supplier shall answer 90% of calls within 30 seconds, measured monthly."]


def test_a_contents_list_without_page_numbers_is_no_heading() -> None:
    text = (
        "TABLE OF CONTENTS\n"
        "1. Definitions\n"
        "2. Services\n"
        "3. Service Levels\n"
        "4. Counterparts\n\n"
        "This Agreement is made between the Customer and the Supplier.\n\n"
        "1. Definitions\n\n"
        "1.1 Terms have the meaning given in Schedule 1.\n\n"
        "3. Service Levels\n\n"
        "3.1 The Supplier shall meet the Service Levels.\n"
    )
    clauses = clauses_of(text)
    preamble = next(c for c in clauses if c.text.startswith("This Agreement"))
    assert not any("Counterparts" in h or "CONTENTS" in h for h in preamble.heading_path)
    assert [c.section for c in clauses if c.text.startswith(("1.1", "3.1"))] == ["1.1", "3.1"]
    assert not any(c.text.strip() in ("1. Definitions", "2. Services", "4. Counterparts") for c in clauses)


def test_markdown_table_rows_are_clauses() -> None:
    text = "## Service levels\n\n| Metric | Target |\n|---|---|\n| Availability | 99.9% |\n| Response P1 | 15 minutes |\n"
    rows = [c for c in clauses_of(text, "sla.md") if c.kind == "table_row"]
    assert [r.text for r in rows] == ["Metric: Availability | Target: 99.9%", "Metric: Response P1 | Target: 15 minutes"]


def test_a_pipe_table_row_with_empty_cells_stays_in_its_table() -> None:
    text = (
        "PERFORMANCE INDICATORS\n\n"
        "Performance Indicator | PI Target | Measured by\n"
        "1.  FRAMEWORK MANAGEMENT |  | \n"
        "1.1 MI returns by the 7th Working Day of each month | 100% | Confirmation of receipt\n"
        "2.  CUSTOMER SATISFACTION |  | \n"
        "2.1 Services to the satisfaction of Buyers | 100% | Customer surveys\n\n"
        "The Supplier shall comply with the PIs.\n"
    )
    clauses = clauses_of(text)
    rows = [c for c in clauses if c.kind == "table_row"]
    assert len(rows) == 4
    expected = "Performance Indicator: 2.1 Services to the satisfaction of Buyers | PI Target: 100% | Measured by: Customer surveys"
    assert rows[-1].text == expected
    assert clauses[-1].heading_path == ("PERFORMANCE INDICATORS",)  # no group row left behind as a heading


def test_an_html_table_in_markdown_gives_one_clause_per_row() -> None:
    text = (
        "## 2.1 Performance Requirements Matrix\n\n"
        '<table>\n<thead>\n<tr class="header">\n<th><strong>Service</strong></th>\n<th>Standard</th>\n'
        '<th>AQL</th>\n</tr>\n</thead>\n<tbody>\n<tr class="odd">\n<td>Reports</td>\n<td>Time to triage</td>\n'
        "<td><blockquote>\n<p>95% triaged within 1 business day</p>\n</blockquote></td>\n</tr>\n"
        '<tr class="even">\n<td>Fixes &amp; patches</td>\n<td>Open | closed ratio</td>\n<td></td>\n</tr>\n'
        "</tbody>\n</table>\n\nThe COR reviews the reports monthly.\n"
    )
    clauses = clauses_of(text, "qasp.md")
    rows = [c for c in clauses if c.kind == "table_row"]
    assert [r.text for r in rows] == [
        "Service: Reports | Standard: Time to triage | AQL: 95% triaged within 1 business day",
        "Service: Fixes & patches | Standard: Open / closed ratio",
    ]
    assert all(r.heading_path == ("2.1 Performance Requirements Matrix",) for r in rows)
    assert clauses[-1].text == "The COR reviews the reports monthly."


def test_a_text_file_that_is_only_a_table_is_read_not_refused_as_empty() -> None:
    text = "Service Level | Target | Credit\nAvailability | 99.9% | 5%\nResponse | 4 hours | 2%\n"
    rows = clauses_of(text, "kpis.txt")
    assert [r.kind for r in rows] == ["table_row", "table_row"]
    assert rows[1].text == "Service Level: Response | Target: 4 hours | Credit: 2%"


def test_long_runs_of_spaces_do_not_hang_the_reader(tmp_path: Path) -> None:
    """A hang guard, not a speed target: scanning every space of a run made the
    inline-marker and footer searches quadratic (20,000 spaces took 75 s)."""
    path = tmp_path / "spaces.txt"
    path.write_text(("1.1 Scope" + " " * 200_000 + "applies.\n\n") * 3 + "x" + " " * 200_000 + "Page 3 of 9\n")
    script = f"from analyzer import load_document; print(len(load_document({str(path)!r}).clauses))"
    assert int(output_within(script, 120)) >= 1


def test_dutch_numbering_and_language() -> None:
    text = (
        "Artikel 7 Dienstverleningsniveaus\n\n"
        "7.1 De Opdrachtnemer lost storingen met prioriteit 1 binnen 4 uur op.\n\n"
        "7.2 Bij overschrijding verbeurt de Opdrachtnemer een boete van EUR 500 per dag.\n"
    )
    document = load_document(text.encode(), name="overeenkomst.txt")
    assert document.language == "nl"
    assert [c.section for c in document.clauses] == ["7.1", "7.2"]
    assert all(c.language == "nl" for c in document.clauses)


def test_pdf_running_headers_and_page_numbers_are_removed(tmp_path: Path) -> None:
    bodies = ["The Supplier provides the Services.", "Fees are paid monthly.", "Either party may terminate.", "English law governs."]
    pages = [[f"{n}. {body}"] for n, body in enumerate(bodies, start=1)]
    path = tmp_path / "c.pdf"
    path.write_bytes(make_pdf(pages, header="Master Services Agreement - Confidential", footer=True))
    document = load_document(path)
    assert "Confidential" not in document.text
    assert "Page 2 of 4" not in document.text
    assert [c.section for c in document.clauses] == ["1", "2", "3", "4"]
    assert [c.page_start for c in document.clauses] == [1, 2, 3, 4]


def test_pdf_hyphenation_at_line_end_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "h.pdf"
    path.write_bytes(make_pdf([["3.1 Availability is measured at the network bound-", "ary of the Supplier every month."]]))
    document = load_document(path)
    assert "network boundary of the Supplier" in document.clauses[0].text


def test_pdf_clause_has_page_box_around_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "b.pdf"
    path.write_bytes(make_pdf([["1. First clause of the agreement.", "", "2. Second clause, on the next lines,", "continued here."]]))
    clauses = load_document(path).clauses
    first, second = clauses
    assert first.boxes and second.boxes
    assert first.boxes[0].bottom <= second.boxes[0].top + 1
    assert second.boxes[0].bottom - second.boxes[0].top > 15  # two lines tall


def test_pdf_text_column_table_without_rules(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "t.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 760, "Service levels apply as follows.")
    rows = [("Severity", "Time to Respond", "Escalation Time"), ("1", "15 minutes", "1 hour"), ("2", "30 minutes", "2 hours")]
    for i, (a, b, c) in enumerate(rows):
        y = 730 - 14 * i
        pdf.drawString(72, y, a)
        pdf.drawString(180, y, b)
        pdf.drawString(320, y, c)
    pdf.save()
    rows_out = [c for c in load_document(path).clauses if c.kind == "table_row"]
    assert [r.table_cells for r in rows_out] == [("1", "15 minutes", "1 hour"), ("2", "30 minutes", "2 hours")]
    assert rows_out[0].table_header == ("Severity", "Time to Respond", "Escalation Time")


def test_pdf_ruled_table_is_read_from_its_grid(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    path = tmp_path / "ruled.pdf"
    data = [["KPI", "Target", "Credit"], ["Availability", "99.8%", "5% of monthly fee"], ["P1 restore", "4 hours", "2% per hour"]]
    table = Table(data)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    rows = [c for c in load_document(path).clauses if c.kind == "table_row"]
    assert [r.table_cells for r in rows] == [("Availability", "99.8%", "5% of monthly fee"), ("P1 restore", "4 hours", "2% per hour")]
    assert rows[0].text == "KPI: Availability | Target: 99.8% | Credit: 5% of monthly fee"
    assert rows[0].boxes and rows[0].boxes[0].page == 1


def _ruled(rows: list[list[str]]) -> object:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    table = Table([[Paragraph(cell, style) for cell in row] for row in rows], colWidths=[300, 120])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    return table


LONG_TASK = "Apply the security patches that the vendor releases for the operating system and the database software after testing them"


def test_pdf_table_continued_on_next_page_without_header_keeps_the_first_header(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    path = tmp_path / "continued.pdf"
    first = _ruled([["Task", "Responsible"], ["Rack and cable the servers", "Supplier"], ["Provide floor space", "Customer"]])
    rest = _ruled([[LONG_TASK, "Supplier"], ["Restore backups on request", "Supplier"]])
    SimpleDocTemplate(str(path), pagesize=A4).build([first, PageBreak(), rest])
    rows = [c for c in load_document(path).clauses if c.kind == "table_row"]
    assert [r.table_cells for r in rows][2:] == [(LONG_TASK, "Supplier"), ("Restore backups on request", "Supplier")]
    assert rows[2].text == f"Task: {LONG_TASK} | Responsible: Supplier"
    assert rows[2].page_start == 2 and rows[2].boxes and rows[2].boxes[0].page == 2


def test_pdf_table_whose_first_row_is_data_gets_no_header(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    path = tmp_path / "headless.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([_ruled([[LONG_TASK, "Supplier"], ["Restore backups", "Customer"]])])
    rows = [c for c in load_document(path).clauses if c.kind == "table_row"]
    assert [r.text for r in rows] == [f"{LONG_TASK} | Supplier", "Restore backups | Customer"]
    assert all(r.table_header == () for r in rows)


def test_pdf_ruled_box_around_prose_is_read_as_text(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    passage = " ".join(["The Supplier shall keep the Customer informed of the progress of every open incident."] * 8)
    path = tmp_path / "boxed.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([_ruled([[passage, "4.2"], ["The Customer shall name a contact.", "4.3"]])])
    clauses = load_document(path).clauses
    assert not [c for c in clauses if c.kind == "table_row"]
    assert "keep the Customer informed" in " ".join(c.text for c in clauses)


def test_pdf_table_typeset_cell_by_cell_reads_as_rows_with_wrapped_cells() -> None:
    # The text layer gives this table's cells one column at a time, each jumping back up
    # the page; header cells ("Response" / "Time") and row cells wrap onto a second line.
    rows = [c for c in load_document(SAMPLES / "servicedesk_watermelon.pdf").clauses if c.table_header[:1] == ("Priority",)]
    assert rows[0].table_header == ("Priority", "Description", "Response Time", "Resolution Time", "Target", "Service Credit")
    assert [r.table_cells[0] for r in rows] == ["P1", "P2", "P3", "P4"]
    assert rows[2].table_cells == (
        "P3",
        "Medium: one User unable to perform a task, workaround available",
        "4 Service Hours",
        "3 Business Days",
        "90%",
        "1%",
    )
    assert rows[3].table_cells[2:4] == ("1 Business Day", "10 Business Days")


def test_docx_numbering_headings_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Schedule 3 Service Levels", level=1)
    document.add_paragraph("3.1 The Supplier shall answer 90% of calls within 30 seconds.")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Metric", "Target"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Abandon rate", "below 5%"
    path = tmp_path / "s.docx"
    document.save(str(path))
    clauses = load_document(path).clauses
    assert clauses[0].section == "3.1"
    assert clauses[0].heading_path[0].startswith("Schedule 3")
    assert clauses[1].kind == "table_row" and clauses[1].text == "Metric: Abandon rate | Target: below 5%"


def test_clause_json_round_trip_has_schema_version() -> None:
    import json

    document = load_document(b"1. The Supplier shall provide the Services.", name="a.txt")
    data = json.loads(json.dumps(document.to_dict()))
    assert data["schema_version"] == "1.0"
    assert data["document"]["sha256"] == document.sha256
    assert data["clauses"][0]["section"] == "1"
