"""Clause text as HTML with evidence words marked. Text is escaped segment by
segment, so no character of the clause can become markup."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Mark:
    """Characters `start:end` of the text to highlight with CSS class `ev-<kind>`."""

    start: int
    end: int
    kind: str


def highlight(text: str, marks: Iterable[Mark]) -> str:
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    parts: list[str] = []
    for start, end in zip(cuts, cuts[1:]):
        segment = escape(text[start:end], quote=True)
        kinds = sorted({m.kind for m in valid if m.start <= start and end <= m.end})
        if kinds:
            classes = " ".join(f"ev-{escape(k, quote=True)}" for k in kinds)
            parts.append(f'<mark class="ev {classes}">{segment}</mark>')
        else:
            parts.append(segment)
    return "".join(parts)
