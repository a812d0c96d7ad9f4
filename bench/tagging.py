"""Tagging speed on the corpus clauses: spaCy + rules + classifiers (with evidence),
as a ratio to blank spaCy tokenisation of the same clauses in the same run.

Run: python -m bench.tagging
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial

from bench._corpus import corpus_pdfs

REPEATS = 3


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _consume(docs: Iterable[object]) -> None:
    for _ in docs:
        pass


def main() -> None:
    import spacy

    from analyzer import load_document
    from analyzer.nlp.pipeline import build_nlp
    from analyzer.tagging.tagger import Tagger

    clauses = [c for path in corpus_pdfs() for c in load_document(path).clauses]
    texts = [c.text for c in clauses]
    languages = [c.language for c in clauses]
    tagger = Tagger.load()
    tagger.tag_texts(texts[:50], languages[:50])  # import and first-call costs

    # Best of interleaved repeats, each from cold caches (a fresh tokenizer, fresh
    # pipelines and hashing caches, built before the clock starts), so the two sides
    # see the same machine load and neither gains from having seen the texts before.
    tokenise, tagging = float("inf"), float("inf")
    for _ in range(REPEATS):
        tokenizer = spacy.blank("en")
        tokenise = min(tokenise, _seconds(partial(_consume, tokenizer.pipe(texts, batch_size=256))))
        build_nlp.cache_clear()
        build_nlp("en", sentences=False), build_nlp("nl", sentences=False)
        fresh = Tagger(tagger.models)
        tagging = min(tagging, _seconds(partial(fresh.tag_texts, texts, languages)))

    print(f"{len(texts)} clauses from the corpus PDFs (best of {REPEATS} interleaved runs)")
    print(f"spaCy blank tokenisation : {len(texts) / tokenise:9.0f} clauses/s")
    print(f"watermelon tagging       : {len(texts) / tagging:9.0f} clauses/s (rules, 3 classifiers, evidence, metrics)")
    print(f"ratio tagging / tokenisation time: {tagging / tokenise:5.1f}x   (target <= 3x)")


if __name__ == "__main__":
    main()
