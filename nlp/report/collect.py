"""Collect compact per-row results while a survey streams through the analyzer (memory stays bounded).

Per respondent only a few bytes are kept (score, sentiment code, theme tone codes, period, segment
category codes). Comment text is kept only in two small seeded samples: quote candidates per theme
(weighted reservoir sampling, favouring confident, readable comments) and unthemed comments for
emerging-theme clustering (uniform reservoir sampling).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from nlp.report.frame import TONE_CODE, ReportData
from nlp.report.nps import nps_groups
from nlp.schema import SENTIMENTS, CommentResult
from nlp.text import normalize

MIN_EMERGING_WORDS = 4
_SENT_CODE = {s: i + 1 for i, s in enumerate(SENTIMENTS)}


def _length_weight(n_words: int) -> float:
    if n_words < 4:
        return 0.05
    if n_words < 8:
        return 0.6
    return 1.0 if n_words <= 60 else 0.4


class Collector:
    """Accumulate :class:`~nlp.schema.CommentResult` batches into a :class:`~nlp.report.frame.ReportData`.

    Args:
        labels: theme id → label, in taxonomy order (defines the tone columns).
        segment_names: names of the segment columns passed to :meth:`add`.
        quote_pool: quote candidates kept per theme.
        emerging_pool: unthemed comments kept for clustering.
    """

    def __init__(self, labels: Mapping[str, str], segment_names: Sequence[str] = (), *, quote_pool: int = 40,
                 emerging_pool: int = 2000, seed: int = 0) -> None:
        self.labels = dict(labels)
        self.segment_names = list(segment_names)
        self.quote_pool = quote_pool
        self.emerging_pool = emerging_pool
        self._col = {t: j for j, t in enumerate(self.labels)}
        self._rng = random.Random(seed)
        self._parts: dict[str, list[np.ndarray]] = {k: [] for k in ("row", "score", "has_text", "sent", "mixed",
                                                                     "tone")}
        self._periods: list[pd.Series] = []
        self._segments: dict[str, list[np.ndarray]] = {s: [] for s in self.segment_names}  # int32 codes, -1 = missing
        self._categories: dict[str, dict[str, int]] = {s: {} for s in self.segment_names}
        self._quotes: dict[str, list[tuple[float, int, dict[str, object]]]] = {t: [] for t in self.labels}
        self._emerging: list[str] = []
        self.emerging_seen = 0
        self._seq = 0

    def add(self, *, rows: Sequence[int], scores: Sequence[int], results: Sequence[CommentResult],
            texts: Sequence[object], periods: pd.Series | None = None,
            segments: pd.DataFrame | None = None) -> None:
        """Add one batch of valid-score rows (all sequences aligned).

        Raises:
            ValueError: lengths differ, or a result names a theme outside ``labels``.
        """
        n = len(results)
        if not (len(rows) == len(scores) == len(texts) == n):
            raise ValueError(f"rows/scores/results/texts lengths differ: {len(rows)}, {len(scores)}, {n}, {len(texts)}")
        tone = np.zeros((n, len(self.labels)), dtype=np.int8)
        sent = np.zeros(n, dtype=np.int8)
        mixed = np.zeros(n, dtype=bool)
        has_text = np.zeros(n, dtype=bool)
        for i, res in enumerate(results):
            if res.sentiment is None:
                continue
            has_text[i] = True
            sent[i] = _SENT_CODE[res.sentiment.label]
            mixed[i] = res.sentiment.mixed
            for hit in res.themes:
                if hit.id not in self._col:
                    raise ValueError(f"theme {hit.id!r} is not in the report's taxonomy")
                tone[i, self._col[hit.id]] = TONE_CODE[hit.sentiment]
            self._sample(int(rows[i]), int(scores[i]), res, texts[i])
        self._parts["row"].append(np.asarray(rows, dtype=np.int64))
        self._parts["score"].append(np.asarray(scores, dtype=np.int8))
        self._parts["has_text"].append(has_text)
        self._parts["sent"].append(sent)
        self._parts["mixed"].append(mixed)
        self._parts["tone"].append(tone)
        if periods is not None:
            self._periods.append(pd.Series(np.asarray(periods, dtype="datetime64[ns]")))
        for s in self.segment_names:
            if segments is None or s not in segments:
                raise ValueError(f"segment column {s!r} missing from the batch")
            self._segments[s].append(self._codes(s, segments[s]))

    def _codes(self, column: str, values: pd.Series) -> np.ndarray:
        cats = self._categories[column]
        return np.fromiter((-1 if pd.isna(v) else cats.setdefault(str(v), len(cats)) for v in values),
                           dtype=np.int32, count=len(values))

    def _sample(self, row: int, score: int, res: CommentResult, raw: object) -> None:
        text = normalize(str(raw))
        n_words = len(text.split())
        if not res.themes:
            if n_words >= MIN_EMERGING_WORDS:
                self.emerging_seen += 1
                if len(self._emerging) < self.emerging_pool:
                    self._emerging.append(text[:1000])
                else:
                    j = self._rng.randrange(self.emerging_seen)
                    if j < self.emerging_pool:
                        self._emerging[j] = text[:1000]
            return
        lw = _length_weight(n_words)
        for hit in res.themes:
            key = self._rng.random() ** (1.0 / max(hit.confidence * lw, 1e-6))
            heap = self._quotes[hit.id]
            if len(heap) >= self.quote_pool and key <= heap[0][0]:
                continue
            item = {"theme": hit.id, "row": row, "text": text[:1000], "evidence": hit.evidence,
                    "sentiment": hit.sentiment, "confidence": hit.confidence, "score": score}
            self._seq += 1
            if len(heap) < self.quote_pool:
                heapq.heappush(heap, (key, self._seq, item))
            else:
                heapq.heapreplace(heap, (key, self._seq, item))

    # ------------------------------------------------------------------ results
    def data(self) -> ReportData:
        """Everything added so far as one :class:`ReportData`."""
        def cat(key: str, dtype: type) -> np.ndarray:
            parts = self._parts[key]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        scores = cat("score", np.int8).astype(np.int64)
        n = len(scores)
        rows = pd.DataFrame({
            "row": cat("row", np.int64),
            "score": scores,
            "group": nps_groups(scores).to_numpy(),
            "has_text": cat("has_text", bool),
            "sentiment": np.array(("", *SENTIMENTS), dtype=object)[cat("sent", np.int8)],
            "mixed": cat("mixed", bool),
            "period": (pd.concat(self._periods, ignore_index=True) if self._periods
                       else pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")),
        })
        tone_parts = self._parts["tone"]
        tone = np.concatenate(tone_parts) if tone_parts else np.zeros((0, len(self.labels)), dtype=np.int8)
        segs = pd.DataFrame({
            s: pd.Categorical.from_codes(np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32),
                                         categories=pd.Index(list(self._categories[s]), dtype=object))
            for s, parts in self._segments.items()}, index=rows.index)
        return ReportData(rows, pd.DataFrame(tone, columns=list(self.labels)), self.labels, segs)

    def quote_candidates(self) -> pd.DataFrame:
        """Sampled quote candidates: ``theme, row, text, evidence, sentiment, confidence, score`` (raw text)."""
        items = [it for heap in self._quotes.values() for _, _, it in sorted(heap, key=lambda h: h[1])]
        return pd.DataFrame(items, columns=["theme", "row", "text", "evidence", "sentiment", "confidence", "score"])

    def emerging_sample(self) -> list[str]:
        """Sampled unthemed comments (≥ 4 words); :attr:`emerging_seen` says how many there were in all."""
        return list(self._emerging)
