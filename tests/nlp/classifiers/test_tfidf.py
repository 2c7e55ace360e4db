import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.classifiers.tfidf import NEGATION_MARK, NEGATION_SCOPE, TfidfFeatures, grams, negated_words

TEXTS = ["The wait was long, the wait was LONG", "refund refund refund please", "", "a b c",
         "Überraschend gute Beratung", "on hold for ages then cut off", "great staff great food", "the the the"]


def test_transform_equals_scikit_learn_tfidf_without_importing_it():
    feats = TfidfFeatures.fit(TEXTS, min_df=1)
    ref = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                          vocabulary={t: i for i, t in enumerate(feats.vocabulary)})
    ref.idf_ = feats.idf
    queries = [*TEXTS, "wait wait wait for the refund", "nothing known here"]
    got, want = feats.transform(queries), ref.transform(queries).astype(np.float32)
    assert got.shape == want.shape and got.dtype == np.float32
    np.testing.assert_allclose(got.toarray(), want.toarray(), atol=1e-6)
    assert got[-1].nnz == 0  # no known term: an all-zero row, not NaN
    assert feats.transform([]).shape == (0, len(feats.vocabulary))


def test_negated_words_mark_the_scope_of_a_negation_up_to_punctuation_or_but():
    assert negated_words("Customer service never called me back.") == ["NOT_called", "NOT_me", "NOT_back"]
    assert negated_words("I didn't like it, but the staff were great") == ["NOT_like", "NOT_it"]
    assert negated_words("It wasn’t cheap but it was good") == ["NOT_cheap"]  # typographic apostrophe
    assert negated_words("No refund; staff fine. Not bad!") == ["NOT_refund", "NOT_bad"]
    assert negated_words("Great food and friendly staff") == []
    # at most NEGATION_SCOPE words after the cue, and only words the plain tokenizer keeps (two letters or more)
    long = "never " + " ".join(f"w{i}" for i in range(NEGATION_SCOPE + 3))
    assert negated_words(long) == [f"NOT_w{i}" for i in range(NEGATION_SCOPE)]
    assert negated_words("not a b cd") == ["NOT_cd"]
    assert grams("Never late", negation=True) == ["never", "late", "never late", "NOT_late"]
    assert grams("Never late") == ["never", "late", "never late"]


def test_negation_features_fit_and_transform_as_scikit_learn_with_the_same_analyzer():
    texts = [*TEXTS, "they never called me back", "they called me back", "not called, not fixed"]
    feats = TfidfFeatures.fit(texts, min_df=1, negation=True)
    assert feats.negation and {"NOT_called", "NOT_fixed"} <= set(feats.vocabulary)
    ref = TfidfVectorizer(analyzer=lambda t: grams(t, negation=True), sublinear_tf=True,
                          vocabulary={t: i for i, t in enumerate(feats.vocabulary)})
    ref.idf_ = feats.idf
    got, want = feats.transform(texts), ref.transform(texts).astype(np.float32)
    np.testing.assert_allclose(got.toarray(), want.toarray(), atol=1e-6)
    col = feats.vocabulary.index("NOT_called")
    assert got[-3, col] > 0 and got[-2, col] == 0  # "never called" is not "called"
    plain = TfidfFeatures.fit(texts, min_df=1)
    assert not plain.negation and not any(t.startswith(NEGATION_MARK) for t in plain.vocabulary)
