"""Labeled clauses as JSON lines: our training data and gold files for evaluation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..language import detect_language
from ..model import Language
from .models import NONE_LABEL


@dataclass(frozen=True)
class LabeledClause:
    id: str
    text: str
    language: Language
    is_sla: bool
    focus: str | None
    style: str | None

    def label(self, tag: str) -> str:
        if tag == "is_sla":
            return str(self.is_sla)
        value = self.focus if tag == "focus" else self.style
        return value or NONE_LABEL


def parse_labeled(row: dict, where: str) -> LabeledClause:
    for key in ("text", "is_sla"):
        if key not in row:
            raise ValueError(f"{where}: missing field {key!r}")
    text = str(row["text"])
    focus, style = row.get("focus"), row.get("style")
    if focus not in (None, "output", "outcome"):
        raise ValueError(f"{where}: focus must be output, outcome or null, not {focus!r}")
    if style not in (None, "penalty", "collaborative"):
        raise ValueError(f"{where}: style must be penalty, collaborative or null, not {style!r}")
    language = row.get("language") or detect_language(text)
    return LabeledClause(str(row.get("id", where)), text, language, bool(row["is_sla"]), focus, style)


def read_labeled(paths: list[Path]) -> list[LabeledClause]:
    rows: list[LabeledClause] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                rows.append(parse_labeled(json.loads(line), f"{path}:{number}"))
    return rows


def training_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))
