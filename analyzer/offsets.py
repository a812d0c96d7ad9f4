"""Labels stored by file and character offsets into the corpus (the text is never
copied into the repository): read them back with the text they point at, checking
that the corpus file has not changed since it was labeled."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def labeled_slices(path: Path, corpus_dir: Path) -> Iterator[tuple[dict[str, Any], str]]:
    """Each JSONL row of `path` ({"file", "start", "end", "sha1", ...}) with its text."""
    texts: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        name = row["file"]
        if name not in texts:
            texts[name] = (corpus_dir / name).read_text(encoding="utf-8")
        text = texts[name][row["start"] : row["end"]]
        if hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] != row["sha1"]:
            raise ValueError(f"{path}:{number}: {name} changed since it was labeled (sha1 mismatch)")
        yield row, text
