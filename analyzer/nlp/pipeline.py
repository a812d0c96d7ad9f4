"""build_nlp(): blank spaCy pipelines (no downloads) with our rule components.

Rules are data: `patterns/<lang>.jsonl` feeds two components that write to
`doc.spans["sla"]`: a phrase finder (`{"label", "pattern"}` with a string pattern,
matched case-insensitively on a PhraseMatcher; optional `unless_after` words and
`unless_before` phrases mark false friends such as "credit card" or "letter of
credit") and a regex finder for numbers and
their units (`{"label": ..., "regex": ...}`, where `<NUM>` stands for the file's
`{"define": "NUM", ...}`). Labels: PERCENT, DURATION, SCORE, MONEY, COMPARATOR, WINDOW,
METRIC and the consequence labels CREDIT, PENALTY, CAP, EARN_BACK, TERMINATION,
STEP_IN, SOLE_REMEDY, BONUS, IMPROVEMENT, REVIEW.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SPANS_KEY = "sla"
# Doc.text is rebuilt from every token on each access; the tokenizer keeps the
# original string here so rules and extraction read it for free.
TEXT_KEY = "watermelon_text"
PATTERNS = Path(__file__).parent / "patterns"
SUPPORTED = ("en", "nl")


def load_patterns(lang: str) -> list[dict[str, Any]]:
    path = PATTERNS / f"{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _substitute(regex: str, defined: dict[str, str]) -> str:
    for name, value in defined.items():
        regex = regex.replace(f"<{name}>", value)
    return regex


def regex_rules(patterns: list[dict[str, Any]]) -> tuple[str, list[tuple[str, str]]]:
    """The anchor regex and the (label, regex) rules, with the file's definitions
    (`<NUM>`) substituted. Every rule match must start where the anchor matches."""
    defined = definitions(patterns)
    rules = [(row["label"], _substitute(row["regex"], defined)) for row in patterns if "label" in row and "regex" in row]
    return defined.get("ANCHOR", ""), rules


def definitions(patterns: list[dict[str, Any]]) -> dict[str, str]:
    """The file's `{"define": ...}` regexes (NUM, ANCHOR, ...), each with earlier ones substituted."""
    defined: dict[str, str] = {}
    for row in patterns:
        if "define" in row:
            defined[row["define"]] = _substitute(row["regex"], defined)
    return defined


@dataclass(frozen=True)
class Phrase:
    """A phrase pattern row: its label, its words, and the neighbours that make a
    match a false friend ("credit" before "card", after "letter of")."""

    label: str
    pattern: str
    unless_after: tuple[str, ...] = ()
    unless_before: tuple[str, ...] = ()

    @classmethod
    def of(cls, row: dict[str, Any]) -> Phrase:
        return cls(
            row["label"],
            row["pattern"],
            tuple(w.lower() for w in row.get("unless_after", ())),
            tuple(w.lower() for w in row.get("unless_before", ())),
        )

    def false_friend(self, text: str, start: int, end: int) -> bool:
        if self.unless_after:
            following = _FIRST_WORD.match(text, end)
            if following and following.group(1).lower() in self.unless_after:
                return True
        if self.unless_before:
            # whole words only: "letter of" before "credit", not "...syntax" for "tax"
            preceding = " " + " ".join(text[max(0, start - 40) : start].lower().split())
            return any(preceding.endswith(" " + words) for words in self.unless_before)
        return False


_FIRST_WORD = re.compile(r"[\s-]{0,3}(\w+)")


class PhraseSpanFinder:
    """Adds a span per phrase match (case-insensitive, on LOWER) to `doc.spans["sla"]`.

    What spaCy's SpanRuler does with phrase patterns, the same spans in the same
    order, without its per-document costs for a token Matcher we have no patterns
    for and a warnings context; plus false-friend neighbours per phrase."""

    def __init__(self, vocab: Any, tokenizer: Any, phrases: list[Phrase]) -> None:
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.phrases: dict[int, Phrase] = {}
        by_label: dict[str, list[Any]] = {}
        for phrase in phrases:
            if phrase.unless_after or phrase.unless_before:
                key = f"{phrase.label}:{phrase.pattern}"  # its own key, to know which row matched
                self.phrases[vocab.strings.add(key)] = phrase
                self.matcher.add(key, [tokenizer(phrase.pattern)])
            else:
                by_label.setdefault(phrase.label, []).append(tokenizer(phrase.pattern))
        for label, docs in by_label.items():
            self.matcher.add(label, docs)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        found = set()
        for match_id, start, end in self.matcher(doc):
            if start == end:
                continue
            phrase = self.phrases.get(match_id)
            if phrase is None:
                found.add(Span(doc, start, end, label=match_id))
                continue
            span = Span(doc, start, end, label=phrase.label)
            if not phrase.false_friend(text_of(doc), span.start_char, span.end_char):
                found.add(span)
        doc.spans[SPANS_KEY] = sorted(found)
        return doc


