"""The domain model: frozen dataclasses that every stage, exporter and the app share.

Data flows one way: bytes -> RawDocument -> Document (clauses with provenance) ->
tagged clauses -> ContractReport. Each object serialises to plain JSON with
`to_dict()`; the shape is versioned by `SCHEMA_VERSION`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

ClauseKind = Literal["clause", "definition", "table_row"]
Language = Literal["en", "nl"]


@dataclass(frozen=True)
class PageBox:
    """Where (part of) a clause stands on a PDF page: PDF points, origin top-left."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Clause:
    """The smallest self-contained provision, with enough provenance to find it again.

    `text` is what a reviewer reads. For prose it equals
    `document.text[char_start:char_end]`; for a table row it is the row's cells
    labelled with their column headers, while the span points at the row itself.
    """

    id: str
    text: str
    kind: ClauseKind
    section: str | None
    heading_path: tuple[str, ...]
    char_start: int
    char_end: int
    page_start: int | None = None
    page_end: int | None = None
    boxes: tuple[PageBox, ...] = ()
    table_header: tuple[str, ...] = ()
    table_cells: tuple[str, ...] = ()
    language: Language = "en"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["heading_path"] = list(self.heading_path)
        data["boxes"] = [asdict(b) for b in self.boxes]
        data["table_header"] = list(self.table_header)
        data["table_cells"] = list(self.table_cells)
        return data


@dataclass(frozen=True)
class Document:
    """A contract read and segmented into clauses."""

    path: str
    sha256: str
    format: str
    pages: int
    language: Language
    text: str
    clauses: tuple[Clause, ...]
    page_sizes: tuple[tuple[float, float], ...] = field(default=())

    def info(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "language": self.language,
            "clause_count": len(self.clauses),
        }

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        info = self.info()
        if include_text:
            info["text"] = self.text
        return {
            "schema_version": SCHEMA_VERSION,
            "document": info,
            "clauses": [c.to_dict() for c in self.clauses],
        }
