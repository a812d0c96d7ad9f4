"""The clause inventory as CSV and XLSX (openpyxl), one row per SLA clause with a
`contract` column, plus portfolio, flag and suggestion sheets in the workbook.

Clause text is untrusted: in CSV a cell that starts like a formula (=, +, -, @, tab,
CR) gets a leading apostrophe, and in XLSX every text cell is stored as a string,
so a spreadsheet never evaluates clause text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ..jsontext import writable
from .contract import ContractReport, portfolio_row

INVENTORY_COLUMNS: tuple[str, ...] = (
    "contract",
    "clause_id",
    "section",
    "page_start",
    "page_end",
    "heading",
    "kind",
    "focus",
    "style",
    "watermelon",
    "flags",
    "metrics",
    "target",
    "window",
    "measurement",
    "consequences",
    "credit_value",
    "credit_unit",
    "cap_value",
    "cap_unit",
    "earn_back",
    "termination",
    "step_in",
    "sole_remedy",
    "governance",
    "focus_probability",
    "style_probability",
    "text",
)
PORTFOLIO_COLUMNS: tuple[str, ...] = (
    "contract",
    "path",
    "language",
    "watermelon_risk",
    "verdict",
    "outcome_share",
    "penalty_share",
    "governance_present",
    "sla_clauses",
    "watermelon_clauses",
    "flags",
)
FLAG_COLUMNS: tuple[str, ...] = ("contract", "clause_id", "section", "page", "code", "title", "reason", "evidence")
SUGGESTION_COLUMNS: tuple[str, ...] = (
    "contract",
    "key",
    "measures",
    "outcome_counterpart",
    "collaborative_remedy",
    "sections",
    "clause_ids",
    "language",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Numbers and booleans as they are; text that a spreadsheet would run as a formula
    gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def inventory_rows(reports: Sequence[ContractReport]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for report in reports:
        for entry in report.inventory:
            metrics = "; ".join(filter(None, (" ".join(filter(None, (m.name, m.target, m.window))) for m in entry.metrics)))
            rows.append(
                {
                    "contract": report.name,
                    "clause_id": entry.clause_id,
                    "section": entry.section,
                    "page_start": entry.page_start,
                    "page_end": entry.page_end,
                    "heading": entry.heading,
                    "kind": entry.kind,
                    "focus": entry.focus,
                    "style": entry.style,
                    "watermelon": entry.is_watermelon,
                    "flags": " ".join(f.code for f in report.flags_of(entry.clause_id)),
                    "metrics": metrics,
                    "target": entry.target,
                    "window": entry.window,
                    "measurement": entry.measurement,
                    "consequences": " ".join(entry.consequence_kinds),
                    "credit_value": entry.credit_value,
                    "credit_unit": entry.credit_unit,
                    "cap_value": entry.cap_value,
                    "cap_unit": entry.cap_unit,
                    "earn_back": entry.earn_back,
                    "termination": entry.termination,
                    "step_in": entry.step_in,
                    "sole_remedy": entry.sole_remedy,
                    "governance": entry.governance,
                    "focus_probability": round(entry.focus_probability, 4),
                    "style_probability": round(entry.style_probability, 4),
                    "text": entry.text,
                }
            )
    return rows


def portfolio_rows(reports: Sequence[ContractReport]) -> list[dict[str, Any]]:
    return [portfolio_row(r).to_dict() for r in reports]


def flag_rows(reports: Sequence[ContractReport]) -> list[dict[str, Any]]:
    return [
        {
            "contract": r.name,
            "clause_id": f.clause_id,
            "section": f.section,
            "page": f.page,
            "code": f.code,
            "title": f.title,
            "reason": f.reason,
            "evidence": " | ".join(s.text for s in f.evidence),
        }
        for r in reports
        for f in r.flags
    ]


def suggestion_rows(reports: Sequence[ContractReport]) -> list[dict[str, Any]]:
    return [
        {
            "contract": r.name,
            "key": s.key,
            "measures": s.measures,
            "outcome_counterpart": s.outcome_counterpart,
            "collaborative_remedy": s.collaborative_remedy,
            "sections": ", ".join(s.sections),
            "clause_ids": ", ".join(s.clause_ids),
            "language": s.language,
        }
        for r in reports
        for s in r.suggestions
    ]


def render_csv(reports: Sequence[ContractReport]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=INVENTORY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in inventory_rows(reports):
        writer.writerow({k: "" if v is None else safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def render_xlsx(reports: Sequence[ContractReport]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheets = (
        ("Portfolio", PORTFOLIO_COLUMNS, portfolio_rows(reports)),
        ("Inventory", INVENTORY_COLUMNS, inventory_rows(reports)),
        ("Flags", FLAG_COLUMNS, flag_rows(reports)),
        ("Suggestions", SUGGESTION_COLUMNS, suggestion_rows(reports)),
    )
    for index, (title, columns, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_xlsx_value(row.get(c)) for c in columns])
        for number, column in enumerate(columns, start=1):
            longest = max([len(column)] + [len(str(row.get(column) or "")) for row in rows[:200]])
            sheet.column_dimensions[get_column_letter(number)].width = min(60, max(8, longest + 2))
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    if len(cell.value) > 60:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        if rows:
            sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    """Cells are forced to text type after writing, so no apostrophe is needed; control
    characters that XML cannot hold (form feeds from PDFs) are dropped, and a lone
    surrogate (a file name that is not UTF-8) is written as its escape."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", writable(value))
    return value
