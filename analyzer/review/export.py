"""The review as files: per clause the model's tags, the reviewer's tags, whether they
agree and the comment (CSV, JSON, XLSX); and the reviewed clauses as labeled JSONL in
the training format (models/training/FORMAT.md).

The JSONL is only ever returned, never written into models/training: a person
decides whether legal's labels join the training data."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from ..jsontext import json_text
from ..language import detect_language
from ..report import ContractReport
from ..report.tabular import safe_cell
from .queue import is_reviewable, model_tags
from .store import SCHEMA_VERSION, ReviewDecision

REVIEW_COLUMNS: tuple[str, ...] = (
    "contract",
    "document_sha256",
    "clause_id",
    "section",
    "page",
    "flags",
    "model_is_sla",
    "model_focus",
    "model_style",
    "is_sla_probability",
    "focus_probability",
    "style_probability",
    "status",
    "reviewer",
    "reviewer_is_sla",
    "reviewer_focus",
    "reviewer_style",
    "comment",
    "decided_at",
    "text",
)

Decisions = Mapping[tuple[str, str], ReviewDecision]


def review_rows(reports: Sequence[ContractReport], decisions: Decisions) -> list[dict[str, Any]]:
    """One row per clause up for review (SLA or flagged) or already reviewed, in
    document order. `status` is `agreed`, `corrected` or `open`."""
    rows: list[dict[str, Any]] = []
    for report in reports:
        sha = report.document.sha256
        for tagged in report.clauses:
            clause, tags = tagged.clause, tagged.tags
            decision = decisions.get((sha, clause.id))
            if decision is None and not is_reviewable(report, tagged):
                continue
            model = model_tags(tags)
            status = "open" if decision is None else ("agreed" if decision.agrees else "corrected")
            rows.append(
                {
                    "contract": report.name,
                    "document_sha256": sha,
                    "clause_id": clause.id,
                    "section": clause.section,
                    "page": clause.page_start,
                    "flags": " ".join(f.code for f in report.flags_of(clause.id)),
                    "model_is_sla": model.is_sla,
                    "model_focus": model.focus,
                    "model_style": model.style,
                    "is_sla_probability": round(tags.is_sla_probability, 4),
                    "focus_probability": round(tags.focus_probability, 4),
                    "style_probability": round(tags.style_probability, 4),
                    "status": status,
                    "reviewer": None if decision is None else decision.reviewer,
                    "reviewer_is_sla": None if decision is None else decision.reviewer_tags.is_sla,
                    "reviewer_focus": None if decision is None else decision.reviewer_tags.focus,
                    "reviewer_style": None if decision is None else decision.reviewer_tags.style,
                    "comment": None if decision is None else decision.comment,
                    "decided_at": None if decision is None else decision.decided_at,
                    "text": clause.text,
                }
            )
    return rows


def review_csv(reports: Sequence[ContractReport], decisions: Decisions) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in review_rows(reports, decisions):
        writer.writerow({k: "" if v is None else safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def review_json(reports: Sequence[ContractReport], decisions: Decisions) -> str:
    rows = review_rows(reports, decisions)
    contracts = []
    for report in reports:
        own = [r for r in rows if r["document_sha256"] == report.document.sha256]
        contracts.append(
            {
                "contract": report.name,
                "document_sha256": report.document.sha256,
                "to_review": len(own),
                "agreed": sum(r["status"] == "agreed" for r in own),
                "corrected": sum(r["status"] == "corrected" for r in own),
                "open": sum(r["status"] == "open" for r in own),
                "clauses": own,
            }
        )
    payload = {
        "review_schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "contracts": contracts,
    }
    return json_text(payload, indent=2) + "\n"


def review_xlsx(reports: Sequence[ContractReport], decisions: Decisions) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Review"
    sheet.append(list(REVIEW_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in review_rows(reports, decisions):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in (row[c] for c in REVIEW_COLUMNS)])
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # clause text and comments never become formulas
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def training_jsonl(decisions: Iterable[ReviewDecision], *, corrections_only: bool = False) -> str:
    """Reviewed clauses as labeled JSON lines ({"id", "text", "language", "is_sla",
    "focus", "style", ...}); agreements are confirmed labels too unless
    `corrections_only`."""
    lines: list[str] = []
    for decision in decisions:
        if corrections_only and decision.agrees:
            continue
        tags = decision.reviewer_tags
        row = {
            "id": f"review-{decision.document_sha256[:12]}-{decision.clause_id}",
            "text": decision.clause_text,
            "language": detect_language(decision.clause_text),
            "is_sla": tags.is_sla,
            "focus": tags.focus,
            "style": tags.style,
            "source": "review",
            "verdict": decision.verdict,
        }
        lines.append(json_text(row))
    return "".join(line + "\n" for line in lines)
