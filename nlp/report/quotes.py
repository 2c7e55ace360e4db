"""Quotes: what customers actually said, chosen to be representative *and* diverse, with PII masked.

Selection is maximal marginal relevance (MMR): each pick maximises
``λ · relevance − (1 − λ) · max similarity to the quotes already picked``, where relevance is closeness
to the centre of the candidates (typical, not odd) blended with the theme's confidence. Slots are shared
out between sentiments in proportion to how the theme is mentioned, so a mostly-negative theme gets
mostly negative quotes but not only them. Vectors are sentence embeddings when given, TF-IDF otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CARD = re.compile(r"(?<![\w])(?:\d[ -]?){12,18}\d(?![\w])")
_PHONE = re.compile(r"(?<![\w@])\+?\(?\d[\d\s().-]{5,}\d(?![\w])")
_DATE_LIKE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$")
MAX_QUOTE_CHARS = 320


def mask_pii(text: str) -> str:
    """Replace e-mail addresses, card-like numbers (13–19 digits) and phone numbers (8–15 digits).

    >>> mask_pii("mail jo@ex.com or call +44 7700 900123, card 4111 1111 1111 1111")
    'mail [email] or call [phone], card [card number]'
    """
    text = _EMAIL.sub("[email]", text)
    text = _CARD.sub("[card number]", text)

    def phone(m: re.Match[str]) -> str:
        s = m.group(0)
        digits = sum(ch.isdigit() for ch in s)
        if 8 <= digits <= 15 and not _DATE_LIKE.match(s.strip()):
            return "[phone]"
        return s

    return _PHONE.sub(phone, text)


def shorten(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """Cut at a word boundary and add an ellipsis when longer than ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def text_vectors(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised TF-IDF vectors (dense), the fallback when no sentence embeddings are given."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # empty vocabulary: only stop words
        return np.eye(len(texts), dtype=np.float32)
    return np.asarray(x.todense(), dtype=np.float32)


def mmr(vectors: np.ndarray, relevance: np.ndarray, k: int, *, lam: float = 0.7,
        chosen: Sequence[int] = (), allowed: Sequence[int] | None = None) -> list[int]:
    """Maximal marginal relevance: up to ``k`` new indices from ``allowed`` (default all), in pick order.

    ``vectors`` are L2-normalised rows; ``chosen`` are indices already picked (they count for diversity).
    """
    pool = list(range(len(vectors))) if allowed is None else list(allowed)
    picked: list[int] = []
    taken = list(chosen)
    while pool and len(picked) < k:
        if taken:
            sim = vectors[pool] @ vectors[taken].T
            penalty = sim.max(axis=1)
        else:
            penalty = np.zeros(len(pool))
        score = lam * relevance[pool] - (1 - lam) * penalty
        best = pool[int(np.argmax(score))]
        picked.append(best)
        taken.append(best)
        pool.remove(best)
    return picked


def allocate(counts: Mapping[str, int], k: int) -> dict[str, int]:
    """Share ``k`` slots between buckets in proportion to ``counts`` (largest remainder; the biggest bucket
    gets at least one)."""
    total = sum(v for v in counts.values() if v > 0)
    if total == 0 or k <= 0:
        return {}
    exact = {b: k * v / total for b, v in counts.items() if v > 0}
    out = {b: int(x) for b, x in exact.items()}
    for b in sorted(exact, key=lambda b: (-(exact[b] - out[b]), -counts[b])):
        if sum(out.values()) >= k:
            break
        out[b] += 1
    top = max(exact, key=lambda b: counts[b])
    if out[top] == 0:
        donor = max(out, key=lambda b: out[b])
        out[donor] -= 1
        out[top] += 1
    return {b: v for b, v in out.items() if v > 0}


def select_quotes(candidates: pd.DataFrame, *, k: int = 3, embeddings: np.ndarray | None = None,
                  tone_counts: Mapping[str, int] | None = None, lam: float = 0.7) -> pd.DataFrame:
    """Pick ``k`` representative, diverse quotes for one theme.

    Args:
        candidates: columns ``row, text, sentiment`` (the theme's tone in that comment) and optionally
            ``confidence`` (0–1) and ``score``. Texts are used as given; mask them with :func:`mask_pii`.
        embeddings: L2-normalised vectors aligned with ``candidates`` (else TF-IDF of the texts).
        tone_counts: how often the theme is mentioned with each sentiment overall (default: in candidates).

    Returns:
        The chosen rows of ``candidates`` (duplicates of the same text removed), dominant sentiment first.
    """
    if candidates.empty or k <= 0:
        return candidates.iloc[:0]
    key = candidates["text"].astype(str).str.lower().str.replace(r"\W+", " ", regex=True).str.strip()
    first = ~key.duplicated()
    cand = candidates[first.to_numpy()].reset_index(drop=True)
    vec = embeddings[first.to_numpy()] if embeddings is not None else text_vectors(cand["text"].astype(str).tolist())
    centroid = vec.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    typical = vec @ (centroid / norm) if norm > 0 else np.zeros(len(cand))
    conf = cand["confidence"].to_numpy(dtype=float) if "confidence" in cand else np.ones(len(cand))
    relevance = 0.8 * typical + 0.2 * conf
    tones = cand["sentiment"].astype(str)
    counts = dict(tone_counts) if tone_counts else tones.value_counts().to_dict()
    counts = {t: int(v) for t, v in counts.items() if (tones == t).any()}
    slots = allocate(counts, min(k, len(cand)))
    chosen: list[int] = []
    for tone in sorted(slots, key=lambda t: -counts[t]):
        allowed = np.flatnonzero((tones == tone).to_numpy()).tolist()
        chosen += mmr(vec, relevance, slots[tone], lam=lam, chosen=chosen, allowed=allowed)
    if len(chosen) < min(k, len(cand)):
        chosen += mmr(vec, relevance, min(k, len(cand)) - len(chosen), lam=lam, chosen=chosen,
                      allowed=[i for i in range(len(cand)) if i not in chosen])
    return cand.iloc[chosen].reset_index(drop=True)


def strongest_quotes(candidates: pd.DataFrame, *, k: int = 3) -> pd.DataFrame:
    """The ``k`` strongest complaints of one theme: negative (or mixed) mentions, lowest score first, then the
    most confident, then the longest (more to read); one per distinct text.

    Args:
        candidates: columns ``row, text, sentiment, score`` and optionally ``confidence``.
    """
    if candidates.empty or k <= 0:
        return candidates.iloc[:0]
    neg = candidates[candidates["sentiment"].astype(str).isin(["negative", "conflict"]).to_numpy()]
    if neg.empty:
        return neg
    key = neg["text"].astype(str).str.lower().str.replace(r"\W+", " ", regex=True).str.strip()
    neg = neg[~key.duplicated().to_numpy()]
    conf = neg["confidence"].astype(float) if "confidence" in neg else pd.Series(1.0, index=neg.index)
    order = pd.DataFrame({"score": neg["score"].astype(int), "conf": -conf,
                          "len": -neg["text"].astype(str).str.len(), "row": neg["row"]})
    idx = order.sort_values(["score", "conf", "len", "row"], kind="stable").index[:k]
    return neg.loc[idx].reset_index(drop=True)
