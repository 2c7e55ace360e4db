"""Active learning: pick the comments whose labels would help the model most.

Score every comment with the model, then fill the budget from three pools:

* **uncertain** (most of it): small sentiment margin (top-1 minus top-2 probability) and theme
  probabilities close to their thresholds, picked greedily for diversity (uncertainty-weighted
  k-center on the sentence embeddings: each pick maximises uncertainty × distance to what is picked);
* **weak themes**: comments likely to mention the themes with the lowest F1 (from the model's
  metrics.json) or the fewest training examples, round-robin over those themes;
* **emerging**: representatives of the largest clusters (k-means) of comments that no theme covers.

The output is the labelled-data format with ``sentiment``/``themes`` left empty to fill in, plus the
model's ``suggested`` labels and ``why`` each comment was picked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nlp.pipeline import Analyzer
from nlp.schema import SENTIMENTS
from nlp.text import normalize, skip_reason
from nlp.units import Units
from training.console import Progress, no_progress

WEAK_SHARE = 0.2
EMERGING_SHARE = 0.15
POOL_FACTOR = 10


@dataclass
class Scored:
    """Per comment: whole-comment embedding, sentiment probabilities, theme probabilities (+ thresholds)."""

    emb: np.ndarray  # (n, d)
    sentiment: np.ndarray  # (n, 3)
    themes: np.ndarray  # (n, T)
    thresholds: np.ndarray  # (T,)


def score(analyzer: Analyzer, texts: Sequence[str], batch_size: int = 256, progress: Progress = no_progress) -> Scored:
    """Run the model's encoder and heads on ``texts`` (already clean) without decoding."""
    embs, sents, themes = [], [], []
    thresholds = np.zeros(len(analyzer.taxonomy.ids), dtype=np.float32)
    with progress("scoring", len(texts)) as advance:
        for s in range(0, len(texts), batch_size):
            chunk = list(texts[s : s + batch_size])
            units = Units.build(chunk)
            emb = units.embed(analyzer.encoder)
            lex = analyzer.tfidf.transform(units.texts) if analyzer.tfidf is not None else None
            sents.append(analyzer.sentiment.predict_proba(emb, units.texts, lex)[units.starts])
            sc = analyzer.themes.score(emb, units.texts, units.starts, lex)
            themes.append(sc.comment)
            thresholds = sc.thresholds
            embs.append(emb[units.starts])
            advance(len(chunk))
    dim = analyzer.encoder.dim
    return Scored(np.vstack(embs) if embs else np.zeros((0, dim), np.float32),
                  np.vstack(sents) if sents else np.zeros((0, 3)), np.vstack(themes) if themes else
                  np.zeros((0, len(thresholds))), np.asarray(thresholds, dtype=np.float32))


def uncertainty(sc: Scored) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(combined, sentiment, theme) uncertainty in [0, 1] per comment."""
    top2 = np.sort(sc.sentiment, axis=1)[:, -2:]
    u_sent = 1.0 - (top2[:, 1] - top2[:, 0])
    thr = sc.thresholds[None, :]
    dist = np.abs(sc.themes - thr) / np.where(sc.themes >= thr, 1 - thr, thr)
    u_theme = 1.0 - np.clip(dist.min(axis=1), 0, 1) if sc.themes.shape[1] else np.zeros(len(u_sent))
    return 0.5 * u_sent + 0.5 * u_theme, u_sent, u_theme


def k_center(emb: np.ndarray, weight: np.ndarray, k: int, taken: list[int]) -> list[int]:
    """Greedy uncertainty-weighted k-center: each pick maximises ``weight × cosine distance to the picks``."""
    if k <= 0 or not len(emb):
        return []
    picks: list[int] = []
    dist = np.ones(len(emb)) if not taken else 1 - (emb @ emb[taken].T).max(axis=1)
    for _ in range(min(k, len(emb))):
        gain = weight * np.maximum(dist, 0)
        gain[picks + taken] = -1
        j = int(np.argmax(gain))
        if gain[j] < 0:
            break
        picks.append(j)
        dist = np.minimum(dist, 1 - emb @ emb[j])
    return picks


def weak_themes(analyzer: Analyzer, metrics: dict[str, Any], k: int = 3) -> list[tuple[str, str]]:
    """The ``k`` themes with the lowest test F1 (or support) in the model's metrics, with the reason."""
    per = metrics.get("themes", {}).get("per_theme", {})
    ids = analyzer.taxonomy.ids
    if per:
        ranked = sorted(ids, key=lambda t: (per.get(t, {}).get("f1", 0.0), per.get(t, {}).get("support", 0)))
        return [(t, f"weak theme {t} (test F1 {per.get(t, {}).get('f1', 0):.2f})") for t in ranked[:k]]
    return [(t, f"theme {t}") for t in ids[:k]]


