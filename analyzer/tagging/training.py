"""Labeled JSONL -> three fitted pipelines in models/, with cross-validated scores.

Reproducible: the same data and seed give the same model (deterministic folds,
deterministic solver)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..nlp.extract import spans_of
from ..nlp.pipeline import build_nlp
from .data import LabeledClause
from .evaluate import TagScores, score_tag
from .features import feature_text, tokenizable
from .forms import settled_by_form
from .models import TAGS, TagModel, make_pipeline


@dataclass(frozen=True)
class TrainingRun:
    models: dict[str, TagModel]
    cross_validation: dict[str, TagScores]
    data_sha256: str
    counts: dict[str, dict[str, int]]
    seed: int
    folds: int = 5
    form_matches: dict[str, int] = field(default_factory=dict)  # training clauses each form settles


def featurize(rows: Sequence[LabeledClause]) -> list[str]:
    out: list[str] = [""] * len(rows)
    for lang in {row.language for row in rows}:
        indices = [i for i, row in enumerate(rows) if row.language == lang]
        texts = [tokenizable(rows[i].text) for i in indices]  # as the tagger sees them
        for i, text, doc in zip(indices, texts, build_nlp(lang, sentences=False).pipe(texts, batch_size=256)):
            out[i] = feature_text(text, [s.label_ for s in spans_of(doc)])
    return out


def rows_for(tag: str, rows: Sequence[LabeledClause]) -> list[int]:
    # focus and style only mean something for SLA clauses; they learn from those.
    return list(range(len(rows))) if tag == "is_sla" else [i for i, row in enumerate(rows) if row.is_sla]


def data_fingerprint(rows: Sequence[LabeledClause]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([row.id, row.text, row.is_sla, row.focus, row.style], ensure_ascii=False).encode())
    return digest.hexdigest()


def train(rows: Sequence[LabeledClause], seed: int = 0, folds: int = 5) -> TrainingRun:
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts = featurize(rows)
    models: dict[str, TagModel] = {}
    scores: dict[str, TagScores] = {}
    counts: dict[str, dict[str, int]] = {}
    for tag in TAGS:
        indices = rows_for(tag, rows)
        x = [texts[i] for i in indices]
        y = np.array([rows[i].label(tag) for i in indices])
        counts[tag] = {str(label): int((y == label).sum()) for label in sorted(set(y))}
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        predicted = cross_val_predict(make_pipeline(seed), x, y, cv=splitter)
        scores[tag] = score_tag(tag, list(y), [str(p) for p in predicted])
        pipeline = make_pipeline(seed)
        pipeline.fit(x, y)
        models[tag] = TagModel(tag, pipeline)
    return TrainingRun(models, scores, data_fingerprint(rows), counts, seed, folds, form_matches(rows))


def form_matches(rows: Sequence[LabeledClause]) -> dict[str, int]:
    """How many training clauses each clause form settles (tests keep them all agreeing with their labels)."""
    from collections import Counter

    found = Counter(match.form for match in (settled_by_form(row.text) for row in rows) if match is not None)
    return dict(sorted(found.items()))


def model_metadata(run: TrainingRun, sources: Sequence[Path]) -> dict[str, Any]:
    import sklearn
    import skops
    import spacy

    return {
        "data_sha256": run.data_sha256,
        "seed": run.seed,
        "folds": run.folds,
        "sources": [p.name for p in sources],
        "counts": run.counts,
        "cross_validation": {tag: s.to_dict() for tag, s in run.cross_validation.items()},
        "form_matches": run.form_matches,
        "versions": {"scikit-learn": sklearn.__version__, "skops": skops.__version__, "spacy": spacy.__version__},
    }
