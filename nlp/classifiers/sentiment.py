"""Exclusive 3-class sentiment (negative / neutral / positive), calibrated, plus lexicon features.

Features are the sentence embedding joined with four VADER lexicon scores (scaled): the
lexicon adds negation and intensity cues that a general-purpose encoder blurs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

from nlp.classifiers.heads import Head
from nlp.errors import NotFittedError
from nlp.schema import SENTIMENTS

LEXICON_SCALE = 2.0
N_LEXICON = 4


@lru_cache(maxsize=1)
def _vader() -> object:
    from nlp.classifiers.vader import FastVader  # the reference's scores, faster (nlp/classifiers/vader.py)

    return FastVader()


def lexicon_features(texts: Sequence[str]) -> np.ndarray:
    """VADER (neg, neu, pos, compound) per text, shape ``(n, 4)``, scaled by :data:`LEXICON_SCALE`."""
    sia = _vader()
    out = np.zeros((len(texts), N_LEXICON), dtype=np.float32)
    cache: dict[str, tuple[float, float, float, float]] = {}
    for i, t in enumerate(texts):
        row = cache.get(t)
        if row is None:
            s = sia.polarity_scores(t)  # type: ignore[attr-defined]
            row = cache[t] = (s["neg"], s["neu"], s["pos"], s["compound"])
        out[i] = row
    return out * LEXICON_SCALE


def sentiment_features(embeddings: np.ndarray, texts: Sequence[str], use_lexicon: bool,
                       lexicon: np.ndarray | None = None) -> np.ndarray:
    """The sentiment head's input: embeddings, joined with lexicon scores when ``use_lexicon``.

    ``lexicon`` may hold :func:`lexicon_features` of ``texts`` already computed by the caller.
    """
    if not use_lexicon:
        return embeddings
    return np.hstack([embeddings, lexicon if lexicon is not None else lexicon_features(texts)])


class SentimentClassifier:
    """Predicts calibrated probabilities over :data:`nlp.schema.SENTIMENTS` from features.

    Args:
        head: a fitted softmax :class:`~nlp.classifiers.heads.Head` whose columns follow ``SENTIMENTS``.
        use_lexicon: whether the head was trained on embeddings + lexicon features.
    """

    labels = SENTIMENTS

    def __init__(self, head: Head | None = None, use_lexicon: bool = True, lex_head: Head | None = None,
                 lex_weight: float = 0.0) -> None:
        self.head = head
        self.use_lexicon = use_lexicon
        self.lex_head = lex_head
        self.lex_weight = lex_weight

    def predict_proba(self, embeddings: np.ndarray, texts: Sequence[str], lex: sparse.spmatrix | None = None,
                      lexicon: np.ndarray | None = None) -> np.ndarray:
        """Shape ``(n, 3)``, rows sum to 1, columns in ``SENTIMENTS`` order.

        With a TF-IDF twin (``lex_head``) and its features ``lex``, the two heads' probabilities
        are blended with weight ``lex_weight`` on the TF-IDF side. ``lexicon``: precomputed
        :func:`lexicon_features` of ``texts``.
        """
        if self.head is None:
            raise NotFittedError("SentimentClassifier is not fitted; train it or load a model folder")
        if len(texts) == 0:
            return np.zeros((0, len(SENTIMENTS)), dtype=np.float32)
        p = self.head.predict_proba(sentiment_features(embeddings, texts, self.use_lexicon, lexicon))
        if self.lex_head is not None and lex is not None and self.lex_weight > 0:
            p = (1 - self.lex_weight) * p + self.lex_weight * self.lex_head.predict_proba(lex)
        return p

    def predict(self, embeddings: np.ndarray, texts: Sequence[str], lex: sparse.spmatrix | None = None) -> list[str]:
        proba = self.predict_proba(embeddings, texts, lex)
        return [SENTIMENTS[i] for i in proba.argmax(axis=1)]


def theme_sentiment_features(clause_emb: np.ndarray, whole_emb: np.ndarray, clause_lexicon: np.ndarray) -> np.ndarray:
    """Input of the theme-sentiment head: the evidence clause, its whole comment and the clause's
    :func:`lexicon_features` row."""
    return np.hstack([clause_emb, whole_emb, clause_lexicon])
