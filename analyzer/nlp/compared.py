"""Bare numbers a comparator binds to a measure: the targets of scores and rates.

Outcome KPIs are mostly stated as a plain number: "satisfaction of at least 7.5",
"NPS van ten minste +25", "rated 4.2 or higher on a five-point scale", "no more than
5 complaints per 1,000 calls". No unit rule finds these (there is no %, no duration),
so without this they came out as SLA clauses with no metric at all. A number counts
only when a comparator stands right before or after it (or it opens a "Target:" or
"Norm:" cell) and no noun follows it that says what it counts ("at least 3 probes");
extraction keeps it only when something names the measure (a metric phrase, a service
word, a table cell) or its unit is one of time ("binnen vierentwintig (24) uur"), so
"at least 3 copies" in a clause about nothing measured stays out.

Like counts, these spans are for extraction only: the classifiers never see them.
"""

from __future__ import annotations

import re
from typing import Any

from .numbers import parse_number
from .pipeline import text_of
from .units import is_time_unit, unit_of_word

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
# Articles that stand for the number one before a unit of time.
_ONE = frozenset({"een", "één", "a", "an", "one"})
# Comparator spans the rules may label as a cap: read as a comparator where no credit or
# penalty is in sight ("de responstijd is maximaal 2 werkdagen").
COMPARATOR_LIKE_CAPS = frozenset({"maximaal", "maximum", "max.", "max"})


# A table cell that states a target without a comparator: "Target: 0 per year", "Norm:
# gemiddeld 4 op een schaal van 5".
_TARGET_CELL = re.compile(
    r"(?:^|\|)\s*(?:target|norm|doel|streefwaarde|acceptable quality level)\s*:\s*(?:(?:average|gemiddeld)\s+)?"
    r"(?:(?:max(?:imum|imaal)?|min(?:imum|imaal)?)\.?\s*|[<>≤≥]=?\s*)?(?=[+\-−]?\d)",
    re.I,
)


def compared_number_spans(doc: Any, comparators: list[Any], taken: set[int]) -> list[Any]:
    """NUMBER spans, in text order: numbers right after a prefix comparator or right
    before a postfix one (`comparators`), or opening a target cell. `taken` holds the
    token indexes other values (percentages, durations, counts) already cover."""
    text = text_of(doc)
    starts = [_number_after(doc, c) for c in comparators if not is_postfix_comparator(c.text)]
    starts += [c.start - 1 for c in comparators if is_postfix_comparator(c.text)]
    if "|" in text and ":" in text:
        starts += [_token_at(doc, m.end()) for m in _TARGET_CELL.finditer(text)]
    found = sorted({i for i in starts if 0 <= i < len(doc) and i not in taken and _is_bare_number(doc, i)})
    if not found:
        return []
    from spacy.tokens import Span

    return [Span(doc, i, i + 1, label=NUMBER_LABEL) for i in found]


def _number_after(doc: Any, comparator: Any) -> int:
    """The token a prefix comparator binds: past a few fillers ("minimaal een 7,5"), and
    the digits of a number written out and restated ("meer dan tien (10)")."""
    index = comparator.end
    while index < len(doc) and index - comparator.end < _MAX_FILLER and doc[index].lower_ in _FILLER:
        index += 1
    if index + 3 < len(doc) and doc[index].is_alpha and doc[index + 1].text == "(" and doc[index + 3].text == ")":
        return index + 2
    if index > comparator.end and index < len(doc) and doc[index - 1].lower_ in _ONE and is_time_unit(unit_of_word(doc[index].lower_)):
        return index - 1  # "binnen een uur", "within an hour": the article is the number
    return index


