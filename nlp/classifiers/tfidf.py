"""Word n-gram TF-IDF features, stored as a vocabulary + idf vector (no pickle).

Sentence embeddings blur domain words ("refund", "on hold", "overcharged"); a sparse linear
twin of each head catches them. Its probabilities are blended with the embedding head's.

With ``negation=True`` (models from 2.13.0) every word in a negation's scope also yields a marked unigram
(``NOT_called`` in "never called me back"; the scope runs from "not", "no", "never", "n't", "without", …
to the next punctuation mark or "but", at most ``NEGATION_SCOPE`` words), the classic bag-of-words
negation feature (Das & Chen 2001; Pang, Lee & Vaithyanathan 2002): a plain n-gram model reads
"never called me back" as "called me back". The plain n-grams are unchanged, so theme twins keep them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property, partial
from itertools import pairwise

import numpy as np
from scipy import sparse

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern
NEGATION_SCOPE = 3
NEGATION_MARK = "NOT_"  # upper case: a lower-cased plain token never starts with it
_SCOPE_TOKEN = re.compile(r"(?u)\w+(?:['’]\w+)*|[.,;:!?]")
_CUES = frozenset({"not", "no", "never", "nobody", "nothing", "none", "nowhere", "neither", "nor", "without",
                   "cannot", "hardly", "barely", "nope", "nevermore"})
_ANY_CUE = re.compile(r"(?i)\b(?:" + "|".join(sorted(_CUES)) + r")\b|n['’]t\b")
_SCOPE_ENDS = frozenset({".", ",", ";", ":", "!", "?", "but", "however", "although", "though", "yet", "except"})


def negated_words(text: str) -> list[str]:
    """The marked unigrams of ``text``'s negation scopes: ``["NOT_called", "NOT_me", "NOT_back"]`` for "Never
    called me back." (only words ``_TOKEN`` keeps, i.e. of two or more characters)."""
    out: list[str] = []
    if not _ANY_CUE.search(text):  # most texts: no negation at all
        return out
    left = 0
    for tok in _SCOPE_TOKEN.findall(text.lower()):
        if tok in _SCOPE_ENDS:
            left = 0
        elif tok in _CUES or tok.endswith(("n't", "n’t")):
            left = NEGATION_SCOPE
        elif left:
            left -= 1
            out.extend(NEGATION_MARK + w for w in _TOKEN.findall(tok))
    return out


def grams(text: str, negation: bool = False) -> list[str]:
    """The features of one text: its lower-cased unigrams and bigrams, plus :func:`negated_words` with
    ``negation``."""
    tokens = _TOKEN.findall(text.lower())
    out = [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]
    return out + negated_words(text) if negation else out


class TfidfFeatures:
    """A fitted TF-IDF transform: ``transform(texts) -> csr_matrix (n, len(vocabulary))``."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, negation: bool = False) -> None:
        if len(vocabulary) != len(idf):
            raise ValueError(f"vocabulary has {len(vocabulary)} terms but idf has {len(idf)} values")
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.negation = negation

    @cached_property
    def _index(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.vocabulary)}

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).transform`` with the
        fitted vocabulary and idf (and :func:`grams` as its analyzer), without importing scikit-learn (a second
        off a cold start)."""
        index = self._index
        indptr, cols, counts = [0], list[int](), list[int]()
        for text in texts:
            found: dict[int, int] = {}
            for gram in grams(text, self.negation):
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
    def fit(cls, texts: Sequence[str], min_df: int = 2, max_features: int = 40000,
            negation: bool = False) -> TfidfFeatures:
        from sklearn.feature_extraction.text import TfidfVectorizer

        # grams is the analyzer transform() uses; without negation it is scikit-learn's own word 1-2-gram analyzer
        vec = TfidfVectorizer(analyzer=partial(grams, negation=negation), sublinear_tf=True, min_df=min_df,
                              max_features=max_features).fit(texts)
        vocab = [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
        return cls(vocab, vec.idf_, negation=negation)
