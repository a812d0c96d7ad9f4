"""Reviewer decisions in SQLite: one real file that the app reopens on every rerun.

Decisions are never updated in place: each submit is a new row, so the history of
a clause stays readable and the latest decision wins. The schema version lives in
`PRAGMA user_version`; opening a file creates or upgrades it. WAL mode lets the
app read while another session writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal

from ..model import label_problem

Verdict = Literal["agree", "correct"]
VERDICTS: tuple[Verdict, ...] = ("agree", "correct")

SCHEMA_VERSION = 1

_SCHEMA_V1 = """
CREATE TABLE documents (
    sha256          TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    analyzed_at     TEXT NOT NULL,
    model_version   TEXT NOT NULL,
    schema_version  TEXT NOT NULL
);
CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    document_sha256 TEXT NOT NULL REFERENCES documents(sha256),
    clause_id       TEXT NOT NULL,
    clause_text     TEXT NOT NULL,
    reviewer        TEXT NOT NULL,
    verdict         TEXT NOT NULL CHECK (verdict IN ('agree', 'correct')),
    model_is_sla    INTEGER NOT NULL,
    model_focus     TEXT CHECK (model_focus IN ('output', 'outcome')),
    model_style     TEXT CHECK (model_style IN ('penalty', 'collaborative')),
    is_sla          INTEGER NOT NULL,
    focus           TEXT CHECK (focus IN ('output', 'outcome')),
    style           TEXT CHECK (style IN ('penalty', 'collaborative')),
    comment         TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL
);
CREATE INDEX decisions_by_clause ON decisions (document_sha256, clause_id, id);
"""
# Index = schema version reached by running that script; append, never edit.
_MIGRATIONS: tuple[str, ...] = ("", _SCHEMA_V1)


class ReviewStoreError(RuntimeError):
    """The review file cannot be used (a newer schema, or not a review store)."""


@dataclass(frozen=True)
class Tags:
    """The three labels of LABELING.md, without probabilities."""

    is_sla: bool
    focus: str | None
    style: str | None

    def __post_init__(self) -> None:
        problem = label_problem(self.is_sla, self.focus, self.style)
        if problem:
            raise ValueError(problem)


@dataclass(frozen=True)
class DocumentRecord:
    """A reviewed contract, known by the sha256 of its bytes."""

    sha256: str
    name: str
    analyzed_at: str
    model_version: str
    schema_version: str


@dataclass(frozen=True)
class ReviewDecision:
    """What one reviewer said about one clause at one moment.

    `model` is what the analyzer tagged when the reviewer decided, `reviewer_tags`
    what the reviewer holds true (equal to `model` for an agreement). The clause
    text is kept so the label survives a later change of segmentation."""

    document_sha256: str
    clause_id: str
    clause_text: str
    reviewer: str
    verdict: Verdict
    model: Tags
    reviewer_tags: Tags
    comment: str = ""
    decided_at: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be agree or correct, not {self.verdict!r}")
        if not self.reviewer.strip():
            raise ValueError("a decision needs the reviewer's name")
        if self.verdict == "agree" and self.reviewer_tags != self.model:
            raise ValueError("an agreement keeps the model's tags; use verdict 'correct' to change them")
        if self.verdict == "correct" and self.reviewer_tags == self.model:
            raise ValueError("the corrected tags are the model's tags: nothing to correct (agree instead)")

    @property
    def agrees(self) -> bool:
        return self.verdict == "agree"


def agree(document_sha256: str, clause_id: str, clause_text: str, reviewer: str, model: Tags, comment: str = "") -> ReviewDecision:
    return ReviewDecision(document_sha256, clause_id, clause_text, reviewer, "agree", model, model, comment)


def correct(
    document_sha256: str, clause_id: str, clause_text: str, reviewer: str, model: Tags, corrected: Tags, comment: str = ""
) -> ReviewDecision:
    return ReviewDecision(document_sha256, clause_id, clause_text, reviewer, "correct", model, corrected, comment)


def default_review_db() -> Path:
    return Path.home() / ".watermelon" / "reviews.sqlite3"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ReviewStore:
    """A review database file. Use as a context manager; every write commits."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(self.path, timeout=10.0)
        self._connection.row_factory = sqlite3.Row
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self._connection.close()
            raise ReviewStoreError(f"{self.path}: not a review database ({exc})") from exc
        except ReviewStoreError:
            self._connection.close()
            raise

    def _prepare(self) -> None:
        connection = self._connection
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise ReviewStoreError(f"{self.path}: schema version {version} is newer than this Watermelon ({SCHEMA_VERSION})")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # executescript commits first; the version bump is part of the same script.
            connection.executescript(f"BEGIN; {_MIGRATIONS[target]} PRAGMA user_version = {target}; COMMIT;")

    @property
    def schema_version(self) -> int:
        row = self._connection.execute("PRAGMA user_version").fetchone()
        return int(row[0])

    @property
    def journal_mode(self) -> str:
        return str(self._connection.execute("PRAGMA journal_mode").fetchone()[0])

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    # --- documents -------------------------------------------------------------

    def register_document(self, document: DocumentRecord) -> None:
        """Record (or refresh) a contract; the latest analysis time and model win."""
        with self._connection:
            self._connection.execute(
                "INSERT INTO documents (sha256, name, analyzed_at, model_version, schema_version) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (sha256) DO UPDATE SET name = excluded.name, analyzed_at = excluded.analyzed_at,"
                " model_version = excluded.model_version, schema_version = excluded.schema_version",
                (document.sha256, document.name, document.analyzed_at, document.model_version, document.schema_version),
            )

    def document(self, sha256: str) -> DocumentRecord | None:
        row = self._connection.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else DocumentRecord(**dict(row))

    def documents(self) -> list[DocumentRecord]:
        rows = self._connection.execute("SELECT * FROM documents ORDER BY name, sha256").fetchall()
        return [DocumentRecord(**dict(row)) for row in rows]

    # --- decisions -------------------------------------------------------------

    def record(self, decision: ReviewDecision) -> ReviewDecision:
        """Append a decision (its document must be registered); returns it with id and time."""
        decided_at = decision.decided_at or _now()
        with self._connection:
            cursor = self._connection.execute(
                "INSERT INTO decisions (document_sha256, clause_id, clause_text, reviewer, verdict, model_is_sla, model_focus,"
                " model_style, is_sla, focus, style, comment, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    decision.document_sha256,
                    decision.clause_id,
                    decision.clause_text,
                    decision.reviewer.strip(),
                    decision.verdict,
                    int(decision.model.is_sla),
                    decision.model.focus,
                    decision.model.style,
                    int(decision.reviewer_tags.is_sla),
                    decision.reviewer_tags.focus,
                    decision.reviewer_tags.style,
                    decision.comment.strip(),
                    decided_at,
                ),
            )
        stored = self._decision_by_id(int(cursor.lastrowid or 0))
        assert stored is not None
        return stored

    def history(self, document_sha256: str, clause_id: str) -> list[ReviewDecision]:
        """Every decision on a clause, oldest first."""
        rows = self._connection.execute(
            "SELECT * FROM decisions WHERE document_sha256 = ? AND clause_id = ? ORDER BY id", (document_sha256, clause_id)
        ).fetchall()
        return [_decision(row) for row in rows]

    def latest(self, document_sha256: str | None = None) -> dict[tuple[str, str], ReviewDecision]:
        """The decision in force per (document sha256, clause id): the last one recorded."""
        query = "SELECT * FROM decisions"
        parameters: tuple[str, ...] = ()
        if document_sha256 is not None:
            query += " WHERE document_sha256 = ?"
            parameters = (document_sha256,)
        latest: dict[tuple[str, str], ReviewDecision] = {}
        for row in self._connection.execute(query + " ORDER BY id", parameters):
            decision = _decision(row)
            latest[(decision.document_sha256, decision.clause_id)] = decision
        return latest

    def all_decisions(self) -> Iterator[ReviewDecision]:
        for row in self._connection.execute("SELECT * FROM decisions ORDER BY id"):
            yield _decision(row)

    def _decision_by_id(self, decision_id: int) -> ReviewDecision | None:
        row = self._connection.execute("SELECT * FROM decisions WHERE id = ?", (decision_id,)).fetchone()
        return None if row is None else _decision(row)


def _decision(row: sqlite3.Row) -> ReviewDecision:
    return ReviewDecision(
        document_sha256=row["document_sha256"],
        clause_id=row["clause_id"],
        clause_text=row["clause_text"],
        reviewer=row["reviewer"],
        verdict=row["verdict"],
        model=Tags(bool(row["model_is_sla"]), row["model_focus"], row["model_style"]),
        reviewer_tags=Tags(bool(row["is_sla"]), row["focus"], row["style"]),
        comment=row["comment"],
        decided_at=row["decided_at"],
        id=row["id"],
    )
