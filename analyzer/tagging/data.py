"""Labeled clauses as JSON lines: our training data and gold files for evaluation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..language import detect_language, language_code
from ..model import Language, label_problem
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
    is_sla, focus, style = row["is_sla"], row.get("focus"), row.get("style")
    problem = label_problem(is_sla, focus, style)
    if problem:
        raise ValueError(f"{where}: {problem}")
    try:
        language = language_code(row.get("language")) or detect_language(text)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc
    return LabeledClause(str(row.get("id", where)), text, language, is_sla, focus, style)


def read_labeled(paths: list[Path]) -> list[LabeledClause]:
    rows: list[LabeledClause] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not a JSON line ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise ValueError(f"{where}: expected a JSON object, got {type(row).__name__}")
            rows.append(parse_labeled(row, where))
    return rows


def training_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))
