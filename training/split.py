"""Deterministic, stratified train/dev/test splits of multi-label data, and 0/1 theme matrices."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def split_indices(df: pd.DataFrame, dev: float, test: float, seed: int) -> tuple[np.ndarray, ...]:
    """Sorted (train, dev, test) row indices, stratified by sentiment and by the rarest theme of each row.

    Rows are grouped by ``"<sentiment>|<rarest theme>"`` and each group is shuffled with a generator
    seeded by ``seed`` and cut by the fractions, so the same data and seed always give the same split and
    every theme keeps its share in each part (a group too small for a dev/test row stays in train).

    Args:
        df: with a ``sentiment`` column (label or None) and a ``themes`` column (dicts or lists of ids).
        dev, test: fractions in [0, 1).
    """
    if not 0 <= dev < 1 or not 0 <= test < 1 or dev + test >= 1:
        raise ValueError(f"dev ({dev}) and test ({test}) fractions must be in [0, 1) and sum below 1")
    rng = np.random.default_rng(seed)
    counts = pd.Series([t for th in df["themes"] for t in th]).value_counts()
    keys = [f"{s}|{min(th, key=lambda t: counts[t]) if th else '-'}" for s, th in zip(df["sentiment"], df["themes"],
                                                                                     strict=True)]
    tr: list[int] = []
    dv: list[int] = []
    te: list[int] = []
    for _, idx in pd.Series(range(len(df))).groupby(keys):
        idx = rng.permutation(idx.to_numpy())
        n_te, n_dv = round(len(idx) * test), round(len(idx) * dev)
        te += list(idx[:n_te])
        dv += list(idx[n_te : n_te + n_dv])
        tr += list(idx[n_te + n_dv :])
    return np.sort(np.array(tr, dtype=np.int64)), np.sort(np.array(dv, dtype=np.int64)), \
        np.sort(np.array(te, dtype=np.int64))


def theme_matrix(themes: list[dict[str, Any]], ids: list[str]) -> np.ndarray:
    """``(n, len(ids))`` 0/1 matrix: row r has a 1 in column j when theme ``ids[j]`` is in ``themes[r]``."""
    y = np.zeros((len(themes), len(ids)), dtype=np.int64)
    pos = {t: i for i, t in enumerate(ids)}
    for r, th in enumerate(themes):
        for t in th:
            if t in pos:
                y[r, pos[t]] = 1
    return y
