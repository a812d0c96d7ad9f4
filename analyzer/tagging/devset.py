"""Our labels on the real corpus, stored as file + offsets: the text is read from
the corpus at run time, never copied into the repository."""

from __future__ import annotations

from pathlib import Path

from ..language import detect_language
from ..nlp.extract import MARKUP_TAG
from ..offsets import labeled_slices
from .data import LabeledClause


def load_devset(devset_dir: Path, corpus_dir: Path) -> list[LabeledClause]:
    return [
        LabeledClause(
            id=f"{row['file']}:{row['start']}",
            text=text,
            language=detect_language(text),
            is_sla=bool(row["is_sla"]),
            focus=row.get("focus"),
            style=row.get("style"),
        )
        for path in sorted(devset_dir.glob("corpus_dev_*.jsonl"))
        for row, text in labeled_slices(path, corpus_dir)
    ]


def _squashed(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, lower-cased, with each one's offset in `text`: what
    survives the clean-up `load_document` does (spacing, hyphenation, page furniture)."""
    offsets = [i for i, char in enumerate(text) if char.isalnum()]
    return "".join(text[i].lower() for i in offsets), offsets


def headings_in_analyze(rows: list[LabeledClause], corpus_dir: Path) -> list[tuple[str, ...] | None]:
    """For each dev row, the heading path of the `analyze` clause it starts in (None
    when its text cannot be found in the document `analyze` reads), so that context
    such as `tagging.context` can be measured on the dev set."""
    import bisect

    from ..documents import load_document

    found: list[tuple[str, ...] | None] = []
    documents: dict[str, tuple[str, list[int], list[int], list[tuple[str, ...]]]] = {}
    for row in rows:
        name = row.id.rsplit(":", 1)[0]
        if name not in documents:
            document = load_document(corpus_dir / name)
            squashed, offsets = _squashed(document.text)
            documents[name] = (squashed, offsets, [c.char_start for c in document.clauses], [c.heading_path for c in document.clauses])
        squashed, offsets, starts, headings = documents[name]
        probe = _squashed(row.text)[0][:50]
        at = squashed.find(probe) if probe else -1
        if at < 0:  # the reader drops the markup of an HTML table
            probe = _squashed(MARKUP_TAG.sub(" ", row.text))[0][:50]
            at = squashed.find(probe) if probe else -1
        index = bisect.bisect_right(starts, offsets[at]) - 1 if at >= 0 else -1
        found.append(headings[index] if index >= 0 else None)
    return found
