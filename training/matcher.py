"""Encoded comments (units + embeddings) and meta-training of the taxonomy matcher on sampled sub-taxonomies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from nlp.classifiers.heads import Head
from nlp.classifiers.themes import EncodedTaxonomy
from nlp.encoders.base import Encoder
from nlp.taxonomy import Taxonomy, Theme
from nlp.units import Units
from training import estimators
from training.config import TrainConfig
from training.split import theme_matrix

Log = Callable[[str], None]


class Encoded:
    """Units and embeddings of a set of comments, with per-comment slicing."""

    def __init__(self, texts: list[str], encoder: Encoder, clauses: bool = True,
                 progress: Callable[[int], None] | None = None, chunk: int = 256) -> None:
        self.texts = texts
        self.units = Units.build(texts) if clauses else Units(texts, np.arange(len(texts)), np.ones(len(texts), int),
                                                              [[t] for t in texts])
        if progress is None:
            self.emb = self.units.embed(encoder)
            return
        parts = []  # the same rows, encoded ``chunk`` comments at a time so a progress bar can follow
        for s in range(0, len(texts), chunk):
            e = min(s + chunk, len(texts))
            lo = int(self.units.starts[s])
            hi = int(self.units.starts[e]) if e < len(texts) else len(self.units.texts)
            parts.append(Units(self.units.texts[lo:hi], self.units.starts[s:e] - lo, self.units.n_units[s:e],
                               self.units.groups[s:e]).embed(encoder))
            progress(e - s)
        self.emb = np.vstack(parts) if parts else np.zeros((0, encoder.dim), dtype=np.float32)

    def whole(self) -> np.ndarray:
        """``(n_comments, dim)``: the whole-comment row of each comment."""
        return self.emb[self.units.starts]

    def subset(self, idx: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
        """Unit embeddings, unit texts and per-comment starts of the comments ``idx``."""
        rows = np.concatenate([np.arange(self.units.starts[i], self.units.starts[i] + self.units.n_units[i])
                               for i in idx]) if len(idx) else np.zeros(0, dtype=np.int64)
        sizes = self.units.n_units[idx]
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if len(idx) else sizes
        return self.emb[rows], [self.units.texts[r] for r in rows], starts


def sample_episode(rng: np.random.Generator, tax: Taxonomy, themes: list[dict[str, Any]], pool: np.ndarray,
                   cfg: TrainConfig, shots: int) -> tuple[Taxonomy, list[list[str]], np.ndarray, list[str]]:
    """A random sub-taxonomy, ``shots`` examples per theme drawn from ``pool``, and comments to score."""
    m = int(rng.integers(cfg.matcher_min_themes, len(tax.themes) + 1))
    chosen = sorted(rng.choice(len(tax.themes), size=m, replace=False).tolist())
    sub = Taxonomy(name="episode", themes=tuple(Theme(id=t.id, label=t.label, description=t.description)
                                                for t in (tax.themes[i] for i in chosen)))
    used: set[int] = set()
    examples: list[list[str]] = []
    for t in sub.ids:
        cands = [i for i in pool if t in themes[i] and len(themes[i]) == 1 and i not in used]
        pick = rng.choice(cands, size=min(shots, len(cands)), replace=False).tolist() if shots and cands else []
        used.update(pick)
        examples.append(pick)
    score_pool = np.array([i for i in pool if i not in used])
    score = np.sort(rng.choice(score_pool, size=min(400, len(score_pool)), replace=False))
    return sub, examples, score, sub.ids  # examples hold indices; caller maps to text


def train_matcher(cfg: TrainConfig, rng: np.random.Generator, tax: Taxonomy, data: pd.DataFrame, enc: Encoded,
                  encoder: Encoder, tr: np.ndarray, dv: np.ndarray, log: Log) -> tuple[Head, float]:
    """Meta-train the (unit, theme) matcher head on episodes; pick its global threshold on dev episodes."""
    themes = list(data["themes"])
    texts = data["text"].astype(str).tolist()

    def episodes(pool: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = [], []
        for e in range(n):
            shots = cfg.matcher_shots[e % len(cfg.matcher_shots)]
            sub, ex_idx, score, ids = sample_episode(rng, tax, themes, pool, cfg, shots)
            et = EncodedTaxonomy.build(sub, encoder, [[texts[i] for i in ex] for ex in ex_idx])
            u, ut, st = enc.subset(score)
            x, yy = estimators.matcher_episode(u, ut, st, theme_matrix([themes[i] for i in score], ids), et)
            xs.append(x)
            ys.append(yy)
        return np.vstack(xs), np.concatenate(ys)

    x, y = episodes(tr, cfg.matcher_episodes)
    head = estimators.fit_matcher(x, y, cfg.matcher_hidden, cfg.seed)
    xd, yd = episodes(dv, max(10, cfg.matcher_episodes // 4))
    p = head.predict_proba(xd)[:, 0]
    grid = np.arange(0.1, 0.9, 0.025)
    f1s = [estimators._f1(p >= g, yd == 1) for g in grid]
    thr = float(round(grid[int(np.argmax(f1s))], 3))
    log(f"matcher fitted on {len(y)} pairs; dev micro-F1 {max(f1s):.3f} at threshold {thr}")
    return head, thr
