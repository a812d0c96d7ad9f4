"""Structured metrics and consequences from the rule spans of a parsed clause.

A metric is assembled per sentence (and per table cell) from the spans the rules
found: the nearest metric name, a comparator just before the value, the value and
its unit, and a measurement window. Percentages that are "of the charges" near a
credit or penalty word are the consequence's size, not a target.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..model import Consequence, ConsequenceKind, Metric
from .compared import (
    COMPARATOR_LIKE_CAPS,
    NUMBER_LABEL,
    bare_value,
    comparator_start,
    compared_number_spans,
    is_postfix_comparator,
    read_unit,
    scored_unit,
    unlisted_comparator,
)
from .numbers import parse_number
from .pipeline import PATTERNS, SPANS_KEY, definitions, load_patterns, text_of
from .units import is_time_unit, unit_of_word

VALUE_LABELS = ("PERCENT", "DURATION", "SCORE")
CONSEQUENCE_LABELS: dict[str, ConsequenceKind] = {
    "CREDIT": "credit",
    "PENALTY": "penalty",
    "CAP": "cap",
    "EARN_BACK": "earn_back",
    "TERMINATION": "termination",
    "STEP_IN": "step_in",
    "SOLE_REMEDY": "sole_remedy",
    "BONUS": "bonus",
    "IMPROVEMENT": "improvement_plan",
    "REVIEW": "review",
}
_OF_CHARGES = re.compile(
    r"^(?:st|nd|rd|th)?\)?\s*(?:of|van)\s+(?:the\s+|de\s+|het\s+)?(?:[\w'’]+\s+){0,3}(?:charges?|fees?|vergoeding|prijs|price|invoice|factuur)",
    re.I,
)
# "Monthly Charges", "maandelijkse vergoeding": a period word naming a fee, not a
# measurement window.
_NAMES_A_CHARGE = re.compile(r"\s+(?:service\s+)?(?:charges?|fees?|invoices?|payments?|vergoeding|factuur|prijs)\b", re.I)


def spans_of(doc: Any) -> list[Any]:
    from spacy.util import filter_spans

    return sorted(filter_spans(list(doc.spans[SPANS_KEY])), key=lambda s: s.start)


@lru_cache(maxsize=4)
def _punct_ids(vocab: Any) -> frozenset[int]:
    from spacy.pipeline import Sentencizer

    return frozenset(vocab.strings.add(char) for char in Sentencizer.default_punct_chars)


def sentence_starts(doc: Any) -> list[int]:
    """Where spaCy's Sentencizer would start sentences, read off the token arrays.

    The Sentencizer walks Token objects in Python, which cost more than the rest of
    extraction; this is its rule on plain integers: after a sentence-final mark, the
    next token that is not punctuation starts a sentence."""
    from spacy.attrs import IS_PUNCT, ORTH

    if len(doc) == 0:
        return []
    final = _punct_ids(doc.vocab)
    starts = [0]
    seen_final = False
    for i, (orth, is_punct) in enumerate(doc.to_array([ORTH, IS_PUNCT]).tolist()):
        in_final = orth in final
        if seen_final and not is_punct and not in_final:
            starts.append(i)
            seen_final = False
        elif in_final:
            seen_final = True
    return starts


def _segments(doc: Any) -> list[tuple[int, int]]:
    """Token ranges of sentences, further cut at table-cell separators ' | '."""
    if doc.has_annotation("SENT_START"):
        sentences = [(sent.start, sent.end) for sent in doc.sents]
    else:  # a pipeline built with sentences=False
        starts = sentence_starts(doc)
        sentences = list(zip(starts, [*starts[1:], len(doc)]))
    if "|" not in text_of(doc):
        return sentences
    from spacy.attrs import ORTH

    bar = doc.vocab.strings.add("|")
    orths = doc.to_array(ORTH).tolist() if len(doc) else []
    ranges: list[tuple[int, int]] = []
    for sent_start, sent_end in sentences:
        start = sent_start
        for i in range(sent_start, sent_end):
            if orths[i] == bar:
                if i > start:
                    ranges.append((start, i))
                start = i + 1
        if start < sent_end:
            ranges.append((start, sent_end))
    return ranges


def _bare_numbers(doc: Any, spans: Sequence[Any], counts: Sequence[Any], tags: Sequence[tuple[int, int]]) -> list[Any]:
    """The doc's scores and rates stated by a bare number (see compared.py), in text order:
    bound by a comparator (or a cap word read as one) and covered by no other value."""
    comparators = [s for s in spans if (s.label_ == "COMPARATOR" and not _in_markup(s, tags)) or _may_read_as_comparator(s)]
    covering = (*VALUE_LABELS, "COUNT", "MONEY", "WINDOW")  # "within a 6 month period": the 6 is the window's
    taken = {i for v in (*spans, *counts) if v.label_ in covering for i in range(v.start, v.end)}
    return compared_number_spans(doc, comparators, taken)


def _may_read_as_comparator(span: Any) -> bool:
    return span.label_ == "CAP" and span.text.lower() in COMPARATOR_LIKE_CAPS


def _caps_read_as_comparators(inside: Sequence[Any]) -> list[Any]:
    """Cap spans that say "at most" of a measure ("responstijd is maximaal 2 werkdagen"):
    with no credit, penalty or bonus in the segment there is nothing for them to cap."""
    caps = [s for s in inside if _may_read_as_comparator(s)]
    if not caps or any(s.label_ in ("CREDIT", "PENALTY", "BONUS") for s in inside):
        return []
    return caps


def _unit(span: Any) -> str:
    if span.label_ == "PERCENT":
        return "%"
    if span.label_ == "SCORE":
        match = re.search(r"(?:of|van|/)\s*(\d+)", span.text)
        return f"/{match.group(1)}" if match else "score"
    if span.label_ == "COUNT":
        return span.text.split()[-1].lower()  # what is counted: "incidents"
    if span.label_ == NUMBER_LABEL:
        return read_unit(text_of(span.doc), span.end_char)[0]
    lowered = [w.lower() for w in re.findall(r"[A-Za-z]+", span.text)]
    business = any(w in ("business", "working", "werk") for w in lowered)
    for word in reversed(lowered):
        unit = unit_of_word(word)  # "ms" as it stands, "hours" as "hour"
        if unit:
            return "business " + unit if business and not unit.startswith("business") else unit
    return lowered[-1].rstrip("s") if lowered else ""


_NAME_CELL = re.compile(
    r"(?:^|\|\s*)(?:service level|kpi|metric|key performance indicator|performance indicator|experience level|"
    r"performance standard\(?s?\)?|servicenorm|servicelevel|prestatie-indicator|indicator)"
    r"(?:\s*\([^)]{1,12}\))?\s*:\s*([^|]{2,80}?)\s*(?=\||$)",
    re.I,
)


def row_metric_name(text: str) -> str | None:
    """The metric a table row is about, from its 'Service Level: ...' or 'KPI: ...' cell."""
    match = _NAME_CELL.search(text)
    return match.group(1).strip().lower() if match else None


# "Header: value" as the segmenter renders a table cell; a header is a few words.
_CELL_HEADER = re.compile(r"\s*([A-Za-z][A-Za-z ()/&'-]{1,48}?)\s*:\s")
# A cell header names the metric only when it names something measured ("Escalation
# Time", "Initial Communication", "Hersteltijd"); "Target", "Measurement" or a column
# title like "Responsibilities" leave the naming to the row.
_MEASURED_HEADER = re.compile(
    r"time|\brespon(?:se|d)|resol|restor|recover|repair|\bfix|workaround|escalat|communicat|notif|update|availab|"
    r"uptime|downtime|latency|throughput|answer|abandon|satisf|csat|\bnps\b|score|\brate\b|ratio|backlog|deliver|"
    r"turnaround|acknowledg|call-?back|duration|tijd|beschikbaar|tevreden",
    re.I,
)
# "8H-20H", "24h/24h": clock hours of a coverage window, not a duration target.
_CLOCK_HOUR = re.compile(r"\d{1,2}\s?[hHuU]")
_CLOCK_RANGE = re.compile(r"\d{1,2}\s?[hHuU]\s?[-–/]\s?\d{1,2}\s?[hHuU]")
_RANGE_AFTER = re.compile(r"\s?[-–/]\s?\d")
_RANGE_BEFORE = re.compile(r"\d\s?[hHuU]?\s?[-–/]\s?$")
_NEXT_DAY = re.compile(r"(?:next|volgende)\b", re.I)
# "24 hours a day, 7 days a week", "24 uur per dag": how long the service is on, not a target.
_COVERAGE_AFTER = re.compile(
    r"\)?\s*(?:(?:a|per|each|every|of the|in the)\s+(?:day|week|year|dag|jaar)\b|,?\s*(?:and\s+)?\w+\s+(?:days?|dagen)\s+(?:a|per)\s+week)",
    re.I,
)
_ORDINAL = re.compile(r"\d+(?:\s?(?:st|nd|rd|th)|ste|de|e)\b", re.I)
_NOTICE_AFTER = re.compile(
    r"\)?\s*(?:after|following|of|from)\s+(?:(?:the\s+)?receipt\s+of\s+)?(?:such\s+|the\s+)?(?:written\s+)?notice", re.I
)
_CURE_BEFORE = re.compile(r"\b(?:uncured|cured?|remed(?:y|ied))\b[^.;:]{0,30}$", re.I)
_LEVEL_BEFORE = re.compile(r"\b(?:level|severity|priority|sev|prio|niveau|prioriteit)\s*$", re.I)
_GOVERNANCE_EVERY = re.compile(
    r"\b(?:review\w*|meet|meets|met|meeting\w*|audit\w*|revis\w*|evaluat\w*|overleg\w*|evalu\w*)\b[^.;:]{0,40}\b(?:every|elke|iedere)\s*$",
    re.I,
)
_BREACH = re.compile(r"\b(?:breach|default|terminat|dispute|mediat|arbitrat)", re.I)
_SIZED = ("CREDIT", "PENALTY", "CAP", "BONUS")
# A metric name this many tokens or fewer before a percentage names its target.
_METRIC_REACH = 5
_AT_MOST = r"no\s+more|not\s+more|up\s+to|maximum|at\s+most|ten\s+hoogste|maximaal|hooguit|niet\s+meer"
# Comparators that state how much at most: before a percentage they may size a credit.
_CEILING = re.compile(rf"\b(?:{_AT_MOST}|exceeds?)\b", re.I)
# A ceiling stated as a limit (not "exceeds", which states a trigger).
_LIMIT = re.compile(rf"(?:shall\s+)?not\s+(?:to\s+)?exceed|{_AT_MOST}", re.I)
# A condition between a credit and a percentage makes the percentage its trigger.
_CONDITION = re.compile(r"\b(?:where|when(?:ever)?|in\s+the\s+event|should|unless|indien|wanneer|zodra)\b|\bif\b(?!\s+any)", re.I)
_DIGIT_IN = re.compile(r"\d")
# "shall be paid within 30 days": payment terms are no service level (LABELING.md).
_PAYMENT_BEFORE = re.compile(r"\b(?:paid|pay|payable|invoiced?|settled|betaald|betalen|voldaan|gefactureerd)\b[^.;:]*$", re.I)


def cell_header(text: str, start: int, end: int) -> str | None:
    """The header of the table cell text[start:end] when it names what is measured
    ('Escalation Time: 1 hour'); None for no header or a generic one ('Target: 99%')."""
    match = _CELL_HEADER.match(text, start, end)
    if match is None:
        return None
    header = match.group(1).strip().lower()
    return header if _MEASURED_HEADER.search(header) else None


def _is_clock_range(value: Any, text: str) -> bool:
    if value.label_ != "DURATION":
        return False
    if _CLOCK_RANGE.fullmatch(value.text):  # one token: "8H-20H"
        return True
    if not _CLOCK_HOUR.fullmatch(value.text):
        return False
    return bool(_RANGE_AFTER.match(text, value.end_char) or _RANGE_BEFORE.search(text[max(0, value.start_char - 6) : value.start_char]))


# One period, named with an article, after a word that says the measuring happens in it.
_ONE_PERIOD = re.compile(
    r"(?:een|één|a|an|one)\s+(?:calendar\s+|kalender)?(?:month|week|day|quarter|year|maand|week|dag|kwartaal|jaar)\b", re.I
)
_MEASURED_IN = re.compile(r"\b(?:in|over|per|during|gedurende|van)\s+$", re.I)


def _is_a_period_measured_over(value: Any, text: str) -> bool:
    return (
        value.label_ == "DURATION"
        and bool(_ONE_PERIOD.fullmatch(value.text))
        and bool(_MEASURED_IN.search(text, max(0, value.start_char - 12), value.start_char))
    )


def _is_ordinal_or_level(value: Any, text: str) -> bool:
    # a percentage is no level's number: "Minimum Service Level 98.0%" is the level's target
    level = value.label_ != "PERCENT" and _LEVEL_BEFORE.search(text, max(0, value.start_char - 12), value.start_char)
    return bool(_ORDINAL.match(value.text) or level)


def _counted(value: Any) -> str | None:
    """A count's own name: the words after its number ("missed backups")."""
    if value.label_ != "COUNT":
        return None
    return " ".join(value.text[_count_head(value.text) :].split()).lower() or None


