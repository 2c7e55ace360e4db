"""A per-taxonomy few-shot head fitted, without a training step, when a taxonomy with examples is encoded.

Rows are each theme's examples plus its description and label (as further examples); targets are
one-hot theme columns. The head is ridge regression with an unpenalised intercept, solved through
one thin SVD of the centred rows, so the whole regularisation path and the exact leave-one-out (LOO)
predictions come at no extra cost:

* the ridge strength is the grid value with the best LOO top-1 accuracy on the examples;
* a softmax temperature over the scores is the grid value with the lowest LOO log-loss;
* each theme's threshold is the F1-optimal cut of its LOO scores (examples of the theme against the
  other themes' examples), shrunk half-way towards the pooled cut because a theme has ≤ 8 positives.

numpy only; ~1–20 ms for up to 200 themes × (8 examples + 2). Description and label rows are never
left out (they are always known); only the examples are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RIDGE_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
TEMPERATURE_GRID = (0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3)
_CUTS = np.round(np.arange(-0.2, 1.0001, 0.025), 3)


@dataclass(frozen=True)
class FewShotHead:
    """``scores(x) = x @ weights + bias`` (one column per theme), its softmax and per-theme LOO thresholds."""

    weights: np.ndarray  # (d, T)
    bias: np.ndarray  # (T,)
    thresholds: np.ndarray  # (T,) on the score scale
    temperature: float
    ridge: float
    loo_accuracy: float  # top-1 LOO accuracy on the examples at the chosen ridge strength

    def scores(self, x: np.ndarray) -> np.ndarray:
        """``(n, T)`` ridge scores (≈1 for the theme of a training row, ≈0 for the others)."""
        return (x @ self.weights + self.bias).astype(np.float32)

    def proba(self, scores: np.ndarray) -> np.ndarray:
        """Softmax of ``scores`` over themes at the LOO-fitted temperature."""
        return _softmax(scores / self.temperature)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def fit_fewshot(example_emb: Sequence[np.ndarray], anchor_emb: Sequence[np.ndarray]) -> FewShotHead | None:
    """Fit the head; ``None`` when no theme has an example (zero-shot) or there are fewer than 2 themes.

    Args:
        example_emb: per theme, its examples' embeddings ``(k_t, d)`` (left out one at a time for LOO).
        anchor_emb: per theme, rows always in the fit ``(a_t, d)`` (its description and label).
    """
    n_themes = len(example_emb)
    if n_themes < 2 or sum(len(e) for e in example_emb) == 0:
        return None
    rows = [e for e in example_emb if len(e)] + [a for a in anchor_emb if len(a)]
    x = np.vstack(rows).astype(np.float64)
    owner = np.concatenate([np.full(len(e), j) for j, e in enumerate(example_emb) if len(e)]
                           + [np.full(len(a), j) for j, a in enumerate(anchor_emb) if len(a)]).astype(np.int64)
    n_ex = sum(len(e) for e in example_emb)
    y = np.zeros((len(x), n_themes))
    y[np.arange(len(x)), owner] = 1.0
    acc, lam, loo, w, b = ridge_loo(x, y, n_ex, RIDGE_GRID, owner[:n_ex])
    return FewShotHead(w.astype(np.float32), b.astype(np.float32), _loo_thresholds(loo, owner[:n_ex], n_themes),
                       _loo_temperature(loo, owner[:n_ex]), lam, acc)


def ridge_loo(x: np.ndarray, y: np.ndarray, n_ex: int, grid: Sequence[float], owner: np.ndarray
              ) -> tuple[float, float, np.ndarray, np.ndarray, np.ndarray]:
    """Ridge regression of ``y`` on ``x`` (unpenalised intercept) along ``grid``, with exact LOO predictions of
    the first ``n_ex`` rows; the strength with the best LOO top-1 accuracy against ``owner`` wins (ties: the
    stronger). Returns (accuracy, strength, LOO predictions ``(n_ex, T)``, weights ``(d, T)``, bias ``(T,)``)."""
    x_mean, y_mean = x.mean(axis=0), y.mean(axis=0)
    xc, yc = x - x_mean, y - y_mean
    u, s, vt = _thin_svd(xc)
    uty = u.T @ yc
    s2 = s * s
    u_ex = u[:n_ex]
    best: tuple[float, float, np.ndarray] | None = None  # (accuracy, ridge, LOO predictions of the examples)
    for lam in grid:
        shrink = s2 / (s2 + lam)
        fitted = (u_ex * shrink) @ uty + y_mean  # in-sample predictions of the examples
        hat = (u_ex**2) @ shrink + 1.0 / len(x)  # leverage of each example row
        loo = (fitted - hat[:, None] * y[:n_ex]) / (1.0 - hat[:, None])
        acc = float((loo.argmax(axis=1) == owner).mean()) if n_ex else 0.0
        if best is None or acc >= best[0]:
            best = (acc, float(lam), loo)
    assert best is not None
    acc, lam, loo = best
    w = vt.T @ ((s / (s2 + lam))[:, None] * uty)
    return acc, lam, loo, w, y_mean - x_mean @ w


def _thin_svd(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``u, s, vt`` with ``x = u @ diag(s) @ vt`` over the non-null directions, from the eigendecomposition
    of the smaller Gram matrix (3–4× faster than ``np.linalg.svd`` here)."""
    wide = x.shape[0] <= x.shape[1]
    lam, vec = np.linalg.eigh(x @ x.T if wide else x.T @ x)
    keep = lam > max(float(lam.max()), 1e-12) * 1e-10
    lam, vec = lam[keep], vec[:, keep]
    s = np.sqrt(lam)
    if wide:
        return vec, s, (vec.T @ x) / s[:, None]
    return (x @ vec) / s[None, :], s, vec.T


