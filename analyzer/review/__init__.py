"""Legal's review of flagged clauses: decisions in a SQLite file, the order to review
in, and exports (CSV, JSON, XLSX, labeled JSONL for training)."""

from .export import REVIEW_COLUMNS, review_csv, review_json, review_rows, review_xlsx, training_jsonl
from .queue import FLAG_PRIORITY, is_reviewable, model_tags, review_queue
from .store import (
    SCHEMA_VERSION,
    DocumentRecord,
    ReviewDecision,
    ReviewStore,
    ReviewStoreError,
    Tags,
    Verdict,
    agree,
    correct,
    default_review_db,
)

__all__ = [
    "FLAG_PRIORITY",
    "REVIEW_COLUMNS",
    "SCHEMA_VERSION",
    "DocumentRecord",
    "ReviewDecision",
    "ReviewStore",
    "ReviewStoreError",
    "Tags",
    "Verdict",
    "agree",
    "correct",
    "default_review_db",
    "is_reviewable",
    "model_tags",
    "review_csv",
    "review_json",
    "review_queue",
    "review_rows",
    "review_xlsx",
    "training_jsonl",
]
