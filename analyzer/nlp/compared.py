"""Bare numbers a comparator binds to a measure: the targets of scores and rates.

Outcome KPIs are mostly stated as a plain number: "satisfaction of at least 7.5",
"NPS van ten minste +25", "rated 4.2 or higher on a five-point scale", "no more than
5 complaints per 1,000 calls". No unit rule finds these (there is no %, no duration),
so without this they came out as SLA clauses with no metric at all. A number counts
only when a comparator stands right before or after it; extraction keeps it only
when something names the measure (a metric phrase, a service word, a table cell), so
"at least 3 copies" in a clause about nothing measured stays out.

Like counts, these spans are for extraction only: the classifiers never see them.
"""

from __future__ import annotations

import re
from typing import Any

from .numbers import parse_number
from .pipeline import text_of

NUMBER_LABEL = "NUMBER"
# A number token: digits with an optional sign and decimal part ("7,5", "+25", "0.5").
_NUMBER = re.compile(r"[+\-−]?\d{1,4}(?:[.,]\d{1,3})?")
# A calendar year is no target ("at least 2025"), nor a section number ("within 4.2.1").
_YEAR = re.compile(r"(?:19|20)\d\d")
# Words that may stand between a comparator and its number: "at least a score of 8",
# "minimaal een 7,5", "ten minste gemiddeld 4".
_FILLER = frozenset(
    {"a", "an", "the", "of", "average", "score", "rating", "mark", "een", "het", "de", "gemiddeld", "gemiddelde", "cijfer", "van"}
)
_MAX_FILLER = 3
# Comparator spans the rules may label as a cap: read as a comparator where no credit or
# penalty is in sight ("de responstijd is maximaal 2 werkdagen").
COMPARATOR_LIKE_CAPS = frozenset({"maximaal", "maximum", "max.", "max"})


def compared_number_spans(doc: Any, comparators: list[Any], taken: set[int]) -> list[Any]:
    """NUMBER spans, in text order: numbers right after a prefix comparator or right
    before a postfix one (`comparators`). `taken` holds the token indexes other values
    (percentages, durations, counts) already cover."""
    if not comparators:
        return []
    found: dict[int, Any] = {}
    for comparator in comparators:
        if _is_postfix(comparator.text):
            index = comparator.start - 1
        else:
            index = comparator.end
            while index < len(doc) and index - comparator.end < _MAX_FILLER and doc[index].lower_ in _FILLER:
                index += 1
        if 0 <= index < len(doc) and index not in taken and index not in found and _is_bare_number(doc, index):
            found[index] = doc[index : index + 1]
    if not found:
        return []
    from spacy.tokens import Span

    return [Span(doc, i, i + 1, label=NUMBER_LABEL) for i in sorted(found)]


def _is_postfix(comparator: str) -> bool:
    return bool(re.match(r"(?:or|of)\s", comparator, re.I))


def _is_bare_number(doc: Any, index: int) -> bool:
    token = doc[index]
    if not _NUMBER.fullmatch(token.text) or _YEAR.fullmatch(token.text):
        return False
    if (parse_number(token.text) or 0) >= 1000:
        return False  # "up to 500,000 impressions": a volume, no score or rate
    text = text_of(doc)
    end = token.idx + len(token.text)
    if text[max(0, token.idx - 1) : token.idx] == "(":
        return False  # "three (3)": a restatement of a number just given
    following = text[end : end + 2]
    if following.startswith(("%", ")")):
        return False
    # "4." opening "4.1" is a section number; a full stop then a space ends a sentence
    return not following.startswith(".") or following in (".", ". ", ".\n")


_SCALE = re.compile(
    r"^\s*(?:on|op)\s+(?:a|an|een|the|de)\s+(?:(?P<points>\w+)[- ]?(?:point|punts)\s*(?:scale|schaal)"
    r"|(?:scale|schaal)\s+(?:of|van)\s+(?:\d+\s*(?:to|tot|-)\s*)?(?P<top>\d+))",
    re.I,
)
_OUT_OF = re.compile(r"^\s*(?:out\s+of|uit|op|/)\s*(?P<top>\d+)\b", re.I)
_PER_THOUSAND = re.compile(r"^\s*per\s+(?P<base>\d{1,3}(?:[.,]\d{3})+|\d+|thousand|duizend|hundred|honderd)\b", re.I)
_SCALE_WORDS = {"three": 3, "five": 5, "seven": 7, "ten": 10, "drie": 3, "vijf": 5, "zeven": 7, "tien": 10}
_BASES = {"thousand": 1000, "duizend": 1000, "hundred": 100, "honderd": 100}


# Words after a number that start another phrase ("+25 in the second year", "20 per
# month"): a unit word after them is not the number's.
_STOP = frozenset(
    (
        "per in at on the a an of or and for during each every within by to "
        "van de het een op over binnen en voor tijdens elke iedere bij tot"
    ).split()
)
_WORD = re.compile(r"[^\W\d_][\w-]*")
_POSTFIX_AFTER = re.compile(r"\s*(?:or|of)\s+\w+", re.I)


def number_unit(text: str, end: int, unit_words: dict[str, str]) -> str:
    """A bare number's unit, from what follows it: the scale ("on a five-point scale":
    "/5"), a rate's base ("per 1,000": "per 1000"), a unit word a few words on ("0.5 lost
    working hours": "hours"), or "number"."""
    postfix = _POSTFIX_AFTER.match(text, end)  # "4.2 or higher out of 5": the scale follows the comparator
    after = text[postfix.end() if postfix else end : end + 80]
    scale = _SCALE.match(after) or _OUT_OF.match(after)
    if scale:
        top = scale.groupdict().get("top") or scale.groupdict().get("points") or ""
        size = int(top) if top.isdigit() else _SCALE_WORDS.get(top.lower())
        if size:
            return f"/{size}"
    rate = _PER_THOUSAND.match(after)
    if rate:
        base = rate.group("base").lower()
        return f"per {_BASES.get(base) or int(re.sub(r'[.,]', '', base))}"
    if postfix:
        return "number"
    for word in _WORD.findall(after[:40])[:3]:
        lowered = word.lower()
        if lowered in _STOP:
            break
        unit = unit_words.get(lowered) or unit_words.get(lowered.rstrip("s"))
        if unit:
            return unit
    return "number"


# Words of measures people score: a bare number of theirs is a score, not a count.
_SCORED = re.compile(r"satisf|tevreden|score|\bnps\b|promoter|rating|beoordel|cijfer|effort|experience|ervaring|usability|sentiment", re.I)


def scored_unit(unit: str, context: str) -> str:
    """'number' becomes 'score' when the measure named before it is one people score."""
    return "score" if unit == "number" and _SCORED.search(context) else unit


def signed_value(number: float | None, token_text: str) -> float | None:
    """The number with its sign: an NPS target may be "-10"."""
    if number is None:
        return None
    return -number if token_text.lstrip().startswith(("-", "−")) else number
