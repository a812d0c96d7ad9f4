"""What the web app shows, computed without Streamlit so it can be unit-tested:
files in -> per-file results (report or error), the portfolio table, the review
queue of a contract with highlighted clause text and the pages each clause stands
on, review decisions from form values and the review history of a clause. app.py
only lays these out."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from .documents import load_document
from .errors import IngestError, WatermelonError
from .ingest import ReadLimits
from .model import SCHEMA_VERSION, Clause, PageBox, TaggedClause
from .report import ContractReport, render, report_from_clauses
from .report.highlight import Mark, highlight
from .review import DocumentRecord, ReviewDecision, Tags, agree, correct, default_review_db, model_tags, review_queue
from .scoring import Flag
from .tagging.tagger import Tagger, default_model_dir

UPLOAD_TYPES: tuple[str, ...] = ("pdf", "docx", "txt", "md")
REVIEW_DB_ENV = "WATERMELON_REVIEW_DB"
CHECKOUT = Path(__file__).resolve().parents[1]
SAMPLES = CHECKOUT / "sample_contracts"
# app.py sits at the checkout root; an editable install maps `analyzer` to the checkout.
APP_SCRIPT = CHECKOUT / "app.py"

# Report downloads: format -> (file suffix, MIME type).
DOWNLOADS: dict[str, tuple[str, str]] = {
    "json": ("json", "application/json"),
    "csv": ("csv", "text/csv"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("html", "text/html"),
}
# Page images per clause: a clause rarely runs over more than two or three pages,
# and each image costs a render, so a runaway span is cut here.
MAX_PAGE_IMAGES = 4
CLAUSE_CSS = (
    "<style>"
    ".wm-clause{white-space:pre-wrap;line-height:1.5;border-left:3px solid #d62828;padding:.4rem .8rem;background:#fafafa}"
    "mark.ev{background:#fff3b0;padding:0 1px;border-radius:2px}"
    "mark.ev-flag{background:#ffd6a5;font-weight:600}"
    "</style>"
)


@dataclass(frozen=True)
class FileResult:
    """One uploaded file after analysis: a report, or the problem that stopped it."""

    name: str
    sha256: str
    analyzed_at: str
    report: ContractReport | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None


def load_tagger() -> Tagger:
    return Tagger.load()


def analyze_bytes(name: str, data: bytes, tagger: Tagger, limits: ReadLimits = ReadLimits()) -> FileResult:
    """Analyze one file's bytes. Never raises for a bad file: the error names the
    problem so the other files' results still show."""
    sha256 = hashlib.sha256(data).hexdigest()
    analyzed_at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        document = load_document(data, name=name, limits=limits)
        report = report_from_clauses(document, tagger.tag_document(document))
    except IngestError as exc:
        return FileResult(name, sha256, analyzed_at, error=exc.problem)
    except WatermelonError as exc:
        return FileResult(name, sha256, analyzed_at, error=str(exc))
    except Exception as exc:  # one odd file must not take the page down
        return FileResult(name, sha256, analyzed_at, error=f"internal error ({type(exc).__name__}: {exc})")
    return FileResult(name, sha256, analyzed_at, report=report)


def sample_files(folder: Path = SAMPLES, suffix: str = "pdf") -> list[tuple[str, bytes]]:
    """The bundled sample contracts as (file name, bytes)."""
    return [(path.name, path.read_bytes()) for path in sorted(folder.glob(f"*.{suffix}"))]


