"""Build TaggedClause objects by hand, so scoring and report tests do not depend on
what the classifier currently predicts."""

from __future__ import annotations

import re
from itertools import count

from analyzer.model import Clause, ClauseTags, Consequence, ConsequenceKind, Document, Evidence, Metric, TaggedClause

_ids = count(1)


def metric(
    text: str, phrase: str, *, name: str | None = None, value: float | None = 1.0, unit: str | None = "%", window: str | None = None
) -> Metric:
    start = text.index(phrase)
    return Metric(name, None, value, unit, window, phrase, start, start + len(phrase))


def consequence(text: str, phrase: str, kind: ConsequenceKind, value: float | None = None, unit: str | None = None) -> Consequence:
    start = text.index(phrase)
    return Consequence(kind, value, unit, phrase, start, start + len(phrase))


def tagged(
    text: str,
    focus: str | None = None,
    style: str | None = None,
    *,
    is_sla: bool = True,
    metrics: tuple[Metric, ...] | None = None,
    consequences: tuple[Consequence, ...] = (),
    kind: str = "clause",
    section: str | None = "1.1",
    page: int = 1,
    header: tuple[str, ...] = (),
    cells: tuple[str, ...] = (),
    style_probability: float = 0.9,
    focus_probability: float = 0.9,
    language: str = "en",
    heading_path: tuple[str, ...] = (),
    evidence_words: tuple[str, ...] = (),
) -> TaggedClause:
    """A tagged clause; `metrics=None` puts one metric on the first percentage in the text."""
    number = next(_ids)
    clause = Clause(
        id=f"t{number:04d}",
        text=text,
        kind=kind,  # type: ignore[arg-type]
        section=section,
        heading_path=heading_path,
        char_start=0,
        char_end=len(text),
        page_start=page,
        page_end=page,
        table_header=header,
        table_cells=cells,
        language=language,  # type: ignore[arg-type]
    )
    if metrics is None:
        match = re.search(r"\d+(?:[.,]\d+)?%", text)
        metrics = (metric(text, match.group(), value=float(match.group()[:-1].replace(",", "."))),) if match else ()
    evidence = {
        "focus": tuple(Evidence(text.index(w), text.index(w) + len(w), w, 0.5) for w in evidence_words if w in text),
    }
    tags = ClauseTags(
        is_sla=is_sla,
        is_sla_probability=0.95 if is_sla else 0.05,
        focus=focus,  # type: ignore[arg-type]
        focus_probability=focus_probability,
        style=style,  # type: ignore[arg-type]
        style_probability=style_probability,
        evidence=evidence,
    )
    return TaggedClause(clause, tags, metrics, consequences)


def document(clauses: list[TaggedClause] | tuple[TaggedClause, ...], *, language: str = "en", path: str = "contract.txt") -> Document:
    text = "\n\n".join(c.clause.text for c in clauses)
    return Document(
        path=path,
        sha256="0" * 64,
        format="text",
        pages=1,
        language=language,  # type: ignore[arg-type]
        text=text,
        clauses=tuple(c.clause for c in clauses),
    )
