"""Readers: bytes in, `RawDocument` out. `read_document` picks the reader from the
file's content (not its name), so a mislabelled file still reads or fails clearly."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from ..errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyFileError,
    EncryptedDocumentError,
    IngestError,
    UnsupportedFormatError,
)
from .layout import Block, Box, Line, PageSize, Piece, RawDocument, SourceFormat, TableBlock, TableRow
from .limits import ReadLimits
from .pdf import TableEngine

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".zip", ".exe", ".xlsx", ".pptx", ".doc", ".xls"}


def read_document(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    limits: ReadLimits = ReadLimits(),
    table_engine: TableEngine = "rules",
) -> RawDocument:
    """Read a PDF, DOCX or text/Markdown file from a path or from bytes."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        label = name or str(path)
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise IngestError(label, "file not found") from exc
        if path.is_dir():
            raise IngestError(label, "is a folder, not a file")
        if size > limits.max_bytes:
            raise DocumentTooLargeError(label, f"{size} bytes, more than the limit of {limits.max_bytes}")
        data = path.read_bytes()
    else:
        data = bytes(source)
        label = name or "<bytes>"
    if len(data) > limits.max_bytes:
        raise DocumentTooLargeError(label, f"{len(data)} bytes, more than the limit of {limits.max_bytes}")
    if not data.strip():
        raise EmptyFileError(label, "the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    kind = sniff_format(data, label)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, label, sha256, limits, table_engine)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, label, sha256)
    from .text import read_text

    document = read_text(data, label, sha256)
    if not any(_has_text(block) for block in document.blocks):
        raise EmptyFileError(label, "the file has no text")
    return document


def _has_text(block: Block) -> bool:
    # A file may be nothing but a table (a KPI sheet saved as text): its cells are text.
    if isinstance(block, Line):
        return bool(block.text.strip())
    return any(cell.strip() for row in (block.header, *(r.cells for r in block.rows)) for cell in row)


def sniff_format(data: bytes, label: str) -> SourceFormat:
    head = data[:1024]
    suffix = Path(label).suffix.lower()
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        raise EncryptedDocumentError(label, "a password-protected Office file or a legacy .doc: save it as an unprotected .docx or PDF")
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            if suffix == ".docx":
                raise CorruptDocumentError(label, "corrupt or truncated DOCX (bad zip archive)") from exc
            raise UnsupportedFormatError(label, "a damaged zip archive, not a contract format") from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormatError(label, "a zip archive that is not a DOCX document")
    if suffix == ".pdf":
        raise CorruptDocumentError(label, "named .pdf but has no PDF header: corrupt or not a PDF")
    if suffix == ".docx":
        raise CorruptDocumentError(label, "named .docx but is not a Word document: corrupt or wrong type")
    if suffix in _BINARY_SUFFIXES or b"\x00" in head:
        raise UnsupportedFormatError(label, "not a contract format (expected PDF, DOCX, text or Markdown)")
    return "text"


__all__ = [
    "Block",
    "Box",
    "Line",
    "PageSize",
    "Piece",
    "RawDocument",
    "ReadLimits",
    "TableBlock",
    "TableRow",
    "TableEngine",
    "read_document",
    "sniff_format",
]