def select(sc: Scored, analyzer: Analyzer, n: int, metrics: dict[str, Any], seed: int = 13
           ) -> list[tuple[int, str]]:
    """Indices into the scored comments (in pick order) with the reason for each."""
    from sklearn.cluster import KMeans

    total, u_sent, u_theme = uncertainty(sc)
    ids, thr = analyzer.taxonomy.ids, sc.thresholds
    picked: list[tuple[int, str]] = []
    taken: set[int] = set()

    def take(i: int, why: str) -> None:
        if i not in taken and len(picked) < n:
            taken.add(i)
            picked.append((i, why))

    # weak themes: likely mentions (probability relative to the threshold), round-robin
    weak = weak_themes(analyzer, metrics)
    n_weak = round(n * WEAK_SHARE)
    queues = [list(np.argsort(-sc.themes[:, ids.index(t)] / max(float(thr[ids.index(t)]), 1e-6))) for t, _ in weak]
    while queues and n_weak > 0 and any(queues):
        for q, (_, why) in zip(queues, weak, strict=True):
            while q and q[0] in taken:
                q.pop(0)
            if q and n_weak > 0:
                take(int(q.pop(0)), why)
                n_weak -= 1
    # emerging: clusters of comments that no theme covers
    uncovered = np.flatnonzero((sc.themes < thr).all(axis=1)) if len(ids) else np.arange(len(total))
    n_em = round(n * EMERGING_SHARE)
    if n_em and len(uncovered) >= 2 * n_em:
        k = min(max(2, n_em), 20)
        sample = uncovered[np.random.default_rng(seed).permutation(len(uncovered))[:5000]]
        km = KMeans(n_clusters=k, n_init=3, random_state=seed).fit(sc.emb[sample])
        sizes = np.bincount(km.labels_, minlength=k)
        for c in np.argsort(-sizes)[:n_em]:
            members = sample[km.labels_ == c]
            centre = km.cluster_centers_[c] / max(float(np.linalg.norm(km.cluster_centers_[c])), 1e-9)
            take(int(members[int(np.argmax(sc.emb[members] @ centre))]),
                 f"emerging: represents {int(sizes[c])} comments no theme covers")
    # uncertain and diverse
    rest = n - len(picked)
    pool = [i for i in np.argsort(-total)[: POOL_FACTOR * max(rest, 1)] if i not in taken]
    if rest > 0 and pool:
        pool_arr = np.array(pool)
        chosen = k_center(sc.emb[pool_arr], total[pool_arr], rest, [])
        for j in chosen:
            i = int(pool_arr[j])
            reasons = []
            if u_sent[i] >= 0.6:
                top = np.argsort(-sc.sentiment[i])[:2]
                reasons.append(f"sentiment unsure ({SENTIMENTS[top[0]]} vs {SENTIMENTS[top[1]]}, margin "
                               f"{1 - u_sent[i]:.2f})")
            if len(ids) and u_theme[i] >= 0.6:
                t = int(np.argmin(np.abs(sc.themes[i] - thr)))
                reasons.append(f"{ids[t]} near its threshold ({sc.themes[i, t]:.2f} vs {thr[t]:.2f})")
            take(i, "; ".join(reasons) or f"uncertain (score {total[i]:.2f}), unlike the other picks")
    return picked


def suggest(analyzer: Analyzer, texts: Sequence[object], n: int, *, metrics: dict[str, Any] | None = None,
            exclude: set[str] | None = None, ids: Sequence[object] | None = None,
            progress: Progress = no_progress) -> list[dict[str, Any]]:
    """Up to ``n`` records in the labelled format, most useful first, with ``suggested`` labels and ``why``.

    Empty/non-text rows (comments of symbols only too: nothing to label there), duplicates (case-insensitive) and
    texts in ``exclude`` are skipped.
    """
    seen = {t.casefold() for t in (exclude or set())}
    keep: list[int] = []
    clean: list[str] = []
    for i, t in enumerate(texts):
        if skip_reason(t, symbols=False) is not None:
            continue
        c = normalize(str(t))
        if c.casefold() in seen:
            continue
        seen.add(c.casefold())
        keep.append(i)
        clean.append(c)
    if not clean or n <= 0:
        return []
    sc = score(analyzer, clean, progress=progress)
    picks = select(sc, analyzer, n, metrics or {})
    results = analyzer.analyze([clean[i] for i, _ in picks])
    out = []
    for rank, ((i, why), res) in enumerate(zip(picks, results, strict=True), 1):
        rec: dict[str, Any] = {"text": clean[i], "sentiment": None, "themes": None,
                               "suggested": {"sentiment": res.sentiment.label if res.sentiment else None,
                                             "themes": {h.id: h.sentiment for h in res.themes}},
                               "why": why, "priority": rank, "row": keep[i]}
        if ids is not None:
            rec["id"] = None if ids[keep[i]] is None else str(ids[keep[i]])
        out.append(rec)
    return out
