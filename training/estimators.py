"""Fit the heads of a model from encoded data (scikit-learn in, numpy :class:`~nlp.classifiers.heads.Head` out)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from nlp.classifiers.heads import Head
from nlp.classifiers.themes import MAX_SHOTS, EncodedTaxonomy, matcher_features, segment_max
from nlp.schema import SENTIMENTS


def _warm(clf: LogisticRegression, init: Head | None, cols: Sequence[int] | int, n_features: int) -> None:
    """Start ``clf``'s solver from a base model's single-layer head (warm start: fewer iterations)."""
    if init is None or len(init.weights) != 1 or init.n_features != n_features:
        return
    w, b = init.weights[0], init.biases[0]
    clf.set_params(warm_start=True, tol=1e-6)  # start near the optimum, then converge tightly
    clf.coef_ = np.asarray(w[:, cols].T, dtype=np.float64).reshape(-1, n_features)
    clf.intercept_ = np.atleast_1d(np.asarray(b[cols], dtype=np.float64))


def fit_sentiment(x: np.ndarray, y: Sequence[str], weights: np.ndarray, c: float, seed: int,
                  init: Head | None = None) -> Head:
    """Multinomial logistic regression over :data:`SENTIMENTS` (column order fixed).

    ``init``: a head of the same shape to start from (retraining); the optimum is the same, reached sooner.
    """
    yi = np.array([SENTIMENTS.index(s) for s in y])
    missing = set(range(len(SENTIMENTS))) - set(yi.tolist())
    if missing:
        raise ValueError(f"sentiment training data lacks classes {[SENTIMENTS[i] for i in missing]}")
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=seed)
    if init is not None and init.n_outputs == len(SENTIMENTS):
        _warm(clf, init, list(range(len(SENTIMENTS))), x.shape[1])
    clf.fit(x, yi, sample_weight=weights)
    return Head.from_sklearn(clf, "softmax")


def calibrate_temperature(head: Head, x: np.ndarray, y: Sequence[str]) -> Head:
    """Temperature that minimises dev log-loss (grid search, 0.5–3)."""
    yi = np.array([SENTIMENTS.index(s) for s in y])
    base = head.logits(x) * head.temperature
    best_t, best = 1.0, np.inf
    for t in np.arange(0.5, 3.01, 0.05):
        z = base / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -logp[np.arange(len(yi)), yi].mean()
        if loss < best:
            best, best_t = loss, float(t)
    return Head(head.weights, head.biases, head.activation, round(best_t, 3))


def fit_themes(x: np.ndarray, y: np.ndarray, c: float, seed: int, init: Head | None = None,
               init_cols: Sequence[int | None] | None = None) -> Head:
    """One-vs-rest logistic regression per theme column of the 0/1 matrix ``y`` (n, T).

    ``init``/``init_cols``: a base model's theme head and, per column of ``y``, its column there (or None);
    those columns start from the base weights (retraining).
    """
    ws, bs = [], []
    for t in range(y.shape[1]):
        col = y[:, t]
        if col.min() == col.max():  # no positives (or all): a constant, very unconfident head
            ws.append(np.zeros(x.shape[1], dtype=np.float32))
            bs.append(-6.0 if col.max() == 0 else 6.0)
            continue
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=seed)
        j = init_cols[t] if init_cols is not None else None
        if j is not None:
            _warm(clf, init, [j], x.shape[1])
        clf.fit(x, col)
        ws.append(clf.coef_[0])
        bs.append(float(clf.intercept_[0]))
    return Head((np.stack(ws, axis=1).astype(np.float32),), (np.array(bs, dtype=np.float32),), "sigmoid")


SHARED_MIN_POSITIVES = 30  # dev positives (all themes) below which the shared threshold is not estimated (0.5)


def tune_thresholds(proba: np.ndarray, y: np.ndarray, floor: float, ceiling: float, shrink: float = 0.0) -> np.ndarray:
    """Per-column F1-optimal thresholds in ``[floor, ceiling]``; 0.5 for columns with <3 positives.

    ``shrink`` > 0 pulls each column's threshold towards the one threshold that maximises micro-F1 over all
    columns, weighted like ``shrink`` extra positives: ``(n·t_col + shrink·t_all) / (n + shrink)`` for a column
    with ``n`` dev positives (a column with few positives gets mostly the shared threshold; columns with <3
    positives get it outright). A per-column optimum on a few dozen dev rows is mostly noise. The shared
    threshold itself needs ``SHARED_MIN_POSITIVES`` dev positives in all; with fewer it is 0.5.
    """
    grid = np.round(np.arange(floor, ceiling + 1e-9, 0.025), 3)
    out = np.full(y.shape[1], 0.5, dtype=np.float32)
    shared = 0.5
    if shrink > 0 and y.sum() >= SHARED_MIN_POSITIVES:
        shared = float(grid[int(np.argmax([_f1(proba >= g, y == 1) for g in grid]))])
    for t in range(y.shape[1]):
        n = float(y[:, t].sum())
        if n < 3:
            out[t] = shared
            continue
        f1s = [_f1(proba[:, t] >= g, y[:, t] == 1) for g in grid]
        best = float(grid[int(np.argmax(f1s))])
        out[t] = (n * best + shrink * shared) / (n + shrink)  # shrink 0: the column's own optimum
    return out


def micro_f1(pred: np.ndarray, true: np.ndarray) -> float:
    """Micro-F1 of boolean predictions against boolean truth (any shape; 0 when both are empty)."""
    return _f1(np.asarray(pred, dtype=bool), np.asarray(true, dtype=bool))


def _f1(pred: np.ndarray, true: np.ndarray) -> float:
    tp = float((pred & true).sum())
    denom = float(pred.sum() + true.sum())
    return 2 * tp / denom if denom else 0.0


def matcher_episode(units: np.ndarray, unit_texts: Sequence[str], starts: np.ndarray, y: np.ndarray,
                    enc: EncodedTaxonomy) -> tuple[np.ndarray, np.ndarray]:
    """Pooled (comment, theme) matcher features and 0/1 labels for one sampled taxonomy."""
    feats = segment_max(matcher_features(units, unit_texts, enc), starts)
    return feats.reshape(-1, feats.shape[-1]), y.reshape(-1)


def fit_matcher(x: np.ndarray, y: np.ndarray, hidden: int, seed: int) -> Head:
    if hidden > 0:
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1e-3, max_iter=400, early_stopping=True,
                            random_state=seed).fit(x, y)
        return Head.from_sklearn(clf, "sigmoid")
    lr = LogisticRegression(C=1.0, max_iter=2000, random_state=seed).fit(x, y)
    return Head.from_sklearn(lr, "sigmoid")


__all__ = ["MAX_SHOTS", "calibrate_temperature", "fit_matcher", "fit_sentiment", "fit_themes",
           "matcher_episode", "tune_thresholds"]
