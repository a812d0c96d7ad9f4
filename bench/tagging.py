"""Tagging speed on the corpus clauses: spaCy + rules + classifiers (with evidence),
as a ratio to blank spaCy tokenisation of the same clauses in the same run. Tagging
includes its own tokenisation, so what it adds is that ratio less one; the target is
that it adds no more than 3x.

Run: python -m bench.tagging
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from functools import partial

from bench._corpus import corpus_pdfs

REPEATS = 5
# Clauses per turn: about one contract's worth (the corpus PDFs average ~200).
CHUNK = 250


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
    from analyzer.tagging.explain import clear_caches
    from analyzer.tagging.tagger import Tagger

    clauses = [c for path in corpus_pdfs() for c in load_document(path).clauses]
    texts = [c.text for c in clauses]
    languages = [c.language for c in clauses]
    tagger = Tagger.load()
    tagger.tag_texts(texts[:50], languages[:50])  # import and first-call costs

    # Interleaved pairs, each from cold caches (a fresh tokenizer, fresh pipelines
    # and hashing caches, built before the clock starts): neither side gains from
    # having seen the texts before. Within a pair the two sides take turns on the
    # same chunks of about a document's size, so both see the same machine load; the
    # median pair ratio is the figure. (On this shared 2-core machine, one side timed
    # after the other moved the ratio by a third from run to run.)
    chunks = [slice(start, start + CHUNK) for start in range(0, len(texts), CHUNK)]
    ratios: list[float] = []
    for run in range(REPEATS):
        tokenizer = spacy.blank("en")
        build_nlp.cache_clear()
        build_nlp("en", sentences=False), build_nlp("nl", sentences=False)
        clear_caches()  # evidence's per-word columns
        fresh = Tagger(tagger.models)
        tokenise = tagging = 0.0
        for chunk in chunks:
            tokenise += _seconds(partial(_consume, tokenizer.pipe(texts[chunk], batch_size=256)))
            tagging += _seconds(partial(fresh.tag_texts, texts[chunk], languages[chunk]))
        ratios.append(tagging / tokenise)
        print(
            f"run {run + 1}: tokenisation {len(texts) / tokenise:6.0f} clauses/s, "
            f"tagging {len(texts) / tagging:6.0f} clauses/s (rules, 3 classifiers, evidence, metrics), ratio {ratios[-1]:4.1f}x"
        )
    print(f"{len(texts)} clauses from the corpus PDFs")
    ratio = statistics.median(ratios)
    print(f"ratio tagging / tokenisation time (median of {REPEATS} pairs): {ratio:5.1f}x")
    # Tagging tokenises too: what it adds over tokenisation is the ratio less one.
    print(f"tagging adds {ratio - 1:4.1f}x tokenisation time on top of tokenising (target: adds <= 3x)")


if __name__ == "__main__":
    main()
