"""Score a tagger (or the keyword baseline) against gold labeled clauses."""

from __future__ import annotations

from collections.abc import Sequence

from .baseline import baseline_labels
from .data import LabeledClause
from .evaluate import TagScores, score_tag
from .models import NONE_LABEL
from .tagger import Tagger, TagResult, context_thresholds

TAG_LABELS = {"is_sla": ("False", "True"), "focus": ("none", "outcome", "output"), "style": ("collaborative", "none", "penalty")}


def score_labels(gold: Sequence[LabeledClause], predicted: Sequence[tuple[bool, str | None, str | None]]) -> dict[str, TagScores]:
    """Per-tag scores of (is_sla, focus, style) predictions: focus and style on the gold SLA
    clauses only, a clause predicted non-SLA counting as `none`."""
    scores = {"is_sla": score_tag("is_sla", [str(g.is_sla) for g in gold], [str(p[0]) for p in predicted], TAG_LABELS["is_sla"])}
    sla = [i for i, g in enumerate(gold) if g.is_sla]
    for position, tag in ((1, "focus"), (2, "style")):
        scores[tag] = score_tag(
            tag,
            [gold[i].label(tag) for i in sla],
            [_value(predicted[i], position) for i in sla],
            TAG_LABELS[tag],
        )
    return scores


def _value(prediction: tuple[bool, str | None, str | None], position: int) -> str:
    value = prediction[position] if prediction[0] else None
    return str(value) if value else NONE_LABEL


def tag_gold(tagger: Tagger, gold: Sequence[LabeledClause]) -> list[TagResult]:
    """The tagger's results for the gold clauses' bare text, as `classify` tags them."""
    return tagger.tag_texts([g.text for g in gold], [g.language for g in gold])


def scores_of(gold: Sequence[LabeledClause], results: Sequence[TagResult]) -> dict[str, TagScores]:
    return score_labels(gold, [(r.tags.is_sla, r.tags.focus, r.tags.style) for r in results])


def assess_tagger(tagger: Tagger, gold: Sequence[LabeledClause]) -> dict[str, TagScores]:
    return scores_of(gold, tag_gold(tagger, gold))


def assess_tagger_in_context(
    tagger: Tagger, gold: Sequence[LabeledClause], headings: Sequence[tuple[str, ...] | None]
) -> dict[str, TagScores]:
    """Scores as `analyze` would tag: each clause's heading path sets its threshold."""
    results = tagger.tag_texts([g.text for g in gold], [g.language for g in gold], context_thresholds(headings))
    return scores_of(gold, results)


def sla_ranking(tagger: Tagger, gold: Sequence[LabeledClause]) -> dict[str, float]:
    return ranking_of(gold, tag_gold(tagger, gold))


def ranking_of(gold: Sequence[LabeledClause], results: Sequence[TagResult]) -> dict[str, float]:
    """How well P(is_sla) ranks the gold SLA clauses above the rest, at no threshold:
    ROC-AUC and average precision of the model's probability (before forms decide).
    Changes to the training data move F1 at a fixed threshold by the shift of the
    probabilities as much as by better answers; these two are not moved by that."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    labels = [g.is_sla for g in gold]
    if len(set(labels)) < 2:
        raise ValueError("ranking needs gold clauses of both kinds, SLA and not")
    probabilities = [r.tags.is_sla_probability for r in results]
    return {
        "roc_auc": round(float(roc_auc_score(labels, probabilities)), 4),
        "average_precision": round(float(average_precision_score(labels, probabilities)), 4),
    }


def assess_baseline(gold: Sequence[LabeledClause]) -> dict[str, TagScores]:
    return score_labels(gold, [baseline_labels(g.text) for g in gold])
