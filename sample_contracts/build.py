#!/usr/bin/env python3
"""Build the bundled sample contracts from their structured sources.

For every ``source/<name>.json`` this writes, next to this script:

* ``<name>.pdf``  -- A4, reportlab, running header with the contract title, footer
  "Page N of M" (or "Pagina N van M"), a real text layer, service-level tables drawn
  as ruled tables with a header row (one table in ``servicedesk_watermelon`` is laid
  out without ruling lines, as aligned text columns);
* ``<name>.docx`` -- python-docx, headings, numbered paragraphs with the number
  written in the text, service-level tables as real Word tables with a header row,
  page header and footer;
* ``<name>.txt``  -- plain text; ruled tables as rows of cells joined by " | ",
  unruled tables as columns separated by two or more spaces.

Usage::

    python sample_contracts/build.py            # build all four contracts
    python sample_contracts/build.py --check    # build, then verify the outputs
    python sample_contracts/build.py NAME ...   # build only the named contracts

Requires ``reportlab`` and ``python-docx`` (``pip install reportlab python-docx``);
``--check`` also needs ``pdfplumber``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "source"

MAX_PDF_BYTES = 200_000
PAGE_RANGE = (4, 8)


# --------------------------------------------------------------------------- model


def load_contract(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        contract = json.load(fh)
    for i, block in enumerate(contract["blocks"]):
        if "type" not in block:
            raise ValueError(f"{path.name}: block {i} has no type")
        if block["type"] == "table":
            n = len(block["columns"])
            if len(block["widths"]) != n or any(len(r) != n for r in block["rows"]):
                raise ValueError(f"{path.name}: table {block.get('id')} has ragged rows")
            if "row_sla" in block and len(block["row_sla"]) != len(block["rows"]):
                raise ValueError(f"{path.name}: table {block.get('id')} row_sla length")
    return contract


def source_paths(names: list[str] | None = None) -> list[Path]:
    paths = sorted(SOURCE_DIR.glob("*.json"))
    if names:
        wanted = set(names)
        paths = [p for p in paths if p.stem in wanted]
        missing = wanted - {p.stem for p in paths}
        if missing:
            raise SystemExit(f"unknown contract(s): {', '.join(sorted(missing))}")
    return paths


def heading_text(block: dict) -> str:
    num = block.get("num") or ""
    text = block["text"]
    if not num:
        return text
    sep = block.get("sep")
    if sep is None:
        sep = " \u2013 " if num[0].isalpha() and not num.lower().startswith("artikel") else " "
    return f"{num}{sep}{text}"


def para_text(block: dict) -> str:
    """The paragraph as plain text, number written in front."""
    parts = []
    if block.get("num"):
        parts.append(block["num"])
    if block.get("title"):
        parts.append(block["title"] + ".")
    parts.append(block["text"])
    return " ".join(parts)


def table_caption(block: dict) -> str:
    return f"{block['id']} \u2013 {block['title']}" if block.get("title") else block["id"]


def labelled_clauses(contract: dict):
    """Yield one dict per clause with the labels intended by the author.

    Paragraphs and table rows are clauses; headings, titles and signature blocks are
    not. A paragraph or row with an ``sla`` pair ``[focus, style]`` is an SLA clause
    (``is_sla`` true); one without it is intended as ``is_sla`` false. Table rows are
    written as ``Header: value`` pairs joined by `` | ``, as in
    ``models/training/FORMAT.md``; each carries the table id in ``section``.
    """
    for block in contract["blocks"]:
        if block["type"] == "para":
            sla = block.get("sla")
            yield {
                "section": block.get("num"),
                "kind": block.get("kind", "clause"),
                "text": para_text(block),
                "is_sla": sla is not None,
                "focus": sla[0] if sla else None,
                "style": sla[1] if sla else None,
            }
        elif block["type"] == "table":
            for row, sla in zip(block["rows"], block.get("row_sla") or [None] * len(block["rows"])):
                yield {
                    "section": block["id"],
                    "kind": "table_row",
                    "text": " | ".join(f"{h}: {v}" for h, v in zip(block["columns"], row)),
                    "is_sla": sla is not None,
                    "focus": sla[0] if sla else None,
                    "style": sla[1] if sla else None,
                }


_DEF_HEAD = re.compile(r"^(.*?)(?=\s+means\b|\s+has the meaning\b|:\s)", re.S)
_QUOTED = re.compile(r'"[^"]+"')


def definition_spans(text: str) -> list[tuple[str, bool]]:
    """Split a definition into (text, bold) runs: quoted defined terms are bold."""
    m = _DEF_HEAD.match(text)
    head_end = m.end() if m else 0
    spans: list[tuple[str, bool]] = []
    pos = 0
    for q in _QUOTED.finditer(text, 0, head_end):
        if q.start() > pos:
            spans.append((text[pos:q.start()], False))
        spans.append((q.group(0), True))
        pos = q.end()
    spans.append((text[pos:], False))
    return [s for s in spans if s[0]]


# --------------------------------------------------------------------------- PDF


def build_pdf(contract: dict, out: Path) -> None:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        KeepTogether,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    rl_config.invariant = 1  # reproducible output (fixed dates and ids)

    page_w, page_h = A4
    left = right = 25 * mm
    top, bottom = 24 * mm, 22 * mm
    avail = page_w - left - right
    header = contract["header"]
    footer_fmt = contract["footer"]

    class NumberedCanvas(Canvas):
        """Defers page output so the footer can say "Page N of M"."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab API
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._decorate(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, total: int) -> None:
            self.saveState()
            self.setFont("Helvetica", 8)
            self.drawString(left, page_h - 14 * mm, header)
            self.setLineWidth(0.4)
            self.line(left, page_h - 15.5 * mm, page_w - right, page_h - 15.5 * mm)
            self.drawCentredString(page_w / 2, 12 * mm, footer_fmt.format(page=self._pageNumber, pages=total))
            self.restoreState()

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=10, leading=12.6, alignment=TA_JUSTIFY, spaceAfter=4)
    title_style = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=15, leading=19, alignment=TA_CENTER, spaceAfter=8)
    center_style = ParagraphStyle("center", parent=body, alignment=TA_CENTER, fontSize=10.5, leading=13.5, spaceAfter=10)
    h0 = ParagraphStyle("h0", fontName="Helvetica-Bold", fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=10)
    h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=10.5, leading=13, spaceBefore=9, spaceAfter=4, keepWithNext=1)
    h2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=10, leading=12.5, spaceBefore=6, spaceAfter=3, keepWithNext=1)
    caption = ParagraphStyle("caption", fontName="Helvetica-Bold", fontSize=9, leading=11, spaceBefore=4, spaceAfter=4, keepWithNext=1)
    cell_h = ParagraphStyle("cell_h", fontName="Helvetica-Bold", fontSize=8.5, leading=10.2, alignment=TA_LEFT)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10.2, alignment=TA_LEFT)
    text_cell_h = ParagraphStyle("text_cell_h", fontName="Times-Bold", fontSize=9.5, leading=11.5, alignment=TA_LEFT)
    text_cell = ParagraphStyle("text_cell", fontName="Times-Roman", fontSize=9.5, leading=11.5, alignment=TA_LEFT)
    sig = ParagraphStyle("sig", parent=body, alignment=TA_LEFT, spaceAfter=2)

    step = 26  # points of indent per level

    def markup(block: dict) -> str:
        if block.get("kind") == "definition":
            return "".join(f"<b>{escape(t)}</b>" if bold else escape(t) for t, bold in definition_spans(block["text"]))
        return escape(block["text"])

    def paragraph(block: dict):
        level = block.get("level", 0)
        indent = step * level
        num = block.get("num")
        text = markup(block)
        if block.get("title"):
            style = ParagraphStyle("p", parent=body, leftIndent=indent)
            lead = f"{num} {block['title']}." if num else f"{block['title']}."
            return Paragraph(f"<b>{escape(lead)}</b> {text}", style)
        if num:
            hang = max(step, stringWidth(num, "Times-Roman", 10) + 8)
            style = ParagraphStyle("p", parent=body, leftIndent=indent + hang, bulletIndent=indent, bulletFontName="Times-Roman", bulletFontSize=10)
            return Paragraph(text, style, bulletText=num)
        return Paragraph(text, ParagraphStyle("p", parent=body, leftIndent=indent))

    def table(block: dict):
        widths = [w * avail for w in block["widths"]]
        ruled = block.get("ruled", True)
        hs, cs = (cell_h, cell) if ruled else (text_cell_h, text_cell)
        data = [[Paragraph(escape(c), hs) for c in block["columns"]]]
        data += [[Paragraph(escape(c), cs) for c in row] for row in block["rows"]]
        t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        if ruled:
            style = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        else:  # SEC-filing style: aligned text columns, no rules, no shading
            style = [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 8),
            ]
        t.setStyle(TableStyle(style))
        return [Paragraph(escape(table_caption(block)), caption), t, Spacer(1, 8)]

    def signature(block: dict):
        cells = []
        for party in block["parties"]:
            flow = [Paragraph(f"<b>{escape(party['heading'])}</b>", sig), Spacer(1, 14)]
            flow += [Paragraph(escape(line), sig) for line in party["lines"]]
            cells.append(flow)
        n = len(cells)
        t = Table([cells], colWidths=[avail / n] * n, hAlign="LEFT")
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 14)]))
        return KeepTogether([Spacer(1, 10), Paragraph(escape(block["text"]), body), Spacer(1, 10), t])

    story = []
    for block in contract["blocks"]:
        kind = block["type"]
        if kind == "title":
            story.append(Paragraph(escape(block["text"]), title_style))
        elif kind == "center":
            story.append(Paragraph(escape(block["text"]), center_style))
        elif kind == "heading":
            level = block.get("level", 1)
            if level == 0:
                story.append(PageBreak())
                story.append(Paragraph(escape(heading_text(block)), h0))
            else:
                story.append(Paragraph(escape(heading_text(block)), h1 if level == 1 else h2))
        elif kind == "para":
            story.append(paragraph(block))
        elif kind == "table":
            story.extend(table(block))
        elif kind == "signature":
            story.append(signature(block))
        elif kind == "pagebreak":
            story.append(PageBreak())
        else:
            raise ValueError(f"unknown block type {kind!r}")

    doc = BaseDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=contract["title"].title() if contract["language"] == "en" else contract["title"].capitalize(),
        author="Watermelon sample contracts",
        subject=contract["profile"]["summary"][:200],
        creator="sample_contracts/build.py",
        pageCompression=1,
    )
    frame = Frame(left, bottom, avail, page_h - top - bottom, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=NumberedCanvas)


