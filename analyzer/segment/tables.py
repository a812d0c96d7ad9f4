"""Tables laid out as text columns (no ruling lines), as SEC filings and plain-text
contracts do: consecutive lines whose pieces line up under a header."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from ..ingest.layout import Block, Line, Piece, TableBlock, TableRow
from .numbering import parse_marker

_PAGE_REF = re.compile(r"^(?:\.{2,}\s*)?\d{1,3}$")
_DOT_LEADER_REF = re.compile(r"(?:\.{3,}|…+)\s*\d{1,3}\s*$")


def drop_table_of_contents(lines: Sequence[Line], min_run: int = 3) -> list[Line]:
    """Remove runs of table-of-contents lines ('12.1 Datec's Obligations ..... 33'), and
    a contents list without page numbers under its title ("TABLE OF CONTENT", then
    "1. Definitions", "2. Purpose and Scope", ...)."""
    lines = _drop_unpaged_contents(lines, min_run)
    flags = [_is_toc_line(line) for line in lines]
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if flags[i]:
            j = i
            while j < len(lines) and (flags[j] or _is_toc_heading(lines, j, flags)):
                j += 1
            if sum(flags[i:j]) >= min_run:
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out


_CONTENTS_TITLE = re.compile(r"^\s*(?:table\s+of\s+contents?|contents|index|inhoud(?:sopgave)?)\s*:?\s*$", re.I)
_CONTENTS_ENTRY_CHARS = 90


def _drop_unpaged_contents(lines: Sequence[Line], min_run: int) -> list[Line]:
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if _CONTENTS_TITLE.match(lines[i].text):
            j = i + 1
            while j < len(lines) and _is_contents_entry(lines[j]):
                j += 1
            if j - i - 1 >= min_run:
                i = j  # the title and its entries: the headings come again with their clauses
                continue
        out.append(lines[i])
        i += 1
    return out


def _is_contents_entry(line: Line) -> bool:
    text = line.text.strip()
    marker = parse_marker(text)
    return (
        marker is not None and bool(marker.rest.strip()) and len(text) <= _CONTENTS_ENTRY_CHARS and not text.endswith((".", ";", ":", ","))
    )


def _is_toc_line(line: Line) -> bool:
    if _DOT_LEADER_REF.search(line.text):
        return True
    if len(line.pieces) >= 2 and _PAGE_REF.match(line.pieces[-1].text.strip()):
        first = line.text[: line.pieces[-1].start].strip()
        return 0 < len(first) <= 90 and not first.endswith((".", ";", ","))
    return False


def _is_toc_heading(lines: Sequence[Line], j: int, flags: Sequence[bool]) -> bool:
    # Unnumbered group titles between TOC entries ("Termination") belong to the TOC.
    line = lines[j]
    return len(line.text) <= 60 and not line.text.rstrip().endswith((".", ";", ":")) and j + 1 < len(lines) and flags[j + 1]


def detect_column_tables(lines: Sequence[Line], tolerance: float) -> list[Block]:
    """Replace runs of column-aligned lines by `TableBlock`s; keep other lines."""
    out: list[Block] = []
    i = 0
    while i < len(lines):
        table, consumed = _table_at(lines, i, tolerance)
        if table is None:
            out.append(lines[i])
            i += 1
            continue
        if consumed[0] < i:  # the header's first line was already emitted as a line
            out.pop()
        out.append(table)
        i = consumed[1]
    return out


def _cells(line: Line) -> tuple[Piece, ...]:
    pieces = tuple(p for p in line.pieces if p.text.strip(" |"))
    if pieces and is_bare_marker(pieces[0].text) and len(pieces) <= 2:
        return ()  # "(a)   text" or "•   text" is a list item, not a two-column row
    return pieces


def is_bare_marker(text: str) -> bool:
    # The probe word must read as the start of a clause: "X" was taken for a
    # multiplication sign ("4. X" as a quantity), so "4." in a column was no marker.
    marker = parse_marker(text.strip() + " Probe")
    return marker is not None and marker.rest == "Probe"


def _is_header(line: Line) -> bool:
    cells = _cells(line)
    return len(cells) >= 2 and all(len(p.text.strip()) <= 40 for p in cells) and not line.text.rstrip().endswith((".", ";"))


def _column_of(piece: Piece, columns: Sequence[float], tolerance: float) -> int | None:
    """The nearest column (the leftmost of two as near) if it is within `tolerance`.
    `columns` stand left to right, so a binary search finds it: a line of hundreds of
    cells against a header of hundreds is not quadratic."""
    right = bisect_left(columns, piece.x0)
    best = min((c for c in (right - 1, right) if 0 <= c < len(columns)), key=lambda c: abs(columns[c] - piece.x0))
    return best if abs(columns[best] - piece.x0) <= tolerance else None


# A header cell's wrapped second line is a word or two ("Time" under "Response").
_WRAPPED_HEADER_CHARS = 25


def _add_cells(cells: list[str], placed: Sequence[tuple[int | None, Piece]]) -> None:
    """Append each piece's text to the cell of its column."""
    for column, piece in placed:
        assert column is not None
        cells[column] = f"{cells[column]} {piece.text.strip()}".strip()


def _table_at(lines: Sequence[Line], i: int, tolerance: float) -> tuple[TableBlock | None, tuple[int, int]]:
    header_line = lines[i]
    if not _is_header(header_line):
        return None, (i, i)
    columns = [p.x0 for p in _cells(header_line)]
    if any(a > b for a, b in zip(columns, columns[1:])):
        return None, (i, i)  # a header reads left to right; anything else is not one
    header = [p.text.strip() for p in _cells(header_line)]
    start = i
    # A header cell wrapped onto two lines ("Severity" above "Level").
    if i > 0 and not header_line.break_before:
        above = lines[i - 1]
        above_cells = _cells(above) or above.pieces
        if len(above_cells) == 1 and len(above.text) <= 15 and above.page == header_line.page:
            column = _column_of(above_cells[0], columns, tolerance)
            if column is not None:
                header[column] = f"{above.text.strip()} {header[column]}"
                start = i - 1
    j = i + 1
    # Header cells wrapped onto a second line ("Response" over "Time"): short pieces
    # under the header's columns, none under the first (where a data row has its key).
    while j < len(lines) and not lines[j].break_before:
        below = [(_column_of(p, columns, tolerance), p) for p in _cells(lines[j]) or lines[j].pieces]
        if not below or not all(c is not None and c > 0 and len(p.text.strip()) <= _WRAPPED_HEADER_CHARS for c, p in below):
            break
        _add_cells(header, below)
        j += 1
    rows: list[list[str]] = []
    row_lines: list[list[Line]] = []
    while j < len(lines):
        line = lines[j]
        cells = _cells(line)
        placed = [(_column_of(p, columns, tolerance), p) for p in (cells or line.pieces)]
        if any(column is None for column, _ in placed) or not placed:
            break
        texts = [p.text.strip().lower() for _, p in placed]
        if len(placed) == len(header) and texts == [h.lower() for h in header]:
            break  # the header repeated: a new table starts here
        if len(placed) == 1 and parse_marker(line.text) is not None:
            break  # a numbered heading or clause after the table
        short = len(line.text) <= 40
        # wrapped cells of the row above: nothing under the key column, or one short piece
        continues_row = rows and not line.break_before and (all(c != 0 for c, _ in placed) or (len(placed) == 1 and short))
        if continues_row:
            _add_cells(rows[-1], placed)
            row_lines[-1].append(line)
        elif len(placed) >= 2 or (placed[0][0] == 0 and short and rows and line.break_before):
            row = [""] * len(columns)
            _add_cells(row, placed)
            rows.append(row)
            row_lines.append([line])
        else:
            break
        j += 1
    if len(rows) < 2 and not (rows and len(columns) >= 3):
        return None, (i, i)
    table_rows = []
    for row, members in zip(rows, row_lines):
        boxes = [m.box for m in members if m.box is not None]
        box = boxes[0] if boxes else None
        for other in boxes[1:]:
            box = box.union(other) if box else other
        table_rows.append(TableRow(cells=tuple(row), page=members[0].page, box=box))
    return (
        TableBlock(
            header=tuple(header),
            rows=tuple(table_rows),
            page=header_line.page,
            source="columns",
            box=header_line.box,
            header_box=header_line.box,
        ),
        (start, j),
    )


# A column name is a few words; a first row with a cell longer than this is data (a
# table continued from the previous page) or prose that ruling lines happen to frame.
_MAX_HEADER_WORDS = 15


def reads_as_header(header: Sequence[str]) -> bool:
    return any(cell.strip() for cell in header) and all(len(cell.split()) <= _MAX_HEADER_WORDS for cell in header)


def with_sound_headers(blocks: Iterable[Block]) -> Iterator[Block]:
    """Tables whose first row is not column names get that row back as data: under the
    previous table's header when they continue it (right after it, as many columns),
    else under no header. Otherwise every row would carry that text as its 'header'."""
    previous: Block | None = None
    for block in blocks:
        if isinstance(block, TableBlock) and block.header and not reads_as_header(block.header):
            first = TableRow(cells=block.header, page=block.page, box=block.header_box)
            block = replace(block, header=_continued_header(previous, block), rows=(first, *block.rows), header_box=None)
        yield block
        previous = block


def _continued_header(previous: Block | None, table: TableBlock) -> tuple[str, ...]:
    """The header of the table just before, when `table` continues it (as many columns)."""
    if isinstance(previous, TableBlock) and reads_as_header(previous.header) and len(previous.header) == len(table.header):
        return previous.header
    return ()
