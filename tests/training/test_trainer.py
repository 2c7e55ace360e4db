"""The theme head's TF-IDF twin weight: fixed, or chosen from a grid by dev micro-F1 after threshold tuning."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from nlp.classifiers.heads import Head
from nlp.taxonomy import parse_taxonomy
from training.config import TrainConfig
from training.estimators import SHARED_MIN_POSITIVES, micro_f1
from training.trainer import _tune_theme_blend

TAX = parse_taxonomy("name: t\nthemes:\n  - id: food\n    label: Food\n    description: The food.\n"
                     "  - id: staff\n    label: Staff\n    description: The staff.\n")


def dev(n: int, seed: int = 0) -> tuple[tuple[np.ndarray, list[str], np.ndarray, sparse.csr_matrix], np.ndarray]:
    """One unit per comment; the embedding head sees noise, the lexical twin sees the labels themselves."""
    rng = np.random.default_rng(seed)
    y = (rng.random((n, 2)) < 0.5).astype(int)
    units = rng.normal(0, 2, size=(n, 2)).astype(np.float32)
    return (units, [f"c{i}" for i in range(n)], np.arange(n), sparse.csr_matrix(y.astype(np.float32))), y


def blend(d: tuple[np.ndarray, list[str], np.ndarray, sparse.csr_matrix], w: float) -> np.ndarray:
    return (1 - w) * NOISE.predict_proba(d[0]) + w * ORACLE.predict_proba(d[3])


NOISE = Head((np.eye(2, dtype=np.float32),), (np.zeros(2, np.float32),), "sigmoid")  # probability from noise
ORACLE = Head((8 * np.eye(2, dtype=np.float32),), (np.full(2, -4, np.float32),), "sigmoid")  # 0.98 / 0.02


def test_without_a_grid_the_configured_weight_is_kept() -> None:
    d, y = dev(200)
    w, th = _tune_theme_blend(TrainConfig(themes_lex_weight=0.3), TAX, NOISE, ORACLE, d, y, lambda _m: None)
    assert w == 0.3
    assert th.shape == (2,)


def test_the_grid_picks_the_weight_with_the_best_dev_micro_f1() -> None:
    d, y = dev(200)
    logs: list[str] = []
    w, _ = _tune_theme_blend(TrainConfig(themes_lex_weight=0.3, themes_lex_weight_grid=[0.1, 0.8]), TAX, NOISE,
                             ORACLE, d, y, logs.append)
    assert w == 0.8  # the oracle twin separates the classes once it dominates the noise
    assert any("weight 0.8" in m and "0.1:" in m and "0.3:" in m for m in logs)
    # a grid of worse weights keeps the configured one
    w, _ = _tune_theme_blend(TrainConfig(themes_lex_weight=0.8, themes_lex_weight_grid=[0.0, 0.1]), TAX, NOISE,
                             ORACLE, d, y, logs.append)
    assert w == 0.8


def test_a_dev_split_with_too_few_positives_keeps_the_configured_weight() -> None:
    d, y = dev(200)
    y[:] = 0
    y[: SHARED_MIN_POSITIVES - 1, 0] = 1
    logs: list[str] = []
    w, _ = _tune_theme_blend(TrainConfig(themes_lex_weight=0.3, themes_lex_weight_grid=[0.8]), TAX, NOISE, ORACLE,
                             d, y, logs.append)
    assert w == 0.3
    assert any("kept at 0.3" in m for m in logs)


def test_a_twin_with_its_own_vocabulary_starts_from_its_own_weight() -> None:
    d, y = dev(200)
    cfg = TrainConfig(themes_lex_weight=0.3, themes_own_lex_weight=0.9)
    w, th = _tune_theme_blend(cfg, TAX, NOISE, ORACLE, d, y, lambda _m: None, own_vocabulary=True)
    w_shared, th_shared = _tune_theme_blend(cfg, TAX, NOISE, ORACLE, d, y, lambda _m: None)
    assert (w, w_shared) == (0.9, 0.3)
    # the oracle twin at 0.9 separates the classes better than at 0.3, thresholds tuned for each
    assert micro_f1(blend(d, 0.9) >= th, y == 1) > micro_f1(blend(d, 0.3) >= th_shared, y == 1)


def test_without_a_lexical_twin_the_weight_is_zero() -> None:
    d, y = dev(50)
    w, _ = _tune_theme_blend(TrainConfig(themes_lex_weight_grid=[0.5]), TAX, NOISE, None, (*d[:3], None), y,
                             lambda _m: None)
    assert w == 0.0


@pytest.mark.parametrize("grid", [[1.5], [-0.1]])
def test_grid_weights_outside_zero_one_are_config_errors(grid: list[float]) -> None:
    with pytest.raises(ValueError, match="themes_lex_weight_grid"):
        TrainConfig(themes_lex_weight_grid=grid)


def test_a_trained_model_keeps_its_negation_features_through_save_and_load(tiny_model_dir, tiny_analyzer) -> None:
    """``lexical_negation`` (default on) fits the TF-IDF twins with NOT_word features; the artefact says so and a
    loaded analyzer reads with them (a model that did not store the flag would score different features)."""
    import json

    cfg = json.loads((tiny_model_dir / "config.json").read_text())
    assert TrainConfig().lexical_negation and cfg["tfidf_negation"] is True
    assert tiny_analyzer.tfidf is not None and tiny_analyzer.tfidf.negation
