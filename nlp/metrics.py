"""Evaluation metrics computed from the one predict path's output (``list[CommentResult]``).

Shared by training (metrics.json, model cards), the registry's promote gate and the benchmarks.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from nlp.schema import SENTIMENTS, CommentResult

#: Metrics the promote gate compares (higher is better), with the metrics.json path of each.
HEADLINE = {
    "sentiment_accuracy": ("sentiment", "accuracy"),
    "sentiment_macro_f1": ("sentiment", "macro_f1"),
    "theme_micro_f1": ("themes", "micro_f1"),
    "theme_macro_f1": ("themes", "macro_f1"),
    "theme_sentiment_accuracy": ("themes", "theme_sentiment_accuracy"),
}


def sentiment_metrics(gold: Sequence[str | None], results: Sequence[CommentResult]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class F1 and expected calibration error (10 bins) over labelled, analysed rows."""
    pairs = [(g, r.sentiment) for g, r in zip(gold, results, strict=True) if g and r.sentiment is not None]
    if not pairs:
        return {"n": 0}
    g = [p[0] for p in pairs]
    pred = [p[1].label for p in pairs]
    labels = [s for s in SENTIMENTS if s in set(g)]
    conf = np.array([max(p[1].scores.values()) for p in pairs])
    correct = np.array([a == b for a, b in zip(g, pred, strict=True)], dtype=float)
    return {
        "n": len(g),
        "accuracy": round(float(accuracy_score(g, pred)), 4),
        "macro_f1": round(float(f1_score(g, pred, labels=labels, average="macro", zero_division=0)), 4),
        "per_class_f1": {lab: round(float(f), 4) for lab, f in
                         zip(labels, f1_score(g, pred, labels=labels, average=None, zero_division=0), strict=True)},
        "ece": round(expected_calibration_error(conf, correct), 4),
    }


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Mean |confidence − accuracy| over ``bins`` equal-width confidence bins, weighted by bin size."""
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        m = (confidence > lo) & (confidence <= hi)
        if m.any():
            ece += m.mean() * abs(confidence[m].mean() - correct[m].mean())
    return float(ece)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def theme_metrics(gold: Sequence[dict[str, str | None]], results: Sequence[CommentResult],
                  theme_ids: Sequence[str]) -> dict[str, Any]:
    """Micro/macro precision, recall, F1 over ``theme_ids``; theme-sentiment accuracy on correctly found themes.

    Gold themes and predicted themes outside ``theme_ids`` are ignored, so two models with different
    taxonomies can be compared on the themes they share. ``per_theme`` gives precision, recall, F1 and support.
    """
    idx = {t: i for i, t in enumerate(theme_ids)}
    n = len(gold)
    yt = np.zeros((n, len(theme_ids)), dtype=bool)
    yp = np.zeros_like(yt)
    sent_ok = sent_n = 0
    for i, (g, r) in enumerate(zip(gold, results, strict=True)):
        for t in g:
            if t in idx:
                yt[i, idx[t]] = True
        found = {h.id: h.sentiment for h in r.themes}
        for t in found:
            if t in idx:
                yp[i, idx[t]] = True
        for t, s in g.items():
            if t in found and t in idx and s is not None:
                sent_n += 1
                sent_ok += int(found[t] == s)
    prec, rec, f1 = _prf(int((yt & yp).sum()), int((~yt & yp).sum()), int((yt & ~yp).sum()))
    per: dict[str, dict[str, float | int]] = {}
    for t, j in idx.items():
        col_t, col_p = yt[:, j], yp[:, j]
        tp_, tr_, tf_ = _prf(int((col_t & col_p).sum()), int((~col_t & col_p).sum()), int((col_t & ~col_p).sum()))
        per[t] = {"precision": round(tp_, 4), "recall": round(tr_, 4), "f1": round(tf_, 4),
                  "support": int(yt[:, j].sum())}
    supported = [v["f1"] for v in per.values() if v["support"] > 0]
    return {
        "n": n,
        "micro_precision": round(float(prec), 4),
        "micro_recall": round(float(rec), 4),
        "micro_f1": round(float(f1), 4),
        "macro_f1": round(float(np.mean(supported)) if supported else 0.0, 4),
        "theme_sentiment_accuracy": round(sent_ok / sent_n, 4) if sent_n else None,
        "theme_sentiment_n": sent_n,
        "per_theme": per,
    }


def mixed_metrics(gold: Sequence[bool | None], results: Sequence[CommentResult]) -> dict[str, Any]:
    """F1 of the ``mixed`` flag over rows whose gold says mixed or not."""
    pairs = [(bool(g), r.sentiment.mixed) for g, r in zip(gold, results, strict=True)
             if g is not None and r.sentiment is not None]
    if not pairs:
        return {"n": 0}
    g = np.array([p[0] for p in pairs])
    pr = np.array([p[1] for p in pairs])
    tp = (g & pr).sum()
    f1 = 2 * tp / (g.sum() + pr.sum()) if g.sum() + pr.sum() else 0.0
    return {"n": len(pairs), "f1": round(float(f1), 4), "predicted_rate": round(float(pr.mean()), 4),
            "true_rate": round(float(g.mean()), 4)}


def headline(metrics: dict[str, Any]) -> dict[str, float | None]:
    """The :data:`HEADLINE` numbers of a metrics dict (``None`` where absent)."""
    out: dict[str, float | None] = {}
    for name, (section, key) in HEADLINE.items():
        value = metrics.get(section, {}).get(key)
        out[name] = None if value is None else float(value)
    return out


def evaluate(results: Sequence[CommentResult], sentiments: Sequence[str | None],
             themes: Sequence[dict[str, str | None] | None], theme_ids: Sequence[str],
             mixed: Sequence[bool | None] | None = None) -> dict[str, Any]:
    """Sentiment, theme and (optionally) mixed metrics of ``results`` against gold labels.

    Rows whose gold ``themes`` is ``None`` (unknown) are left out of the theme metrics.
    """
    keep = [i for i, t in enumerate(themes) if t is not None]
    out: dict[str, Any] = {
        "sentiment": sentiment_metrics(sentiments, results),
        "themes": theme_metrics([themes[i] or {} for i in keep], [results[i] for i in keep], theme_ids),
    }
    if mixed is not None:
        out["mixed"] = mixed_metrics(mixed, results)
    return out


def compare(new: dict[str, Any], base: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Headline metrics of ``new`` and ``base`` (same eval data) and their difference, per metric."""
    a, b = headline(new), headline(base)
    out: dict[str, dict[str, float | None]] = {}
    for k in HEADLINE:
        x, y = a[k], b[k]
        out[k] = {"new": x, "base": y, "delta": None if x is None or y is None else round(x - y, 4)}
    return out