def _coverage(value: Any, text: str) -> tuple[int, int] | None:
    """Where a coverage statement ("24 hours a day") starting with this value ends, if it is one."""
    match = _COVERAGE_AFTER.match(text, value.end_char) if value.label_ == "DURATION" else None
    return (value.start_char, match.end()) if match else None


def _is_notice_period(value: Any, text: str) -> bool:
    """'cured within thirty (30) days after written notice' of a breach: how long a party
    has to put a breach right, not a service target."""
    if _CURE_BEFORE.search(text, max(0, value.start_char - 40), value.start_char):
        return True
    return bool(_NOTICE_AFTER.match(text, value.end_char) and _BREACH.search(text, max(0, value.start_char - 200), value.start_char))


@dataclass(frozen=True)
class _Named:
    """Spans of a segment (metric names, consequences) by start, with whether a sizing
    consequence (credit, penalty, cap, bonus) stands before each: looked up by position,
    not scanned, as a clause of thousands of values would make every scan quadratic."""

    spans: Sequence[Any]
    starts: Sequence[int]
    sized_before: Sequence[bool]  # [i]: a sizing consequence among spans[:i]

    @classmethod
    def of(cls, spans: Sequence[Any]) -> _Named:
        sized = [False]
        for span in spans:
            sized.append(sized[-1] or span.label_ in _SIZED)
        return cls(spans, [s.start for s in spans], sized)

    def last_before(self, token: int) -> tuple[Any | None, int]:
        """The last span ending by `token`, and how many spans start before it."""
        index = bisect_left(self.starts, token)
        for span in reversed(self.spans[max(0, index - 3) : index]):  # a span overlapping `token` is skipped
            if span.end <= token:
                return span, index
        return None, index

    def first_from(self, token: int) -> Any | None:
        index = bisect_left(self.starts, token)
        return self.spans[index] if index < len(self.spans) else None


