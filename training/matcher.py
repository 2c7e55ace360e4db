"""Encoded comments (units + embeddings) and meta-training of the taxonomy matcher on sampled sub-taxonomies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from nlp.classifiers.heads import Head
from nlp.classifiers.themes import EncodedTaxonomy, TaxonomyMatcher, matcher_features, segment_max
from nlp.encoders.base import Encoder
from nlp.errors import InputFileError
from nlp.taxonomy import Taxonomy, Theme
from nlp.units import Units
from training import estimators
from training.config import TrainConfig
from training.split import theme_matrix

Log = Callable[[str], None]
# A comment with no theme above the matcher threshold keeps its best theme above this share of it
# (the same value as training.trainer.MATCHER_FALLBACK, which sets the shipped fallback).
MATCHER_FALLBACK_SHARE = 0.3


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
                   cfg: TrainConfig, shots: int, theme_pool: Sequence[int] | None = None
                   ) -> tuple[Taxonomy, list[list[int]], np.ndarray, list[str]]:
    """A random sub-taxonomy, ``shots`` examples per theme drawn from ``pool``, and comments to score.

    ``theme_pool``: indices of ``tax.themes`` to draw from (default: all). Examples are single-theme rows and
    never among the scored comments, exactly as a customer's examples are not the comments they classify.
    """
    cands_t = list(theme_pool) if theme_pool is not None else list(range(len(tax.themes)))
    lo = min(cfg.matcher_min_themes, len(cands_t))
    m = int(rng.integers(lo, len(cands_t) + 1))
    chosen = sorted(rng.choice(cands_t, size=m, replace=False).tolist())
    sub = Taxonomy(name="episode", themes=tuple(Theme(id=t.id, label=t.label, description=t.description)
                                                for t in (tax.themes[i] for i in chosen)))
    used: set[int] = set()
    examples: list[list[int]] = []
    for t in sub.ids:
        cands = [i for i in pool if t in themes[i] and len(themes[i]) == 1 and i not in used]
        pick = rng.choice(cands, size=min(shots, len(cands)), replace=False).tolist() if shots and cands else []
        used.update(pick)
        examples.append(pick)
    score_pool = np.array([i for i in pool if i not in used])
    score = np.sort(rng.choice(score_pool, size=min(400, len(score_pool)), replace=False))
    return sub, examples, score, sub.ids  # examples hold indices; caller maps to text


@dataclass
class EpisodeSource:
    """Labelled comments with their own taxonomy that matcher episodes are sampled from.

    ``groups`` splits the themes (e.g. by industry): an episode takes 1–3 groups, a sub-taxonomy of their
    themes and only those groups' comments, so a theme never meets comments of an unrelated industry
    labelled without it.
    """

    name: str
    taxonomy: Taxonomy
    texts: list[str]
    themes: list[dict[str, Any]]
    enc: Encoded
    train: np.ndarray
    dev: np.ndarray
    row_group: np.ndarray  # (n_rows,) group index of each comment
    theme_group: np.ndarray  # (n_themes,) group index of each theme

    def sample(self, rng: np.random.Generator, cfg: TrainConfig, shots: int, dev: bool
               ) -> tuple[Taxonomy, list[list[str]], np.ndarray]:
        """One episode: (sub-taxonomy, example texts per theme, comment rows to score)."""
        n_groups = int(self.theme_group.max()) + 1
        k = min(n_groups, int(rng.integers(1, 4)))
        gs = rng.choice(n_groups, size=k, replace=False)
        pool = self.dev if dev else self.train
        pool = pool[np.isin(self.row_group[pool], gs)]
        theme_pool = np.flatnonzero(np.isin(self.theme_group, gs)).tolist()
        sub, ex_idx, score, _ = sample_episode(rng, self.taxonomy, self.themes, pool, cfg, shots, theme_pool)
        return sub, [[self.texts[i] for i in ex] for ex in ex_idx], score


def seed_source(tax: Taxonomy, data: pd.DataFrame, enc: Encoded, tr: np.ndarray, dv: np.ndarray) -> EpisodeSource:
    """The model's own labelled comments and taxonomy as one group."""
    return EpisodeSource("seed", tax, data["text"].astype(str).tolist(), list(data["themes"]), enc, tr, dv,
                         np.zeros(len(data), dtype=np.int64), np.zeros(len(tax.themes), dtype=np.int64))