def _token_at(doc: Any, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def _restates_the_word_before(doc: Any, index: int) -> bool:
    """Whether the number in brackets at `index` restates the number word before: "tien (10)"."""
    return index >= 2 and doc[index - 2].is_alpha and parse_number(doc[index - 2].text) == parse_number(doc[index].text)


# Comparators that stand after their value: "99.5% or higher", "4 uur of minder".
_POSTFIX_COMPARATOR = re.compile(r"(?:or|of)\s", re.I)


def is_postfix_comparator(comparator: str) -> bool:
    """Whether the comparator is read after its value ("or higher", "of meer")."""
    return bool(_POSTFIX_COMPARATOR.match(comparator))


# A negation a few words before a comparator turns it round ("no greater than 4 hours",
# "shall not fall below 99.5%", "may not be less than 8"): the comparator reads from the
# negation on. Only these words may stand between; deadlines keep their plain reading
# ("niet binnen 4 uur" says when the target "binnen 4 uur" is missed).
_NEGATIONS = frozenset({"no", "not", "never", "n't", "niet", "nooit"})
_BETWEEN_NEGATION = frozenset(
    {
        "be",
        "fall",
        "falls",
        "drop",
        "drops",
        "go",
        "goes",
        "dip",
        "dips",
        "sink",
        "rise",
        "rises",
        "climb",
        "climbs",
        "amount",
        "to",
        "ever",
    }
    | {"zijn", "liggen", "komen", "uitkomen"}
)
_MAX_BETWEEN_NEGATION = 2
_DEADLINES = frozenset({"within", "binnen", "uiterlijk"})


def comparator_start(doc: Any, comparator: Any) -> int:
    """The token a prefix comparator's reading starts at: a negation just before it
    ("not fall below"), else the comparator's own first token."""
    if is_postfix_comparator(comparator.text) or comparator.text.lower() in _DEADLINES or doc[comparator.start].lower_ in _NEGATIONS:
        return comparator.start
    index = comparator.start - 1
    if index >= 2 and doc[index].lower_ == "time" and doc[index - 1].lower_ == "no" and doc[index - 2].lower_ == "at":
        return index - 2  # "shall at no time exceed 2%"
    while index >= 0 and comparator.start - index <= _MAX_BETWEEN_NEGATION + 1:
        word = doc[index].lower_
        if word in _NEGATIONS:
            return index
        if word not in _BETWEEN_NEGATION:
            break
        index -= 1
    return comparator.start


# Dutch puts the verb inside the comparator: "mag niet hoger zijn dan 3%", "minder bedragen dan".
_SPLIT_DEGREE = frozenset({"hoger", "lager", "langer", "korter", "meer", "minder", "groter", "kleiner"})
_SPLIT_VERB = frozenset({"zijn", "is", "bedragen", "bedraagt", "liggen", "ligt", "uitkomen", "worden", "duren", "duurt"})


def unlisted_comparator(doc: Any, value: Any) -> Any | None:
    """A comparator span right before a value that no phrase rule can list: "under" ("in
    under two hours"; a rule would also mark every "under this Agreement"), and a Dutch
    comparator around its verb ("langer zijn dan 4 uur"; rules match words side by side)."""
    index = value.start
    if index >= 1 and doc[index - 1].lower_ == "under":
        start = index - 1
    elif index >= 3 and doc[index - 1].lower_ == "dan" and doc[index - 2].lower_ in _SPLIT_VERB and doc[index - 3].lower_ in _SPLIT_DEGREE:
        start = index - 3
    else:
        return None
    from spacy.tokens import Span

    return Span(doc, start, index, label="COMPARATOR")


def _is_bare_number(doc: Any, index: int) -> bool:
    token = doc[index]
    if token.is_alpha:
        # a number written out, read only before a unit of time: "meer dan één uur", "within an hour"
        following = doc[index + 1].lower_ if index + 1 < len(doc) else ""
        return (token.lower_ in _ONE or parse_number(token.text) is not None) and is_time_unit(unit_of_word(following))
    if not _NUMBER.fullmatch(token.text) or _YEAR.fullmatch(token.text):
        return False
    if (parse_number(token.text) or 0) >= 1000:
        return False  # "up to 500,000 impressions": a volume, no score or rate
    text = text_of(doc)
    end = token.idx + len(token.text)
    bracketed = text[max(0, token.idx - 1) : token.idx] == "("
    if bracketed and not _restates_the_word_before(doc, index):
        return False  # "(3)" alone: a list item or a reference, no value bound by the comparator
    if text.startswith(")", end):
        if not bracketed:
            return True  # "(lager dan een 7)": the number closes a remark in brackets
        end += 1  # "tien (10)": what follows the restatement
    following = text[end : end + 2]
    if following.startswith("%"):
        return False
    if following.startswith(".") and following not in (".", ". ", ".\n"):
        return False  # "4." opening "4.1" is a section number; a full stop then a space ends a sentence
    # A noun right after the number says what it counts: "at least 3 probes", "up to two (2)
    # times per month", "200 invoices sampled" are allowances and samples, not scores or rates.
    return _counts_nothing(text, end)


def _counts_nothing(text: str, end: int) -> bool:
    """Whether no noun follows the number at `end`: punctuation, a function word, a Dutch
    verb closing the clause, or a unit word within the next three words ("30 consecutive
    minutes")."""
    window = _CELL_END.split(text[end : end + 40], 1)[0]
    first = _WORD.search(window)
    if first is None or not window.lstrip()[:1].isalpha() or first.group().lower() in _MAY_FOLLOW:
        return True
    return _unit_word_after(text, end) is not None


def _unit_word_after(text: str, end: int) -> tuple[str, int] | None:
    """The unit named among the three words after `end`, and where its word ends: not past
    a word that starts another phrase ("+25 in the second year") or a cell separator."""
    for position, word in enumerate(_WORD.finditer(_CELL_END.split(text[end : end + 40], 1)[0])):
        lowered = word.group().lower()
        if position == 3 or lowered in _STOP:
            return None
        unit = unit_of_word(lowered)
        if unit:
            return unit, end + word.end()
    return None


_SCALE = re.compile(
    r"^\s*\(?\s*(?:on|op)\s+(?:a|an|een|the|de)\s+(?:(?P<points>\w+)[- ]?(?:point|punts)\s*(?:scale|schaal)"
    r"|(?:scale|schaal)\s+(?:of|van)\s+(?:\d+\s*(?:to|tot|-)\s*)?(?P<top>\d+))",
    re.I,
)
_OUT_OF = re.compile(r"^\s*\(?\s*(?:out\s+of|uit|op|/)\s*(?P<top>\d+)\b", re.I)
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
# Words that may follow a bare number: a phrase after it, a postfix comparator, a Dutch verb
# at the end of its clause ("minimaal een 7,5 zijn", "niet meer dan 5 bedragen").
_MAY_FOLLOW = _STOP | frozenset(
    (
        "out uit or of is zijn bedraagt bedragen wordt worden scoort scoren behaalt behalen haalt halen uitkomt blijft "
        "shall must will is are among across from under with than after before against between throughout where when "
        "if which that as onder tussen na met vanaf als dan wanneer indien die dat"
    ).split()
)
# A unit word beyond a cell separator or a clause break belongs to something else.
_CELL_END = re.compile(r"[|;:]")
_POSTFIX_AFTER = re.compile(r"\s*(?:or|of)\s+\w+", re.I)


def read_unit(text: str, end: int) -> tuple[str, int]:
    """A bare number's unit, from what follows it: the scale ("on a five-point scale":
    "/5"), a rate's base ("per 1,000": "per 1000"), a unit word a few words on ("0.5 lost
    working hours": "hours"), or "number"; and where the words that give it end (`end`
    when none do), so the metric's text can cover "< 50 milliseconds", not only "< 50"."""
    postfix = _POSTFIX_AFTER.match(text, end)  # "4.2 or higher out of 5": the scale follows the comparator
    start = postfix.end() if postfix else end
    after = text[start : end + 80]
    scale = _SCALE.match(after) or _OUT_OF.match(after)
    if scale:
        top = scale.groupdict().get("top") or scale.groupdict().get("points") or ""
        size = int(top) if top.isdigit() else _SCALE_WORDS.get(top.lower())
        if size and size >= 2:  # "een schaal van 1 (zeer weinig moeite) tot 5": the bottom is no scale
            return f"/{size}", start + scale.end()
    rate = _PER_THOUSAND.match(after)
    if rate:
        base = rate.group("base").lower()
        return f"per {_BASES.get(base) or int(re.sub(r'[.,]', '', base))}", start + rate.end()
    if postfix:
        return "number", end
    return _unit_word_after(text, end) or ("number", end)


# Words of measures people score: a bare number of theirs is a score, not a count.
_SCORED = re.compile(
    r"satisf|tevreden|score|\bnps\b|promoter|rating|beoordel|cijfer|effort|experience|ervaring|usability|sentiment|waardering|index",
    re.I,
)


def scored_unit(unit: str, context: str) -> str:
    """'number' becomes 'score' when the measure named before it is one people score."""
    return "score" if unit == "number" and _SCORED.search(context) else unit


def bare_value(token_text: str) -> float | None:
    """A bare number's value, with its sign (an NPS target may be "-10"); an article
    standing for one ("within an hour") is 1."""
    if token_text.lower() in _ONE:
        return 1.0
    number = parse_number(token_text)
    if number is None:
        return None
    return -number if token_text.lstrip().startswith(("-", "−")) else number
