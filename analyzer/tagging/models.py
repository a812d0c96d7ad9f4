"""One scikit-learn Pipeline per tag (features + calibrated linear classifier),
saved with skops and loaded against a pinned list of trusted types."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..model import Evidence
from .explain import Candidates
from .features import WORD_PATTERN
from .hashing import CHAR_FEATURES, CHAR_NGRAMS, WORD_FEATURES, WORD_NGRAMS, HashedBatch

TAGS = ("is_sla", "focus", "style")
NONE_LABEL = "none"

# Everything a saved model may contain beyond skops' own safe defaults. Loading
# refuses any other type, so a tampered file cannot smuggle code in.
TRUSTED_TYPES = [
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelEncoder",
    "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.frozen._frozen.FrozenEstimator",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "builtins.slice",
    "re.compile",
]


def make_pipeline(seed: int = 0, c: float = 4.0) -> Any:
    """Hashed word 1-2-grams and character 3-4-grams, tf-idf weighted, into a
    calibrated logistic regression. Hashing keeps no vocabulary, so the saved
    model is small and loads in a second; `explain` re-hashes words to find them."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    def hashed(**options: Any) -> Any:
        return Pipeline(
            [
                ("hash", HashingVectorizer(alternate_sign=False, norm=None, lowercase=False, **options)),
                ("tfidf", TfidfTransformer(sublinear_tf=True)),
            ]
        )

    features = FeatureUnion(
        [
            ("words", hashed(ngram_range=WORD_NGRAMS, token_pattern=WORD_PATTERN, n_features=WORD_FEATURES)),
            ("chars", hashed(analyzer="char_wb", ngram_range=CHAR_NGRAMS, n_features=CHAR_FEATURES)),
        ]
    )
    classifier = CalibratedClassifierCV(
        LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=seed),
        method="sigmoid",
        cv=3,
        ensemble=False,
    )
    return Pipeline([("features", features), ("classifier", classifier)])


@dataclass(frozen=True)
class TagModel:
    """A fitted pipeline for one tag, with what explanation needs from it."""

    tag: str
    pipeline: Any

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.pipeline.predict_proba(texts))

    def _linear(self) -> Any:
        calibrated = self.pipeline.named_steps["classifier"].calibrated_classifiers_[0]
        return calibrated.estimator

    @cached_property
    def _directions(self) -> dict[str, np.ndarray]:
        """Per class, the weight vector that pushes a text towards that class."""
        linear = self._linear()
        classes = [str(c) for c in linear.classes_]
        coef = linear.coef_
        if coef.shape[0] == 1:
            return {classes[1]: coef[0], classes[0]: -coef[0]}
        return {c: coef[i] - np.delete(coef, i, axis=0).mean(axis=0) for i, c in enumerate(classes)}

    def features(self, texts: list[str]) -> Any:
        return self.pipeline.named_steps["features"].transform(texts)

    @cached_property
    def _idf(self) -> np.ndarray | None:
        """All blocks' idf weights side by side, or None when a block's tf-idf is not
        the sublinear, l2-normalised kind `features_from_batch` reproduces."""
        weights = []
        for _, transformer in self.pipeline.named_steps["features"].transformer_list:
            tfidf = transformer.named_steps["tfidf"]
            if not (tfidf.sublinear_tf and tfidf.use_idf and tfidf.norm == "l2"):
                return None
            weights.append(np.asarray(tfidf.idf_))
        return np.concatenate(weights)

    def features_from_batch(self, batch: HashedBatch) -> Any:
        """The pipeline's tf-idf features from a batch hashed once for all models:
        idf weighting and the per-block l2 norm as three vector operations."""
        import scipy.sparse as sp

        idf = self._idf
        if idf is None:
            raise ModelError(f"{self.tag}: tf-idf settings differ from what features_from_batch reproduces")
        matrix = batch.matrix
        values = matrix.data * idf[matrix.indices]
        n_blocks = len(batch.block_starts)
        block = np.searchsorted(np.asarray(batch.block_starts[1:]), matrix.indices, side="right")
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        cell = rows * n_blocks + block
        norms = np.sqrt(np.bincount(cell, weights=values * values, minlength=matrix.shape[0] * n_blocks))
        return sp.csr_matrix((values / norms[cell], matrix.indices, matrix.indptr), shape=matrix.shape)

    def hashers(self) -> dict[str, Any]:
        return {name: t.named_steps["hash"] for name, t in self.pipeline.named_steps["features"].transformer_list}

    @cached_property
    def _sigmoid_linear(self) -> SigmoidLinear | None:
        return SigmoidLinear.of(self.pipeline.named_steps["classifier"])

    def predict_proba_features(self, matrix: Any) -> np.ndarray:
        """The classifier's probabilities for tf-idf features; the same numbers as its
        predict_proba, without scikit-learn's input checks on every batch."""
        fast = self._sigmoid_linear
        if fast is None:
            return np.asarray(self.pipeline.named_steps["classifier"].predict_proba(matrix))
        return fast.predict_proba(matrix)

    def explain(self, candidates: Candidates, chosen: str, row: tuple[Any, Any] | None = None, top: int = 6) -> tuple[Evidence, ...]:
        """Words (and rule spans) that pushed the clause towards `chosen`.

        Contribution of a feature = its tf-idf value x the class weight (for several
        classes, the chosen class's coefficient minus the others' mean); see
        `explain.Candidates` for which features belong to which words.
        """
        if row is None:
            matrix = self.features([candidates.folded_text]).tocsr()
            row = (matrix.indices, matrix.data)
        indices, data = np.asarray(row[0]), np.asarray(row[1])
        return candidates.strongest(indices, data * self._directions[chosen][indices], top)


