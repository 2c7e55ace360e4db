"""Character n-gram hashing: a model-free encoder for tests and a lexical baseline."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nlp.encoders.base import normalise


class HashingEncoder:
    """Character n-gram hashing (sklearn), 512-d. No model files: for tests and as a lexical baseline."""

    name = "hashing.v1"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self._vec = HashingVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), n_features=self.dim, alternate_sign=False, norm="l2"
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._vec.transform([t.lower() for t in texts]).toarray())
