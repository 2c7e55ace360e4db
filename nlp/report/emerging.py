"""Emerging themes: what customers talk about that the taxonomy does not cover.

Comments with no confident theme are embedded, clustered with scikit-learn's agglomerative clustering
(cosine distance, average linkage, cut at a distance threshold, so the number of clusters is found, not
given), and each cluster is named by its c-TF-IDF keywords (the class-based TF-IDF of BERTopic: a term is
a good name when it is frequent in the cluster and rare in the other clusters). Clusters whose keywords
are only general sentiment ("great service", "nothing to add") are flagged ``generic``: they are real, but
not a missing driver.

A cluster is reported only when it is not general sentiment and is **coherent**: its own key phrases (the
c-TF-IDF keywords that are not general sentiment words) occur in most of its comments and rarely in the other
unthemed comments
(:func:`keyword_coherence`). Sentence-embedding closeness alone does not tell a topic from a mood: on the
bundled sample, "general sentiment" clusters were tighter (centroid similarity 0.79–0.92) than the planted
recycling topic (0.73).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from nlp.report.quotes import mask_pii, mmr, shorten


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GENERIC_WORDS = _words(
    "good great excellent amazing brilliant fantastic awesome perfect superb lovely nice fine ok okay alright "
    "bad terrible awful poor worst best shocking rubbish happy pleased satisfied love like hate recommend "
    "complaints complaint complain nothing add say really much far anything everything overall experience "
    "service thanks thank thankyou keep lol idk tbh meh sure time times way just pretty bit lot "
    "comment comments opinion feelings strong special wrong right works worked job use used using yet early "
    "guess honestly absolutely definitely totally praise guys zero stood cheers wow mate question questions "
    "answer answers said previous see above earlier mentioned pleasant fault finish start"
)
_CONTRACTION = re.compile(r"'(?:s|t|ve|re|ll|d|m)\b|n't\b")
_EXTRA_STOP = _words("don didn doesn isn wasn aren weren haven hasn hadn won wouldn couldn shouldn ve ll im "
                        "lol tbh idk pls")


def c_tf_idf(docs_per_cluster: Sequence[str], *, top_n: int = 5, ngram_range: tuple[int, int] = (1, 2)
             ) -> list[list[str]]:
    """Top ``top_n`` keywords per cluster by class-based TF-IDF.

    Each cluster is one document (its comments joined); weight = tf(t, c) · log(1 + A / f(t)), with tf
    normalised by the cluster's length, A the mean words per cluster and f(t) the term's total frequency.
    Bigrams that contain a higher-ranked unigram's word are kept; unigrams already inside a chosen bigram
    are dropped, so names do not repeat themselves.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    if not docs_per_cluster:
        return []
    docs = [_CONTRACTION.sub(" ", d.lower().replace("’", "'")) for d in docs_per_cluster]
    vec = CountVectorizer(ngram_range=ngram_range, token_pattern=r"(?u)\b[^\W\d_]{2,}\b")
    try:
        x = vec.fit_transform(docs).toarray().astype(float)
    except ValueError:  # no words at all
        return [[] for _ in docs]
    terms = [str(t) for t in vec.get_feature_names_out()]
    # real adjacent n-grams whose words are all content words (stop words are removed after n-gramming,
    # so "fine. Nothing to write" never becomes the bigram "fine write")
    keep = np.array([not any(w in ENGLISH_STOP_WORDS or w in _EXTRA_STOP for w in t.split()) for t in terms])
    words_per_cluster = x[:, [i for i, t in enumerate(terms) if " " not in t]].sum(axis=1, keepdims=True)
    tf = x / np.maximum(words_per_cluster, 1)
    avg = float(words_per_cluster.mean())
    idf = np.log(1 + avg / np.maximum(x.sum(axis=0), 1))
    weight = tf * idf * keep
    is_ngram = np.array([" " in t for t in terms])
    weight[(x < 2) & is_ngram] = 0  # a phrase must recur inside the cluster to name it
    out = []
    for row in weight:
        chosen: list[str] = []
        for j in np.argsort(-row, kind="stable"):
            if row[j] <= 0 or len(chosen) >= top_n:
                break
            term = terms[j]
            words = set(term.split())
            overlap = [c for c in chosen if words & set(c.split())]
            if not overlap:
                chosen.append(term)
            elif len(words) > 1 and all(" " not in c and row[j] >= 0.5 * row[terms.index(c)] for c in overlap):
                # a recurring phrase ("old router") names a cluster better than its words
                at = chosen.index(overlap[0])
                chosen = [c for c in chosen if c not in overlap]
                chosen.insert(min(at, len(chosen)), term)
        out.append(chosen)
    return out


