"""The fast paths of tagging must give exactly what the slow, obvious ones give:
cached character hashing, shared tf-idf, anchored regex rules, lazy sentences."""

from __future__ import annotations

import re

import numpy as np
import pytest

from analyzer import load_document
from analyzer.nlp.extract import extract, sentence_starts
from analyzer.nlp.pipeline import build_nlp, load_patterns, regex_rules
from analyzer.tagging.features import feature_text
from analyzer.tagging.hashing import WordCachedCharHasher
from analyzer.tagging.tagger import Tagger

from .conftest import SAMPLES

ODD_TEXTS = [
    "Availability  of 99.9%\n\nper   month",
    "",
    "   ",
    "x",
    "Déjà vu: functiehersteltijd binnen 4 uur; € 500,- boete",
    "a a a a a a a a",
    "wm_percent wm_credit 5% of the monthly charges",
    "odd\u00a0white\u2003space\x1cseparators\u3000and\u200bzero-width \t\n tabs",
    "I a ab abc",
]


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.load()


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    texts = [c.text for path in sorted(SAMPLES.glob("*.txt")) for c in load_document(path).clauses]
    assert len(texts) > 100
    return texts + ODD_TEXTS


def test_cached_char_hashing_equals_the_vectorizer(tagger: Tagger, sample_texts: list[str]) -> None:
    vectorizer = tagger.models["is_sla"].hashers()["chars"]
    cached = WordCachedCharHasher(vectorizer, max_words=500)  # small: the cache is cleared mid-run
    texts = [feature_text(t, []) for t in sample_texts]
    for batch in (texts[:40], texts, texts[::-1]):
        expected = vectorizer.transform(batch).tocsr()
        got = cached.transform(batch)
        assert got.shape == expected.shape
        assert (got != expected).nnz == 0


