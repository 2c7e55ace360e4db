"""Collect compact per-row results while a survey streams through (memory stays bounded, work is vectorised).

Per respondent only a few bytes are kept (score, sentiment code, one int8 tone code per theme, period,
segment category codes). Comment text is kept only in two small seeded samples, both drawn with numpy
over whole batches (no Python loop over rows):

* quote candidates: per theme the ``quote_pool`` mentions with the largest keys ``u ** (1 / w)``
  (``u`` uniform, ``w`` = theme confidence × a readability weight of the comment's length): weighted
  reservoir sampling (Efraimidis–Spirakis A-Res), favouring confident comments of 8–60 words;
* emerging-theme texts: ``emerging_pool`` unthemed comments of at least 4 words, a uniform sample
  without replacement (the ones with the smallest uniform keys; bottom-k sampling).

Only the texts that enter a sample are normalised and copied; the samples come back in input order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from nlp.report.batch import SENT_LABELS, ResultBatch
from nlp.report.frame import TONES, ReportData
from nlp.report.nps import GROUPS
from nlp.schema import CommentResult
from nlp.text import normalize

MIN_EMERGING_WORDS = 4
MAX_SAMPLE_CHARS = 1000
_QUOTE_FIELDS = ("key", "seq", "theme", "row", "id", "text", "evidence", "sentiment", "confidence", "score")
MAX_CONTRADICTIONS = 50
_CONTRA_FIELDS = ("row", "id", "score", "sentiment", "text")


def length_weights(n_words: np.ndarray) -> np.ndarray:
    """Readability weight of a comment by its word count: 0.05 (< 4), 0.6 (4–7), 1.0 (8–60), 0.4 (> 60)."""
    return np.select([n_words < 4, n_words < 8, n_words <= 60], [0.05, 0.6, 1.0], 0.4)


def word_counts(texts: pd.Series) -> np.ndarray:
    """Words (runs of non-space characters) per text, vectorised."""
    return texts.astype(str).str.count(r"\S+").to_numpy(dtype=np.int64)


def contradicts(scores: np.ndarray, sentiments: np.ndarray) -> np.ndarray:
    """Bool per row: the overall sentiment contradicts the score (0–3 and positive, or 9–10 and negative)."""
    s = np.asarray(scores)
    lab = np.asarray(sentiments, dtype=object)
    return ((s <= 3) & (lab == "positive")) | ((s >= 9) & (lab == "negative"))


def _sample_text(raw: object) -> str:
    return normalize(str(raw))[:MAX_SAMPLE_CHARS]


class Collector:
    """Accumulate result batches into a :class:`~nlp.report.frame.ReportData` and two bounded text samples.

    Args:
        labels: theme id → label, in taxonomy order (defines the tone columns).
        segment_names: names of the segment columns passed to :meth:`add_batch`.
        quote_pool: quote candidates kept per theme.
        emerging_pool: unthemed comments kept for clustering.
        seed: seed of both samples (a run is reproducible, whatever the chunk size).
    """

    def __init__(self, labels: Mapping[str, str], segment_names: Sequence[str] = (), *, quote_pool: int = 40,
                 emerging_pool: int = 2000, seed: int = 0) -> None:
        self.labels = dict(labels)
        self.theme_ids = list(self.labels)
        self.segment_names = list(segment_names)
        self.quote_pool = quote_pool
        self.emerging_pool = emerging_pool
        # one stream per sample, each consumed in row order: the samples do not depend on the chunk size
        self._quote_rng, self._emerging_rng = np.random.default_rng([seed, 0]), np.random.default_rng([seed, 1])
        self._parts: dict[str, list[np.ndarray]] = {k: [] for k in ("row", "score", "sent", "mixed", "tone",
                                                                     "period")}
        self._segments: dict[str, list[np.ndarray]] = {s: [] for s in self.segment_names}  # int32 codes, -1 = missing
        self._categories: dict[str, dict[str, int]] = {s: {} for s in self.segment_names}
        self._quotes: dict[str, np.ndarray] = {f: np.zeros(0, dtype=object) for f in _QUOTE_FIELDS}
        self._emerging: dict[str, np.ndarray] = {"key": np.zeros(0), "seq": np.zeros(0, np.int64),
                                                 "text": np.zeros(0, dtype=object)}
        self.emerging_seen = 0
        self._seq = 0
        self._contra: dict[str, list[object]] = {f: [] for f in _CONTRA_FIELDS}
        self._languages: Counter[str] = Counter()

    # ------------------------------------------------------------------ input
    def add(self, *, rows: Sequence[int], scores: Sequence[int], results: Sequence[CommentResult],
            texts: Sequence[object], periods: pd.Series | None = None,
            segments: pd.DataFrame | None = None, ids: Sequence[object] | None = None) -> None:
        """Add one batch of valid-score rows given as analyser results (all sequences aligned).

        Raises:
            ValueError: lengths differ, or a result names a theme outside ``labels``.
        """
        if len(results) != len(texts):
            raise ValueError(f"{len(results)} results but {len(texts)} texts")
        self.add_batch(rows=rows, scores=scores, batch=ResultBatch.from_results(results, self.theme_ids),
                       texts=pd.Series(list(texts), dtype=object), periods=periods, segments=segments,
                       ids=None if ids is None else pd.Series(list(ids), dtype=object))

    def add_batch(self, *, rows: Sequence[int] | np.ndarray, scores: Sequence[int] | np.ndarray, batch: ResultBatch,
                  texts: pd.Series, periods: pd.Series | np.ndarray | None = None,
                  segments: pd.DataFrame | None = None, ids: pd.Series | None = None) -> None:
        """Add one batch of valid-score rows: input row numbers, scores, compact results, raw comment texts,
        period starts, segment values and (optionally) respondent ids, all aligned. Ids are kept only with
        the sampled quotes and the listed contradictions.

        Raises:
            ValueError: lengths differ, a theme column is out of range, or a segment column is missing.
        """
        n = len(batch)
        if not (len(rows) == len(scores) == len(texts) == n):
            raise ValueError(f"rows/scores/results/texts lengths differ: {len(rows)}, {len(scores)}, {n}, {len(texts)}")
        if batch.n_hits and (batch.theme.min() < 0 or batch.theme.max() >= len(self.theme_ids)):
            raise ValueError("a theme column is outside the report's taxonomy")
        rows = np.asarray(rows, dtype=np.int64)
        scores = np.asarray(scores, dtype=np.int64)
        self._parts["row"].append(rows)
        self._parts["score"].append(scores.astype(np.int8))
        self._parts["sent"].append(batch.sentiment.astype(np.int8))
        self._parts["mixed"].append(batch.mixed.astype(bool))
        self._parts["tone"].append(batch.tone_matrix(len(self.theme_ids)))
        if periods is not None:
            self._parts["period"].append(np.asarray(periods, dtype="datetime64[ns]"))
        for s in self.segment_names:
            if segments is None or s not in segments:
                raise ValueError(f"segment column {s!r} missing from the batch")
            self._segments[s].append(self._codes(s, segments[s]))
        texts = texts.reset_index(drop=True)
        id_values = (ids.reset_index(drop=True).astype(object).where(ids.reset_index(drop=True).notna(), None)
                     .to_numpy(dtype=object) if ids is not None else np.full(n, None, dtype=object))
        if len(id_values) != n:
            raise ValueError(f"{len(id_values)} ids for {n} rows")
        has_text = batch.sentiment > 0
        if batch.language is not None:
            self._languages.update("unknown" if c is None else str(c) for c in batch.language[has_text])
        words = np.zeros(n, dtype=np.int64)
        if has_text.any():
            words[has_text] = word_counts(texts[has_text])
        seq = self._seq + np.arange(n, dtype=np.int64)
        self._seq += n
        self._sample_quotes(batch, texts, words, rows, scores, seq, id_values)
        self._keep_contradictions(batch, texts, rows, scores, id_values)
        unthemed = has_text & (np.diff(batch.offsets) == 0) & (words >= MIN_EMERGING_WORDS)
        self._sample_emerging(texts, np.flatnonzero(unthemed), seq)

    def _codes(self, column: str, values: pd.Series) -> np.ndarray:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        cats = self._categories[column]
        remap = np.fromiter((cats.setdefault(str(u), len(cats)) for u in uniques), dtype=np.int32,
                            count=len(uniques))
        return np.where(codes >= 0, remap[np.maximum(codes, 0)] if len(remap) else -1, -1).astype(np.int32)

    def _sample_quotes(self, batch: ResultBatch, texts: pd.Series, words: np.ndarray, rows: np.ndarray,
                       scores: np.ndarray, seq: np.ndarray, ids: np.ndarray) -> None:
        if not batch.n_hits:
            return
        hit_row = batch.hit_rows
        weight = np.maximum(batch.confidence.astype(float) * length_weights(words[hit_row]), 1e-6)
        key = self._quote_rng.random(batch.n_hits) ** (1.0 / weight)
        pool = self._quotes
        n_old = len(pool["key"])
        all_key = np.concatenate([pool["key"].astype(float), key])
        all_theme = np.concatenate([pool["theme"].astype(np.int64), batch.theme.astype(np.int64)])
        all_seq = np.concatenate([pool["seq"].astype(np.int64), seq[hit_row]])
        order = np.lexsort((all_seq, -all_key, all_theme))
        theme_sorted = all_theme[order]
        first = np.searchsorted(theme_sorted, theme_sorted, side="left")
        keep = np.sort(order[np.arange(len(order)) - first < self.quote_pool])
        old, new = keep[keep < n_old], keep[keep >= n_old] - n_old
        r = hit_row[new]
        fresh = {
            "key": key[new], "seq": seq[r], "theme": batch.theme[new], "row": rows[r], "id": ids[r],
            "text": np.array([_sample_text(t) for t in texts.iloc[r]], dtype=object),
            "evidence": np.array(batch.evidence.take(new).to_pylist(), dtype=object),
            "sentiment": np.asarray(TONES, dtype=object)[batch.tone[new]],
            "confidence": batch.confidence[new].astype(float), "score": scores[r],
        }
        self._quotes = {f: np.concatenate([pool[f][old].astype(object), np.asarray(fresh[f]).astype(object)])
                        for f in _QUOTE_FIELDS}

    def _keep_contradictions(self, batch: ResultBatch, texts: pd.Series, rows: np.ndarray, scores: np.ndarray,
                             ids: np.ndarray) -> None:
        """The first :data:`MAX_CONTRADICTIONS` comments (input order) whose sentiment contradicts the score."""
        room = MAX_CONTRADICTIONS - len(self._contra["row"])
        if room <= 0:
            return
        labels = np.asarray(SENT_LABELS, dtype=object)[batch.sentiment]
        hit = np.flatnonzero(contradicts(scores, labels))[:room]
        for f, v in (("row", rows[hit].tolist()), ("id", ids[hit].tolist()), ("score", scores[hit].tolist()),
                     ("sentiment", labels[hit].tolist()), ("text", [_sample_text(t) for t in texts.iloc[hit]])):
            self._contra[f] += v

    def _sample_emerging(self, texts: pd.Series, idx: np.ndarray, seq: np.ndarray) -> None:
        self.emerging_seen += len(idx)
        if not len(idx) or self.emerging_pool <= 0:
            return
        key = self._emerging_rng.random(len(idx))
        pool = self._emerging
        if len(pool["key"]) >= self.emerging_pool:  # only keys below the pool's largest can enter
            enter = key < pool["key"].max()
            idx, key = idx[enter], key[enter]
        if len(idx) > self.emerging_pool:
            best = np.argpartition(key, self.emerging_pool - 1)[: self.emerging_pool]
            idx, key = idx[best], key[best]
        if not len(idx):
            return
        all_key = np.concatenate([pool["key"], key])
        all_seq = np.concatenate([pool["seq"], seq[idx]])
        all_text = np.concatenate([pool["text"], np.array([_sample_text(t) for t in texts.iloc[idx]], dtype=object)])
        keep = np.argsort(all_key, kind="stable")[: self.emerging_pool]
        keep = keep[np.argsort(all_seq[keep], kind="stable")]
        self._emerging = {"key": all_key[keep], "seq": all_seq[keep], "text": all_text[keep]}

    # ------------------------------------------------------------------ merging (distributed runs)
    def merge(self, other: Collector) -> None:
        """Append ``other``, a collector of the rows that come after this one's (same labels, segments and pools),
        as the distributed engine does with the collectors its workers fill block by block.

        The per-row data (hence every report number), the language counts and the contradictions come out exactly
        as if ``other``'s batches had been added here. The two samples are merged as samples: the quote pool keeps
        per theme the ``quote_pool`` largest keys of both (A-Res samples merge exactly that way), the emerging pool
        the ``emerging_pool`` smallest; the keys come from ``other``'s own random stream, so the samples are
        reproducible for a given split into collectors, but not the ones one collector would draw.

        Raises:
            ValueError: the collectors have different themes, segments or pool sizes.
        """
        if (other.theme_ids, other.segment_names, other.quote_pool, other.emerging_pool) != \
                (self.theme_ids, self.segment_names, self.quote_pool, self.emerging_pool):
            raise ValueError("only collectors with the same themes, segments and pools can be merged")
        for name, parts in other._parts.items():
            self._parts[name] += parts
        for s in self.segment_names:
            cats = self._categories[s]
            remap = np.array([cats.setdefault(c, len(cats)) for c in other._categories[s]], dtype=np.int32)
            self._segments[s] += [np.where(codes >= 0, remap[np.maximum(codes, 0)] if len(remap) else -1, -1)
                                  .astype(np.int32) for codes in other._segments[s]]
        shift = self._seq
        self._merge_quotes(other._quotes, shift)
        ours, theirs = self._emerging, other._emerging
        key = np.concatenate([ours["key"], theirs["key"]])
        seq = np.concatenate([ours["seq"], theirs["seq"] + shift])
        text = np.concatenate([ours["text"], theirs["text"]])
        keep = np.argsort(key, kind="stable")[: self.emerging_pool]
        keep = keep[np.argsort(seq[keep], kind="stable")]
        self._emerging = {"key": key[keep], "seq": seq[keep], "text": text[keep]}
        self.emerging_seen += other.emerging_seen
        self._seq += other._seq
        room = MAX_CONTRADICTIONS - len(self._contra["row"])
        for f in _CONTRA_FIELDS:
            self._contra[f] += other._contra[f][: max(room, 0)]
        self._languages.update(other._languages)

    def _merge_quotes(self, theirs: dict[str, np.ndarray], shift: int) -> None:
        pool = {f: np.concatenate([self._quotes[f].astype(object), theirs[f].astype(object)]) for f in _QUOTE_FIELDS}
        n_ours = len(self._quotes["key"])
        seq = pool["seq"].astype(np.int64)
        seq[n_ours:] += shift
        pool["seq"] = seq.astype(object)
        theme = pool["theme"].astype(np.int64)
        order = np.lexsort((seq, -pool["key"].astype(float), theme))
        theme_sorted = theme[order]
        first = np.searchsorted(theme_sorted, theme_sorted, side="left")
        keep = np.sort(order[np.arange(len(order)) - first < self.quote_pool])
        self._quotes = {f: pool[f][keep] for f in _QUOTE_FIELDS}

    # ------------------------------------------------------------------ results
    def data(self) -> ReportData:
        """Everything added so far as one :class:`ReportData`."""
        def cat(key: str, dtype: type) -> np.ndarray:
            parts = self._parts[key]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        scores = cat("score", np.int8).astype(np.int64)
        n = len(scores)
        periods = self._parts["period"]
        sent = cat("sent", np.int8)
        rows = pd.DataFrame({  # labels as categoricals: a byte per row, no string per row
            "row": cat("row", np.int64),
            "score": scores,
            "group": pd.Categorical.from_codes(np.where(scores >= 9, 0, np.where(scores >= 7, 1, 2)),
                                               categories=pd.Index(GROUPS, dtype=object)),
            "has_text": sent > 0,
            "sentiment": pd.Categorical.from_codes(sent, categories=pd.Index(SENT_LABELS, dtype=object)),
            "mixed": cat("mixed", bool),
            "period": (pd.Series(np.concatenate(periods)) if periods and sum(map(len, periods)) == n
                       else pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")),
        })
        tone_parts = self._parts["tone"]
        tone = np.concatenate(tone_parts) if tone_parts else np.zeros((0, len(self.labels)), dtype=np.int8)
        segs = pd.DataFrame({
            s: pd.Categorical.from_codes(np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32),
                                         categories=pd.Index(list(self._categories[s]), dtype=object))
            for s, parts in self._segments.items()}, index=rows.index)
        return ReportData(rows, pd.DataFrame(tone, columns=self.theme_ids), self.labels, segs,
                          dict(self._languages.most_common()))

    def quote_candidates(self) -> pd.DataFrame:
        """Sampled quote candidates, per theme in taxonomy order then input order:
        ``theme, row, id, text, evidence, sentiment, confidence, score`` (text normalised, not masked; ``id`` is
        ``None`` without ids)."""
        q = self._quotes
        order = np.lexsort((q["seq"].astype(np.int64), q["theme"].astype(np.int64)))
        ids = np.asarray(self.theme_ids, dtype=object)
        return pd.DataFrame({
            "theme": ids[q["theme"][order].astype(np.int64)] if len(order) else np.zeros(0, dtype=object),
            "row": q["row"][order].astype(np.int64), "id": q["id"][order], "text": q["text"][order],
            "evidence": q["evidence"][order],
            "sentiment": q["sentiment"][order], "confidence": q["confidence"][order].astype(float),
            "score": q["score"][order].astype(np.int64),
        }, columns=["theme", "row", "id", "text", "evidence", "sentiment", "confidence", "score"])

    def contradictions(self) -> pd.DataFrame:
        """The first :data:`MAX_CONTRADICTIONS` comments whose sentiment contradicts the score (0–3 and positive,
        9–10 and negative), in input order: ``row, id, score, sentiment, text`` (text normalised, not masked)."""
        return pd.DataFrame({f: pd.Series(v, dtype=object) for f, v in self._contra.items()},
                            columns=list(_CONTRA_FIELDS))

    def emerging_sample(self) -> list[str]:
        """Sampled unthemed comments (≥ 4 words) in input order; :attr:`emerging_seen` says how many there were."""
        return [str(t) for t in self._emerging["text"]]
