import numpy as np
import pytest

from nlp.report.emerging import c_tf_idf, find_emerging

TOPICS = {
    "recycling": ["please recycle the old router", "no way to recycle my old router", "old router recycling scheme",
                  "recycle old routers please", "what do I do with the old router, recycle it?",
                  "a router recycling option would be good", "send a bag to recycle the old router"],
    "esim": ["the esim activation failed twice", "esim qr code never arrived", "could not activate the esim",
             "esim transfer to my new phone failed", "esim setup was confusing", "esim activation took days"],
    "generic": ["nothing to add really", "nothing much to say", "nothing to add here", "nothing really to say",
                "nothing else to add", "nothing to say at all"],
}


def _embed(texts, topics=TOPICS):
    """Synthetic embeddings: one direction per topic plus a little noise (no model)."""
    rng = np.random.default_rng(0)
    centres = {k: rng.normal(size=32) for k in topics}
    out = []
    for t in texts:
        topic = next(k for k, v in topics.items() if t in v)
        out.append(centres[topic] + rng.normal(scale=0.15, size=32))
    x = np.asarray(out, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_clusters_found_named_and_sized():
    texts = [t for v in TOPICS.values() for t in v]
    clusters = find_emerging(texts, _embed(texts), min_cluster_size=4, min_coherence=None)  # all, generic too
    assert len(clusters) == 3
    by_kw = {c["keywords"][0]: c for c in clusters}
    recycling = next(c for c in clusters if any("recycl" in k or "router" in k for k in c["keywords"]))
    esim = next(c for c in clusters if any("esim" in k for k in c["keywords"]))
    assert recycling["size"] == 7 and esim["size"] == 6
    assert not recycling["generic"] and not esim["generic"]
    assert clusters[-1]["generic"]  # "nothing to add" is real but not a missing driver: listed last
    assert all(len(c["examples"]) == 3 for c in clusters)
    assert len(by_kw) == 3  # three different names


def test_encode_callable_scale_and_pii():
    texts = [t for v in TOPICS.values() for t in v]
    texts[0] = "please recycle the old router, email me on jo@example.com"
    topics = {**TOPICS, "recycling": [texts[0], *TOPICS["recycling"][1:]]}
    clusters = find_emerging(texts, encode=lambda ts: _embed(ts, topics), min_cluster_size=4, scale=10)
    recycling = next(c for c in clusters if any("router" in k for k in c["keywords"]))
    assert recycling["size"] == 70 and recycling["sample_size"] == 7
    assert not any("@" in e for c in clusters for e in c["examples"])


def test_too_few_texts_and_bad_input():
    assert find_emerging(["a b c d"], np.ones((1, 4), dtype=np.float32)) == []
    with pytest.raises(ValueError, match="embeddings or an encode"):
        find_emerging(["x"])
    with pytest.raises(ValueError, match="1 texts but 2 embeddings"):
        find_emerging(["x"], np.ones((2, 4)))


def test_c_tf_idf_prefers_distinctive_words_and_real_phrases():
    names = c_tf_idf(["old router old router recycle bin", "esim activation esim activation failed"], top_n=3)
    assert names[0][0] == "old router"
    assert names[1][0] == "esim activation"
    # stop words are not glued into fake phrases
    assert c_tf_idf(["fine. nothing to write home about", "fine, write soon"], top_n=5)[0].count("fine write") == 0
