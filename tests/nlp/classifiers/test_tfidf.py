import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.classifiers.tfidf import TfidfFeatures

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
