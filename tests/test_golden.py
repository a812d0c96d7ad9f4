"""Whole-document segmentation of the bundled sample contracts against golden JSON.

The golden files change only on purpose: regenerate them with
`WATERMELON_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from analyzer import load_document
from tests.conftest import SAMPLES

GOLDEN = Path(__file__).parent / "golden"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".docx", ".txt"))


def segmentation_of(path: Path) -> dict:
    document = load_document(path)
    return {
        "document": {k: v for k, v in document.info().items() if k != "path"},
        "clauses": [
            {
                "id": c.id,
                "kind": c.kind,
                "section": c.section,
                "heading_path": list(c.heading_path),
                "pages": [c.page_start, c.page_end],
                "span": [c.char_start, c.char_end],
                "table_header": list(c.table_header),
                "text": c.text,
            }
            for c in document.clauses
        ],
    }


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_contract_segmentation_matches_golden(path: Path) -> None:
    golden = GOLDEN / f"{path.name}.json"
    actual = segmentation_of(path)
    if os.environ.get("WATERMELON_UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if not os.environ.get("WATERMELON_UPDATE_GOLDEN"):
            pytest.fail(f"{golden} did not exist; written now, review and commit it")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_every_sample_has_a_service_level_table_read_as_rows() -> None:
    for path in SAMPLE_FILES:
        rows = [c for c in load_document(path).clauses if c.kind == "table_row"]
        assert len(rows) >= 4, path.name
        assert all(":" in r.text and r.table_header for r in rows), path.name