def _episodes(src: list[EpisodeSource], rng: np.random.Generator, cfg: TrainConfig, encoder: Encoder, n: int,
              dev: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """``n`` episodes, each as pooled (comment, theme) features ``(c, T, F)`` and labels ``(c, T)``."""
    out = []
    for e in range(n):
        shots = cfg.matcher_shots[e % len(cfg.matcher_shots)]
        s = src[int(rng.integers(len(src)))] if len(src) > 1 else src[0]
        sub, examples, score = s.sample(rng, cfg, shots, dev)
        if len(score) == 0:
            continue
        et = EncodedTaxonomy.build(sub, encoder, examples, logistic=False)
        u, ut, st = s.enc.subset(score)
        feats = segment_max(matcher_features(u, ut, et), st)
        out.append((feats, theme_matrix([s.themes[i] for i in score], sub.ids)))
    return out


def tune_decode(head: Head, dev: list[tuple[np.ndarray, np.ndarray]], fallback_share: float) -> tuple[float, float]:
    """The global threshold with the best dev micro-F1 under the predict-time decode rule (threshold, then a
    comment's best theme if it reaches ``fallback_share`` × threshold); returns (threshold, micro-F1)."""
    probs = [head.predict_proba(f.reshape(-1, f.shape[-1]))[:, 0].reshape(f.shape[:-1]) for f, _ in dev]
    grid = np.round(np.arange(0.1, 0.9, 0.025), 3)
    best = (0.5, -1.0)
    for g in grid:
        m = TaxonomyMatcher(head, float(g), round(fallback_share * float(g), 4))
        tp = n_pred = n_true = 0
        for p, (_, y) in zip(probs, dev, strict=True):
            sel = m.select(p)
            tp += int((sel & (y == 1)).sum())
            n_pred += int(sel.sum())
            n_true += int(y.sum())
        f1 = 2 * tp / (n_pred + n_true) if n_pred + n_true else 0.0
        if f1 > best[1]:
            best = (float(g), f1)
    return best


def train_matcher(cfg: TrainConfig, rng: np.random.Generator, tax: Taxonomy, data: pd.DataFrame, enc: Encoded,
                  encoder: Encoder, tr: np.ndarray, dv: np.ndarray, log: Log,
                  sources: list[EpisodeSource] | None = None) -> tuple[Head, float]:
    """Meta-train the (unit, theme) matcher head on episodes; pick its global threshold on dev episodes.

    Episodes come from the model's own data (``cfg.matcher_sources`` has ``seed``) plus ``sources`` (default:
    the other configured sources, see :func:`training.episodes.extra_sources`). In each episode the taxonomy is
    encoded exactly as at predict time, the per-taxonomy few-shot head included.
    """
    from training.episodes import extra_sources

    src = [seed_source(tax, data, enc, tr, dv)] if "seed" in cfg.matcher_sources else []
    src += extra_sources(cfg, encoder, log) if sources is None else sources
    if not src:
        raise InputFileError("matcher_sources is empty: list at least one of seed, corpus, cfpb")
    train = _episodes(src, rng, cfg, encoder, cfg.matcher_episodes, dev=False)
    x = np.vstack([f.reshape(-1, f.shape[-1]) for f, _ in train])
    y = np.concatenate([yy.reshape(-1) for _, yy in train])
    head = estimators.fit_matcher(x, y, cfg.matcher_hidden, cfg.seed)
    dev = _episodes(src, rng, cfg, encoder, max(10, cfg.matcher_episodes // 4), dev=True)
    thr, f1 = tune_decode(head, dev, MATCHER_FALLBACK_SHARE)
    log(f"matcher fitted on {len(y)} pairs from {len(train)} episodes ({', '.join(s.name for s in src)}); "
        f"dev micro-F1 {f1:.3f} at threshold {thr}")
    return head, thr
