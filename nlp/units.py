"""The unit layout: what the encoder sees for a batch of comments, coded once.

A comment with one clause is one unit, ``[whole]``; a comment with ``k > 1`` clauses is ``1 + k`` units,
``[whole, clause_1, …, clause_k]``. The predict path, the encoders' one-pass ``encode_groups`` and
training all lay rows out this way (:func:`unit_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence, Sized
from dataclasses import dataclass

import numpy as np

from nlp.encoders.base import Encoder
from nlp.text import split_clauses


def comment_group(comment: str) -> list[str]:
    """The texts of one comment's group: its clauses when it has several, else ``[comment]``."""
    clauses = [cl.text for cl in split_clauses(comment)]
    return clauses if len(clauses) > 1 else [comment]


def unit_rows(group: Sized) -> int:
    """Embedding rows of a group: 1 for a single text, else the whole comment plus each clause."""
    return 1 if len(group) == 1 else 1 + len(group)


def encode_units(encoder: Encoder, texts: Sequence[str], groups: Sequence[Sequence[str]]) -> np.ndarray:
    """Embeddings of a batch's units (``texts``, laid out as :class:`Units` does).

    Encoders with ``encode_groups`` compute a comment and its clauses in one pass; others encode
    every unit text on its own.
    """
    fn = getattr(encoder, "encode_groups", None)
    return fn(groups) if fn is not None else encoder.encode(texts)



@dataclass
class Units:
    """The texts the encoder sees for a batch: per comment ``[whole, clause1, clause2 …]`` (whole only
    when there is a single clause). ``starts[i]`` is comment i's first unit; ``n_units[i]`` its count."""

    texts: list[str]
    starts: np.ndarray
    n_units: np.ndarray
    groups: list[list[str]]

    @classmethod
    def build(cls, comments: Sequence[str]) -> Units:
        texts: list[str] = []
        groups: list[list[str]] = []
        starts = np.zeros(len(comments), dtype=np.int64)
        counts = np.zeros(len(comments), dtype=np.int64)
        for i, c in enumerate(comments):
            starts[i] = len(texts)
            texts.append(c)
            group = comment_group(c)
            texts.extend(group if len(group) > 1 else [])
            groups.append(group)
            counts[i] = len(texts) - starts[i]
        return cls(texts, starts, counts, groups)

    def embed(self, encoder: Encoder) -> np.ndarray:
        """``(len(texts), dim)`` embeddings, one row per unit."""
        return encode_units(encoder, self.texts, self.groups)
