"""Watermelon: find where an outsourcing contract steers on output metrics with
penalties, and where on customer outcomes with collaboration."""

from .documents import load_document
from .errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyFileError,
    EncryptedDocumentError,
    IngestError,
    NoTextLayerError,
    UnsupportedFormatError,
    WatermelonError,
)
from .ingest import RawDocument, ReadLimits, read_document
from .model import SCHEMA_VERSION, Clause, Document, PageBox
from .segment import segment

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Clause",
    "CorruptDocumentError",
    "Document",
    "DocumentTooLargeError",
    "EmptyFileError",
    "EncryptedDocumentError",
    "IngestError",
    "NoTextLayerError",
    "PageBox",
    "RawDocument",
    "ReadLimits",
    "UnsupportedFormatError",
    "WatermelonError",
    "__version__",
    "load_document",
    "read_document",
    "segment",
]
