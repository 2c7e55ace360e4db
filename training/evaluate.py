"""Metrics for sentiment, themes and theme sentiment, computed from the shipped predict path's output."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from nlp.schema import SENTIMENTS, CommentResult


def sentiment_metrics(gold: Sequence[str], results: Sequence[CommentResult]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class F1 and expected calibration error (10 bins) over analysed rows."""
    pairs = [(g, r) for g, r in zip(gold, results, strict=True) if g and r.sentiment is not None]
    if not pairs:
        return {"n": 0}
    g = [p[0] for p in pairs]
    pred = [p[1].sentiment.label for p in pairs]  # type: ignore[union-attr]
    labels = [s for s in SENTIMENTS if s in set(g)]
    conf = np.array([max(p[1].sentiment.scores.values()) for p in pairs])  # type: ignore[union-attr]
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
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        m = (confidence > lo) & (confidence <= hi)
        if m.any():
            ece += m.mean() * abs(confidence[m].mean() - correct[m].mean())
    return float(ece)


def theme_metrics(gold: Sequence[dict[str, str | None]], results: Sequence[CommentResult],
                  theme_ids: Sequence[str]) -> dict[str, Any]:
    """Micro/macro precision, recall, F1 over themes; theme-sentiment accuracy on correctly found themes."""
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
            if t in found and s is not None:
                sent_n += 1
                sent_ok += int(found[t] == s)
    tp, fp, fn = (yt & yp).sum(), (~yt & yp).sum(), (yt & ~yp).sum()
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    per = {}
    for t, j in idx.items():
        ttp, tfp, tfn = (yt[:, j] & yp[:, j]).sum(), (~yt[:, j] & yp[:, j]).sum(), (yt[:, j] & ~yp[:, j]).sum()
        f = 2 * ttp / (2 * ttp + tfp + tfn) if ttp + tfp + tfn else 0.0
        per[t] = {"f1": round(float(f), 4), "support": int(yt[:, j].sum())}
    supported = [v["f1"] for v in per.values() if v["support"] > 0]
    return {
        "n": n,
        "micro_precision": round(float(p), 4),
        "micro_recall": round(float(r), 4),
        "micro_f1": round(float(2 * p * r / (p + r)) if p + r else 0.0, 4),
        "macro_f1": round(float(np.mean(supported)) if supported else 0.0, 4),
        "theme_sentiment_accuracy": round(sent_ok / sent_n, 4) if sent_n else None,
        "theme_sentiment_n": sent_n,
        "per_theme": per,
    }


def mixed_metrics(gold: Sequence[bool | None], results: Sequence[CommentResult]) -> dict[str, Any]:
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
