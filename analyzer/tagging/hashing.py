"""Hashed n-gram counts for a batch, as the models' HashingVectorizers would make
them, only faster.

Character n-grams of `char_wb` never cross a word: a text's counts are the sum of
its words' counts. Contract language repeats the same few thousand words, so each
word is hashed once and remembered; a batch's counts are then one sparse product
(texts x words) @ (words x hashed n-grams). The result is identical to the
vectorizer's (tests compare them), so the saved models need no change.

Word 1-2-grams are slices of one buffer of a batch's tokens, hashed as arrays
(`ArrayWordHasher`); new words' character n-grams are byte windows hashed the same
way (`murmur.py`).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, count
from typing import Any

import numpy as np

from .murmur import columns_of, murmurhash3_32

# The hashed feature space: word n-grams first, character n-grams after them.
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
WORD_NGRAMS = (1, 2)
# 5-grams added nothing on the dev set (macro-F1 within noise) and cost a third of
# the character work; 3-4-grams keep morphology (Dutch compounds, inflections).
CHAR_NGRAMS = (3, 4)


def _hashes_text_as_given(hasher: Any) -> bool:
    """No preprocessing, case folding, accent stripping or alternating signs: what
    the fast twins below reproduce."""
    return hasher.preprocessor is None and not hasher.lowercase and hasher.strip_accents is None and not hasher.alternate_sign


class ArrayWordHasher:
    """Counts of a word 1-2-gram HashingVectorizer, hashed as arrays.

    A batch's tokens are joined with single spaces into one buffer, so every unigram
    and every bigram ("word next") is a slice of it; murmur.py hashes all slices at
    once. Python touches each text (find its tokens, join them) but no n-gram: that
    was the vectorizer's cost, and a per-n-gram cache's."""

    def __init__(self, hasher: Any) -> None:
        plain = (
            getattr(hasher, "analyzer", None) == "word"
            and tuple(hasher.ngram_range) == (1, 2)
            and hasher.tokenizer is None
            and hasher.stop_words is None
            and _hashes_text_as_given(hasher)
        )
        if not plain:
            raise ValueError("ArrayWordHasher reproduces plain word 1-2-gram hashing only")
        self.hasher = hasher
        self._token = re.compile(hasher.token_pattern)

    def transform(self, texts: Sequence[str]) -> Any:
        import scipy.sparse as sp

        findall = self._token.findall
        joined: list[str] = []
        lengths: list[int] = []  # each token's length in UTF-8 bytes
        counts = np.zeros(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            tokens = findall(text)
            if not tokens:
                continue
            line = " ".join(tokens)
            joined.append(line)
            counts[i] = len(tokens)
            lengths.extend(map(len, tokens) if line.isascii() else (len(token.encode("utf-8")) for token in tokens))
        buffer = np.frombuffer(" ".join(joined).encode("utf-8"), dtype=np.uint8)
        sizes = np.asarray(lengths, dtype=np.int64)
        # every token, the last of a text too, is followed by exactly one space
        starts = np.zeros(len(sizes), dtype=np.int64)
        np.cumsum(sizes[:-1] + 1, out=starts[1:])
        text_of = np.repeat(np.arange(len(texts)), counts)
        pairs = np.flatnonzero(text_of[:-1] == text_of[1:])  # token k and k + 1 of one text
        keys_start = np.concatenate((starts, starts[pairs]))
        keys_size = np.concatenate((sizes, starts[pairs + 1] + sizes[pairs + 1] - starts[pairs]))
        rows = np.concatenate((text_of, text_of[pairs]))
        columns = columns_of(murmurhash3_32(buffer, keys_start, keys_size), self.hasher.n_features)
        matrix = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(texts), self.hasher.n_features))
        matrix.sum_duplicates()
        return matrix


@lru_cache(maxsize=1)
def _murmurhash() -> Any:
    # scikit-learn loads on first use, not when the CLI starts
    from sklearn.utils import murmurhash3_32

    return murmurhash3_32


def _hashed_column(feature: str, n_features: int) -> int:
    """The column HashingVectorizer gives a feature (murmurhash3, seed 0)."""
    return abs(_murmurhash()(feature, seed=0)) % n_features


class SparseRows:
    """Sparse rows appended over time and gathered by row number, in arrays that
    grow by doubling: a cache of many small rows whose batch matrix is one numpy
    gather, not one small array per row to slice, store and concatenate."""

    def __init__(self) -> None:
        self._indices = np.zeros(0, dtype=np.int32)
        self._data = np.zeros(0)
        self._starts = np.zeros(1, dtype=np.int64)  # row r is [starts[r], starts[r + 1])
        self.n_rows = 0

    def append(self, matrix: Any) -> None:
        """Add the rows of a CSR matrix, numbered on from `n_rows`."""
        nnz = int(self._starts[self.n_rows])
        self._indices = _room(self._indices, nnz + matrix.nnz)
        self._data = _room(self._data, nnz + matrix.nnz)
        self._starts = _room(self._starts, self.n_rows + 1 + matrix.shape[0])
        self._indices[nnz : nnz + matrix.nnz] = matrix.indices
        self._data[nnz : nnz + matrix.nnz] = matrix.data
        self._starts[self.n_rows + 1 : self.n_rows + 1 + matrix.shape[0]] = nnz + matrix.indptr[1:]
        self.n_rows += matrix.shape[0]

    def gather(self, rows: np.ndarray, n_columns: int) -> Any:
        """The CSR matrix of these rows, in this order."""
        import scipy.sparse as sp

        starts = self._starts[rows]
        lengths = self._starts[rows + 1] - starts
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        # position in the store of each output value: its row's start plus its offset in the row
        take = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])
        return sp.csr_matrix((self._data[take], self._indices[take], indptr), shape=(len(rows), n_columns))


def _room(array: np.ndarray, size: int) -> np.ndarray:
    """`array`, or a copy at least twice as long when it is shorter than `size`."""
    if len(array) >= size:
        return array
    grown = np.zeros(max(size, 2 * len(array)), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


class WordCachedCharHasher:
    """Counts of a `char_wb` HashingVectorizer, built from per-word cached columns."""

    def __init__(self, hasher: Any, max_words: int = 200_000) -> None:
        if not (getattr(hasher, "analyzer", None) == "char_wb" and _hashes_text_as_given(hasher)):
            raise ValueError("WordCachedCharHasher reproduces plain char_wb hashing only")
        self.hasher = hasher
        self.max_words = max_words
        self._rows: dict[str, int] = {}  # word -> its row of n-gram counts in _counts
        self._counts = SparseRows()
        self._lock = threading.Lock()  # a Dask worker may tag from several threads

    def _remember(self, words: list[str]) -> None:
        import scipy.sparse as sp
        from sklearn.feature_extraction import FeatureHasher

        low, high = self.hasher.ngram_range
        # ASCII words: characters are bytes, so n-grams are byte windows hashed in numpy.
        fast = [word for word in words if word.isascii()] if low <= 3 else []
        slow = [word for word in words if not word.isascii()] if fast else words
        blocks = [_ascii_char_wb_counts(fast, low, high, self.hasher.n_features)] if fast else []
        if slow:  # the vectorizer's own hashing step, fed the n-grams its analyzer would make
            hasher = FeatureHasher(self.hasher.n_features, input_type="string", alternate_sign=False)
            blocks.append(hasher.transform(_char_wb_ngrams(word, low, high) for word in slow).tocsr())
        ordered = fast + slow if fast else words
        self._rows.update(zip(ordered, range(self._counts.n_rows, self._counts.n_rows + len(ordered))))
        self._counts.append(sp.vstack(blocks, format="csr") if len(blocks) > 1 else blocks[0])

    def transform(self, texts: Sequence[str]) -> Any:
        with self._lock:
            return self._transform(texts)

    def _transform(self, texts: Sequence[str]) -> Any:
        import scipy.sparse as sp

        # str.split() splits on the same whitespace runs the vectorizer collapses first.
        texts_words = [text.split() for text in texts]
        vocabulary: defaultdict[str, int] = defaultdict(count().__next__)  # word -> id, in first-seen order
        word_ids = list(map(vocabulary.__getitem__, chain.from_iterable(texts_words)))
        text_ends = np.concatenate(([0], np.cumsum([len(words) for words in texts_words], dtype=np.int64)))
        missing = [word for word in vocabulary if word not in self._rows]
        if len(self._rows) + len(missing) > self.max_words:
            # A crude bound: start over with this batch's words (a cold cache only costs speed).
            self._rows.clear()
            self._counts = SparseRows()
            missing = list(vocabulary)
        if missing:
            self._remember(missing)
        # words x features: each distinct word's hashed n-gram counts
        rows = np.fromiter(map(self._rows.__getitem__, vocabulary), dtype=np.int64, count=len(vocabulary))
        grams = self._counts.gather(rows, self.hasher.n_features)
        # texts x words: how often each text uses each word
        occurrences = sp.csr_matrix(
            (np.ones(len(word_ids)), np.asarray(word_ids, dtype=np.int64), text_ends),
            shape=(len(texts), len(vocabulary)),
        )
        counts = (occurrences @ grams).tocsr()
        counts.sort_indices()
        return counts


def _char_wb_ngrams(word: str, low: int, high: int) -> list[str]:
    """A word's `char_wb` n-grams, as scikit-learn makes them: the word padded with
    one space each side; a padded word no longer than n is one n-gram, and then the
    longer n are skipped."""
    padded = f" {word} "
    size = len(padded)
    grams: list[str] = []
    for n in range(low, high + 1):
        if size <= n:
            grams.append(padded)
            break
        grams.extend([padded[i : i + n] for i in range(size - n + 1)])
    return grams


def _ascii_char_wb_counts(words: list[str], low: int, high: int, n_features: int) -> Any:
    """Words x hashed columns: the `char_wb` n-gram counts of ASCII words, as
    `_char_wb_ngrams` + FeatureHasher give them. A padded word is at least 3 long, so
    with low <= 3 its n-grams are exactly its byte windows of each length."""
    import scipy.sparse as sp

    padded = [f" {word} ".encode("ascii") for word in words]
    sizes = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    starts = np.zeros(len(padded), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    buffer = np.frombuffer(b"".join(padded), dtype=np.uint8)
    rows, columns = [], []
    for n in range(low, high + 1):
        per_word = np.maximum(sizes - n + 1, 0)
        first = np.cumsum(per_word) - per_word  # each word's first window among all windows
        offsets = np.arange(int(per_word.sum())) - np.repeat(first, per_word)
        windows = np.repeat(starts, per_word) + offsets
        rows.append(np.repeat(np.arange(len(words)), per_word))
        columns.append(columns_of(murmurhash3_32(buffer, windows, np.full(len(windows), n)), n_features))
    all_rows = np.concatenate(rows)
    counts = sp.csr_matrix((np.ones(len(all_rows)), (all_rows, np.concatenate(columns))), shape=(len(words), n_features))
    counts.sum_duplicates()
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
        self.hashers: dict[str, Any] = {name: _cached(h) for name, h in hashers.items()}

    def transform(self, texts: Sequence[str]) -> dict[str, Any]:
        listed = list(texts)
        return {name: hasher.transform(listed) for name, hasher in self.hashers.items()}

    def batch(self, texts: Sequence[str]) -> HashedBatch:
        import scipy.sparse as sp

        blocks = list(self.transform(texts).values())
        starts = tuple(int(x) for x in np.cumsum([0] + [b.shape[1] for b in blocks[:-1]]))
        matrix = sp.hstack(blocks, format="csr")
        matrix.sort_indices()
        matrix.data = np.log(matrix.data) + 1.0
        return HashedBatch(matrix, starts)


def _cached(hasher: Any) -> Any:
    """The caching twin of a vectorizer, or the vectorizer itself when none fits."""
    for twin in (ArrayWordHasher, WordCachedCharHasher):
        try:
            return twin(hasher)
        except ValueError:
            continue
    return hasher


@lru_cache(maxsize=100_000)
def word_column(feature: str) -> int:
    """The column HashingVectorizer gives a word n-gram (murmurhash3, seed 0)."""
    return _hashed_column(feature, WORD_FEATURES)


def char_columns(token: str) -> list[int]:
    """Columns of the char_wb n-grams of one token, offset past the word block."""
    return [WORD_FEATURES + _hashed_column(gram, CHAR_FEATURES) for gram in set(_char_wb_ngrams(token, *CHAR_NGRAMS))]
