"""Active learning picks: uncertain and diverse, weak themes, emerging clusters; no duplicates."""

from __future__ import annotations

import numpy as np

from training.active import Scored, k_center, select, suggest, uncertainty


def test_uncertainty_is_high_for_small_margins_and_probabilities_near_thresholds():
    sc = Scored(np.eye(3, 4, dtype=np.float32), np.array([[0.34, 0.33, 0.33], [0.9, 0.05, 0.05], [0.9, 0.05, 0.05]]),
                np.array([[0.1, 0.1], [0.1, 0.1], [0.49, 0.1]]), np.array([0.5, 0.5], dtype=np.float32))
    total, u_sent, u_theme = uncertainty(sc)
    assert u_sent[0] > 0.95 and u_sent[1] < 0.2
    assert u_theme[2] > 0.95 and u_theme[1] < 0.3
    assert total[0] > total[1] and total[2] > total[1]


def test_k_center_prefers_spread_out_points():
    emb = np.array([[1, 0], [0.99, 0.14], [0, 1], [-1, 0]], dtype=np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    picks = k_center(emb, np.ones(4), 3, [])
    assert 1 not in picks[:3] or 0 not in picks[:3]  # the two near-duplicates are not both picked first


def test_suggest_on_the_tiny_model(tiny_analyzer):
    texts = ["the queue was long", "great staff", "the queue was long", "", None, "the app crashed",
             "too expensive"] + [f"remark {i} about the weather and the sky" for i in range(40)]
    metrics = {"themes": {"per_theme": {t: {"f1": 0.9, "support": 10} for t in tiny_analyzer.taxonomy.ids}}}
    metrics["themes"]["per_theme"]["delivery"] = {"f1": 0.1, "support": 3}
    recs = suggest(tiny_analyzer, texts, 10, metrics=metrics, exclude={"great staff"}, ids=list(range(len(texts))))
    assert len(recs) == 10 and len({r["text"].casefold() for r in recs}) == 10
    assert "great staff" not in {r["text"] for r in recs}
    whys = " ".join(r["why"] for r in recs)
    assert "weak theme delivery" in whys
    assert all(r["sentiment"] is None and r["themes"] is None and str(r["row"]) == r["id"] for r in recs)


def test_select_fills_the_budget_from_every_pool(tiny_analyzer):
    rng = np.random.default_rng(0)
    n, t = 200, len(tiny_analyzer.taxonomy.ids)
    emb = rng.normal(size=(n, 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    sc = Scored(emb, rng.dirichlet(np.ones(3), size=n), rng.uniform(0, 0.3, size=(n, t)),
                np.full(t, 0.5, dtype=np.float32))
    picks = select(sc, tiny_analyzer, 20, {})
    whys = [w for _, w in picks]
    assert len(picks) == 20 and len({i for i, _ in picks}) == 20
    assert any(w.startswith("emerging") for w in whys) and any(w.startswith("theme") for w in whys)