def _loo_temperature(loo: np.ndarray, owner: np.ndarray) -> float:
    """The softmax temperature with the lowest LOO log-loss."""
    best_t, best = TEMPERATURE_GRID[0], np.inf
    for t in TEMPERATURE_GRID:
        z = loo / t
        z = z - z.max(axis=1, keepdims=True)
        nll = float(-(z[np.arange(len(z)), owner] - np.log(np.exp(z).sum(axis=1))).mean())
        if nll < best:
            best, best_t = nll, t
    return float(best_t)


def _best_cut(scores: np.ndarray, positive: np.ndarray) -> float:
    """The F1-optimal cut on :data:`_CUTS` (the middle one of ties)."""
    pred = scores[:, None] >= _CUTS[None, :]
    tp = (pred & positive[:, None]).sum(axis=0)
    f1 = 2 * tp / np.maximum(pred.sum(axis=0) + positive.sum(), 1)
    top = np.flatnonzero(f1 == f1.max())
    return float(_CUTS[top[len(top) // 2]])


def _loo_thresholds(loo: np.ndarray, owner: np.ndarray, n_themes: int) -> np.ndarray:
    """Per-theme F1-optimal cuts of the LOO scores, shrunk half-way to the pooled cut (themes without
    examples get the pooled cut)."""
    truth = owner[:, None] == np.arange(n_themes)[None, :]
    pooled = _best_cut(loo.ravel(), truth.ravel())
    out = np.full(n_themes, pooled, dtype=np.float32)
    for j in range(n_themes):
        if truth[:, j].any() and (~truth[:, j]).any():
            out[j] = 0.5 * (_best_cut(loo[:, j], truth[:, j]) + pooled)
    return out


# ---------------------------------------------------------------------------------------------- logistic twin
# Blended with the matcher for a taxonomy with examples (:class:`nlp.classifiers.themes.TaxonomyMatcher`):
# per theme a (by default class-balanced) L2 logistic regression on the examples (an example text listed under several
# themes is positive for each) plus the theme's "label: description" row. On dev data (train files of
# SemEval-14/16 restaurants, SemEval-15/16 laptops, MAMS; 3 shot draws; benchmarks/fewshot_blend_dev.py) the blend
# raised mean 8-shot micro-F1 from 0.551 (matcher alone) to 0.593; ridge strength, blend weight and cut were
# chosen there and are flat around the optimum (±0.004 for C in 0.3–3, weight 0.3–0.5, cut 0.35–0.45).
LOGISTIC_C = 1.0
# Class balance of that regression: each row's weight is ``(n / (2 · n_class))^balance`` (1: scikit-learn's
# "balanced", every theme's few positives weigh as much as all its negatives; 0: unweighted). 1 in models before
# 2.4.0; a model's ``fewshot_balance`` sets its own (see training.config.TrainConfig.fewshot_balance).
LOGISTIC_BALANCE = 1.0
LOGISTIC_MAX_ITER = 300
LOGISTIC_FTOL = 1e-6  # relative objective change at which L-BFGS stops: probabilities within ~4e-3 of exact


@dataclass(frozen=True)
class FewShotLogistic:
    """``P(theme | x) = sigmoid(x @ weights + bias)`` per theme; 0 for a theme that could not be fitted
    (no positive or no negative row)."""

    weights: np.ndarray  # (d, T)
    bias: np.ndarray  # (T,)
    fitted: np.ndarray  # (T,) bool

    def proba(self, x: np.ndarray) -> np.ndarray:
        """``(n, T)`` probabilities of every row of ``x`` for every theme."""
        z = np.clip(x @ self.weights + self.bias, -30.0, 30.0)
        return np.where(self.fitted[None, :], 1.0 / (1.0 + np.exp(-z)), 0.0).astype(np.float32)


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float = LOGISTIC_C,
                 balance: float = LOGISTIC_BALANCE) -> FewShotLogistic | None:
    """One L2 logistic regression per column of ``y`` (``(n, T)`` 0/1), solved jointly by L-BFGS (the columns
    are independent; one solve is faster than T). The objective is scikit-learn's ``LogisticRegression(C=c)``
    per column (unpenalised intercept) with sample weights ``(n / (2 · n_class))^balance``: ``balance=1`` is
    ``class_weight="balanced"``, ``balance=0`` no class weights, values between a partial balance.

    Returns ``None`` when no column has both positive and negative rows.
    """
    from scipy.optimize import minimize

    x32 = np.ascontiguousarray(x, dtype=np.float32)  # float32 products: half the time, probabilities within 1e-3
    y64 = np.asarray(y, dtype=np.float64)
    n, t = y64.shape
    pos = y64.sum(axis=0)
    fitted = (pos > 0) & (pos < n)
    if n == 0 or not fitted.any():
        return None
    cols = np.flatnonzero(fitted)
    yc = y64[:, cols]
    p = pos[cols]
    if not 0.0 <= balance <= 1.0:
        raise ValueError(f"balance must be in [0, 1], got {balance}")
    sw = c * np.where(yc > 0, (n / (2 * p)) ** balance, (n / (2 * (n - p))) ** balance)  # class weights, times C
    d = x32.shape[1]
    k = len(cols)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * k].reshape(d, k)
        b = theta[d * k :]
        z = (x32 @ w.astype(np.float32)).astype(np.float64) + b
        # log(1 + e^z) - y z, stably
        val = float((sw * (np.logaddexp(0.0, z) - yc * z)).sum() + 0.5 * (w * w).sum())
        g = sw * (0.5 * (1.0 + np.tanh(0.5 * z)) - yc)
        gw = (x32.T @ g.astype(np.float32)).astype(np.float64) + w
        return val, np.concatenate([gw.ravel(), g.sum(axis=0)])

    res = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B",
                   options={"maxiter": LOGISTIC_MAX_ITER, "ftol": LOGISTIC_FTOL})
    weights = np.zeros((d, t), dtype=np.float32)
    bias = np.zeros(t, dtype=np.float32)
    weights[:, cols] = res.x[: d * k].reshape(d, k)
    bias[cols] = res.x[d * k :]
    return FewShotLogistic(weights, bias, fitted)
