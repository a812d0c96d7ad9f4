"""build_nlp(): blank spaCy pipelines (no downloads) with our rule components.

Rules are data: `patterns/<lang>.jsonl` feeds a SpanRuler that writes to
`doc.spans["sla"]` (a string pattern is a phrase matched case-insensitively; a
list is a token pattern). Labels: PERCENT, DURATION, SCORE, MONEY, COMPARATOR, WINDOW,
METRIC and the consequence labels CREDIT, PENALTY, CAP, EARN_BACK, TERMINATION,
STEP_IN, SOLE_REMEDY, BONUS, IMPROVEMENT, REVIEW.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SPANS_KEY = "sla"
PATTERNS = Path(__file__).parent / "patterns"
SUPPORTED = ("en", "nl")


def load_patterns(lang: str) -> list[dict[str, Any]]:
    path = PATTERNS / f"{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=4)
def build_nlp(lang: str = "en") -> Any:
    """A blank `en`/`nl` pipeline with a sentencizer and the SLA span ruler.

    Cached per language: building loads the patterns, which costs more than a clause.
    An installed pretrained pipeline is never required; see `optional_pretrained`.
    """
    import spacy

    if lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}; choose one of {SUPPORTED}")
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    # Phrase patterns (plain strings in the files) go to a PhraseMatcher on LOWER,
    # which is far faster than token patterns; only numbers need the Matcher.
    ruler: Any = nlp.add_pipe(
        "span_ruler", config={"spans_key": SPANS_KEY, "overwrite": False, "phrase_matcher_attr": "LOWER"}
    )
    # Both languages' consequence words appear in bilingual contracts: load ours first.
    ruler.add_patterns(load_patterns(lang))
    return nlp


def optional_pretrained(lang: str) -> str | None:
    """Name of an installed pretrained spaCy pipeline for `lang`, if any (never downloaded)."""
    import importlib.util

    for name in (f"{lang}_core_web_sm", f"{lang}_core_news_sm"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None
