"""The domain model: frozen dataclasses that every stage, exporter and the app share.

Data flows one way: bytes -> RawDocument -> Document (clauses with provenance) ->
tagged clauses -> ContractReport. Each object serialises to plain JSON with
`to_dict()`; the shape is versioned by `SCHEMA_VERSION`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

SCHEMA_VERSION = "1.0"


def plain(value: Any) -> Any:
    """JSON-ready form of a domain object: dataclasses to dicts (in field order),
    tuples to lists. The one place that decides how the domain model serialises."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def rounded(data: dict[str, Any], keys: Iterable[str], digits: int = 4) -> dict[str, Any]:
    """`data` with the floats under `keys` rounded for output (None stays None)."""
    wanted = set(keys)
    return {k: round(v, digits) if k in wanted and v is not None else v for k, v in data.items()}


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
        data: dict[str, Any] = plain(self)
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


# --- tags (issue: tag every clause) -------------------------------------------

Focus = Literal["output", "outcome"]
Style = Literal["penalty", "collaborative"]
TagName = Literal["is_sla", "focus", "style"]
FOCUS_LABELS: tuple[str, ...] = ("output", "outcome")
STYLE_LABELS: tuple[str, ...] = ("penalty", "collaborative")


def label_problem(is_sla: object, focus: object, style: object) -> str | None:
    """What makes three labels impossible by LABELING.md, or None: one check for
    training data, gold files and reviewer decisions alike."""
    if not isinstance(is_sla, bool):
        return f"is_sla must be true or false, not {is_sla!r}"
    if focus is not None and focus not in FOCUS_LABELS:
        return f"focus must be output, outcome or null (none), not {focus!r}"
    if style is not None and style not in STYLE_LABELS:
        return f"style must be penalty, collaborative or null (none), not {style!r}"
    if not is_sla and (focus is not None or style is not None):
        return "a clause that is not an SLA has no focus and no style"
    return None


@dataclass(frozen=True)
class Evidence:
    """Words in the clause that pushed a tag decision: `text == clause.text[start:end]`.

    `weight` is the word's contribution to the decision (positive: towards the
    chosen value)."""

    start: int
    end: int
    text: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data


@dataclass(frozen=True)
class Metric:
    """A measurable commitment found in a clause, e.g. '95% of P1 incidents resolved
    within 4 hours, measured monthly'. Offsets are into the clause text."""

    name: str | None
    comparator: str | None
    value: float | None
    unit: str | None
    window: str | None
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data


ConsequenceKind = Literal[
    "credit", "penalty", "cap", "earn_back", "termination", "step_in", "sole_remedy", "bonus", "improvement_plan", "review"
]


@dataclass(frozen=True)
class Consequence:
    """What follows from meeting or missing a service level, as the clause says it."""

    kind: ConsequenceKind
    value: float | None
    unit: str | None
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data


@dataclass(frozen=True)
class ClauseTags:
    """The three labels of LABELING.md, each with its probability and evidence."""

    is_sla: bool
    is_sla_probability: float
    focus: Focus | None
    focus_probability: float
    style: Style | None
    style_probability: float
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    # The clause form that settled is_sla, overruling the probability (tagging/forms.py).
    is_sla_form: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "is_sla": self.is_sla,
            "is_sla_probability": round(self.is_sla_probability, 4),
            "focus": self.focus,
            "focus_probability": round(self.focus_probability, 4),
            "style": self.style,
            "style_probability": round(self.style_probability, 4),
            "evidence": plain(self.evidence),
            "is_sla_form": self.is_sla_form,
        }


@dataclass(frozen=True)
class TaggedClause:
    """A clause with its tags and the metrics and consequences extracted from it."""

    clause: Clause
    tags: ClauseTags
    metrics: tuple[Metric, ...] = ()
    consequences: tuple[Consequence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = self.clause.to_dict()
        data.update(self.tags.to_dict())
        data["metrics"] = [m.to_dict() for m in self.metrics]
        data["consequences"] = [c.to_dict() for c in self.consequences]
        return data
