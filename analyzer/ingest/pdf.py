"""PDF reader.

pypdfium2 gives the text layer, line geometry and ruling lines at hundreds of pages
per second; pdfplumber (about 60x slower) is kept for page images and for
`table_engine="pdfplumber"`. Ruled tables are rebuilt from the page's vector rules
here so that the default path never pays pdfplumber's price.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..errors import CorruptDocumentError, DocumentTooLargeError, EncryptedDocumentError, NoTextLayerError
from .cleanup import remove_running_lines, repair_hyphenation
from .layout import Block, Box, Line, PageSize, Piece, RawDocument, TableBlock, TableRow
from .limits import ReadLimits

TableEngine = Literal["rules", "pdfplumber"]

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
# Wider than a word space in body text, narrower than a column gutter.
_CELL_GAP_PT = 6.0
_RULE_THICKNESS = 3.0


def read_pdf(
    data: bytes,
    name: str,
    sha256: str,
    limits: ReadLimits = ReadLimits(),
    table_engine: TableEngine = "rules",
) -> RawDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise EncryptedDocumentError(name, "the PDF is password-protected; remove the password and try again") from exc
        raise CorruptDocumentError(name, f"corrupt or truncated PDF ({exc})") from exc
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise CorruptDocumentError(name, "the PDF has no pages")
        if page_count > limits.max_pages:
            raise DocumentTooLargeError(name, f"{page_count} pages, more than the limit of {limits.max_pages}")
        pages: list[list[Line]] = []
        page_grids: list[list[_Grid]] = []
        sizes: list[PageSize] = []
        text_chars = 0
        for index in range(page_count):
            page = pdf[index]
            width, height = page.get_size()
            sizes.append(PageSize(width, height))
            grids = _grids(page, height) if table_engine == "rules" else []
            rules = sorted({x for grid in grids for x in grid.xs})
            lines = _page_lines(page, index + 1, height, rules)
            text_chars += sum(len(line.text.strip()) for line in lines)
            pages.append(lines)
            page_grids.append(grids)
            page.close()
    finally:
        pdf.close()
    if text_chars < 20 * page_count:
        raise NoTextLayerError(
            name,
            "no text layer (a scanned PDF?): run OCR first, e.g. `ocrmypdf in.pdf out.pdf`",
        )
    # after the running lines are gone: a footer level with a page number is not a table row
    cleaned = [_rejoin_rows(lines, grids) for lines, grids in zip(remove_running_lines(pages), page_grids)]
    tables: list[list[tuple[int, TableBlock]]] = []
    if table_engine == "pdfplumber":
        tables = _pdfplumber_tables(data, cleaned)
    else:
        for page_no, (lines, grids) in enumerate(zip(cleaned, page_grids), start=1):
            remaining, page_tables = _extract_ruled_tables(lines, grids, page_no)
            lines[:] = remaining
            tables.append(page_tables)
    blocks: list[Block] = []
    for lines, page_tables in zip(cleaned, tables):
        blocks.extend(_interleave(lines, page_tables))
    merged = _repair_blocks(blocks)
    return RawDocument(
        name=name,
        sha256=sha256,
        format="pdf",
        page_count=page_count,
        blocks=tuple(merged),
        page_sizes=tuple(sizes),
    )


def _page_lines(page: Any, page_no: int, height: float, rules: Sequence[float] = ()) -> list[Line]:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        found: list[tuple[str, tuple[Piece, ...], Box | None]] = []
        position = 0
        for match in [*_LINE_BREAK.finditer(text), None]:
            end = match.start() if match else len(text)
            raw = text[position:end]
            start = position
            position = match.end() if match else len(text)
            stripped = raw.strip()
            if not stripped:
                continue
            lead = len(raw) - len(raw.lstrip())
            line_text = _normalise(stripped)
            pieces, box = _line_pieces(textpage, start + lead, len(stripped), line_text, height, rules)
            found.append((line_text, pieces, box))
        breaks = _paragraph_breaks([box for _, _, box in found])
        return [
            Line(text=line_text, page=page_no, box=box, pieces=pieces, break_before=gap)
            for (line_text, pieces, box), gap in zip(found, breaks)
        ]
    finally:
        textpage.close()


# How far back a cell drawn out of order may find its row, and how level it must be.
_ROW_WINDOW = 8
_ROW_LEVEL_PT = 1.5
# Only short cells move: a wrapped paragraph beside a label ('"Emergency / Maintenance"'
# then its definition) reads right in the order it was drawn.
_CELL_CHARS = 25


def _rejoin_rows(lines: list[Line], grids: Sequence[_Grid] = ()) -> list[Line]:
    """A table typeset cell by cell without ruling lines reaches the text layer as one
    line per cell, jumping back up the page for each column ('P1 Critical ...', then
    '15 minutes   4 hours' at the same height). Each such line of short cells joins the
    recent line it stands level with and beside, so a row reads as one line of cells
    again. Inside a ruled grid the grid itself puts cells in rows."""
    out: list[Line] = []
    for line in lines:
        movable = (
            all(len(piece.text.strip()) <= _CELL_CHARS for piece in _pieces_of(line))
            and _jumps_back_up(out, line)
            and _grid_of(line, grids) is None
        )
        row = _level_neighbour(out, line) if movable else None
        if row is None:
            out.append(line)
        else:
            out[row] = _side_by_side(out[row], line)
    if len(out) == len(lines):
        return out
    # Paragraph breaks were judged in drawing order; judge them again between the
    # lines as they now follow each other.
    breaks = _paragraph_breaks([line.box for line in out])
    return [line if line.break_before == gap else replace(line, break_before=gap) for line, gap in zip(out, breaks)]


def _paragraph_breaks(boxes: Sequence[Box | None]) -> list[bool]:
    """Per line, whether a paragraph break precedes it (a gap from the last line with a box)."""
    breaks: list[bool] = []
    previous: Box | None = None
    for box in boxes:
        breaks.append(_is_paragraph_gap(previous, box))
        previous = box or previous
    return breaks


def _pieces_of(line: Line) -> tuple[Piece, ...]:
    """The line's pieces; a line the text layer gave as one run is one piece."""
    if line.pieces:
        return line.pieces
    x0, x1 = (line.box.x0, line.box.x1) if line.box else (0.0, 0.0)
    return (Piece(0, line.text, x0, x1),)


