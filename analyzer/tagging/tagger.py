"""Tag clauses: rules (spaCy) + the three classifiers -> ClauseTags, metrics and
consequences. `Tagger` loads everything once; reuse it across documents."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..language import detect_language
from ..model import ClauseTags, Consequence, Document, Evidence, Language, Metric, TaggedClause
from ..nlp.extract import extract, spans_of
from ..nlp.pipeline import build_nlp
from .context import threshold_for_headings
from .explain import Candidates
from .features import feature_text, tokenizable
from .forms import FormMatch, settled_by_form
from .hashing import BatchHasher, HashedBatch
from .models import NONE_LABEL, TagModel, load_models

# Below 0.5 on purpose. Real contract clauses are less typical than the clauses we
# write, so their P(is_sla) runs lower (the probabilities are calibrated on our
# data), and a reviewer loses more by a missed service level than by one extra
# clause to dismiss. On the checked dev set, 0.35 against 0.4: is_sla macro-F1
# 0.807 vs 0.813, focus 0.784 vs 0.717 (the outcome KPIs found), style 0.741 vs
# 0.744; over 300 bootstrap resamples the mean of the three was higher at 0.35 in
# 95%. Chosen on the dev set: the sealed set is the honest check.
SLA_THRESHOLD = 0.35
# Below this P(is_sla) a clause gets no is_sla evidence (it is clearly not an SLA).
EVIDENCE_FLOOR = 0.2


def default_model_dir() -> Path:
    """WATERMELON_MODELS if set; else the repository's models/ folder (a checkout or
    an editable install); else the `watermelon_models` package a wheel installs."""
    configured = os.environ.get("WATERMELON_MODELS")
    if configured:
        return Path(configured)
    checkout = Path(__file__).resolve().parents[2] / "models"
    if (checkout / "is_sla.skops").is_file():
        return checkout
    import importlib.util

    spec = importlib.util.find_spec("watermelon_models")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return checkout


@dataclass(frozen=True)
class TagResult:
    tags: ClauseTags
    metrics: tuple[Metric, ...]
    consequences: tuple[Consequence, ...]


class Tagger:
    def __init__(self, models: dict[str, TagModel]) -> None:
        self.models = models
        # The hashing step is stateless and the same in all three models: hash once.
        self.hasher = BatchHasher(models["is_sla"].hashers())

    @classmethod
    def load(cls, folder: Path | None = None) -> Tagger:
        return cls(load_models(folder or default_model_dir()))

    def tag_texts(
        self,
        texts: Sequence[str],
        languages: Sequence[Language | None] | None = None,
        thresholds: Sequence[float] | None = None,
    ) -> list[TagResult]:
        """Tags, metrics and consequences per text. `thresholds` (one per text) replace
        SLA_THRESHOLD, for callers that know where a clause stands (see `context`)."""
        texts = [tokenizable(text) for text in texts]
        langs: list[Language] = [
            (languages[i] if languages and languages[i] else None) or detect_language(text) for i, text in enumerate(texts)
        ]
        docs: list[Any] = [None] * len(texts)
        for lang in set(langs):
            indices = [i for i, value in enumerate(langs) if value == lang]
            for i, doc in zip(indices, build_nlp(lang, sentences=False).pipe([texts[i] for i in indices], batch_size=256)):
                docs[i] = doc
        doc_spans = [spans_of(doc) for doc in docs]  # extraction below reuses them
        span_lists = [[(s.label_, s.start_char, s.end_char) for s in spans] for spans in doc_spans]
        inputs = [feature_text(text, [label for label, _, _ in spans]) for text, spans in zip(texts, span_lists)]
        if not inputs:
            return []
        batch = self.hasher.batch(inputs)
        sla_model = self.models["is_sla"]
        sla_matrix = sla_model.features_from_batch(batch)
        p_sla = sla_model.predict_proba_features(sla_matrix)[:, sla_model.classes.index("True")]
        # np.array copies: clauses settled by their form are marked in it, never in the caller's sequence
        cutoffs = np.full(len(texts), SLA_THRESHOLD) if thresholds is None else np.array(thresholds, dtype=float)
        if cutoffs.shape != (len(texts),):
            raise ValueError(f"{len(texts)} texts but {cutoffs.size} thresholds")
        forms = [settled_by_form(text) for text in texts]
        for i, form in enumerate(forms):
            if form:  # the clause's form decides, whatever its probability
                cutoffs[i] = -np.inf if form.is_sla else np.inf
        # focus and style mean something only for SLA clauses: only those pay for them.
        sla_rows = np.flatnonzero(p_sla >= cutoffs)
        matrices: dict[str, Any] = {}
        probabilities: dict[str, np.ndarray] = {}
        if len(sla_rows):  # scikit-learn refuses an empty batch
            sla_batch = HashedBatch(batch.matrix[sla_rows], batch.block_starts)
            matrices = {tag: self.models[tag].features_from_batch(sla_batch) for tag in ("focus", "style")}
            probabilities = {tag: self.models[tag].predict_proba_features(m) for tag, m in matrices.items()}
        position = {int(row): k for k, row in enumerate(sla_rows)}
        results: list[TagResult] = []
        for i, text in enumerate(texts):
            if i in position:
                k = position[i]
                others = {tag: (probabilities[tag][k], _row(matrices[tag], k)) for tag in matrices}
            else:
                others = {}
            tags = self._decide(text, inputs[i], span_lists[i], float(p_sla[i]), float(cutoffs[i]), _row(sla_matrix, i), others, forms[i])
            metrics, consequences = extract(docs[i], doc_spans[i]) if tags.is_sla else ((), ())
            results.append(TagResult(tags, metrics, consequences))
        return results

    def _decide(
        self,
        text: str,
        folded: str,
        spans: list[tuple[str, int, int]],
        p_sla: float,
        threshold: float,
        sla_row: tuple[np.ndarray, np.ndarray],
        others: dict[str, tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]],
        form: FormMatch | None,
    ) -> ClauseTags:
        """Labels and evidence of one clause; `others` holds focus and style
        probabilities and feature rows, present exactly when the clause is an SLA."""
        is_sla = p_sla >= threshold
        if form and not form.is_sla:  # e.g. a fragment or a pointer definition, whatever its words suggest
            return ClauseTags(False, p_sla, None, 1.0, None, 1.0, {}, form.form)
        if p_sla < EVIDENCE_FLOOR and not is_sla:
            # A clause that is plainly not an SLA needs no reasons; explaining costs
            # more than classifying, so it is done where a reviewer may look.
            return ClauseTags(is_sla, p_sla, None, 1.0 - p_sla, None, 1.0 - p_sla, {})
        candidates = Candidates.of(folded, spans)  # shared by the three explanations
        sla_evidence: tuple[Evidence, ...]
        if form:  # the form is the reason: it is what a reviewer should see marked
            sla_evidence = (Evidence(form.start, form.end, text[form.start : form.end], 1.0),)
        else:
            sla_evidence = _with_text(self.models["is_sla"].explain(candidates, "True" if is_sla else "False", sla_row), text)
        evidence: dict[str, tuple[Evidence, ...]] = {"is_sla": sla_evidence}
        chosen: dict[str, tuple[str | None, float]] = {}
        for tag in ("focus", "style"):
            if not is_sla:
                chosen[tag] = (None, 1.0 - p_sla)
                continue
            model = self.models[tag]
            probabilities, row = others[tag]
            if tag == "style" and form and form.style:
                # the form settles the style, as it settles is_sla; the model's probability stays
                probability = float(probabilities[model.classes.index(form.style)])
                if form.style == NONE_LABEL:
                    chosen[tag] = (None, probability)
                else:
                    chosen[tag] = (form.style, probability)
                    evidence[tag] = sla_evidence  # the form's words, as for is_sla
                continue
            best = int(np.argmax(probabilities))
            label = model.classes[best]
            chosen[tag] = (None if label == NONE_LABEL else label, float(probabilities[best]))
            if label != NONE_LABEL:
                evidence[tag] = _with_text(model.explain(candidates, label, row), text)
        focus, focus_p = chosen["focus"]
        style, style_p = chosen["style"]
        return ClauseTags(
            is_sla=is_sla,
            is_sla_probability=p_sla,
            focus=focus,  # type: ignore[arg-type]
            focus_probability=focus_p,
            style=style,  # type: ignore[arg-type]
            style_probability=style_p,
            evidence=evidence,
            is_sla_form=form.form if form else None,
        )

    def tag_document(self, document: Document) -> tuple[TaggedClause, ...]:
        clauses = document.clauses
        thresholds = context_thresholds([c.heading_path for c in clauses])  # a clause's section counts as evidence
        results = self.tag_texts([c.text for c in clauses], [c.language for c in clauses], thresholds)
        return tuple(TaggedClause(c, r.tags, r.metrics, r.consequences) for c, r in zip(clauses, results))


def context_thresholds(heading_paths: Sequence[Sequence[str] | None]) -> list[float]:
    """Per clause, the P(is_sla) threshold its heading path calls for (no path: the usual one)."""
    return [threshold_for_headings(path or (), SLA_THRESHOLD) for path in heading_paths]


def _row(matrix: Any, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of row i of a CSR matrix, without building a matrix."""
    start, end = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[start:end], matrix.data[start:end]


def _with_text(evidence: tuple[Evidence, ...], text: str) -> tuple[Evidence, ...]:
    return tuple(replace(e, text=text[e.start : e.end]) for e in evidence)