def _sizes_a_consequence(percent: Any, named: _Named, comparator: Any | None, text: str) -> bool:
    """Whether a percentage is the size of a credit or penalty rather than a target: the
    nearest named thing before it is a credit, penalty, cap or bonus ("Service Credits
    shall not exceed 10%") with no condition between, or a credit's limit ("The amount of
    Service Credits ... shall not exceed: 10%"), or a consequence follows within six tokens
    ("5% service credit"), with no metric name between ("Credits apply where Availability
    is below 99.5%") and no threshold comparator just before it ("if it falls below 95%")."""
    last, count = named.last_before(percent.start)
    if last is not None and last.label_ in _SIZED:
        # "Service Credits apply where unavailability exceeds 0.5%": the condition's threshold
        return not _CONDITION.search(text, last.end_char, percent.start_char)
    if last is not None and percent.start - last.end <= _METRIC_REACH:
        return False  # "Availability below 99.5% entitles the Customer to a Service Credit": the metric's target
    if comparator is not None and not _CEILING.search(comparator.text):
        return False  # a threshold ("below 95%"); a ceiling ("up to 10% service credit") may size a credit
    if comparator is not None and _LIMIT.match(comparator.text) and named.sized_before[count]:
        return True  # "The amount of Service Credits ... shall not exceed: 10%": the credits' limit
    after = named.first_from(percent.end)
    return after is not None and after.label_ != "METRIC" and after.start - percent.end <= 6


# How far (in tokens) a metric name, window or comparator may stand from its value.
_NEAR = 60


def _near(value: Any, spans: Sequence[Any], starts: Sequence[int]) -> Sequence[Any]:
    """The spans (sorted by start) that start within _NEAR tokens of the value."""
    return spans[bisect_left(starts, value.start - _NEAR) : bisect_left(starts, value.end + _NEAR)]


