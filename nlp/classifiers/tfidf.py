"""Word n-gram TF-IDF features, stored as a vocabulary + idf vector (no pickle).

Sentence embeddings blur domain words ("refund", "on hold", "overcharged"); a sparse linear
twin of each head catches them. Its probabilities are blended with the embedding head's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from itertools import pairwise

import numpy as np
from scipy import sparse

NGRAMS = (1, 2)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


class TfidfFeatures:
    """A fitted TF-IDF transform: ``transform(texts) -> csr_matrix (n, len(vocabulary))``."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray) -> None:
        if len(vocabulary) != len(idf):
            raise ValueError(f"vocabulary has {len(vocabulary)} terms but idf has {len(idf)} values")
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)

    @cached_property
    def _index(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.vocabulary)}

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).transform`` with the
        fitted vocabulary and idf, without importing scikit-learn (a second off a cold start)."""
        index = self._index
        indptr, cols, counts = [0], list[int](), list[int]()
        for text in texts:
            tokens = _TOKEN.findall(text.lower())
            found: dict[int, int] = {}
            for gram in (*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))):
                j = index.get(gram)
                if j is not None:
                    found[j] = found.get(j, 0) + 1
            cols.extend(sorted(found))
            counts.extend(found[j] for j in sorted(found))
            indptr.append(len(cols))
        col = np.asarray(cols, dtype=np.int64)
        values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * self.idf[col]
        out = sparse.csr_matrix((values, col, np.asarray(indptr, dtype=np.int64)),
                                shape=(len(texts), len(self.vocabulary)))
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        out = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ out
        return out.astype(np.float32).tocsr()

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int = 2, max_features: int = 40000) -> TfidfFeatures:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(ngram_range=NGRAMS, sublinear_tf=True, lowercase=True, min_df=min_df,
                              max_features=max_features).fit(texts)
        vocab = [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
        return cls(vocab, vec.idf_)
