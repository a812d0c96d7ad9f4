"""Tagging speed on the corpus clauses: spaCy + rules + classifiers (with evidence),
as a ratio to blank spaCy tokenisation of the same clauses in the same run.

Run: python -m bench.tagging
"""

from __future__ import annotations

import time

from bench._corpus import corpus_pdfs


def main() -> None:
    import spacy

    from analyzer import load_document
    from analyzer.tagging.tagger import Tagger

    clauses = [c for path in corpus_pdfs() for c in load_document(path).clauses]
    texts = [c.text for c in clauses]
    languages = [c.language for c in clauses]
    tagger = Tagger.load()
    tagger.tag_texts(texts[:50], languages[:50])  # warm caches
    tokenizer = spacy.blank("en")

    start = time.perf_counter()
    for _ in tokenizer.pipe(texts, batch_size=256):
        pass
    tokenise = time.perf_counter() - start

    start = time.perf_counter()
    tagger.tag_texts(texts, languages)
    tagging = time.perf_counter() - start

    print(f"{len(texts)} clauses from the corpus PDFs")
    print(f"spaCy blank tokenisation : {len(texts) / tokenise:9.0f} clauses/s")
    print(f"watermelon tagging       : {len(texts) / tagging:9.0f} clauses/s (rules, 3 classifiers, evidence, metrics)")
    print(f"ratio tagging / tokenisation time: {tagging / tokenise:5.1f}x   (target <= 3x)")


if __name__ == "__main__":
    main()
