"""How well `extract` finds the metrics of real clauses: gold metrics by file and
offsets (`tests/devset/metrics_dev.jsonl`, text read from the corpus at run time),
scored on value and unit, then comparator and window of the metrics found."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..language import detect_language
from ..model import Metric
from ..offsets import labeled_slices
from .extract import extract
from .pipeline import build_nlp


@dataclass(frozen=True)
class GoldMetric:
    value: float
    unit: str
    comparator: str | None
    window: str | None


@dataclass(frozen=True)
class MetricGold:
    id: str
    text: str
    metrics: tuple[GoldMetric, ...]


@dataclass(frozen=True)
class ExtractionScores:
    found: int  # predicted metrics whose value and unit are in the gold
    predicted: int
    gold: int
    comparators_right: int  # among the found
    windows_right: int

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load_metric_gold(path: Path, corpus_dir: Path) -> list[MetricGold]:
    return [
        MetricGold(
            f"{row['file']}:{row['start']}",
            text,
            tuple(GoldMetric(m["value"], m["unit"], m["comparator"], m["window"]) for m in row["metrics"]),
        )
        for row, text in labeled_slices(path, corpus_dir)
    ]


def score_extraction(rows: list[MetricGold]) -> ExtractionScores:
    """Value-and-unit matches between extracted and gold metrics, clause by clause
    (each gold metric matched at most once); a found metric's comparator is right when
    it ends with the gold one ("shall not exceed" for "not exceed")."""
    nlps = {lang: build_nlp(lang) for lang in ("en", "nl")}
    found = predicted = gold = comparators = windows = 0
    for row in rows:
        metrics, _ = extract(nlps[detect_language(row.text)](row.text))
        wanted: Counter[tuple[float | None, str | None]] = Counter((m.value, m.unit) for m in row.metrics)
        got: Counter[tuple[float | None, str | None]] = Counter((m.value, m.unit) for m in metrics)
        found += sum((wanted & got).values())
        predicted += len(metrics)
        gold += len(row.metrics)
        for expected in row.metrics:
            match = _first_with(metrics, expected)
            if match is not None:
                comparators += (match.comparator or "").endswith(expected.comparator or "") and (
                    (match.comparator is None) == (expected.comparator is None)
                )
                windows += match.window == expected.window
    return ExtractionScores(found, predicted, gold, comparators, windows)


def _first_with(metrics: tuple[Metric, ...], expected: GoldMetric) -> Metric | None:
    return next((m for m in metrics if (m.value, m.unit) == (expected.value, expected.unit)), None)


def extraction_summary(rows: list[MetricGold]) -> dict[str, float | int]:
    """The scores as the model card and model.json record them."""
    scores = score_extraction(rows)
    return {
        "clauses": len(rows),
        "gold": scores.gold,
        "predicted": scores.predicted,
        "found": scores.found,
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "comparators_right": scores.comparators_right,
        "windows_right": scores.windows_right,
    }