def _jumps_back_up(lines: Sequence[Line], line: Line) -> bool:
    """The line starts higher on the page than the one before it: the next column of
    a row, not the next line of text."""
    previous = lines[-1].box if lines else None
    return previous is not None and line.box is not None and line.box.top < previous.top - _ROW_LEVEL_PT


def _level_neighbour(lines: Sequence[Line], line: Line) -> int | None:
    if line.box is None:
        return None
    for index in range(len(lines) - 1, max(len(lines) - _ROW_WINDOW, 0) - 1, -1):
        other = lines[index].box
        if other is None or abs(other.top - line.box.top) > _ROW_LEVEL_PT:
            continue
        if line.box.x0 >= other.x1 - 1 or line.box.x1 <= other.x0 + 1:  # beside it, not on top of it
            return index
    return None


def _side_by_side(first: Line, second: Line) -> Line:
    """One line with the pieces of both, left to right, three spaces between pieces."""
    assert first.box is not None and second.box is not None
    parts = sorted([*_pieces_of(first), *_pieces_of(second)], key=lambda piece: piece.x0)
    pieces: list[Piece] = []
    text = ""
    for part in parts:
        if text:
            text += "   "
        pieces.append(Piece(len(text), part.text, part.x0, part.x1))
        text += part.text
    return replace(first, text=text, pieces=tuple(pieces), box=first.box.union(second.box))


def _normalise(text: str) -> str:
    return text.replace("\xa0", " ").replace("\ufffe", "").replace("\x02", "-")


