"""Tell English from Dutch without a model download: function-word counts."""

from __future__ import annotations

import re

from .model import Language

_WORD = re.compile(r"[a-zà-ÿ]+")
_DUTCH = frozenset(
    "de het een en van in op te dat die voor met zijn is niet aan door bij als ook om of"
    " worden wordt deze dan naar onder tot uit over binnen ten minste uiterlijk leverancier"
    " opdrachtgever opdrachtnemer overeenkomst partijen artikel bijlage".split()
)
_ENGLISH = frozenset(
    "the a an and of in on to that which for with be is not at by as also or shall will"
    " this any such from under within least agreement party parties section supplier customer".split()
)


def detect_language(text: str, default: Language = "en") -> Language:
    words = _WORD.findall(text.lower())
    dutch = sum(w in _DUTCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    if dutch == english:
        return default
    return "nl" if dutch > english else "en"


_CODES: dict[str, Language] = {"en": "en", "nl": "nl"}


def language_code(given: object) -> Language | None:
    """A language given in input ("en", "NL"), or None when none is given (then it is
    detected); anything else is a ValueError naming the value."""
    if given is None or given == "":
        return None
    code = _CODES.get(str(given).strip().lower())
    if code is None:
        raise ValueError(f"language must be 'en' or 'nl', not {given!r}")
    return code
