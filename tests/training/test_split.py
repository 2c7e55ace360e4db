"""The train/dev/test split is deterministic, disjoint, complete and stratified by theme."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from training.split import split_indices, theme_matrix


def corpus(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    ids = ["a", "b", "c", "rare"]
    themes = [{t: None for t in rng.choice(ids[:3], size=rng.integers(0, 3), replace=False)} for _ in range(n)]
    for i in range(0, n, 40):
        themes[i] = {"rare": None}
    sent = rng.choice(["negative", "neutral", "positive", None], size=n).tolist()
    return pd.DataFrame({"text": [f"t{i}" for i in range(n)], "sentiment": sent, "themes": themes})


def test_same_seed_same_split_other_seed_other_split():
    df = corpus()
    a, b = split_indices(df, 0.15, 0.15, 7), split_indices(df, 0.15, 0.15, 7)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    c = split_indices(df, 0.15, 0.15, 8)
    assert not np.array_equal(a[2], c[2])


def test_parts_are_disjoint_and_cover_every_row():
    tr, dv, te = split_indices(corpus(), 0.2, 0.1, 1)
    assert len(set(tr) | set(dv) | set(te)) == 400 and not (set(tr) & set(dv) or set(tr) & set(te))
    assert 0.05 < len(te) / 400 < 0.15 and 0.15 < len(dv) / 400 < 0.25


def test_every_theme_keeps_its_share_in_each_part():
    df = corpus()
    tr, _, te = split_indices(df, 0.2, 0.2, 3)
    y = theme_matrix(list(df["themes"]), ["a", "b", "c", "rare"])
    for j in range(y.shape[1]):
        total = y[:, j].sum()
        assert y[te, j].sum() >= 1, j
        assert abs(y[tr, j].sum() / total - 0.6) < 0.15


def test_no_test_part_when_fraction_is_zero():
    _, _, te = split_indices(corpus(), 0.2, 0.0, 3)
    assert len(te) == 0


def test_bad_fractions_are_refused():
    with pytest.raises(ValueError, match="fractions"):
        split_indices(corpus(), 0.6, 0.5, 1)
