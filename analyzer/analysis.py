"""One call from a file to a tagged contract: read, segment, tag.

Scoring and reporting build on `ContractAnalysis`; the CLI, batch runner and app
all go through `analyze()` so every front end sees the same result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .documents import load_document
from .ingest import ReadLimits
from .model import SCHEMA_VERSION, Document, TaggedClause
from .tagging.tagger import Tagger


@dataclass(frozen=True)
class ContractAnalysis:
    document: Document
    clauses: tuple[TaggedClause, ...]

    @property
    def sla_clauses(self) -> tuple[TaggedClause, ...]:
        return tuple(c for c in self.clauses if c.tags.is_sla)

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        info = self.document.info()
        if include_text:
            info["text"] = self.document.text
        return {
            "schema_version": SCHEMA_VERSION,
            "document": info,
            "clauses": [c.to_dict() for c in self.clauses],
        }


def analyze(
    source: str | Path | bytes,
    *,
    tagger: Tagger | None = None,
    name: str | None = None,
    limits: ReadLimits = ReadLimits(),
) -> ContractAnalysis:
    """Read, segment and tag one contract. Pass a loaded `Tagger` when analyzing many."""
    document = load_document(source, name=name, limits=limits)
    tagger = tagger or Tagger.load()
    return ContractAnalysis(document, tagger.tag_document(document))
