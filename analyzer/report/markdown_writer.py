"""Markdown for pasting into a review: a portfolio table, then per contract the
scores, flags and suggestions. Table cells escape pipes, backslashes and angle
brackets and fold newlines, so clause text cannot break the table or add markup."""

from __future__ import annotations

from collections.abc import Sequence

from .contract import ContractReport, portfolio_row

EXCERPT = 220


def md_cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def md_text(value: object) -> str:
    """Inline text outside tables (e.g. a contract name in a heading)."""
    text = md_cell(value)
    for char in "*_`[]#":
        text = text.replace(char, "\\" + char)
    return text


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def render_markdown(reports: Sequence[ContractReport]) -> str:
    lines = ["# Watermelon report", ""]
    summary = []
    for report in reports:
        row = portfolio_row(report)
        summary.append(
            (
                row.contract,
                "—" if row.watermelon_risk is None else row.watermelon_risk,
                row.verdict,
                _percent(row.outcome_share),
                _percent(row.penalty_share),
                "yes" if row.governance_present else "no",
                row.sla_clauses,
                row.watermelon_clauses,
                row.flags,
            )
        )
    lines += _table(
        ("Contract", "Risk", "Verdict", "Outcome share", "Penalty share", "Joint governance", "SLA clauses", "Watermelons", "Flags"),
        summary,
    )
    for report in reports:
        s = report.scores
        lines += ["", f"## {md_text(report.name)}", ""]
        lines.append(f"**Watermelon risk: {'—' if s.watermelon_risk is None else s.watermelon_risk}/100 ({s.verdict})**")
        lines += ["", md_cell(s.explanation), ""]
        lines.append(
            f"- Outcome share: {_percent(s.outcome_share)} ({s.outcome_kpis} of {s.kpi_clauses} KPIs with a focus)\n"
            f"- Penalty share: {_percent(s.penalty_share)} ({s.penalty_clauses} of {s.styled_clauses} clauses with a style); "
            f"collaborative share {_percent(s.collaborative_share)}\n"
            f"- Joint governance: {'yes' if s.governance_present else 'no'} ({s.governance_clauses} clauses)"
        )
        texts = {c.clause.id: c.clause.text for c in report.clauses}
        if report.flags:
            lines += ["", "### Flags", ""]
            lines += _table(
                ("Section", "Page", "Flag", "Reason", "Clause"),
                [(f.section or "—", f.page or "—", f.title, f.reason, _excerpt(texts.get(f.clause_id, ""))) for f in report.flags],
            )
        if report.suggestions:
            lines += ["", "### Suggestions", ""]
            lines += _table(
                ("Measures now", "Outcome-oriented counterpart", "Collaborative remedy", "Sections"),
                [(x.measures, x.outcome_counterpart, x.collaborative_remedy, ", ".join(x.sections) or "—") for x in report.suggestions],
            )
    return "\n".join(lines) + "\n"
