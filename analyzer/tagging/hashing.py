"""Hashed n-gram counts for a batch, as the models' HashingVectorizers would make
them, only faster.

Character n-grams of `char_wb` never cross a word: a text's counts are the sum of
its words' counts. Contract language repeats the same few thousand words, so each
word is hashed once and remembered; a batch's counts are then one sparse product
(texts x words) @ (words x hashed n-grams). The result is identical to the
vectorizer's (tests compare them), so the saved models need no change.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# HashingVectorizer's own whitespace rule for char_wb before it splits words.
_WHITE_SPACES = re.compile(r"\s\s+")


class WordCachedCharHasher:
    """Counts of a `char_wb` HashingVectorizer, built from per-word cached columns."""

    def __init__(self, hasher: Any, max_words: int = 200_000) -> None:
        if getattr(hasher, "analyzer", None) != "char_wb":
            raise ValueError("WordCachedCharHasher reproduces char_wb hashing only")
        self.hasher = hasher
        self.max_words = max_words
        self._columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.Lock()  # a Dask worker may tag from several threads

    def _remember(self, words: list[str]) -> None:
        matrix = self.hasher.transform(words).tocsr()
        for i, word in enumerate(words):
            start, end = matrix.indptr[i], matrix.indptr[i + 1]
            self._columns[word] = (matrix.indices[start:end].copy(), matrix.data[start:end].copy())

    def transform(self, texts: Sequence[str]) -> Any:
        with self._lock:
            return self._transform(texts)

    def _transform(self, texts: Sequence[str]) -> Any:
        import scipy.sparse as sp

        texts_words = [_WHITE_SPACES.sub(" ", text).split() for text in texts]
        vocabulary: dict[str, int] = {}
        word_ids: list[int] = []
        text_ends: list[int] = [0]
        for words in texts_words:
            for word in words:
                word_ids.append(vocabulary.setdefault(word, len(vocabulary)))
            text_ends.append(len(word_ids))
        missing = [word for word in vocabulary if word not in self._columns]
        if len(self._columns) + len(missing) > self.max_words:
            # A crude bound: start over with this batch's words (a cold cache only costs speed).
            self._columns.clear()
            missing = list(vocabulary)
        if missing:
            self._remember(missing)
        n_features = self.hasher.n_features
        # words x features: each distinct word's hashed n-gram counts
        rows = [self._columns[word] for word in vocabulary]
        lengths = np.fromiter((len(indices) for indices, _ in rows), dtype=np.int64, count=len(rows))
        grams = sp.csr_matrix(
            (
                np.concatenate([data for _, data in rows]) if rows else np.zeros(0),
                np.concatenate([indices for indices, _ in rows]) if rows else np.zeros(0, dtype=np.int32),
                np.concatenate(([0], np.cumsum(lengths))),
            ),
            shape=(len(rows), n_features),
        )
        # texts x words: how often each text uses each word
        occurrences = sp.csr_matrix(
            (np.ones(len(word_ids)), np.asarray(word_ids, dtype=np.int64), np.asarray(text_ends, dtype=np.int64)),
            shape=(len(texts), len(rows)),
        )
        counts = (occurrences @ grams).tocsr()
        counts.sort_indices()
        return counts


@dataclass(frozen=True)
class HashedBatch:
    """A batch's hashed counts with every block side by side (the FeatureUnion's
    column order) and sublinear tf (1 + log count) applied once for all models."""

    matrix: Any
    block_starts: tuple[int, ...]


class BatchHasher:
    """The hashing step shared by all three models, for one batch of feature texts."""

    def __init__(self, hashers: dict[str, Any]) -> None:
        self.hashers: dict[str, Any] = {
            name: WordCachedCharHasher(h) if getattr(h, "analyzer", None) == "char_wb" else h for name, h in hashers.items()
        }

    def transform(self, texts: Sequence[str]) -> dict[str, Any]:
        return {name: hasher.transform(list(texts)) for name, hasher in self.hashers.items()}

    def batch(self, texts: Sequence[str]) -> HashedBatch:
        import scipy.sparse as sp

        blocks = list(self.transform(texts).values())
        starts = tuple(int(x) for x in np.cumsum([0] + [b.shape[1] for b in blocks[:-1]]))
        matrix = sp.hstack(blocks, format="csr")
        matrix.sort_indices()
        matrix.data = np.log(matrix.data) + 1.0
        return HashedBatch(matrix, starts)
