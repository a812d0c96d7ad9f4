"""Which words drove a decision: features mapped back to spans of the clause.

A clause's candidate spans and the hashed columns that belong to each are the same
for all three models, so they are worked out once per clause (`Candidates`) and each
model only weighs them: a word owns its unigram and its character n-grams (shared
out, see `_CHAR_SHARE`), a word pair its bigram, and a rule span its rule token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..model import Evidence
from .features import RULE_PREFIX, WORD_PATTERN
from .hashing import CHAR_NGRAMS, char_columns, word_column

_ONE = np.ones(1)
# A word has about one character n-gram per character for each n-gram length; its
# n-grams share the word's evidence so that long words do not win by length alone.
_CHAR_SHARE = 1 / (CHAR_NGRAMS[1] - CHAR_NGRAMS[0] + 1)
_STOP_WORDS = frozenset(
    "the a an and or of in on to that which for with be is are by as at this any such from its it their "
    "shall will may de het een en van in op te dat die voor met zijn is aan door bij als om of".split()
)


@lru_cache(maxsize=50000)
def _token_columns(token: str) -> tuple[np.ndarray, np.ndarray]:
    """A word's unigram column and its character n-gram columns, with their shares."""
    chars = char_columns(token)
    columns = np.array([word_column(token), *chars], dtype=np.int64)
    factors = np.concatenate((_ONE, np.full(len(chars), _CHAR_SHARE)))
    return columns, factors


@lru_cache(maxsize=50000)
def _pair_columns(feature: str) -> tuple[np.ndarray, np.ndarray]:
    """The single column of a word pair or rule token, counted in full."""
    return np.array([word_column(feature)], dtype=np.int64), _ONE


_WORD = re.compile(WORD_PATTERN)


def clear_caches() -> None:
    """Forget the per-word columns evidence remembers (benchmarks start cold)."""
    for cache in (word_column, _token_columns, _pair_columns):
        cache.cache_clear()


@dataclass(frozen=True)
class Candidates:
    """The spans of one clause that can be evidence, and the columns each owns.

    `features` lists distinct owners (a word, a word pair, a rule label); `columns`,
    `factors` and `owners` say which hashed column counts how much for which owner;
    `spans` lists every (start, end, owner) occurrence in the clause.
    """

    folded_text: str
    columns: np.ndarray
    factors: np.ndarray
    owners: np.ndarray
    n_owners: int
    spans: tuple[tuple[int, int, int], ...]

    @classmethod
    def of(cls, folded_text: str, rule_spans: list[tuple[str, int, int]]) -> Candidates:
        body = folded_text.split(f" {RULE_PREFIX}", 1)[0]
        owner_of: dict[str, int] = {}
        columns: list[np.ndarray] = []
        factors: list[np.ndarray] = []
        spans: list[tuple[int, int, int]] = []

        def owner(name: str, cols: np.ndarray, scale: np.ndarray) -> int:
            found = owner_of.get(name)
            if found is None:
                found = owner_of[name] = len(owner_of)
                columns.append(cols)
                factors.append(scale)
            return found

        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(body)]
        for index, (start, end, token) in enumerate(tokens):
            if token in _STOP_WORDS or len(token) < 2:
                continue  # evidence should point at words a reviewer can act on
            spans.append((start, end, owner(token, *_token_columns(token))))
            if index + 1 < len(tokens):
                _, next_end, next_token = tokens[index + 1]
                if next_token not in _STOP_WORDS:
                    pair = f"{token} {next_token}"
                    spans.append((start, next_end, owner(pair, *_pair_columns(pair))))
        for label, start, end in rule_spans:
            rule = f"{RULE_PREFIX}{label.lower()}"
            spans.append((start, end, owner(rule, *_pair_columns(rule))))
        if not columns:
            empty = np.zeros(0, dtype=np.int64)
            return cls(folded_text, empty, np.zeros(0), empty, 0, tuple(spans))
        # each owner's id once per column it owns
        owners = np.repeat(np.arange(len(columns)), [len(c) for c in columns])
        return cls(folded_text, np.concatenate(columns), np.concatenate(factors), owners, len(owner_of), tuple(spans))

    def strongest(self, indices: np.ndarray, pushes: np.ndarray, top: int) -> tuple[Evidence, ...]:
        """The `top` non-overlapping spans with the largest positive push, given each
        present column's push (`indices`, `pushes`: one row of the feature matrix)."""
        if not self.spans or not len(indices):
            return ()
        order = np.argsort(indices, kind="stable")
        indices, pushes = indices[order], pushes[order]
        found = np.minimum(np.searchsorted(indices, self.columns), len(indices) - 1)
        contributions = np.where(indices[found] == self.columns, pushes[found], 0.0) * self.factors
        per_owner = np.bincount(self.owners, weights=contributions, minlength=self.n_owners).tolist()
        weights: dict[tuple[int, int], float] = {}
        for start, end, owner in self.spans:
            if per_owner[owner]:
                weights[(start, end)] = weights.get((start, end), 0.0) + per_owner[owner]
        best = sorted(((k, w) for k, w in weights.items() if w > 0), key=lambda item: -item[1])
        kept: list[tuple[int, int, float]] = []
        for (start, end), weight in best:
            if any(start < e and s < end for s, e, _ in kept):
                continue
            kept.append((start, end, weight))
            if len(kept) == top:
                break
        return tuple(Evidence(start, end, "", round(float(weight), 4)) for start, end, weight in sorted(kept))