# Words before a percentage that make it the step of a sliding scale: "per begonnen 0,1%
# onderschrijding", "for each full 0.5% below the target", "for every 1% by which".
_STEP_BEFORE = re.compile(
    r"\b(?:per|for\s+(?:each|every)|voor\s+(?:iedere|elke|ieder|elk))\s+(?:(?:begonnen|started|full|complete|whole|volle|gehele)\s+)?$",
    re.I,
)
# Words right before a sum that make it the most a sanction can come to.
_CAP_LEAD = re.compile(
    r"\b(?:maximum|max\.?|plafond|capped\s+at|cap\s+of|limited\s+to|up\s+to|ten\s+hoogste|maximaal)\s+(?:(?:of|van)\s+)?$", re.I
)
# Windows that say which hours a service is on, not over which period it is measured.
_SERVICE_HOURS = re.compile(r"(?:business|service|office)\s+hours|kantooruren|servicetijd|servicevenster|24\s*(?:x|/)\s*7", re.I)
_RANGE_TO = re.compile(r"\s*(?:to|tot)\s*", re.I)


def _leading_comparator(value: Any, comparators: Sequence[Any], ends: Sequence[int], since: int = 0) -> Any | None:
    """The comparator ending at most three tokens before the value ("at least 99.5%") and
    starting after `since`, where the value before ends: "within 60 seconds: 90%" binds
    "within" to the seconds only."""
    index = bisect_left(ends, value.start + 1)  # comparators ending by value.start
    for comparator in reversed(comparators[max(0, index - 3) : index]):
        if 0 <= value.start - comparator.end <= 3 and comparator.start_char >= since:
            return comparator
    return None


def _metric_before(value: Any, names: Sequence[Any]) -> bool:
    """A metric name just before the value: "(credits are payable if) availability is below 99.7%"."""
    return any(0 <= value.start - name.end <= _METRIC_REACH for name in names)


def _is_payment_term(value: Any, text: str) -> bool:
    return bool(_PAYMENT_BEFORE.search(text, max(0, value.start_char - 60), value.start_char))


# The number of a count and its restatement: "two (2)" in "two (2) Severity 1 outages".
_COUNT_HEAD = re.compile(r"\S+(?:\s*\(\s*\d+\s*\))?")


def _count_head(text: str) -> int:
    head = _COUNT_HEAD.match(text)
    return head.end() if head else 0


def _value_of(value: Any) -> float | None:
    if value.label_ == NUMBER_LABEL:
        return bare_value(value.text)
    if value.label_ == "COUNT":  # "two Severity 1 outages" counts two, whatever digits follow
        return parse_number(value.text[: _count_head(value.text)])
    number = parse_number(value.text)
    if number is None and value.label_ == "DURATION" and _NEXT_DAY.match(value.text):
        return 1.0  # "next business day"
    return number


@lru_cache(maxsize=8)
def _pattern_data(name: str, lang: str) -> list[Any]:
    """The `lang` list of patterns/<name>.json: data only extraction reads."""
    import json

    data: dict[str, list[Any]] = json.loads((PATTERNS / name).read_text(encoding="utf-8"))
    return data.get(lang, [])


@lru_cache(maxsize=4)
def _metric_words(lang: str) -> tuple[tuple[re.Pattern[str], str, frozenset[str] | None], ...]:
    """patterns/metric_words.json: service words that name a value no metric phrase names,
    each with the value labels it may name (None: any)."""
    rules = _pattern_data("metric_words.json", lang)
    return tuple((re.compile(rf"\b(?:{rule[0]})\b", re.I), rule[1], frozenset(rule[2]) if len(rule) > 2 else None) for rule in rules)


def _reach(value: Any) -> int:
    # A score's measure is often the sentence's subject, well before its number: "The Net
    # Promoter Score among key users, measured twice a year, shall be at least +10".
    return _SCORE_NAME_REACH if value.label_ == NUMBER_LABEL else _WORD_NAME_REACH


def _word_name(lang: str, text: str, start: int, end: int, label: str, last: bool = True, reach: int | None = None) -> str | None:
    """The name given by the service word in text[start:end] nearest the value: the last
    one when the text precedes the value, the first when it follows."""
    found = [
        (match.start(), match.end(), " ".join(match.group().lower().split()) if name == "$match" else name)
        for pattern, name, labels in _metric_words(lang)
        if labels is None or label in labels
        for match in pattern.finditer(text, max(start, end - (reach or _WORD_NAME_REACH)), end)
    ]
    if not found:
        return None
    # of two words ending together the longer names it: "Net Promoter Score", not "Score"
    if last:
        return max(found, key=lambda f: (f[1], -f[0]))[2]
    return min(found, key=lambda f: (f[0], -f[1]))[2]


# How far before a value its naming word may stand ("resolution of Priority 1 incidents within"),
# and how far after ("90% of calls answered").
_WORD_NAME_REACH = 60
_WORD_NAME_AFTER = 25
_SCORE_NAME_REACH = 200
# Metric phrases that say a value is a target without saying of what.
_GENERIC_NAMES = frozenset({"norm", "servicenorm", "servicenormen", "kpi", "target", "service level", "servicelevel"})


@lru_cache(maxsize=4)
def _count_pattern(lang: str) -> re.Pattern[str] | None:
    """patterns/count_nouns.json: a number (perhaps restated: "two (2)"), up to two words, and a thing a service level caps."""
    nouns = _pattern_data("count_nouns.json", lang)
    number = definitions(load_patterns(lang)).get("NUM")
    if not nouns or not number:
        return None
    return re.compile(rf"\b{number}(?:\s*\(\s*\d+\s*\))?\s+(?:[\w-]+\s+){{0,2}}?(?:{'|'.join(nouns)})\b", re.I)


def count_spans(doc: Any) -> list[Any]:
    """Counts as value spans ("0 linting errors", "drie storingen"), in text order. Only
    extraction reads them: they are not rule spans, so the classifiers never see them."""
    pattern = _count_pattern(doc.lang_)
    text = text_of(doc)
    if pattern is None:
        return []
    found = (
        doc.char_span(m.start(), m.end(), label="COUNT", alignment_mode="expand") for m in pattern.finditer(text) if _whole_count(m, text)
    )
    return [span for span in found if span is not None]


