"""Our labels on the real corpus, stored as file + offsets: the text is read from
the corpus at run time, never copied into the repository."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..language import detect_language
from .data import LabeledClause


def load_devset(devset_dir: Path, corpus_dir: Path) -> list[LabeledClause]:
    rows: list[LabeledClause] = []
    cache: dict[str, str] = {}
    for path in sorted(devset_dir.glob("corpus_dev_*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            name = row["file"]
            if name not in cache:
                cache[name] = (corpus_dir / name).read_text(encoding="utf-8")
            text = cache[name][row["start"] : row["end"]]
            if hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] != row["sha1"]:
                raise ValueError(f"{path}:{number}: {name} changed since it was labeled (sha1 mismatch)")
            rows.append(
                LabeledClause(
                    id=f"{name}:{row['start']}",
                    text=text,
                    language=detect_language(text),
                    is_sla=bool(row["is_sla"]),
                    focus=row.get("focus"),
                    style=row.get("style"),
                )
            )
    return rows


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
        index = bisect.bisect_right(starts, offsets[at]) - 1 if at >= 0 else -1
        found.append(headings[index] if index >= 0 else None)
    return found