@dataclass(frozen=True)
class SigmoidLinear:
    """A CalibratedClassifierCV(ensemble=False, method="sigmoid") around a linear
    model, as plain arrays. `predict_proba` repeats scikit-learn's
    `_CalibratedClassifier.predict_proba` operation for operation, so the results
    are bit-identical (tests compare them)."""

    coef_t: np.ndarray  # features x columns, C-ordered (the product copies otherwise)
    intercept: np.ndarray
    slopes: tuple[float, ...]  # per calibrator: P = expit(-(a * score + b))
    offsets: tuple[float, ...]
    columns: tuple[int, ...]  # the probability column each calibrator fills
    n_classes: int

    @classmethod
    def of(cls, classifier: Any) -> SigmoidLinear | None:
        """None unless the classifier is exactly the shape reproduced here."""
        from sklearn.calibration import CalibratedClassifierCV, _SigmoidCalibration
        from sklearn.linear_model import LogisticRegression

        if not isinstance(classifier, CalibratedClassifierCV) or len(classifier.calibrated_classifiers_) != 1:
            return None
        calibrated = classifier.calibrated_classifiers_[0]
        linear = calibrated.estimator
        classes = list(calibrated.classes)
        if (
            calibrated.method != "sigmoid"
            or type(linear) is not LogisticRegression
            or list(linear.classes_) != classes
            or list(classifier.classes_) != classes
            or classes != sorted(classes)  # LabelEncoder order: calibrator i fills column i
            or not all(type(c) is _SigmoidCalibration for c in calibrated.calibrators)
        ):
            return None
        n_classes = len(classes)
        # binary: one score column, for classes[1]; otherwise one per class
        columns = (1,) if n_classes == 2 else tuple(range(n_classes))
        if linear.coef_.shape[0] != len(columns) or len(calibrated.calibrators) != len(columns):
            return None
        return cls(
            np.ascontiguousarray(linear.coef_.T),
            np.asarray(linear.intercept_),
            tuple(c.a_ for c in calibrated.calibrators),
            tuple(c.b_ for c in calibrated.calibrators),
            columns,
            n_classes,
        )

    def predict_proba(self, matrix: Any) -> np.ndarray:
        from scipy.special import expit

        scores = matrix @ self.coef_t + self.intercept
        proba = np.zeros((matrix.shape[0], self.n_classes))
        for k, column in enumerate(self.columns):
            proba[:, column] = expit(-(self.slopes[k] * scores[:, k] + self.offsets[k]))
        if self.n_classes == 2:
            proba[:, 0] = 1.0 - proba[:, 1]
            return proba
        denominator = np.sum(proba, axis=1)[:, np.newaxis]
        # all calibrators at zero: scikit-learn falls back to the uniform distribution
        return np.divide(proba, denominator, out=np.full_like(proba, 1 / self.n_classes), where=denominator != 0)


def save_models(models: dict[str, TagModel], folder: Path) -> None:
    import skops.io as sio

    folder.mkdir(parents=True, exist_ok=True)
    for tag, model in models.items():
        # stop_words_ lists every pruned n-gram: introspection only, and most of the file.
        sio.dump(model.pipeline, folder / f"{tag}.skops", compression=8)


def untrusted_types(path: Path) -> list[str]:
    import skops.io as sio

    return list(sio.get_untrusted_types(file=path))


def load_models(folder: Path) -> dict[str, TagModel]:
    import skops.io as sio

    models: dict[str, TagModel] = {}
    for tag in TAGS:
        path = folder / f"{tag}.skops"
        if not path.is_file():
            raise ModelError(f"{path}: trained model missing; run `watermelon train`")
        unknown = sorted(set(untrusted_types(path)) - set(TRUSTED_TYPES))
        if unknown:
            raise ModelError(f"{path}: refuses to load untrusted types {unknown}")
        try:
            pipeline = sio.load(path, trusted=TRUSTED_TYPES)
        except Exception as exc:  # skops raises several types for damaged files
            raise ModelError(f"{path}: cannot load model ({exc})") from exc
        models[tag] = TagModel(tag, pipeline)
    return models
