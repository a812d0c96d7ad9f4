"""How far two people agree on the dev set: the ceiling a model can be held to.

`tests/devset/blind_labels.jsonl` holds, for every dev clause, the first labeler's
labels and the second labeler's, given blind (file + offsets, no text). Scoring one
against the other the way the model is scored shows which targets sit above what
two careful readers of LABELING.md manage on real clauses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import label_problem, plain
from ..offsets import labeled_slices
from .assess import score_labels
from .data import LabeledClause
from .evaluate import TagScores

BLIND_LABELS = "blind_labels.jsonl"

Labels = tuple[bool, str | None, str | None]


@dataclass(frozen=True)
class BlindPair:
    """One dev clause as each labeler labeled it, before adjudication."""

    id: str
    first: Labels
    second: Labels


@dataclass(frozen=True)
class Agreement:
    clauses: int
    sla_first: int  # clauses each labeler called SLA
    sla_second: int
    kappa_is_sla: float
    second_against_first: dict[str, TagScores]  # the first labeler's labels as the reference
    first_against_second: dict[str, TagScores]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)  # TagScores serialise as their own to_dict does
        return data


def load_blind_pairs(path: Path, corpus_dir: Path) -> list[BlindPair]:
    """The pairs in `path`; the corpus is read only to check each clause is unchanged."""
    pairs = []
    for row, _ in labeled_slices(path, corpus_dir):
        where = f"{path}: {row['file']}:{row['start']}"
        first, second = _labels(row.get("first") or {}, where), _labels(row.get("second") or {}, where)
        pairs.append(BlindPair(f"{row['file']}:{row['start']}", first, second))
    return pairs


def _labels(value: dict[str, Any], where: str) -> Labels:
    is_sla, focus, style = value.get("is_sla"), value.get("focus"), value.get("style")
    problem = label_problem(is_sla, focus, style)
    if problem:
        raise ValueError(f"{where}: {problem}")
    return bool(is_sla), focus, style


def agreement(pairs: Sequence[BlindPair]) -> Agreement:
    first = [_as_gold(p.id, p.first) for p in pairs]
    second = [_as_gold(p.id, p.second) for p in pairs]
    return Agreement(
        clauses=len(pairs),
        sla_first=sum(p.first[0] for p in pairs),
        sla_second=sum(p.second[0] for p in pairs),
        kappa_is_sla=round(cohen_kappa([p.first[0] for p in pairs], [p.second[0] for p in pairs]), 4),
        second_against_first=score_labels(first, [p.second for p in pairs]),
        first_against_second=score_labels(second, [p.first for p in pairs]),
    )


def _as_gold(clause_id: str, labels: Labels) -> LabeledClause:
    # only the labels are scored: no text or language is needed
    return LabeledClause(id=clause_id, text="", language="en", is_sla=labels[0], focus=labels[1], style=labels[2])


def cohen_kappa(a: Sequence[object], b: Sequence[object]) -> float:
    """Agreement beyond chance: (observed - expected) / (1 - expected)."""
    if len(a) != len(b) or not a:
        raise ValueError("cohen_kappa needs two label sequences of the same, non-zero length")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    counts_a, counts_b = Counter(a), Counter(b)
    expected = sum(counts_a[label] * counts_b[label] for label in counts_a) / (n * n)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)