# A count is a whole number standing in a sentence: not "5.3" or "E.4" (section numbers),
# not a number opening a line or part of a longer one ("+91 80 4138"), not Dutch "een"
# ("een Storing" is "a fault").
_COUNT_NUMBER = re.compile(r"(?:\d{1,4}|[^\W\d]+)(?=\s)")  # longer ones are phone numbers, IDs, sums
_NUMBER_BEFORE = re.compile(r"[\d+]\s*$")


def _whole_count(match: re.Match[str], text: str) -> bool:
    number = _COUNT_NUMBER.match(text, match.start())
    before = text[max(0, match.start() - 1) : match.start()]
    return (
        number is not None
        and number.group().lower() not in ("een", "één")
        and before not in (".", ",", "")
        and not _NUMBER_BEFORE.search(text, max(0, match.start() - 3), match.start())
        and not _opens_a_line(text, match.start())
    )


def _opens_a_line(text: str, start: int) -> bool:
    """Whether only spaces or tabs stand between `start` and the line's beginning (read
    backwards over that run only: slicing the text before it made many counts quadratic)."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start == 0 or text[start - 1] == "\n"


def extract(doc: Any, spans: list[Any] | None = None) -> tuple[tuple[Metric, ...], tuple[Consequence, ...]]:
    """Metrics and consequences of a parsed clause; `spans` are its `spans_of(doc)`
    (sorted by start) when the caller already has them."""
    spans = spans_of(doc) if spans is None else spans
    metrics: list[Metric] = []
    consequences: list[Consequence] = []
    text = text_of(doc)
    row_name = row_metric_name(text)
    in_table = "|" in text
    label_end = text.find("|")  # a table row's label cell ends at its first separator (-1: no table)
    row_consequence, row_label = _row_label(text, spans, label_end) if in_table else (None, None)
    tags = [match.span() for match in MARKUP_TAG.finditer(text)] if "<" in text else []
    starts = [s.start for s in spans]  # sorted by start: a segment's spans are one slice
    tier_keys = _attainment_tiers(spans, text)
    counts = count_spans(doc)
    count_starts = [c.start for c in counts]
    bare_numbers = _bare_numbers(doc, spans, counts, tags)
    bare_starts = [b.start for b in bare_numbers]
    for seg_start, seg_end in _segments(doc):
        inside = spans[bisect_left(starts, seg_start) : bisect_left(starts, seg_end)]
        seg_counts = counts[bisect_left(count_starts, seg_start) : bisect_left(count_starts, seg_end)]
        seg_bare = bare_numbers[bisect_left(bare_starts, seg_start) : bisect_left(bare_starts, seg_end)]
        if not inside and not seg_counts and not seg_bare:
            continue
        header = cell_header(text, doc[seg_start].idx, doc[seg_end - 1].idx + len(doc[seg_end - 1])) if in_table else None
        read_as_comparators = _caps_read_as_comparators(inside)
        if read_as_comparators:
            inside = [s for s in inside if s not in read_as_comparators]
        consequence_spans = [s for s in inside if s.label_ in CONSEQUENCE_LABELS]
        names = [s for s in inside if s.label_ == "METRIC"]
        named = _Named.of([s for s in inside if s.label_ == "METRIC" or s.label_ in CONSEQUENCE_LABELS])
        sizing = _Named.of([s for s in consequence_spans if s.label_ in _SIZED])
        inside_starts = [s.start for s in inside]
        windows = [s for s in inside if s.label_ == "WINDOW" and not _NAMES_A_CHARGE.match(text, s.end_char)]
        comparators = sorted(
            [*(s for s in inside if s.label_ == "COMPARATOR" and not _in_markup(s, tags)), *read_as_comparators], key=lambda s: s.start
        )
        name_starts = [n.start for n in names]
        window_starts = [w.start for w in windows]
        comparator_starts = [c.start for c in comparators]
        comparator_ends = [c.end for c in comparators]
        used_values: set[int] = set()
        rule_values = [s for s in inside if s.label_ in VALUE_LABELS]
        if seg_counts:  # a count that is also a duration, percentage, score or sum ("EUR 500 per incident") is that
            taken = {i for v in (*rule_values, *(s for s in inside if s.label_ == "MONEY")) for i in range(v.start, v.end)}
            extra = [
                c
                for c in seg_counts
                if c.end <= seg_end and not taken.intersection(range(c.start, c.end)) and not _is_ordinal_or_level(c, text)
            ]
            rule_values = sorted([*rule_values, *extra], key=lambda v: v.start)
        if seg_bare:  # "satisfaction of at least 7.5": a score or rate stated by its number alone
            rule_values = sorted([*rule_values, *seg_bare], key=lambda v: v.start)
        values, value_ends = _without_restatements(rule_values, text, used_values)
        # A naming word stands after the value before; or just after this one, before the
        # next ("90% of calls answered", Dutch "binnen 4 uur opgelost").
        bounds = [doc[seg_start].idx, *value_ends]
        following = [*(v.start_char for v in values[1:]), doc[seg_end - 1].idx + len(doc[seg_end - 1])]
        coverage = [_coverage(v, text) for v in values]
        covered = [c for c in coverage if c is not None]
        if covered:  # "per dag" in "24 uur per dag" says how long the service is on, for no target
            windows = [w for w in windows if not any(start <= w.start_char < end for start, end in covered)]
        sizes: list[Any] = []
        for value, value_end, since, until, covers in zip(values, value_ends, bounds, following, coverage):
            if value.start in tier_keys:
                used_values.add(value.start)
                continue  # "% Of SLA Achieved | 100% | 95% | 90%": the keys of a rebate table, no target or credit
            after = text[value_end : value_end + 60]
            # a range shares its comparator: "within 5 to 10 calendar days"
            leading = _leading_comparator(
                value, comparators, comparator_ends, 0 if _RANGE_TO.fullmatch(text, since, value.start_char) else since
            )
            if value.label_ == "PERCENT" and _STEP_BEFORE.search(text, max(0, value.start_char - 40), value.start_char):
                continue  # "1% per begonnen 0,1% onderschrijding": the step of a sliding scale, no target or size
            if value.label_ == "PERCENT" and _sizes_a_consequence(value, named, leading, text):
                sizes.append(value)
                continue  # the size of a credit or penalty, attached below
            if value.label_ in ("PERCENT", "SCORE") and _OF_CHARGES.match(after):
                if value.label_ == "PERCENT" or _FRACTION.match(value.text):
                    sizes.append(value)
                continue  # "10% of the Monthly Charges", "one-thirtieth (1/30) of the fees": a credit's size
            if row_consequence is not None and _is_tier(value, text, row_consequence):
                consequences.append(_amount_as(CONSEQUENCE_LABELS[row_consequence.label_], value))
                used_values.add(value.start)
                continue  # one tier of the credit the row is about ("Service Credit | 5% | 10%"), not a target
            if covers or _is_clock_range(value, text):
                continue  # service hours ("8H-20H", "24 hours a day"), not a target
            if _is_ordinal_or_level(value, text):
                continue  # a date ("the 15th day") or a level's number read with the next column ("Level 2   Days covered")
            if _is_a_period_measured_over(value, text):
                continue  # "in een kalendermaand", "measured over a month": the window, not a target
            nearby_names = _near(value, names, name_starts)
            if _is_notice_period(value, text) or (
                not in_table and _is_payment_term(value, text) and not _metric_before(value, nearby_names)
            ):
                continue  # a cure period or a payment term; a KPI table may measure the latter
            if _GOVERNANCE_EVERY.search(text, max(0, value.start_char - 60), value.start_char):
                continue  # how often the parties review or meet ("reviewed every 12 months"), no service target
            name = _nearest(
                value,
                [n for n in nearby_names if not _across_semicolon(text, value, n) and not _names_a_later_value(text, value, n, until)],
                prefer_before=True,
            )
            comparator = (
                leading
                or next((c for c in _near(value, comparators, comparator_starts) if _follows(c, text, value_end)), None)
                or unlisted_comparator(doc, value)
            )
            nearby_windows = _near(value, windows, window_starts)
            reachable = [w for w in nearby_windows if not _across_semicolon(text, value, w)]
            # the period a target is measured over wins from the hours it covers ("99,5% gedurende
            # Kantooruren, gemeten per kalendermaand"); service hours alone still say when it counts
            periods = [w for w in reachable if not _SERVICE_HOURS.fullmatch(w.text)]
            window = _nearest(value, periods or reachable, prefer_before=False)
            parts = [s for s in (name, comparator, value, window) if s is not None]
            # a negation before the comparator is part of it: "no greater than 4 hours"
            comparator_from = doc[comparator_start(doc, comparator)].idx if comparator is not None else len(text)
            start = min(comparator_from, *(s.start_char for s in parts))
            # a bare number's text runs to the words that give its unit: "< 50 milliseconds"
            unit, unit_end = read_unit(text, value.end_char) if value.label_ == NUMBER_LABEL else (_unit(value), value_end)
            end = max(value_end, unit_end, *(s.end_char for s in parts))
            if name is not None and row_name and name.text.lower() in _GENERIC_NAMES:
                name = None  # "Norm: max. 10" in a row whose "Indicator:" cell names the measure
            metric_name = (
                name.text.lower()
                if name is not None
                else header
                or row_name
                or (row_label if value.start_char > label_end else None)
                or _word_name(doc.lang_, text, since, value.start_char, value.label_, reach=_reach(value))
                or _word_name(doc.lang_, text, value_end, min(until, value_end + _WORD_NAME_AFTER), value.label_, last=False)
                or _counted(value)
            )
            if value.label_ == NUMBER_LABEL:
                if metric_name is None and not is_time_unit(unit):
                    continue  # a bare number with nothing naming what it measures ("at least 3 copies"); a time is a duration
                unit = scored_unit(unit, f"{metric_name} {text[max(0, value.start_char - 150) : value.start_char]}")
            metrics.append(
                Metric(
                    name=metric_name,
                    comparator=" ".join(text[comparator_from : comparator.end_char].lower().split()) if comparator is not None else None,
                    value=_value_of(value),
                    unit=unit,
                    window=window.text.lower() if window is not None else None,
                    text=text[start:end],
                    start=start,
                    end=end,
                )
            )
            used_values.add(value.start)
        claimed: set[int] = set()
        found: list[tuple[Consequence, Any | None, Any]] = []  # each consequence, its amount, the words that name it
        has_cap = any(s.label_ == "CAP" for s in consequence_spans)  # then the cap span carries the ceiling
        for span in consequence_spans:
            amount = _consequence_amount(span, inside, inside_starts, used_values)
            kind = CONSEQUENCE_LABELS[span.label_]
            if amount is not None:
                claimed.add(amount.start)
                if span.label_ in ("CREDIT", "PENALTY") and not has_cap and _caps(text, span, amount):
                    kind = "cap"  # "the aggregate Service Credits shall not exceed 15%": the most there can be
            found.append((_consequence(kind, span, amount), amount, span))
        consequences.extend(_one_per_amount(found))
        if not has_cap and any(s.label_ in ("CREDIT", "PENALTY") for s in consequence_spans):
            for amount in inside:  # "een boete van EUR 1.000,- per dag, met een maximum van EUR 50.000,-"
                if (
                    amount.label_ == "MONEY"
                    and amount.start not in claimed
                    and _CAP_LEAD.search(text, max(0, amount.start_char - 40), amount.start_char)
                ):
                    consequences.append(_amount_as("cap", amount))
                    claimed.add(amount.start)
        for size in sizes:  # a size too far from its credit for the credit to claim it
            owner = sizing.last_before(size.start)[0]
            if size.start in claimed or owner is None:
                continue
            capped = owner.label_ == "CAP" or _caps(text, owner, size)
            consequences.append(_amount_as("cap" if capped else CONSEQUENCE_LABELS[owner.label_], size))
    period = _row_period(text) if in_table else None
    if period:  # "| Measurement Period: Monthly |": the window of the row's targets that name none
        metrics = [replace(m, window=period) if m.window is None else m for m in metrics]
    return tuple(metrics), tuple(_dedupe(consequences))


# A table cell that says over which period the row is measured.
_PERIOD_CELL = re.compile(
    r"(?:^|\|)\s*(?:(?:measurement|measuring|reporting)\s+(?:period|window|interval)|meetperiode|meetvenster|rapportageperiode)"
    r"\s*:\s*([^|:]{2,40}?)\s*(?=\||$)",
    re.I,
)


def _row_period(text: str) -> str | None:
    match = _PERIOD_CELL.search(text)
    return " ".join(match.group(1).lower().split()) if match else None


def _one_per_amount(found: list[tuple[Consequence, Any | None, Any]]) -> list[Consequence]:
    """Two words for one sanction ("verbeurt ... een boete van 1%") are one consequence:
    of those sized by the same amount as the same kind, the word nearest the amount
    (in the order found; consequences without an amount all stay)."""
    nearest: dict[tuple[int, str], tuple[int, int]] = {}  # (amount, kind) -> (distance, position)
    for position, (consequence, amount, words) in enumerate(found):
        if amount is None:
            continue
        key, distance = (amount.start, consequence.kind), abs(amount.start - words.start)
        if key not in nearest or distance < nearest[key][0]:
            nearest[key] = (distance, position)
    return [
        consequence
        for position, (consequence, amount, _) in enumerate(found)
        if amount is None or nearest[(amount.start, consequence.kind)][1] == position
    ]


# A share written as a fraction: "1/30", "1 / 30", "1/30th".
_FRACTION = re.compile(r"(\d+)\s*/\s*(\d+)")


def _is_share(span: Any) -> bool:
    """A fraction of the charges: "one-thirtieth (1/30) of the monthly fees"."""
    return (
        span.label_ == "SCORE"
        and bool(_FRACTION.match(span.text))
        and bool(_OF_CHARGES.match(text_of(span.doc)[span.end_char : span.end_char + 80]))
    )


def _amount_value(amount: Any) -> tuple[float | None, str]:
    """What a sanction's amount comes to: a sum ("money"), or a share of the charges in
    percent, a fraction ("1/30th of the monthly fee") included."""
    fraction = _FRACTION.match(amount.text) if amount.label_ == "SCORE" else None
    if fraction:
        denominator = int(fraction.group(2))
        return (round(100 * int(fraction.group(1)) / denominator, 2) if denominator else None), "%"
    return parse_number(amount.text), "%" if amount.label_ == "PERCENT" else "money"


def _consequence(kind: ConsequenceKind, words: Any, amount: Any | None) -> Consequence:
    """A consequence named by `words` and sized by `amount` (None: no size stated)."""
    value, unit = _amount_value(amount) if amount is not None else (None, None)
    return Consequence(kind=kind, value=value, unit=unit, text=words.text, start=words.start_char, end=words.end_char)


def _amount_as(kind: ConsequenceKind, amount: Any) -> Consequence:
    """A consequence stated by its amount alone (a credit tier, a cap far from its credit);
    a fraction of the charges ("1/30th of the monthly fee") as the percentage it is."""
    return _consequence(kind, amount, amount)


# Words that make a credit's amount its ceiling: between the credit and the amount
# ("Service Credits shall not exceed 10%") or just before the credit ("the maximum amount
# of Service Credits is 20%").
_CAP_BETWEEN = re.compile(
    r"\b(?:exceed\w*|maximum|max\.|cap(?:ped)?|limited\s+to|no\s+more\s+than|not\s+more\s+than|in\s+no\s+event"
    r"|ten\s+hoogste|maximaal|hooguit|niet\s+meer\s+dan|gemaximeerd|plafond)\b",
    re.I,
)
_CAP_BEFORE = re.compile(
    r"\b(?:maximum|total|aggregate|maximale|totale)\s+(?:(?:amount|value|sum|number)\s+of\s+)?(?:all\s+)?(?:the\s+|de\s+)?$", re.I
)


def _caps(text: str, consequence: Any, amount: Any) -> bool:
    between = text[consequence.end_char : amount.start_char]
    if _CONDITION.search(between):
        return False  # "Service Credits apply where unavailability exceeds 0.5%": a trigger, no ceiling
    return bool(_CAP_BETWEEN.search(between) or _CAP_BEFORE.search(text, max(0, consequence.start_char - 40), consequence.start_char))


# "<p>", "</td>": HTML or XML markup, whose angle brackets are no comparators.
MARKUP_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
# A number restated in digits right after its words: "five percent (5%)", "Twenty-Four Hour (24Hour)".
_RESTATEMENT_GAP = re.compile(r"\s*\(\s*")
_RESTATEMENT_CLOSE = re.compile(r"\s*\)")


def _in_markup(span: Any, tags: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span.start_char and span.end_char <= end for start, end in tags)


def _without_restatements(values: list[Any], text: str, used: set[int]) -> tuple[list[Any], list[int]]:
    """The values, each number stated once, with where each ends (after its restatement
    and closing bracket when it has one). Restatements are marked used, so they are not
    read as a consequence's amount either."""
    kept: list[Any] = []
    ends: list[int] = []
    for value in values:
        if kept and _restates(kept[-1], value, text):
            used.add(value.start)
            close = _RESTATEMENT_CLOSE.match(text, value.end_char)
            ends[-1] = close.end() if close else value.end_char
            continue
        kept.append(value)
        ends.append(value.end_char)
    return kept, ends


