"""JSON: one report object for one file, `{"documents": [...], "portfolio": [...]}` for several."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..jsontext import json_text
from .contract import ContractReport, build_portfolio

#: JSON Schema (draft 2020-12) of what `render_json` writes.
SCHEMA_PATH = Path(__file__).parent / "schema" / "report.schema.json"


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def render_json(reports: Sequence[ContractReport], *, portfolio: bool, include_text: bool = True) -> str:
    if portfolio:
        payload = build_portfolio(reports).to_dict(include_text=include_text)
    else:
        payload = reports[0].to_dict(include_text=include_text)
    return json_text(payload, indent=2) + "\n"
