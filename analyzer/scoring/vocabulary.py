"""The word lists the scoring rules use, loaded once from `data/vocabulary.json`.

Rules are data: adding a phrase to a list changes what is flagged, no code changes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import plain

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Span:
    """Characters of a clause's text that a rule matched: `text == clause.text[start:end]`."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data


def load_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    return load_json("vocabulary.json")


@lru_cache(maxsize=64)
def pattern(key: str) -> re.Pattern[str]:
    """One alternation of all regular expressions listed under `key`."""
    return compile_any(tuple(_vocabulary()[key]))


def compile_any(expressions: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e in expressions), re.IGNORECASE)


def words(key: str) -> tuple[str, ...]:
    """A plain word list (lower case), e.g. the table-header names."""
    return tuple(str(w).lower() for w in _vocabulary()[key])


def find(key: str, text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end(), m.group()) for m in pattern(key).finditer(text) if m.end() > m.start())


def first(key: str, text: str) -> Span | None:
    match = pattern(key).search(text)
    return Span(match.start(), match.end(), match.group()) if match else None