def _restates(first: Any, second: Any, text: str) -> bool:
    return (
        first.label_ == second.label_
        and bool(_RESTATEMENT_GAP.fullmatch(text, first.end_char, second.start_char))
        and parse_number(first.text) == parse_number(second.text)
        and _unit(first) == _unit(second)
    )


def _follows(comparator: Any, text: str, value_end: int) -> bool:
    """Whether a postfix comparator stands right after the value ending at `value_end`."""
    return (
        comparator.start_char >= value_end
        and not text[value_end : comparator.start_char].strip()
        and is_postfix_comparator(comparator.text)
    )


# A metric of how many service levels were met: its values in a row are the tiers of a
# rebate table, not targets ("% Of SLA Achieved   100%  95%  90%").
_ATTAINMENT_NAME = re.compile(r"\b(?:slas?|service\s+levels?)\s+(?:attain\w*|achie\w*|met|compliance)\b", re.I)
_BETWEEN_TIERS = re.compile(r"[\s|]+")


def _attainment_tiers(spans: Sequence[Any], text: str) -> set[int]:
    """The token starts of percentages in a run of two or more (nothing but space or
    cell separators between them) whose nearest name before is an attainment metric, not
    a credit ("Monthly Rebate % applied   0%   10%" holds the credits of those tiers)."""
    values = [s for s in spans if s.label_ == "PERCENT"]
    names = [s for s in spans if s.label_ == "METRIC" or s.label_ in CONSEQUENCE_LABELS]
    tiers: set[int] = set()
    for first, second in zip(values, values[1:]):
        if not _BETWEEN_TIERS.fullmatch(text, first.end_char, second.start_char):
            continue
        name = next((n for n in reversed(names) if n.end <= first.start), None)
        if name is not None and name.label_ == "METRIC" and _ATTAINMENT_NAME.fullmatch(name.text):
            tiers.update((first.start, second.start))
    return tiers


