"""Typed errors for bad input: each names the file and the problem in one line."""

from __future__ import annotations


class WatermelonError(Exception):
    """Base class for every error the analyzer raises on purpose."""


class IngestError(WatermelonError):
    """A document could not be read. `source` names the file, `problem` says why."""

    kind = "unreadable"

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class EmptyFileError(IngestError):
    kind = "empty"


class UnsupportedFormatError(IngestError):
    kind = "unsupported-format"


class CorruptDocumentError(IngestError):
    kind = "corrupt"


class EncryptedDocumentError(IngestError):
    kind = "encrypted"


class NoTextLayerError(IngestError):
    kind = "no-text-layer"


class DocumentTooLargeError(IngestError):
    kind = "too-large"


class ModelError(WatermelonError):
    """The trained model is missing or does not load."""