# --------------------------------------------------------------------------- DOCX


def build_docx(contract: dict, out: Path) -> None:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.header_distance = section.footer_distance = Mm(11)
    text_width_cm = 16.0

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 18), ("Heading 1", 12), ("Heading 2", 10.5)):
        st = styles[name]
        st.font.name = "Arial"
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.bold = True
        st.font.italic = False

    # header and footer
    hp = section.header.paragraphs[0]
    hr = hp.add_run(contract["header"])
    hr.font.size = Pt(8)
    hr.font.name = "Arial"

    def add_field(paragraph, instr: str) -> None:
        def fld_run(child):
            r = paragraph.add_run()
            r.font.size = Pt(8)
            r._r.append(child)

        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        fld_run(begin)
        instr_el = OxmlElement("w:instrText")
        instr_el.set(qn("xml:space"), "preserve")
        instr_el.text = f" {instr} "
        fld_run(instr_el)
        sep = OxmlElement("w:fldChar")
        sep.set(qn("w:fldCharType"), "separate")
        fld_run(sep)
        shown = paragraph.add_run("1")
        shown.font.size = Pt(8)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        fld_run(end)

    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(\{page\}|\{pages\})", contract["footer"]):
        if piece == "{page}":
            add_field(fp, "PAGE")
        elif piece == "{pages}":
            add_field(fp, "NUMPAGES")
        elif piece:
            fp.add_run(piece).font.size = Pt(8)

    def add_text_runs(p, block: dict) -> None:
        if block.get("kind") == "definition":
            for text, bold in definition_spans(block["text"]):
                p.add_run(text).bold = bold
        else:
            p.add_run(block["text"])

    def set_repeat_header(row) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)

    def shade(cell_, fill: str) -> None:
        tc_pr = cell_._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        tc_pr.append(shd)

    def cell_text(cell_, text: str, bold: bool = False) -> None:
        p = cell_.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(9)

    for block in contract["blocks"]:
        kind = block["type"]
        if kind == "title":
            doc.add_heading(block["text"], 0).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "center":
            p = doc.add_paragraph(block["text"])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "heading":
            level = block.get("level", 1)
            h = doc.add_heading(heading_text(block), 1 if level in (0, 1) else 2)
            if level == 0:
                h.paragraph_format.page_break_before = True
                h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "para":
            level = block.get("level", 0)
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            pf = p.paragraph_format
            indent = Cm(0.9 * level)
            num = block.get("num")
            if block.get("title"):
                pf.left_indent = indent
                lead = f"{num} {block['title']}." if num else f"{block['title']}."
                p.add_run(lead).bold = True
                p.add_run(" ")
                add_text_runs(p, block)
            elif num:
                hang = Cm(0.9) if len(num) <= 4 else Cm(1.3)
                pf.left_indent = indent + hang
                pf.first_line_indent = -hang
                pf.tab_stops.add_tab_stop(indent + hang)
                p.add_run(num + "\t")
                add_text_runs(p, block)
            else:
                pf.left_indent = indent
                add_text_runs(p, block)
        elif kind == "table":
            cap = doc.add_paragraph()
            cap.add_run(table_caption(block)).bold = True
            cap.paragraph_format.keep_with_next = True
            cols = block["columns"]
            ruled = block.get("ruled", True)
            t = doc.add_table(rows=1, cols=len(cols))
            if ruled:
                t.style = styles["Table Grid"]
            t.alignment = WD_TABLE_ALIGNMENT.LEFT
            t.autofit = False
            hdr = t.rows[0]
            set_repeat_header(hdr)
            for c, text in zip(hdr.cells, cols):
                cell_text(c, text, bold=True)
                if ruled:
                    shade(c, "D9D9D9")
            for row in block["rows"]:
                cells = t.add_row().cells
                for c, text in zip(cells, row):
                    cell_text(c, text)
            for row in t.rows:
                for c, w in zip(row.cells, block["widths"]):
                    c.width = Cm(text_width_cm * w)
            doc.add_paragraph()
        elif kind == "signature":
            doc.add_paragraph(block["text"]).paragraph_format.space_before = Pt(12)
            for party in block["parties"]:
                hp_ = doc.add_paragraph()
                hp_.paragraph_format.space_before = Pt(12)
                hp_.paragraph_format.keep_with_next = True
                hp_.add_run(party["heading"]).bold = True
                for line in party["lines"]:
                    lp = doc.add_paragraph(line)
                    lp.paragraph_format.space_after = Pt(2)
                    lp.paragraph_format.keep_with_next = True
        elif kind == "pagebreak":
            doc.add_page_break()
        else:
            raise ValueError(f"unknown block type {kind!r}")

    props = doc.core_properties
    props.title = contract["title"]
    props.author = "Watermelon sample contracts"
    props.last_modified_by = "sample_contracts/build.py"
    props.subject = contract["profile"]["summary"][:200]
    props.language = contract["language"]
    stamp = _dt.datetime(2025, 1, 1, 0, 0, 0)
    props.created = props.modified = stamp
    props.revision = 1
    doc.save(str(out))


