"""The text a classifier sees: the clause, lower-cased with digits folded to 0 (so
'99.5%' and '98.0%' are one feature), followed by one token per rule span
('wm_percent wm_credit'), so rules and n-grams train together in one Pipeline.

Folding is length-preserving: offsets in the folded text are offsets in the clause,
which is what lets evidence point back at the clause's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RULE_PREFIX = "wm_"
_DIGIT = re.compile(r"\d")
WORD_PATTERN = r"(?u)\b\w[\w%/'-]*\b"


_MARKUP = re.compile(r"[*|_#`<>]")  # a regex: str.translate with a table is twice as slow


def fold(text: str) -> str:
    # Markup (Markdown emphasis, table pipes, stray tags) is noise to the classifier;
    # blanking it keeps offsets while letting '**Performance Standard**' read as words.
    return _DIGIT.sub("0", _MARKUP.sub(" ", text.lower()))


def rule_tokens(labels: Iterable[str]) -> str:
    return " ".join(f"{RULE_PREFIX}{label.lower()}" for label in labels)


def feature_text(text: str, labels: Iterable[str]) -> str:
    tokens = rule_tokens(labels)
    return f"{fold(text)} {tokens}" if tokens else fold(text)