def unique_files(files: Sequence[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Files with distinct content, first name kept; and the names dropped as duplicates."""
    seen: set[str] = set()
    kept: list[tuple[str, bytes]] = []
    dropped: list[str] = []
    for name, data in files:
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            dropped.append(name)
            continue
        seen.add(digest)
        kept.append((name, data))
    return kept, dropped


def review_db_path(environ: Mapping[str, str] = os.environ) -> Path:
    configured = environ.get(REVIEW_DB_ENV, "").strip()
    return Path(configured).expanduser() if configured else default_review_db()


@lru_cache(maxsize=4)
def model_version(folder: Path | None = None) -> str:
    """A fingerprint of the trained models: changes whenever they are retrained."""
    card = (folder or default_model_dir()) / "model.json"
    try:
        return "models-" + hashlib.sha256(card.read_bytes()).hexdigest()[:12]
    except OSError:
        return "models-unknown"


def document_record(result: FileResult) -> DocumentRecord:
    assert result.report is not None
    return DocumentRecord(result.sha256, result.name, result.analyzed_at, model_version(), SCHEMA_VERSION)


# --- portfolio ---------------------------------------------------------------------


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def portfolio_table(reports: Sequence[ContractReport]) -> list[dict[str, Any]]:
    """One row per contract, riskiest first (contracts without service levels last)."""
    rows = [
        {
            "contract": r.name,
            "risk": r.scores.watermelon_risk,
            "verdict": r.scores.verdict,
            "outcome share %": _percent(r.scores.outcome_share),
            "penalty share %": _percent(r.scores.penalty_share),
            "governance": "yes" if r.scores.governance_present else "no",
            "SLA clauses": r.scores.sla_clauses,
            "watermelons": r.scores.watermelon_clauses,
            "flags": len(r.flags),
        }
        for r in reports
    ]
    return sorted(rows, key=lambda row: (row["risk"] is None, -(row["risk"] or 0), row["contract"]))


def by_risk(reports: Sequence[ContractReport]) -> list[ContractReport]:
    order = {row["contract"]: i for i, row in enumerate(portfolio_table(reports))}
    return sorted(reports, key=lambda r: order[r.name])


def report_download(fmt: str, reports: Sequence[ContractReport], stem: str) -> tuple[str | bytes, str, str]:
    """(content, file name, MIME type) of the report in `fmt` via the CLI's writers."""
    suffix, mime = DOWNLOADS[fmt]
    content = render(fmt, reports, portfolio=len(reports) != 1, include_text=False)
    return content, f"{stem}.{suffix}", mime


# --- one contract ------------------------------------------------------------------


@dataclass(frozen=True)
class ClausePage:
    """One PDF page a clause stands on, with the clause's boxes on that page."""

    number: int
    boxes: tuple[PageBox, ...]

    @property
    def caption(self) -> str:
        return f"Page {self.number}"


@dataclass(frozen=True)
class ClauseCard:
    """One clause in the review queue, ready to show."""

    clause_id: str
    label: str
    section: str | None
    page: int | None
    pages: tuple[ClausePage, ...]
    text_html: str
    tags: str
    flags: tuple[tuple[str, str], ...]
    model: Tags


def _tag_summary(tagged: TaggedClause) -> str:
    tags = tagged.tags
    # A clause settled by its form says so: "SLA: yes (0.12)" alone would look like a mistake.
    form = f", by form: {tags.is_sla_form}" if tags.is_sla_form else ""
    parts = [f"SLA: {'yes' if tags.is_sla else 'no'} ({tags.is_sla_probability:.2f}{form})"]
    if tags.is_sla:
        parts.append(f"focus: {tags.focus or 'none'} ({tags.focus_probability:.2f})")
        parts.append(f"style: {tags.style or 'none'} ({tags.style_probability:.2f})")
    return " · ".join(parts)


def clause_pages(clause: Clause) -> tuple[ClausePage, ...]:
    """Every page the clause stands on, in page order, each with the clause's boxes
    on that page. A page inside the span is kept even when no box was found on it:
    the reviewer still needs to see where the clause continues."""
    numbers = {box.page for box in clause.boxes}
    if clause.page_start is not None:
        last = max(clause.page_start, clause.page_end or clause.page_start)
        numbers.update(range(clause.page_start, last + 1))
    return tuple(ClausePage(number, tuple(box for box in clause.boxes if box.page == number)) for number in sorted(numbers))


def pages_to_show(pages: Sequence[ClausePage], limit: int = MAX_PAGE_IMAGES) -> tuple[tuple[ClausePage, ...], str | None]:
    """The first `limit` pages, and a note for the reviewer when some are left out."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if len(pages) <= limit:
        return tuple(pages), None
    note = f"The clause runs over {len(pages)} pages ({pages[0].number}–{pages[-1].number}); only the first {limit} are shown."
    return tuple(pages[:limit]), note


def _where(clause: Clause) -> str:
    """Section and page(s) of a clause for its label, e.g. '§4.3 pp. 2–3'."""
    pages = None
    if clause.page_start:
        last = clause.page_end or clause.page_start
        pages = f"pp. {clause.page_start}–{last}" if last > clause.page_start else f"p. {clause.page_start}"
    return " ".join(filter(None, (f"§{clause.section}" if clause.section else None, pages)))


def clause_html(tagged: TaggedClause, flags: Sequence[Flag]) -> str:
    """The clause text, escaped, with the words behind its tags and flags marked."""
    tags = tagged.tags
    marks = [Mark(e.start, e.end, tag) for tag in ("is_sla", "focus", "style") for e in tags.evidence.get(tag, ()) if e.weight > 0]
    # A watermelon flag's evidence is the focus/style evidence itself, already marked.
    marks += [Mark(s.start, s.end, "flag") for flag in flags if flag.code != "watermelon" for s in flag.evidence]
    return f'<div class="wm-clause">{highlight(tagged.clause.text, marks)}</div>'


def clause_cards(report: ContractReport) -> list[ClauseCard]:
    """The review queue of a contract, most important clause first."""
    cards: list[ClauseCard] = []
    for position, tagged in enumerate(review_queue(report), start=1):
        clause = tagged.clause
        flags = report.flags_of(clause.id)
        where = _where(clause)
        titles = ", ".join(f.title for f in flags) or "SLA clause, no flag"
        cards.append(
            ClauseCard(
                clause_id=clause.id,
                label=f"{position}. {where or clause.id} — {titles}",
                section=clause.section,
                page=clause.page_start,
                pages=clause_pages(clause),
                text_html=clause_html(tagged, flags),
                tags=_tag_summary(tagged),
                flags=tuple((f.title, f.reason) for f in flags),
                model=model_tags(tagged.tags),
            )
        )
    return cards


def _verdict_word(decision: ReviewDecision) -> str:
    return "agreed" if decision.agrees else "corrected"


def review_status(card: ClauseCard, sha256: str, decisions: Mapping[tuple[str, str], ReviewDecision]) -> str:
    decision = decisions.get((sha256, card.clause_id))
    if decision is None:
        return "open"
    return f"{_verdict_word(decision)} by {decision.reviewer}"


def queue_table(report: ContractReport, decisions: Mapping[tuple[str, str], ReviewDecision]) -> list[dict[str, Any]]:
    sha = report.document.sha256
    return [
        {
            "#": i,
            "section": card.section or "",
            "page": card.page,
            "flags": ", ".join(title for title, _ in card.flags),
            "tags": card.tags,
            "review": review_status(card, sha, decisions),
        }
        for i, card in enumerate(clause_cards(report), start=1)
    ]


Action = Literal["agree", "correct"]
NO_VALUE = "none"


def decision_from_form(
    report: ContractReport,
    clause_id: str,
    *,
    reviewer: str,
    action: Action,
    is_sla: bool,
    focus: str,
    style: str,
    comment: str = "",
) -> ReviewDecision:
    """A decision from the review form's values ('none' for no focus/style). Raises
    ValueError with a message for the reviewer when the values do not make sense."""
    tagged = next((c for c in report.clauses if c.clause.id == clause_id), None)
    if tagged is None:
        raise ValueError(f"clause {clause_id} is not in {report.name}")
    model = model_tags(tagged.tags)
    sha, text = report.document.sha256, tagged.clause.text
    if action == "agree":
        return agree(sha, clause_id, text, reviewer, model, comment)
    corrected = Tags(
        is_sla,
        None if not is_sla or focus == NO_VALUE else focus,
        None if not is_sla or style == NO_VALUE else style,
    )
    return correct(sha, clause_id, text, reviewer, model, corrected, comment)


# --- review history ----------------------------------------------------------------


def tags_text(tags: Tags) -> str:
    """Review tags in a few words: 'SLA · focus: outcome · style: none' or 'not an SLA'."""
    if not tags.is_sla:
        return "not an SLA"
    return f"SLA · focus: {tags.focus or NO_VALUE} · style: {tags.style or NO_VALUE}"


def decided_when(decided_at: str) -> str:
    """A decision's time to the second, in UTC so reviewers in different offices agree;
    a value that is not an ISO time is shown as stored."""
    try:
        moment = datetime.fromisoformat(decided_at)
    except ValueError:
        return decided_at
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def history_rows(decisions: Sequence[ReviewDecision]) -> list[dict[str, str]]:
    """The decisions on one clause as table rows, newest first. Newest means recorded
    last (highest store id), the same order in which the store lets the latest win."""
    newest_first = sorted(decisions, key=lambda decision: decision.id or 0, reverse=True)
    return [
        {
            "when": decided_when(decision.decided_at),
            "reviewer": decision.reviewer,
            "decision": _verdict_word(decision),
            "tags": tags_text(decision.reviewer_tags),
            "comment": decision.comment,
        }
        for decision in newest_first
    ]