class RegexSpanFinder:
    """Adds a span per regex match to `doc.spans["sla"]`: numbers, units and money
    are character patterns. One scan for anchors (a number, a currency sign) and
    rules tried only there costs far less than token patterns with predicates on
    every token, or every rule scanning the whole text."""

    def __init__(self, anchor: str, rules: list[tuple[str, str]]) -> None:
        self.anchor = re.compile(anchor, re.IGNORECASE)
        self.rules = [(label, re.compile(regex, re.IGNORECASE)) for label, regex in rules]

    def find(self, text: str) -> list[tuple[str, int, int]]:
        found: dict[tuple[str, int, int], None] = {}
        for anchor in self.anchor.finditer(text):
            for label, pattern in self.rules:
                match = pattern.match(text, anchor.start())
                if match and match.end() > match.start():
                    found[(label, match.start(), match.end())] = None
        return list(found)

    def __call__(self, doc: Any) -> Any:
        found = self.find(text_of(doc))
        if not found:
            return doc
        if SPANS_KEY not in doc.spans:
            doc.spans[SPANS_KEY] = []
        group = doc.spans[SPANS_KEY]
        for label, start, end in found:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                group.append(span)
        return doc


def text_of(doc: Any) -> str:
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else str(doc.text)


class TextKeepingTokenizer:
    """The language's tokenizer, remembering the text it was given on the Doc."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Any:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory("watermelon_phrase_spans"):

        def make_phrase_span_finder(nlp: Any, name: str, lang: str) -> PhraseSpanFinder:
            rows = [row for row in load_patterns(lang) if "pattern" in row]
            if any(not isinstance(row["pattern"], str) for row in rows):
                raise ValueError(f"patterns/{lang}.jsonl: a pattern must be a phrase string; numbers go in a regex rule")
            phrases = [Phrase.of(row) for row in rows]
            return PhraseSpanFinder(nlp.vocab, nlp.tokenizer, phrases)

        Language.factory("watermelon_phrase_spans", default_config={"lang": "en"}, func=make_phrase_span_finder)
    if not Language.has_factory("watermelon_regex_spans"):

        def make_regex_span_finder(nlp: Any, name: str, lang: str) -> RegexSpanFinder:
            return RegexSpanFinder(*regex_rules(load_patterns(lang)))

        Language.factory("watermelon_regex_spans", default_config={"lang": "en"}, func=make_regex_span_finder)


# Abbreviations that stand before a target ("max. 8 hours"): one token, so that the
# full stop ends no sentence between the comparator and its value.
_ABBREVIATIONS = ("max.",)


@lru_cache(maxsize=8)
def build_nlp(lang: str = "en", sentences: bool = True) -> Any:
    """A blank `en`/`nl` pipeline with a sentencizer and the SLA rules.

    Cached per language: building loads the patterns, which costs more than a clause.
    `sentences=False` leaves the sentencizer out: tagging needs sentences only for
    the SLA clauses it extracts metrics from, and `extract` splits those itself.
    An installed pretrained pipeline is never required; see `optional_pretrained`.
    """
    import spacy
    from spacy.symbols import ORTH

    if lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}; choose one of {SUPPORTED}")
    nlp = spacy.blank(lang)
    tokenizer: Any = nlp.tokenizer
    for abbreviation in _ABBREVIATIONS:  # Dutch has these already
        for form in (abbreviation, abbreviation.capitalize(), abbreviation.upper()):
            tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.tokenizer = TextKeepingTokenizer(tokenizer)
    if sentences:
        nlp.add_pipe("sentencizer")
    _register_components()
    # Phrase patterns (plain strings in the files) go to a PhraseMatcher on LOWER;
    # numbers and units are regexes tried only at number anchors.
    nlp.add_pipe("watermelon_phrase_spans", config={"lang": lang})
    nlp.add_pipe("watermelon_regex_spans", config={"lang": lang})
    return nlp


def optional_pretrained(lang: str) -> str | None:
    """Name of an installed pretrained spaCy pipeline for `lang`, if any (never downloaded)."""
    import importlib.util

    for name in (f"{lang}_core_web_sm", f"{lang}_core_news_sm"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None
