"""Per-theme threshold tuning: each column's F1 optimum, and its pull towards one shared threshold."""

from __future__ import annotations

import numpy as np

from training.estimators import SHARED_MIN_POSITIVES, tune_thresholds


def data(copies: int = 4) -> tuple[np.ndarray, np.ndarray]:
    # column 0: positives score 0.8, negatives 0.3; column 1: positives 0.4, negatives 0.1; column 2: one positive
    block = np.array([[1, 1, 0], [1, 1, 0], [1, 1, 0], [1, 1, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]])
    y = np.vstack([block] * copies)
    y[0, 2] = 1
    p0 = np.where(y[:, 0] == 1, 0.8, 0.3)
    p1 = np.where(y[:, 1] == 1, 0.4, 0.1)
    p2 = np.where(y[:, 2] == 1, 0.9, 0.2)
    return np.column_stack([p0, p1, p2]), y


def test_without_shrink_each_column_keeps_its_own_optimum() -> None:
    proba, y = data()
    t = tune_thresholds(proba, y, 0.15, 0.85)
    assert np.allclose(t, [0.325, 0.15, 0.5])  # the first grid point past the negatives; <3 positives: 0.5
    assert y.sum() >= SHARED_MIN_POSITIVES


def test_shrink_pulls_columns_towards_the_shared_threshold() -> None:
    proba, y = data()
    shared = 0.325  # the best single threshold over all columns (micro-F1): the first past every negative
    t = tune_thresholds(proba, y, 0.15, 0.85, shrink=16.0)
    assert np.allclose(t[0], (16 * 0.325 + 16 * shared) / 32)  # 16 dev positives, weight 16
    assert np.allclose(t[1], (16 * 0.15 + 16 * shared) / 32)
    assert np.isclose(t[2], shared)  # too few positives: the shared threshold outright
    far = tune_thresholds(proba, y, 0.15, 0.85, shrink=1e6)
    assert np.allclose(far, shared, atol=1e-4)


def test_too_few_dev_positives_for_a_shared_threshold_pull_towards_one_half() -> None:
    proba, y = data(copies=1)  # 9 positives in all: a shared optimum on them is noise too
    assert y.sum() < SHARED_MIN_POSITIVES
    t = tune_thresholds(proba, y, 0.15, 0.85, shrink=4.0)
    assert np.allclose(t, [(4 * 0.325 + 4 * 0.5) / 8, (4 * 0.15 + 4 * 0.5) / 8, 0.5])
