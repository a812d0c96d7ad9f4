"""The text a classifier sees: the clause, lower-cased with digits folded to 0 (so
'99.5%' and '98.0%' are one feature) and its leading clause number blanked,
followed by one token per rule span ('wm_percent wm_credit'), so rules and n-grams
train together in one Pipeline.

Folding is length-preserving: offsets in the folded text are offsets in the clause,
which is what lets evidence point back at the clause's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..segment.numbering import Marker, parse_marker

RULE_PREFIX = "wm_"
_DIGIT = re.compile(r"\d")
WORD_PATTERN = r"(?u)\b\w[\w%/'-]*\b"


_MARKUP = re.compile(r"[*|_#`<>]")  # a regex: str.translate with a table is twice as slow
# A lone surrogate (a "\ud800" escape in JSON input, a broken PDF font map) is a str no encoder
# accepts; spaCy and the hashers would fail the whole batch on it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# spaCy's tokenizer splits prefixes and suffixes off a whitespace-free run one at a time,
# rescanning the rest: runs of punctuation take quadratic time (4,000 underscores of a
# signature line 2 s, 12,000 characters of "[*]" redactions 21 s, 100,000 "$" hours).
# The longest run in our corpus, dev and training clauses is a 129-character URL.
MAX_RUN = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


# Numbering says where a clause stands, not what it is. Half the real clauses we checked
# open with one ("4.23", "(b)", "ii."), few of the clauses we write do, and most of those
# are SLA: left in, the number was a feature that pushed real clauses towards SLA.
_NUMBERING_KINDS = frozenset({"decimal", "alpha", "upper", "roman", "bullet"})


def fold(text: str) -> str:
    # Markup (Markdown emphasis, table pipes, stray tags) is noise to the classifier;
    # blanking it keeps offsets while letting '**Performance Standard**' read as words.
    folded = _DIGIT.sub("0", _MARKUP.sub(" ", text.lower()))
    marker = parse_marker(text)
    if marker is None or marker.kind not in _NUMBERING_KINDS or _may_be_a_quantity(marker, text):
        return folded
    return " " * marker.length + folded[marker.length :]


def _may_be_a_quantity(marker: Marker, text: str) -> bool:
    # "2 Working Days" opens a table cell as often as "2  Scope" opens a section:
    # a bare number without a full stop or bracket is kept.
    if marker.kind != "decimal" or "." in marker.label:
        return False
    after = text.lstrip()[len(marker.label) : len(marker.label) + 1]
    return after not in (".", ")")


def rule_tokens(labels: Iterable[str]) -> str:
    return " ".join(f"{RULE_PREFIX}{label.lower()}" for label in labels)


def feature_text(text: str, labels: Iterable[str]) -> str:
    tokens = rule_tokens(labels)
    return f"{fold(text)} {tokens}" if tokens else fold(text)


def tokenizable(text: str) -> str:
    """The text with each surrogate code point replaced by U+FFFD and a space put in
    place of every MAX_RUN-th character of a longer whitespace-free run. The length
    stays the same, so every offset into it is an offset into the original."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return _LONG_RUN.sub(_broken_run, text) if _LONG_RUN.search(text) else text


def _broken_run(match: re.Match[str]) -> str:
    characters = list(match.group())
    for i in range(MAX_RUN, len(characters), MAX_RUN + 1):
        characters[i] = " "
    return "".join(characters)
