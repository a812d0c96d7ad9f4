"""DOCX reader (python-docx): paragraphs with their list numbers, headings, tables."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ..errors import CorruptDocumentError
from .layout import Block, Line, RawDocument, TableBlock, TableRow

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str, sha256: str) -> RawDocument:
    import docx  # python-docx; imported here so text-only users never pay for it

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptDocumentError(name, f"not a readable DOCX file ({exc.__class__.__name__})") from exc
    except Exception as exc:  # python-docx raises several private types for bad packages
        raise CorruptDocumentError(name, f"not a readable DOCX file ({exc})") from exc
    numbering = _Numbering(document)
    blocks: list[Block] = []
    for kind, element in _body_items(document):
        if kind == "p":
            line = _paragraph_line(element, numbering, document)
            if line is not None:
                blocks.append(line)
        else:
            table = _table_block(element, document)
            if table is not None:
                blocks.append(table)
    return RawDocument(name=name, sha256=sha256, format="docx", page_count=1, blocks=tuple(blocks))


def _body_items(document: Any) -> Iterator[tuple[str, Any]]:
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            yield "p", child
        elif child.tag == f"{_W}tbl":
            yield "tbl", child


def _paragraph_line(element: Any, numbering: _Numbering, document: Any) -> Line | None:
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(element, document)
    text = paragraph.text.replace("\t", " ").strip()
    if not text:
        return None
    style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
    label = numbering.label(paragraph)
    if label and not text.startswith(label):
        text = f"{label} {text}"
    style = "heading" if style_name.lower().startswith(("heading", "title", "kop")) else ""
    return Line(text=text, page=1, break_before=True, style=style)


def _table_block(element: Any, document: Any) -> TableBlock | None:
    from docx.table import Table

    table = Table(element, document)
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats itself across the span
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(tuple(cells))
    if not rows:
        return None
    header, body = rows[0], rows[1:]
    return TableBlock(
        header=header,
        rows=tuple(TableRow(cells=r, page=1) for r in body),
        page=1,
        source="docx",
    )


class _Numbering:
    """Renders Word's automatic list numbers ('1.2', '(a)') that python-docx leaves out."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._counters: dict[str, list[int]] = {}
        self._style_levels: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        pstyles: dict[str, dict[str, int]] = {}
        for absnum in root.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in absnum.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{_W}lvlText")) or ""
                start = int(_val(lvl.find(f"{_W}start")) or "1")
                levels[ilvl] = (fmt, text, start)
                style_ref = _val(lvl.find(f"{_W}pStyle"))
                if style_ref:
                    pstyles.setdefault(absnum.get(f"{_W}abstractNumId", ""), {})[style_ref] = ilvl
            abstract[absnum.get(f"{_W}abstractNumId", "")] = levels
        for num in root.findall(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            ref = _val(num.find(f"{_W}abstractNumId")) or ""
            for ilvl, spec in abstract.get(ref, {}).items():
                self._levels[(num_id, ilvl)] = spec
            for style_id, ilvl in pstyles.get(ref, {}).items():
                self._style_levels[(num_id, style_id)] = ilvl

    def label(self, paragraph: Any) -> str:
        num_id, ilvl = _num_props(paragraph, self._style_levels)
        if num_id is None or (num_id, ilvl) not in self._levels:
            return ""
        fmt, template, start = self._levels[(num_id, ilvl)]
        counters = self._counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            level_start = self._levels.get((num_id, len(counters)), ("decimal", "", 1))[2]
            counters.append(level_start - 1)
        counters[ilvl] += 1
        del counters[ilvl + 1 :]
        if fmt in ("bullet", "none"):
            return ""
        label = template
        for level in range(ilvl + 1):
            level_fmt = self._levels.get((num_id, level), ("decimal", "", 1))[0]
            value = counters[level] if level < len(counters) else start
            label = label.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return label.strip()


def _val(element: Any) -> str | None:
    return None if element is None else element.get(f"{_W}val")


def _num_props(paragraph: Any, style_levels: dict[tuple[str, str], int] | None = None) -> tuple[str | None, int]:
    """numId and level of a paragraph: on the paragraph itself, or inherited from its
    style and the styles that style is based on."""
    sources = [(paragraph._p.pPr, None)]
    style = paragraph.style
    while style is not None:
        sources.append((style.element.pPr, style.style_id))
        style = style.base_style
    for source, style_id in sources:
        if source is None:
            continue
        num_pr = source.find(f"{_W}numPr")
        if num_pr is None:
            continue
        num_id = _val(num_pr.find(f"{_W}numId"))
        if not num_id or num_id == "0":
            return None, 0
        ilvl_text = _val(num_pr.find(f"{_W}ilvl"))
        if ilvl_text is None and style_id is not None and style_levels is not None:
            return num_id, style_levels.get((num_id, style_id), 0)
        return num_id, int(ilvl_text or "0")
    return None, 0


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(value).lower()
    if fmt == "upperLetter":
        return _letters(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperRoman":
        return _roman(value)
    return str(value)


def _letters(value: int) -> str:
    out = ""
    while value > 0:
        value, rem = divmod(value - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for number, numeral in numerals:
        while value >= number:
            out += numeral
            value -= number
    return out or "I"
