"""Portfolio outputs rebuilt from results.jsonl: clauses.csv, summary.csv, summary.md.

They are always rebuilt from the whole results file at the end of a run, so after a
resume they cover every document, not only the ones of the last run. Only this
module looks inside a result, and only with `.get`, so the per-document result can
change shape (e.g. gain a "scores" object) without touching the runner.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .store import read_jsonl, write_atomically

CLAUSE_COLUMNS = (
    "contract",
    "sha256",
    "clause_id",
    "section",
    "page",
    "kind",
    "is_sla",
    "is_sla_probability",
    "focus",
    "focus_probability",
    "style",
    "style_probability",
    "text",
    "is_sla_form",  # added after text: columns are only ever added, never moved
)
SUMMARY_COLUMNS = (
    "path",
    "sha256",
    "pages",
    "language",
    "clause_count",
    "sla_clause_count",
    "sla_output",
    "sla_outcome",
    "sla_penalty",
    "sla_collaborative",
    "seconds",
)
FORMATS = ("csv", "md")


def unique_records(results: Path) -> Iterator[dict[str, Any]]:
    """Each document once (the first result for a sha256 wins)."""
    seen: set[str] = set()
    for record in read_jsonl(results):
        sha = record.get("sha256")
        if isinstance(sha, str) and sha not in seen:
            seen.add(sha)
            yield record


def clause_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    result = record.get("result") or {}
    for clause in result.get("clauses") or ():
        yield {
            "contract": record.get("path"),
            "sha256": record.get("sha256"),
            "clause_id": clause.get("id"),
            "section": clause.get("section"),
            "page": clause.get("page_start"),
            "kind": clause.get("kind"),
            "is_sla": clause.get("is_sla"),
            "is_sla_probability": clause.get("is_sla_probability"),
            "focus": clause.get("focus"),
            "focus_probability": clause.get("focus_probability"),
            "style": clause.get("style"),
            "style_probability": clause.get("style_probability"),
            "text": clause.get("text"),
            "is_sla_form": clause.get("is_sla_form"),
        }


def summary_row(record: dict[str, Any]) -> dict[str, Any]:
    """One document's row: its facts, SLA clause counts, and every scalar under result["scores"]."""
    result = record.get("result") or {}
    document = result.get("document") or {}
    clauses = result.get("clauses") or []
    sla = [c for c in clauses if c.get("is_sla")]
    row: dict[str, Any] = {
        "path": record.get("path") or document.get("path"),
        "sha256": record.get("sha256"),
        "pages": document.get("pages"),
        "language": document.get("language"),
        "clause_count": document.get("clause_count", len(clauses)),
        "sla_clause_count": len(sla),
        "sla_output": sum(c.get("focus") == "output" for c in sla),
        "sla_outcome": sum(c.get("focus") == "outcome" for c in sla),
        "sla_penalty": sum(c.get("style") == "penalty" for c in sla),
        "sla_collaborative": sum(c.get("style") == "collaborative" for c in sla),
        "seconds": record.get("seconds"),
    }
    for key, value in _flatten(result.get("scores")):
        row[key if key not in row else f"score_{key}"] = value
    return row


def _flatten(scores: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if not isinstance(scores, dict):
        return
    for key, value in scores.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{name}.")
        elif value is None or isinstance(value, str | int | float | bool):
            yield name, value


def write_outputs(folder: Path, results: Path, failures: Iterable[dict[str, Any]], formats: Iterable[str]) -> list[Path]:
    """Rebuild the requested portfolio files; returns the paths written."""
    wanted = set(formats)
    written: list[Path] = []
    if "csv" in wanted:
        written.append(write_clauses_csv(folder / "clauses.csv", results))
    rows = [summary_row(record) for record in unique_records(results)]
    if "csv" in wanted:
        written.append(write_summary_csv(folder / "summary.csv", rows))
    if "md" in wanted:
        written.append(write_summary_md(folder / "summary.md", rows, list(failures)))
    return written


def write_clauses_csv(path: Path, results: Path) -> Path:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CLAUSE_COLUMNS)
        writer.writeheader()
        for record in unique_records(results):  # streamed: memory stays flat however many clauses
            writer.writerows(clause_rows(record))
    temporary.replace(path)
    return path


def write_summary_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    columns = list(SUMMARY_COLUMNS)
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    write_atomically(path, buffer.getvalue())
    return path


def write_summary_md(path: Path, rows: list[dict[str, Any]], failures: list[dict[str, Any]]) -> Path:
    write_atomically(path, portfolio_markdown(rows, failures))
    return path


def portfolio_markdown(rows: list[dict[str, Any]], failures: list[dict[str, Any]]) -> str:
    def total(key: str) -> int:
        return sum(int(row.get(key) or 0) for row in rows)

    sla = total("sla_clause_count")
    score_keys = [key for key in dict.fromkeys(k for row in rows for k in row) if key not in SUMMARY_COLUMNS]
    ordered = sorted(rows, key=_risk_order, reverse=True)
    lines = [
        "# Watermelon portfolio report",
        "",
        f"{len(rows)} documents analyzed, {len(failures)} failed (generated {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}).",
        "",
        f"- Pages: {total('pages')}; clauses: {total('clause_count')}; SLA clauses: {sla}",
        f"- SLA clauses by focus: output {total('sla_output')}, outcome {total('sla_outcome')}",
        f"- SLA clauses by style: penalty {total('sla_penalty')}, collaborative {total('sla_collaborative')}",
        "",
        "## Documents",
        "",
        "Most output/penalty-driven first"
        + (" (by watermelon_risk)." if any("watermelon_risk" in row for row in rows) else " (by number of penalty-style SLA clauses)."),
        "",
    ]
    header = ["Document", "Pages", "Clauses", "SLA", "Output", "Outcome", "Penalty", "Collaborative", *score_keys]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for row in ordered:
        cells = [
            row.get("path"),
            row.get("pages"),
            row.get("clause_count"),
            row.get("sla_clause_count"),
            row.get("sla_output"),
            row.get("sla_outcome"),
            row.get("sla_penalty"),
            row.get("sla_collaborative"),
            *(row.get(key) for key in score_keys),
        ]
        lines.append("| " + " | ".join(_cell(value) for value in cells) + " |")
    if failures:
        lines += ["", "## Failed files", "", "| File | Error | Message |", "|---|---|---|"]
        for failure in failures:
            lines.append(f"| {_cell(failure.get('path'))} | {_cell(failure.get('type'))} | {_cell(failure.get('message'))} |")
    return "\n".join(lines) + "\n"


def _risk_order(row: dict[str, Any]) -> tuple[float, float, float]:
    # Until contract scores exist, rank by how many SLA clauses are penalty-style.
    risk = row.get("watermelon_risk")
    return (
        float(risk) if isinstance(risk, int | float) else 0.0,
        float(row.get("sla_penalty") or 0),
        float(row.get("sla_output") or 0),
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value).replace("|", "\\|").replace("\n", " ")
