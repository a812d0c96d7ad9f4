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