def _across_semicolon(text: str, value: Any, other: Any) -> bool:
    """Whether a ';' stands between the two spans: a name or window does not reach into another provision."""
    left, right = (value, other) if value.end_char <= other.start_char else (other, value)
    return ";" in text[left.end_char : right.start_char]


# A new duty joined on: "answer 80% of calls within 30 seconds and shall keep the abandonment rate under 5%".
_NEXT_DUTY = re.compile(r"\b(?:and|or|en|of)\s+(?:shall|will|must|zal|zullen|moet|dient)\b", re.I)


def _names_a_later_value(text: str, value: Any, name: Any, until: int) -> bool:
    """Whether a name after the value belongs to what follows: another value stands
    between them, or a new duty begins between them."""
    if name.start_char < value.end_char:
        return False
    return name.start_char >= until or bool(_NEXT_DUTY.search(text, value.end_char, name.start_char))


def _nearest(span: Any, candidates: Sequence[Any], prefer_before: bool) -> Any | None:
    if not candidates:
        return None
    before = [c for c in candidates if c.end <= span.start]
    if prefer_before and before:
        return before[-1]
    return min(candidates, key=lambda c: abs(c.start - span.start))


def _row_label(text: str, spans: Sequence[Any], label_end: int) -> tuple[Any | None, str | None]:
    """What a table row's label cell names: the credit, penalty, cap or bonus whose tiers
    the other cells hold ("Service Credit (% of Monthly Charges) | 5% | 10% | 20%"), and
    the metric that names the values of cells naming nothing themselves ("Monthly Uptime |
    99.0% - 99.9% | ..."). A label that names a metric is about that metric, not a credit
    ("Service Credits: Availability | 99.5% | 5%"), as is one with a number of its own."""
    in_label = [s for s in spans if s.end_char <= label_end]
    metrics = [s for s in in_label if s.label_ == "METRIC"]
    metric = metrics[-1].text.lower() if metrics else None
    label = text[:label_end]
    if metrics or not label.strip() or _DIGIT_IN.search(label.rsplit(":", 1)[-1]):
        return None, metric
    return next((s for s in in_label if s.label_ in _SIZED), None), metric


