"""Plain text and Markdown reader."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import UnsupportedFormatError
from .cleanup import column_pieces, remove_repeated_lines, remove_running_lines, strip_trailing_running_text
from .html_tables import html_tables_as_pipes
from .layout import Block, Line, RawDocument, TableBlock, TableRow

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise UnsupportedFormatError(name, "binary data, not a PDF, DOCX or text file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_text(data: bytes, name: str, sha256: str) -> RawDocument:
    text = html_tables_as_pipes(decode_text(data, name).replace("\r\n", "\n").replace("\r", "\n"))
    raw_pages = [page.split("\n") for page in text.split("\f")]
    pages: list[list[Line]] = []
    # Text saved one paragraph per line (long lines, no blank lines between): every
    # line end is a paragraph end. Hard-wrapped text only breaks at blank lines.
    unwrapped = _one_paragraph_per_line(raw for page in raw_pages for raw in page)
    for page_no, page_lines in enumerate(raw_pages, start=1):
        lines: list[Line] = []
        gap = True
        for raw in page_lines:
            if not raw.strip() or _MD_RULE.match(raw):
                gap = True
                continue
            style = ""
            heading = _MD_HEADING.match(raw)
            if heading:
                raw, style = heading.group(2), "heading"
            line_text = raw.rstrip().expandtabs(8)
            lines.append(
                Line(
                    text=line_text,
                    page=page_no,
                    pieces=column_pieces(line_text),
                    break_before=gap or bool(style),
                    style=style,
                )
            )
            gap = bool(style) or unwrapped
        pages.append(lines)
    if len(pages) > 1:
        pages = remove_running_lines(pages)
    lines = [line for page in pages for line in page]
    if len(pages) == 1:  # no form feeds: old page ends are only known by what repeats there
        lines = strip_trailing_running_text(remove_repeated_lines(lines))
    blocks = tuple(_pipe_tables(lines))
    return RawDocument(name=name, sha256=sha256, format="text", page_count=len(pages), blocks=blocks)


# Hard-wrapped text keeps its lines under a fixed width (72-100 characters); a tenth
# of the lines longer than this means lines are whole paragraphs.
_WRAP_WIDTH = 150


def _one_paragraph_per_line(raw_lines: Iterable[str]) -> bool:
    lengths = sorted(len(line) for line in raw_lines if line.strip() and "|" not in line)
    return bool(lengths) and lengths[int(len(lengths) * 0.9)] > _WRAP_WIDTH


_CELL_BAR = re.compile(r"\s+\|(?=\s|$)")


def _pipe_cells(line: Line) -> tuple[str, ...]:
    text = line.text.strip()
    if text.startswith("|") and text.endswith("|") and len(text) > 2:
        return tuple(cell.strip() for cell in text[1:-1].split("|"))
    if " | " in text:
        # cells may be empty: "1.  FRAMEWORK MANAGEMENT |  | " is a row of three
        return tuple(cell.strip() for cell in _CELL_BAR.split(text))
    return ()


def _pipe_tables(lines: list[Line]) -> list[Block]:
    """Pipe tables (Markdown, or cells joined by ' | ') become tables when at least
    two consecutive lines have the same number of cells; the first is the header."""
    out: list[Block] = []
    i = 0
    while i < len(lines):
        width = len(_pipe_cells(lines[i]))
        j = i
        while width >= 2 and j < len(lines) and len(_pipe_cells(lines[j])) == width:
            j += 1
        if j - i < 2:
            out.append(lines[i])
            i += 1
            continue
        rows = [_pipe_cells(line) for line in lines[i:j]]
        header, body = rows[0], rows[1:]
        out.append(
            TableBlock(
                header=header,
                rows=tuple(TableRow(cells=row, page=line.page) for row, line in zip(body, lines[i + 1 : j])),
                page=lines[i].page,
                source="text",
            )
        )
        i = j
    return out
