"""JSON: one report object for one file, `{"documents": [...], "portfolio": [...]}` for several."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .contract import ContractReport, build_portfolio


def render_json(reports: Sequence[ContractReport], *, portfolio: bool, include_text: bool = True) -> str:
    if portfolio:
        payload = build_portfolio(reports).to_dict(include_text=include_text)
    else:
        payload = reports[0].to_dict(include_text=include_text)
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
