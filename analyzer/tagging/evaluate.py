"""Per-tag precision, recall, F1 and confusion matrices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TagScores:
    tag: str
    labels: tuple[str, ...]
    precision: dict[str, float]
    recall: dict[str, float]
    f1: dict[str, float]
    support: dict[str, int]
    macro_f1: float
    confusion: tuple[tuple[int, ...], ...]  # rows: gold, columns: predicted, in `labels` order

    def to_dict(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "labels": list(self.labels),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
            "macro_f1": self.macro_f1,
            "confusion": [list(row) for row in self.confusion],
        }


def score_tag(tag: str, gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None) -> TagScores:
    labels = tuple(labels or sorted(set(gold) | set(predicted)))
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for gold_label, predicted_label in zip(gold, predicted):
        matrix[index[gold_label]][index[predicted_label]] += 1
    precision: dict[str, float] = {}
    recall: dict[str, float] = {}
    f1: dict[str, float] = {}
    support: dict[str, int] = {}
    for label, i in index.items():
        tp = matrix[i][i]
        predicted_n = sum(row[i] for row in matrix)
        gold_n = sum(matrix[i])
        p = tp / predicted_n if predicted_n else 0.0
        r = tp / gold_n if gold_n else 0.0
        precision[label] = round(p, 4)
        recall[label] = round(r, 4)
        f1[label] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        support[label] = gold_n
    present = [label for label in labels if support[label] > 0]
    macro = round(sum(f1[label] for label in present) / len(present), 4) if present else 0.0
    return TagScores(tag, labels, precision, recall, f1, support, macro, tuple(tuple(row) for row in matrix))


def format_scores(scores: TagScores) -> str:
    lines = [f"{scores.tag}: macro-F1 {scores.macro_f1:.3f}"]
    lines.append(f"  {'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for label in scores.labels:
        lines.append(
            f"  {label:<14}{scores.precision[label]:>7.3f}{scores.recall[label]:>7.3f}{scores.f1[label]:>7.3f}{scores.support[label]:>6}"
        )
    lines.append("  confusion (rows gold, columns predicted): " + " ".join(scores.labels))
    for label, row in zip(scores.labels, scores.confusion):
        lines.append(f"  {label:<14}" + "".join(f"{n:>6}" for n in row))
    return "\n".join(lines)