LEXICAL_DISTANCE = 0.8  # cut of the tree over lexical_vectors (0.6 suits sentence embeddings; LSA spreads wider)


def lexical_vectors(texts: Sequence[str], dims: int = 100, seed: int = 0) -> np.ndarray:
    """L2-normalised LSA vectors (TF-IDF of words and word pairs reduced to ``dims`` dimensions by a seeded
    truncated SVD): the stand-in for sentence embeddings when no model is loaded (``analyze --classified``);
    cluster them with ``distance_threshold=LEXICAL_DISTANCE``."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not len(texts):
        return np.zeros((0, 1), dtype=np.float32)
    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2), min_df=2,
                            token_pattern=r"(?u)\b[^\W\d_]{2,}\b").fit_transform(texts)
    except ValueError:  # no shared word at all
        return np.eye(len(texts), dtype=np.float32)
    k = min(dims, x.shape[1] - 1, len(texts) - 1)
    z = TruncatedSVD(k, random_state=seed).fit_transform(x) if k >= 2 else x.toarray()
    z = np.asarray(z, dtype=np.float64)
    empty = np.linalg.norm(z, axis=1) == 0  # no shared word: a random direction keeps it a cluster of its own
    z[empty] = np.random.default_rng(seed).normal(size=(int(empty.sum()), z.shape[1]))
    return np.asarray(z / np.linalg.norm(z, axis=1, keepdims=True), dtype=np.float32)


MIN_COHERENCE = 0.7  # measured by benchmarks/emerging_coherence.py; see docs/report.md "Emerging themes"


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}", text) is not None


def keyword_coherence(members: Sequence[str], others: Sequence[str], keywords: Sequence[str]
                      ) -> dict[str, float]:
    """How much a cluster is about its key phrases: ``coverage`` − ``background``.

    ``keywords``: the cluster's top c-TF-IDF terms (its name: the first 3 are used).
    ``coverage``: share of the cluster's comments that contain one of its specific keywords (not made only of
    :data:`GENERIC_WORDS`; words match at their start, so "recycl" forms count); ``background``: the same share
    among the other unthemed comments. A topic ("old router", "recycling") covers its cluster and little else;
    a mood cluster has no specific keyword, or keywords that are everywhere. ``coherence`` = coverage −
    background, 0 without a specific keyword; a cluster is reported from :data:`MIN_COHERENCE`.
    """
    specific = [k for k in keywords[:3] if not all(w in GENERIC_WORDS for w in k.split())]

    def share(texts: Sequence[str]) -> float:
        if not texts or not specific:
            return 0.0
        low = [_CONTRACTION.sub(" ", t.lower().replace("’", "'")) for t in texts]
        return sum(any(_has(t, k) for k in specific) for t in low) / len(low)

    coverage, background = share(members), share(others)
    return {"coverage": round(coverage, 3), "background": round(background, 3),
            "coherence": round(coverage - background, 3)}


def find_emerging(texts: Sequence[str], embeddings: np.ndarray | None = None,
                  encode: Callable[[list[str]], np.ndarray] | None = None, *, distance_threshold: float = 0.6,
                  min_cluster_size: int | None = None, max_clusters: int = 8, n_keywords: int = 5,
                  n_examples: int = 3, scale: float = 1.0, min_coherence: float | None = MIN_COHERENCE
                  ) -> list[dict[str, object]]:
    """Cluster comments that no theme claimed and name the clusters.

    Args:
        texts: the unthemed comments (a sample is fine; see ``scale``).
        embeddings: L2-normalised ``(len(texts), d)`` vectors; or give ``encode`` to compute them.
        distance_threshold: cosine distance at which the average-linkage tree is cut.
        min_cluster_size: smallest cluster reported (default ``max(4, 1% of the distinct texts)``).
        scale: multiply cluster sizes by this (``total unthemed / sampled``) to estimate full-data sizes.
        min_coherence: report only clusters that are not ``generic`` and whose :func:`keyword_coherence`
            reaches this; ``None`` keeps all (for measuring).

    Returns:
        Clusters, specific ones first then generic, each largest first: ``{"label", "keywords", "size",
        "sample_size", "examples", "generic", "coherence", "coverage", "background", "centroid_similarity"}``.
        Examples are PII-masked. ``[]`` when there are too few texts.

    Raises:
        ValueError: neither ``embeddings`` nor ``encode`` given, or their lengths disagree.
    """
    from sklearn.cluster import AgglomerativeClustering

    if embeddings is None:
        if encode is None:
            raise ValueError("find_emerging needs embeddings or an encode callable")
        embeddings = encode(list(texts)) if len(texts) else np.zeros((0, 1), dtype=np.float32)
    if len(embeddings) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(embeddings)} embeddings")
    keys: dict[str, int] = {}
    first: list[int] = []
    weight: list[int] = []
    for i, t in enumerate(texts):
        k = " ".join(t.lower().split())
        if k in keys:
            weight[keys[k]] += 1
        else:
            keys[k] = len(first)
            first.append(i)
            weight.append(1)
    m = min_cluster_size or max(4, math.ceil(0.01 * len(first)))
    if len(first) < 2 * m:
        return []
    x = np.asarray(embeddings, dtype=np.float32)[first]
    uniq = [texts[i] for i in first]
    w = np.asarray(weight)
    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=distance_threshold, metric="cosine",
                                     linkage="average").fit_predict(x)
    sizes = np.bincount(labels, weights=w)
    big = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] >= m]
    if not big:
        return []
    names = c_tf_idf([" ".join(" ".join([uniq[i]] * int(w[i])) for i in np.flatnonzero(labels == c)) for c in big],
                     top_n=n_keywords)
    clusters: list[dict[str, Any]] = []
    for c, keywords in zip(big, names, strict=True):
        members = np.flatnonzero(labels == c)
        centroid = x[members].mean(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
        rel = np.zeros(len(x))
        rel[members] = x[members] @ centroid
        picks = mmr(x, rel, n_examples, lam=0.8, allowed=members.tolist())
        inside = set(members.tolist())
        stats = keyword_coherence([uniq[i] for i in members for _ in range(int(w[i]))],
                                  [uniq[i] for i in range(len(uniq)) if i not in inside for _ in range(int(w[i]))],
                                  keywords)
        top = keywords[:3]
        generic = not top or sum(all(w in GENERIC_WORDS for w in kw.split()) for kw in top) >= math.ceil(
            2 * len(top) / 3)
        if min_coherence is not None and (generic or stats["coherence"] < min_coherence):
            continue
        clusters.append({
            "label": " · ".join(keywords[:3]) if keywords else f"cluster {len(clusters) + 1}",
            "keywords": keywords,
            "size": round(float(sizes[c]) * scale),
            "sample_size": int(sizes[c]),
            "examples": [shorten(mask_pii(uniq[i]), 240) for i in picks],
            "generic": generic,
            **stats,
            "centroid_similarity": round(float(np.average(rel[members], weights=w[members])), 3),
        })
    clusters.sort(key=lambda r: (r["generic"], -int(r["size"])))
    return clusters[:max_clusters]
