"""Reading and segmenting in one call: the entry point for everything downstream."""

from __future__ import annotations

from pathlib import Path

from .ingest import ReadLimits, TableEngine, read_document
from .model import Document
from .segment import segment


def load_document(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    limits: ReadLimits = ReadLimits(),
    table_engine: TableEngine = "rules",
) -> Document:
    """Read a PDF, DOCX or text file and split it into clauses with provenance."""
    return segment(read_document(source, name=name, limits=limits, table_engine=table_engine))