def test_array_murmurhash_equals_scikit_learns() -> None:
    import random

    from sklearn.utils import murmurhash3_32

    from analyzer.tagging import murmur

    def hash_strings(keys: list[str]) -> np.ndarray:
        encoded = [key.encode("utf-8") for key in keys]
        lengths = np.array([len(key) for key in encoded], dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        return murmur.murmurhash3_32(np.frombuffer(b"".join(encoded), dtype=np.uint8), starts, lengths)

    rng = random.Random(7)
    alphabet = "abcXYZ 019|:%_-éëü€–·中文\u00a0\U0001f600"
    keys = ["", "a", "ab", "abc", "abcd", "abcde", "abcdefgh", "abcdefghi"]
    keys += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    expected = [murmurhash3_32(key, seed=0) for key in keys]
    assert hash_strings(keys).tolist() == expected
    assert murmur.columns_of(hash_strings(keys), 2**18).tolist() == [abs(h) % 2**18 for h in expected]
    assert hash_strings([]).tolist() == []


def test_cached_hashing_refuses_a_word_hasher(tagger: Tagger) -> None:
    with pytest.raises(ValueError, match="char_wb"):
        WordCachedCharHasher(tagger.models["is_sla"].hashers()["words"])


def test_shared_tfidf_equals_each_pipelines_own_features(tagger: Tagger, sample_texts: list[str]) -> None:
    texts = [feature_text(t, ["PERCENT", "CREDIT"]) for t in sample_texts[:300]]
    batch = tagger.hasher.batch(texts)
    for model in tagger.models.values():
        expected = model.features(texts).tocsr()
        got = model.features_from_batch(batch)
        assert abs(got - expected).max() < 1e-12
        np.testing.assert_allclose(model.predict_proba_features(got), model.predict_proba(texts), atol=1e-12)


def test_the_anchors_number_word_starts_are_exactly_where_a_number_word_starts() -> None:
    patterns = load_patterns("en")
    defined = {row["define"]: row["regex"] for row in patterns if "define" in row}
    words = re.search(r"\(\?:(zero\|[a-z|]+)\)", defined["NUM"])
    assert words, "NUM lists its number words"
    number, start = re.compile(defined["NUM"], re.I), re.compile(defined["NUM_START"], re.I)
    suffixes = ("", "th", "ieth", "teen", "ty", "-one", " days", "s", "fold")
    probes = [word + suffix for word in words.group(1).split("|") for suffix in suffixes]
    probes += ["fifth", "ninth", "twelfth", "thirtieth", "fortieth", "tenant", "often", "eleventh", "Seventy", "ONE", "tw", "thir"]
    for probe in probes:
        assert bool(start.match(probe)) == bool(number.match(probe)), probe


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_anchored_regex_rules_find_every_match_a_full_scan_finds(lang: str, sample_texts: list[str]) -> None:
    finder = build_nlp(lang).get_pipe("watermelon_regex_spans")
    _, rules = regex_rules(load_patterns(lang))
    texts = sample_texts + ["ninety-nine point nine percent (99.9%)", "$.05 per minute", "within four (4) Business Hours"]
    for text in texts:
        found = set(finder.find(text))
        for label, regex in rules:
            for match in re.finditer(regex, text, re.IGNORECASE):
                if match.end() > match.start():
                    assert (label, match.start(), match.end()) in found, (lang, label, text[match.start() : match.end()])


def test_metrics_are_the_same_with_or_without_the_pipeline_sentencizer(sample_texts: list[str]) -> None:
    texts = [t for t in sample_texts if "%" in t or "hour" in t][:80]
    with_sentences = [extract(doc) for doc in build_nlp("en").pipe(texts)]
    lazy = [extract(doc) for doc in build_nlp("en", sentences=False).pipe(texts)]
    assert with_sentences == lazy
    assert sum(len(metrics) for metrics, _ in lazy) > 20


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_sentence_starts_are_where_spacys_sentencizer_starts_sentences(lang: str, sample_texts: list[str]) -> None:
    odd = ["Ends with a mark.", "... ?! Leading marks. Then text", 'Ratio 3.5 ; next. (a) item! "Quoted." Tail']
    texts = sample_texts + odd
    with_sentencizer = [[s.start for s in doc.sents] for doc in build_nlp(lang).pipe(texts)]
    from_arrays = [sentence_starts(doc) for doc in build_nlp(lang, sentences=False).pipe(texts)]
    assert from_arrays == with_sentencizer
    assert sum(len(starts) > 1 for starts in from_arrays) > 20


def test_evidence_columns_are_the_columns_the_vectorizers_use(tagger: Tagger) -> None:
    from analyzer.tagging.hashing import WORD_FEATURES, char_columns, word_column

    hashers = tagger.models["is_sla"].hashers()
    for token in ("availability", "functiehersteltijd", "wm_percent", "p1"):
        chars = hashers["chars"].transform([token]).tocsr()
        assert sorted(char_columns(token)) == sorted(int(c) + WORD_FEATURES for c in chars.indices)
        words = hashers["words"].transform([token]).tocsr()
        assert list(words.indices) == [word_column(token)]


def test_array_word_hashing_equals_the_vectorizer(tagger: Tagger, sample_texts: list[str]) -> None:
    from analyzer.tagging.hashing import ArrayWordHasher

    vectorizer = tagger.models["is_sla"].hashers()["words"]
    hasher = ArrayWordHasher(vectorizer)
    texts = [feature_text(t, ["PERCENT"]) for t in sample_texts]
    odd = ["", "   ", "x", "één twee", "a", "wm_percent", "é", "", "ab cd"]  # empty, one token, accents
    for batch in (texts[:40], texts, texts[::-1], odd, odd[:1], [] + odd[1:2]):
        expected = vectorizer.transform(batch).tocsr()
        got = hasher.transform(batch)
        assert got.shape == expected.shape
        assert (got != expected).nnz == 0


def test_array_word_hashing_refuses_a_character_hasher(tagger: Tagger) -> None:
    from analyzer.tagging.hashing import ArrayWordHasher

    with pytest.raises(ValueError, match="word 1-2-gram"):
        ArrayWordHasher(tagger.models["is_sla"].hashers()["chars"])


def test_focus_and_style_computed_for_sla_clauses_only_match_the_pipelines(tagger: Tagger, sample_texts: list[str]) -> None:
    from analyzer.tagging.features import feature_text as folded

    texts = sample_texts[:150]
    results = tagger.tag_texts(texts, ["en"] * len(texts))
    docs = list(build_nlp("en", sentences=False).pipe(texts))
    from analyzer.nlp.extract import spans_of

    inputs = [folded(t, [s.label_ for s in spans_of(d)]) for t, d in zip(texts, docs)]
    sla = [i for i, r in enumerate(results) if r.tags.is_sla]
    assert 10 < len(sla) < len(texts)
    for tag in ("focus", "style"):
        model = tagger.models[tag]
        expected = model.predict_proba([inputs[i] for i in sla]).max(axis=1)
        got = [getattr(results[i].tags, f"{tag}_probability") for i in sla]
        np.testing.assert_allclose(got, expected, atol=1e-12)


def test_a_batch_without_any_sla_clause_is_tagged(tagger: Tagger) -> None:
    results = tagger.tag_texts(["This Agreement is governed by the laws of England.", "Notices shall be in writing."])
    assert [r.tags.is_sla for r in results] == [False, False]
    assert all(r.tags.focus is None and r.tags.style is None for r in results)


def test_direct_calibrated_probabilities_are_bit_identical_to_scikit_learns(tagger: Tagger, sample_texts: list[str]) -> None:
    batch = tagger.hasher.batch([feature_text(t, ["PERCENT"]) for t in sample_texts])
    for model in tagger.models.values():
        assert model._sigmoid_linear is not None  # the saved models are the shape it reproduces
        classifier = model.pipeline.named_steps["classifier"]
        matrix = model.features_from_batch(batch)
        for rows in (matrix, matrix[:1], matrix[3:4] * 0.0):  # a batch, one row, a row of no features
            np.testing.assert_array_equal(model.predict_proba_features(rows), classifier.predict_proba(rows))


def test_direct_calibrated_probabilities_share_out_a_zero_sum_as_scikit_learn_does(tagger: Tagger, sample_texts: list[str]) -> None:
    import copy

    from analyzer.tagging.models import SigmoidLinear

    classifier = copy.deepcopy(tagger.models["focus"].pipeline.named_steps["classifier"])
    for calibrator in classifier.calibrated_classifiers_[0].calibrators:
        calibrator.b_ = 1e4  # every class's calibrated probability underflows to 0
    matrix = tagger.models["focus"].features_from_batch(tagger.hasher.batch([feature_text(t, []) for t in sample_texts[:50]]))
    expected = classifier.predict_proba(matrix)
    assert np.all(expected == 1 / 3)
    fast = SigmoidLinear.of(classifier)
    assert fast is not None
    np.testing.assert_array_equal(fast.predict_proba(matrix), expected)


def test_direct_calibrated_probabilities_refuse_an_ensemble(tagger: Tagger) -> None:
    import copy

    from analyzer.tagging.models import SigmoidLinear

    classifier = copy.deepcopy(tagger.models["is_sla"].pipeline.named_steps["classifier"])
    classifier.calibrated_classifiers_ = classifier.calibrated_classifiers_ * 2  # what ensemble=True leaves: a mean of several
    assert SigmoidLinear.of(classifier) is None


def test_sparse_rows_gather_the_rows_appended(tagger: Tagger, sample_texts: list[str]) -> None:
    from analyzer.tagging.hashing import SparseRows

    words = [w for t in sample_texts for w in t.split()][:3000]
    counts = tagger.models["is_sla"].hashers()["chars"].transform(words).tocsr()
    store = SparseRows()
    for start in range(0, len(words), 700):  # several appends, each past the arrays' room
        store.append(counts[start : start + 700])
    assert store.n_rows == len(words)
    rows = np.array([5, 2999, 0, 5, 1400, 700])
    for wanted in (rows, rows[:0]):
        got = store.gather(wanted, counts.shape[1])
        assert got.shape == (len(wanted), counts.shape[1])
        assert (got != counts[wanted]).nnz == 0
