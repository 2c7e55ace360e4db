"""Emerging themes only when coherent: keyword coverage inside the cluster minus outside, generic clusters out."""

from __future__ import annotations

import numpy as np

from nlp.report.emerging import MIN_COHERENCE, find_emerging, keyword_coherence

RECYCLING = ["please recycle the old router", "no way to recycle my old router", "old router recycling scheme",
             "recycle old routers please", "what do I do with the old router, recycle it?",
             "a router recycling option would be good", "send a bag to recycle the old router"]
MOOD = ["really happy overall, great service", "great service really, happy", "overall happy, great really",
        "happy overall with the great service", "service great, really happy overall", "great, happy, really"]
# tight by embedding (the test puts them together) but about different things: no shared key phrase
SCATTERED = ["the lift in the lobby squeaks", "my cat sleeps in the delivery box", "parking at the depot is tight",
             "weather was awful on monday", "the courier van had a flat tyre", "neighbours took the parcel in"]

def _embed(groups: list[list[str]], noise: float = 0.1) -> np.ndarray:
    rng = np.random.default_rng(1)
    centres = [rng.normal(size=24) for _ in groups]
    x = np.asarray([c + rng.normal(scale=noise, size=24) for c, g in zip(centres, groups, strict=True) for _ in g])
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_keyword_coherence_is_coverage_minus_background_by_hand() -> None:
    stats = keyword_coherence(RECYCLING, [*MOOD, "my old phone is fine"], ["old router", "recycle", "great"])
    # inside: 6 of 7 have "old router" or "recycle…" ("recycling option" is not "recycle"); outside 0 of 7
    assert stats == {"coverage": 0.857, "background": 0.0, "coherence": 0.857}
    assert keyword_coherence(MOOD, RECYCLING, ["great", "happy", "really"])["coherence"] == 0.0  # only generic


def test_only_coherent_specific_clusters_are_reported() -> None:
    groups = [RECYCLING, MOOD, SCATTERED]
    texts = [t for g in groups for t in g]
    every = find_emerging(texts, _embed(groups), min_cluster_size=4, min_coherence=None)
    assert sorted(int(c["size"]) for c in every) == [6, 6, 7]
    assert all(float(c["centroid_similarity"]) > 0.9 for c in every)  # all tight: closeness does not separate
    kept = find_emerging(texts, _embed(groups), min_cluster_size=4)
    assert len(kept) == 1 and kept[0]["size"] == 7 and float(kept[0]["coherence"]) >= MIN_COHERENCE
    assert any("router" in k or "recycl" in k for k in kept[0]["keywords"])  # type: ignore[union-attr]
    mood = next(c for c in every if "happy" in str(c["examples"][0]))
    scattered = next(c for c in every if c is not mood and int(c["size"]) == 6)
    assert mood["generic"]
    assert float(scattered["coverage"]) <= 0.5 and float(scattered["coherence"]) < MIN_COHERENCE