def _is_tier(value: Any, text: str, label: Any) -> bool:
    """A percentage or amount alone in a later cell of a row labeled by a consequence."""
    if value.label_ not in ("PERCENT", "MONEY") or value.start_char <= label.end_char:
        return False
    cell_start = text.rfind("|", 0, value.start_char) + 1
    cell_end = text.find("|", value.end_char)
    cell = text[cell_start : cell_end if cell_end >= 0 else len(text)]
    return cell.strip() == value.text.strip()


def _consequence_amount(span: Any, inside: Sequence[Any], inside_starts: Sequence[int], used: set[int]) -> Any | None:
    """The unused percentage or sum nearest to a sizing consequence, within 12 tokens."""
    if span.label_ not in _SIZED:
        return None
    near = inside[bisect_left(inside_starts, span.start - 12) : bisect_left(inside_starts, span.start + 13)]
    amounts = [s for s in near if (s.label_ in ("PERCENT", "MONEY") or _is_share(s)) and s.start not in used]
    return min(amounts, key=lambda s: abs(s.start - span.start)) if amounts else None


def _dedupe(consequences: list[Consequence]) -> list[Consequence]:
    seen: set[tuple[str, int]] = set()
    out: list[Consequence] = []
    for item in consequences:
        key = (item.kind, item.start)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
