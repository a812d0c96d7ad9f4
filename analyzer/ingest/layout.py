"""What every reader produces: lines of text with optional page geometry, and tables.

Readers differ in what they can see (a PDF has coordinates, a text file has columns),
so geometry is optional and `x0`/`x1` of a piece are in the reader's own unit: PDF
points for PDFs, character columns for plain text. Segmentation only compares them
within one document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

SourceFormat = Literal["pdf", "docx", "text"]


@dataclass(frozen=True)
class Box:
    """A rectangle on a page in PDF points, origin top-left (pdfplumber's convention)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )


@dataclass(frozen=True)
class Piece:
    """A run of text on one line with no wide gap inside: a table cell candidate.

    `start` is the offset of the piece inside its line's text.
    """

    start: int
    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    box: Box | None = None
    pieces: tuple[Piece, ...] = ()
    # A hard paragraph break precedes this line (blank line, vertical gap, DOCX paragraph).
    break_before: bool = False
    # Style hint from the source (DOCX heading styles, list numbering); may be empty.
    style: str = ""


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    page: int
    box: Box | None = None


@dataclass(frozen=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    page: int
    source: Literal["ruled", "columns", "docx", "text"]
    box: Box | None = None
    # Where the first row (taken as the header) stands, for when it turns out to be data.
    header_box: Box | None = None


Block = Union[Line, TableBlock]


@dataclass(frozen=True)
class PageSize:
    width: float
    height: float


@dataclass(frozen=True)
class RawDocument:
    """A document as read, before segmentation."""

    name: str
    sha256: str
    format: SourceFormat
    page_count: int
    blocks: tuple[Block, ...]
    page_sizes: tuple[PageSize, ...] = ()
