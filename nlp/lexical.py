"""Word n-gram TF-IDF features, stored as a vocabulary + idf vector (no pickle).

Sentence embeddings blur domain words ("refund", "on hold", "overcharged"); a sparse linear
twin of each head catches them. Its probabilities are blended with the embedding head's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np
from scipy import sparse

NGRAMS = (1, 2)


class TfidfFeatures:
    """A fitted TF-IDF transform: ``transform(texts) -> csr_matrix (n, len(vocabulary))``."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray) -> None:
        if len(vocabulary) != len(idf):
            raise ValueError(f"vocabulary has {len(vocabulary)} terms but idf has {len(idf)} values")
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)

    @cached_property
    def _vectorizer(self) -> object:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(ngram_range=NGRAMS, sublinear_tf=True, lowercase=True,
                              vocabulary={t: i for i, t in enumerate(self.vocabulary)})
        vec.idf_ = self.idf
        return vec

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        if len(texts) == 0:
            return sparse.csr_matrix((0, len(self.vocabulary)), dtype=np.float32)
        return self._vectorizer.transform(texts).astype(np.float32)  # type: ignore[attr-defined]

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int = 2, max_features: int = 40000) -> TfidfFeatures:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(ngram_range=NGRAMS, sublinear_tf=True, lowercase=True, min_df=min_df,
                              max_features=max_features).fit(texts)
        vocab = [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
        return cls(vocab, vec.idf_)