# --------------------------------------------------------------------------- TXT


def render_txt(contract: dict) -> str:
    lines: list[str] = []

    def blank() -> None:
        if lines and lines[-1] != "":
            lines.append("")

    for block in contract["blocks"]:
        kind = block["type"]
        if kind in ("title", "center"):
            blank()
            lines.append(block["text"])
        elif kind == "heading":
            blank()
            if block.get("level", 1) == 0:
                lines.append("")
            lines.append(heading_text(block))
        elif kind == "para":
            blank()
            lines.append("    " * block.get("level", 0) + para_text(block))
        elif kind == "table":
            blank()
            lines.append(table_caption(block))
            lines.append("")
            rows = [block["columns"], *block["rows"]]
            if block.get("ruled", True):
                lines.extend(" | ".join(r) for r in rows)
            else:
                widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
                for r in rows:
                    lines.append("   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        elif kind == "signature":
            blank()
            lines.append(block["text"])
            for party in block["parties"]:
                lines.append("")
                lines.append(party["heading"])
                lines.extend(party["lines"])
        elif kind == "pagebreak":
            blank()
        else:
            raise ValueError(f"unknown block type {kind!r}")
    return "\n".join(lines).rstrip() + "\n"


def build_txt(contract: dict, out: Path) -> None:
    out.write_text(render_txt(contract), encoding="utf-8")


# --------------------------------------------------------------------------- check


def check(contract: dict) -> dict:
    """Verify the three outputs of one contract; returns facts for the report."""
    import pdfplumber
    from docx import Document

    name = contract["name"]
    pdf_path, docx_path, txt_path = (HERE / f"{name}.{ext}" for ext in ("pdf", "docx", "txt"))
    problems: list[str] = []
    tables = [b for b in contract["blocks"] if b["type"] == "table"]

    size = pdf_path.stat().st_size
    if size >= MAX_PDF_BYTES:
        problems.append(f"PDF is {size} bytes")
    table_pages: dict[str, int] = {}
    with pdfplumber.open(str(pdf_path)) as pdf:
        pages = len(pdf.pages)
        if not PAGE_RANGE[0] <= pages <= PAGE_RANGE[1]:
            problems.append(f"{pages} pages, expected {PAGE_RANGE}")
        first = pdf.pages[0].extract_text() or ""
        if contract["title"] not in first:
            problems.append("title not in the text of page 1")
        footer = contract["footer"].format(page=1, pages=pages)
        if footer not in first:
            problems.append(f"footer {footer!r} not on page 1")
        if contract["header"] not in first:
            problems.append("running header not on page 1")
        texts = [p.extract_text() or "" for p in pdf.pages]
        for t in tables:
            cap = table_caption(t)
            hits = [i + 1 for i, tx in enumerate(texts) if cap in tx]
            if not hits:
                problems.append(f"caption {cap!r} not found in PDF text")
                continue
            table_pages[t["id"]] = hits[0]
            page = pdf.pages[hits[0] - 1]
            found = page.find_tables()
            headers = [[(c or "").replace("\n", " ") for c in (ft.extract()[0] if ft.extract() else [])] for ft in found]
            ruled_found = t["columns"] in headers
            if t.get("ruled", True) and not ruled_found:
                problems.append(f"{t['id']}: no ruled table with header {t['columns']} on page {hits[0]}")
            if not t.get("ruled", True):
                if ruled_found:
                    problems.append(f"{t['id']}: should have no ruling lines")
                # no ruling lines between the caption and the clause after the table
                y0 = page.search(cap, regex=False)[0]["bottom"]
                y1 = page.height
                nxt = contract["blocks"].index(t) + 1
                if nxt < len(contract["blocks"]) and contract["blocks"][nxt]["type"] == "para":
                    after = page.search(para_text(contract["blocks"][nxt])[:20], regex=False)
                    if after:
                        y1 = after[0]["top"]
                if any(y0 < e["top"] < y1 or y0 < e["bottom"] < y1 for e in page.edges):
                    problems.append(f"{t['id']}: ruling lines inside the unruled table")
                first_row = t["rows"][0]
                if not all(cell.split()[0] in texts[hits[0] - 1] for cell in first_row):
                    problems.append(f"{t['id']}: first row text missing")

    doc = Document(str(docx_path))
    docx_headers = [[c.text for c in tb.rows[0].cells] for tb in doc.tables]
    for t in tables:
        if t["columns"] not in docx_headers:
            problems.append(f"{t['id']}: no Word table with header {t['columns']}")
    if not any(contract["header"] in p.text for p in doc.sections[0].header.paragraphs):
        problems.append("docx header missing")
    if len(doc.tables) != len(tables):
        problems.append(f"docx has {len(doc.tables)} tables, expected {len(tables)}")

    txt = txt_path.read_text(encoding="utf-8")
    for t in tables:
        if table_caption(t) not in txt:
            problems.append(f"{t['id']}: caption missing from txt")

    return {"name": name, "pages": pages, "pdf_bytes": size, "table_pages": table_pages, "problems": problems}


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="contract names (default: all in source/)")
    ap.add_argument("--check", action="store_true", help="verify the outputs after building")
    args = ap.parse_args(argv)

    failed = False
    for path in source_paths(args.names):
        contract = load_contract(path)
        name = contract["name"]
        if name != path.stem:
            raise SystemExit(f"{path.name}: name {name!r} does not match the file name")
        build_pdf(contract, HERE / f"{name}.pdf")
        build_docx(contract, HERE / f"{name}.docx")
        build_txt(contract, HERE / f"{name}.txt")
        line = f"built {name}: .pdf .docx .txt"
        if args.check:
            facts = check(contract)
            pages = ", ".join(f"{k} p.{v}" for k, v in facts["table_pages"].items())
            line += f" | {facts['pages']} pages, {facts['pdf_bytes'] // 1024} KB, tables: {pages}"
            if facts["problems"]:
                failed = True
                line += "\n  PROBLEMS: " + "; ".join(facts["problems"])
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
