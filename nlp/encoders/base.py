"""The encoder protocol and the helpers every encoder shares.

Every encoder returns L2-normalised float32 rows, one per input text, in input order; an
empty batch gives a ``(0, dim)`` array. Backends load lazily and never reach a model hub.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """A sentence encoder: ``encode(texts) -> (len(texts), dim)`` float32, L2-normalised rows."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit L2 norm (float32; all-zero rows stay zero)."""
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def dedup_encode(texts: Sequence[str], fn: Callable[[list[str]], np.ndarray], dim: int) -> np.ndarray:
    """Encode each distinct text once (NPS exports repeat "ok", "great service" … a lot)."""
    if len(texts) == 0:
        return np.zeros((0, dim), dtype=np.float32)
    uniq: dict[str, int] = {}
    index = np.fromiter((uniq.setdefault(t, len(uniq)) for t in texts), dtype=np.int64, count=len(texts))
    emb = fn(list(uniq))
    return emb[index]