def _line_pieces(
    textpage: Any, start: int, count: int, line_text: str, height: float, rules: Sequence[float] = ()
) -> tuple[tuple[Piece, ...], Box | None]:
    n_rects = textpage.count_rects(start, count)
    rects: list[tuple[float, float, float, float]] = []
    for i in range(n_rects):
        left, bottom, right, top = textpage.get_rect(i)
        rects.append((left, height - top, right, height - bottom))
    if not rects:
        return (), None
    box = Box(min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
    # Merge rects into pieces wherever the gap between them is narrow.
    groups: list[list[tuple[float, float, float, float]]] = [[rects[0]]]
    for rect in rects[1:]:
        last = groups[-1][-1]
        ruled_apart = any(last[2] - 1 <= x <= rect[0] + 1 for x in rules)
        if rect[0] - last[2] > _CELL_GAP_PT or rect[0] < last[0] or ruled_apart:
            groups.append([rect])
        else:
            groups[-1].append(rect)
    if len(groups) == 1:
        return (Piece(0, line_text, box.x0, box.x1),), box
    starts: list[int] = [0]
    for group in groups[1:]:
        x0, top, _, bottom = group[0]
        y = height - (top + bottom) / 2
        index = textpage.get_index(x0 + 0.5, y, 2.0, 2.0)
        offset = index - start if index is not None and index >= 0 else -1
        starts.append(min(max(offset, starts[-1]), len(line_text)))
    pieces: list[Piece] = []
    for i, group in enumerate(groups):
        begin = starts[i]
        end = starts[i + 1] if i + 1 < len(starts) else len(line_text)
        chunk = line_text[begin:end]
        if chunk.strip():
            pieces.append(Piece(begin, chunk.rstrip(), group[0][0], max(r[2] for r in group)))
    return tuple(pieces), box


def _is_paragraph_gap(previous: Box | None, current: Box | None) -> bool:
    if previous is None or current is None:
        return previous is None
    line_height = max(current.bottom - current.top, 1.0)
    gap = current.top - previous.bottom
    return gap > 0.75 * line_height or gap < -2 * line_height


@dataclass(frozen=True)
class _Grid:
    box: Box
    xs: tuple[float, ...]
    ys: tuple[float, ...]


def _grids(page: Any, height: float) -> list[_Grid]:
    """Find ruled tables: clusters of horizontal and vertical rules that cross."""

    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    for left, bottom, right, top in _path_bounds(page):
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        w, h = x1 - x0, y1 - y0
        if h <= _RULE_THICKNESS and w >= 10:
            horizontal.append((x0, x1, (y0 + y1) / 2))
        elif w <= _RULE_THICKNESS and h >= 6:
            vertical.append((y0, y1, (x0 + x1) / 2))
        elif w > 10 and h > 6:
            horizontal += [(x0, x1, y0), (x0, x1, y1)]
            vertical += [(y0, y1, x0), (y0, y1, x1)]
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    return _cluster_grids(horizontal, vertical)


def _path_bounds(page: Any) -> list[tuple[float, float, float, float]]:
    """Bounds of every vector path in page space, also inside Form XObjects
    (HTML-printed filings draw their tables inside scaled forms).

    Uses pdfium's C API directly: the object wrappers cost more than the walk.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    out: list[tuple[float, float, float, float]] = []

    def walk(count: int, get: Any, parent: Any, matrix: tuple[float, ...] | None, depth: int) -> None:
        for index in range(count):
            obj = get(parent, index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
                    box = (left.value, bottom.value, right.value, top.value)
                    out.append(box if matrix is None else _transform(box, matrix))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
                fs = pdfium_c.FS_MATRIX()
                pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(fs))
                own = (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)
                combined = own if matrix is None else _compose(own, matrix)
                walk(pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject, obj, combined, depth + 1)

    raw_page = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw_page), pdfium_c.FPDFPage_GetObject, raw_page, None, 0)
    return out


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform(box: tuple[float, float, float, float], m: tuple[float, ...]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    points = [(x, y) for x in (x0, x1) for y in (y0, y1)]
    xs = [m[0] * x + m[2] * y + m[4] for x, y in points]
    ys = [m[1] * x + m[3] * y + m[5] for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _cluster_grids(horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]]) -> list[_Grid]:
    # Group rules whose extents touch into one table region.
    boxes = [Box(x0, y - 1, x1, y + 1) for x0, x1, y in horizontal] + [Box(x - 1, y0, x + 1, y1) for y0, y1, x in vertical]
    regions: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.x0)):
        for i, region in enumerate(regions):
            if _touch(region, box, 3.0):
                regions[i] = region.union(box)
                break
        else:
            regions.append(box)
    changed = True
    while changed:  # regions that grew into each other become one
        changed = False
        for i in range(len(regions)):
            for j in range(i + 1, len(regions)):
                if _touch(regions[i], regions[j], 3.0):
                    regions[i] = regions[i].union(regions.pop(j))
                    changed = True
                    break
            if changed:
                break
    grids: list[_Grid] = []
    for region in regions:
        xs = _distinct(x for y0, y1, x in vertical if _inside_x(x, region) and y0 >= region.top - 2 and y1 <= region.bottom + 2)
        ys = _distinct(
            y for x0, x1, y in horizontal if region.top - 2 <= y <= region.bottom + 2 and x0 >= region.x0 - 2 and x1 <= region.x1 + 2
        )
        if len(xs) >= 3 and len(ys) >= 3:
            grids.append(_Grid(region, tuple(xs), tuple(ys)))
    return grids


def _touch(a: Box, b: Box, tolerance: float) -> bool:
    return not (b.x0 > a.x1 + tolerance or b.x1 < a.x0 - tolerance or b.top > a.bottom + tolerance or b.bottom < a.top - tolerance)


def _inside_x(x: float, region: Box) -> bool:
    return region.x0 - 2 <= x <= region.x1 + 2


def _distinct(values: Iterable[float], tolerance: float = 2.5) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _extract_ruled_tables(lines: list[Line], grids: Sequence[_Grid], page_no: int) -> tuple[list[Line], list[tuple[int, TableBlock]]]:
    """Move the lines inside each grid into a table; return the remaining lines and
    each table with the index of the line it replaces."""
    if not grids:
        return lines, []
    remaining: list[Line] = []
    tables: list[tuple[int, TableBlock]] = []
    claimed: dict[int, list[Line]] = {}
    for line in lines:
        grid_index = _grid_of(line, grids)
        if grid_index is None:
            remaining.append(line)
            continue
        if grid_index not in claimed:
            claimed[grid_index] = []
            tables.append((len(remaining), TableBlock((), (), page_no, "ruled")))
        claimed[grid_index].append(line)
    built: list[tuple[int, TableBlock]] = []
    grid_order = list(claimed)
    for (position, _), grid_index in zip(tables, grid_order):
        table = _table_from_grid(grids[grid_index], claimed[grid_index], page_no)
        if table is None:  # not a real table: give the lines back as text
            remaining[position:position] = claimed[grid_index]
            continue
        built.append((position, table))
    return remaining, built


def _grid_of(line: Line, grids: Sequence[_Grid]) -> int | None:
    if line.box is None:
        return None
    cx = (line.box.x0 + line.box.x1) / 2
    cy = (line.box.top + line.box.bottom) / 2
    for i, grid in enumerate(grids):
        if grid.box.x0 <= cx <= grid.box.x1 and grid.box.top <= cy <= grid.box.bottom:
            return i
    return None


# A first cell this long is prose in a ruled frame. (The first row of a table that
# continues from the previous page may be long data; 35 words seen, so a margin.)
_FRAMED_PROSE_WORDS = 80


def _table_from_grid(grid: _Grid, lines: Sequence[Line], page_no: int) -> TableBlock | None:
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    cells: list[list[list[str]]] = [[[] for _ in range(n_cols)] for _ in range(n_rows)]
    row_boxes: list[Box | None] = [None] * n_rows
    for line in lines:
        assert line.box is not None
        cy = (line.box.top + line.box.bottom) / 2
        row = _slot(cy, grid.ys)
        if row is None:
            continue
        for piece in _pieces_of(line):
            col = _slot((piece.x0 + piece.x1) / 2, grid.xs)
            if col is None:
                col = 0 if piece.x0 < grid.xs[0] else n_cols - 1
            cells[row][col].append(piece.text.strip())
        previous = row_boxes[row]
        row_boxes[row] = line.box if previous is None else previous.union(line.box)
    texts = [tuple(" ".join(parts).strip() for parts in row) for row in cells]
    kept = [(row, box) for row, box in zip(texts, row_boxes) if any(row)]
    if len(kept) < 2:
        return None
    used_cols = [c for c in range(n_cols) if any(row[c] for row, _ in kept)]
    if len(used_cols) < 2:
        return None
    compact = [(tuple(row[c] for c in used_cols), box) for row, box in kept]
    header = compact[0][0]
    if any(len(cell.split()) > _FRAMED_PROSE_WORDS for cell in header):
        return None  # a boxed passage of text: ruling lines around prose, not a table
    rows = tuple(TableRow(cells=row, page=page_no, box=box) for row, box in compact[1:])
    return TableBlock(header=header, rows=rows, page=page_no, source="ruled", box=grid.box, header_box=compact[0][1])


def _slot(value: float, edges: Sequence[float]) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] - 1 <= value <= edges[i + 1] + 1:
            return i
    return None


def _interleave(lines: list[Line], tables: list[tuple[int, TableBlock]]) -> list[Block]:
    blocks: list[Block] = []
    by_position: dict[int, list[TableBlock]] = {}
    for position, table in tables:
        by_position.setdefault(position, []).append(table)
    for i, line in enumerate(lines):
        blocks.extend(by_position.pop(i, []))
        blocks.append(line)
    for rest in by_position.values():
        blocks.extend(rest)
    return blocks


def _repair_blocks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    run: list[Line] = []
    for block in blocks:
        if isinstance(block, Line):
            run.append(block)
            continue
        out.extend(repair_hyphenation(run))
        run = []
        out.append(block)
    out.extend(repair_hyphenation(run))
    return out


def _pdfplumber_tables(data: bytes, pages: list[list[Line]]) -> list[list[tuple[int, TableBlock]]]:
    """The slow, careful path: pdfplumber's table finder on every page."""
    import io

    import pdfplumber

    result: list[list[tuple[int, TableBlock]]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page_no, (page, lines) in enumerate(zip(pdf.pages, pages), start=1):
            found: list[tuple[int, TableBlock]] = []
            for table in page.find_tables():
                rows = [tuple(" ".join((c or "").split()) for c in r) for r in table.extract()]
                rows = [r for r in rows if any(r)]
                if len(rows) < 2:
                    continue
                x0, top, x1, bottom = table.bbox
                box = Box(x0, top, x1, bottom)
                inside = [i for i, line in enumerate(lines) if line.box and _within(line.box, box)]
                position = inside[0] if inside else len(lines)
                for i in reversed(inside):
                    lines.pop(i)
                block = TableBlock(rows[0], tuple(TableRow(r, page_no) for r in rows[1:]), page_no, "ruled", box)
                found.append((position, block))
            result.append(found)
    return result


def _within(inner: Box, outer: Box, tolerance: float = 1.0) -> bool:
    return outer.top - tolerance <= inner.top <= outer.bottom + tolerance and outer.x0 - tolerance <= inner.x0 <= outer.x1 + tolerance


def page_image(data: bytes, page_no: int, resolution: int = 110) -> Any:
    """A PIL image of one page, for showing highlighted clauses (pdfplumber)."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return pdf.pages[page_no - 1].to_image(resolution=resolution).original.copy()


__all__ = ["read_pdf", "page_image", "TableEngine"]
