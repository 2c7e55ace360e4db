"""Per-row analysis results of one chunk in compact columnar form.

A :class:`ResultBatch` is what a *source of results* hands to the aggregation: the live analyser
(:meth:`ResultBatch.from_results` turns its :class:`~nlp.schema.CommentResult` objects into arrays) or a
classified file written by ``npslens classify`` (:mod:`batch.results.reader` builds the arrays straight from
Arrow, without a Python object per row). Everything downstream — :class:`~nlp.report.collect.Collector`,
the ``comments.csv`` columns — works on whole arrays.

Layout: per row the overall sentiment code, the mixed flag and the skip reason; theme mentions ("hits")
are stored row by row in CSR form: the hits of row ``i`` are ``offsets[i]:offsets[i + 1]`` of ``theme``
(column in the report's theme list), ``tone`` (:data:`~nlp.report.frame.TONE_CODE`), ``confidence`` and
``evidence`` (an Arrow string array, so a large batch does not hold a Python string per hit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nlp.report.frame import TONE_CODE, TONES
from nlp.schema import SENTIMENTS, CommentResult

SENT_CODE: dict[str, int] = {s: i + 1 for i, s in enumerate(SENTIMENTS)}  # 0 = not analysed
SENT_LABELS: tuple[str, ...] = ("", *SENTIMENTS)


@dataclass
class ResultBatch:
    """Compact results of ``n`` rows (see the module docstring for the layout)."""

    sentiment: np.ndarray  # int8 (n,): 0 = not analysed, else 1 + index in SENTIMENTS
    mixed: np.ndarray  # bool (n,)
    skipped: np.ndarray  # object (n,): None or the skip reason ("empty", "not_text")
    offsets: np.ndarray  # int64 (n + 1,)
    theme: np.ndarray  # int32 (hits,): column in the report's theme list
    tone: np.ndarray  # int8 (hits,): TONE_CODE of the theme's sentiment
    confidence: np.ndarray  # float32 (hits,)
    evidence: pa.Array  # string (hits,)
    language: np.ndarray | None = None  # object (n,): ISO 639-1 code or None; None when the source has no languages

    def __len__(self) -> int:
        return len(self.sentiment)

    @property
    def n_hits(self) -> int:
        return len(self.theme)

    @property
    def hit_rows(self) -> np.ndarray:
        """Row (0-based, within the batch) of every hit."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.offsets))

    def tone_matrix(self, n_themes: int) -> np.ndarray:
        """Dense int8 ``(n, n_themes)`` tone codes (0 = not mentioned)."""
        out = np.zeros((len(self), n_themes), dtype=np.int8)
        out[self.hit_rows, self.theme] = self.tone
        return out

    @classmethod
    def empty(cls) -> ResultBatch:
        return cls(np.zeros(0, np.int8), np.zeros(0, bool), np.zeros(0, object), np.zeros(1, np.int64),
                   np.zeros(0, np.int32), np.zeros(0, np.int8), np.zeros(0, np.float32), pa.array([], pa.string()))

    @classmethod
    def from_results(cls, results: Sequence[CommentResult], theme_ids: Sequence[str]) -> ResultBatch:
        """Convert the analyser's results (one Python loop over the rows: the analyser made one object each).

        Raises:
            ValueError: a result names a theme outside ``theme_ids``.
        """
        col = {t: j for j, t in enumerate(theme_ids)}
        n = len(results)
        sent = np.zeros(n, dtype=np.int8)
        mixed = np.zeros(n, dtype=bool)
        skipped = np.full(n, None, dtype=object)
        language = np.full(n, None, dtype=object)
        counts = np.zeros(n, dtype=np.int64)
        theme: list[int] = []
        tone: list[int] = []
        conf: list[float] = []
        evidence: list[str] = []
        for i, res in enumerate(results):
            skipped[i] = res.skipped
            language[i] = res.language
            if res.sentiment is None:
                continue
            sent[i] = SENT_CODE[res.sentiment.label]
            mixed[i] = res.sentiment.mixed
            counts[i] = len(res.themes)
            for hit in res.themes:
                j = col.get(hit.id)
                if j is None:
                    raise ValueError(f"theme {hit.id!r} is not in the report's taxonomy")
                theme.append(j)
                tone.append(TONE_CODE[hit.sentiment])
                conf.append(hit.confidence)
                evidence.append(hit.evidence)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(sent, mixed, skipped, offsets, np.asarray(theme, dtype=np.int32), np.asarray(tone, dtype=np.int8),
                   np.asarray(conf, dtype=np.float32), pa.array(evidence, pa.string()), language)

    # ------------------------------------------------------------------ selection
    def take(self, index: np.ndarray) -> ResultBatch:
        """The rows at ``index`` (any order, repeats allowed), hits carried along."""
        index = np.asarray(index, dtype=np.int64)
        starts, ends = self.offsets[index], self.offsets[index + 1]
        lengths = ends - starts
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        # hit positions: for each taken row, starts[r] .. ends[r]
        hits = np.repeat(starts - offsets[:-1], lengths) + np.arange(int(offsets[-1]), dtype=np.int64)
        return ResultBatch(self.sentiment[index], self.mixed[index], self.skipped[index], offsets,
                           self.theme[hits], self.tone[hits], self.confidence[hits],
                           self.evidence.take(pa.array(hits, pa.int64())),
                           None if self.language is None else self.language[index])

    def slice(self, start: int, stop: int) -> ResultBatch:
        a, b = int(self.offsets[start]), int(self.offsets[stop])
        return ResultBatch(self.sentiment[start:stop], self.mixed[start:stop], self.skipped[start:stop],
                           self.offsets[start:stop + 1] - a, self.theme[a:b], self.tone[a:b], self.confidence[a:b],
                           self.evidence.slice(a, b - a), None if self.language is None else self.language[start:stop])

    @staticmethod
    def concat(batches: Sequence[ResultBatch]) -> ResultBatch:
        if not batches:
            return ResultBatch.empty()
        if len(batches) == 1:
            return batches[0]
        ends = np.cumsum([b.offsets[-1] for b in batches])
        offsets = np.concatenate([[0], *[b.offsets[1:] + (ends[i - 1] if i else 0) for i, b in enumerate(batches)]])
        return ResultBatch(np.concatenate([b.sentiment for b in batches]), np.concatenate([b.mixed for b in batches]),
                           np.concatenate([b.skipped for b in batches]), offsets.astype(np.int64),
                           np.concatenate([b.theme for b in batches]), np.concatenate([b.tone for b in batches]),
                           np.concatenate([b.confidence for b in batches]),
                           pa.concat_arrays([b.evidence.cast(pa.string()) for b in batches]),
                           None if all(b.language is None for b in batches) else np.concatenate(
                               [b.language if b.language is not None else np.full(len(b), None, dtype=object)
                                for b in batches]))

    # ------------------------------------------------------------------ comments.csv columns
    def output_columns(self, theme_ids: Sequence[str]) -> dict[str, list[object]]:
        """``sentiment, mixed, themes, theme_sentiments, skipped`` per row as in ``comments.csv``
        (``None`` where empty); the ``;``-joins run in Arrow, not in a Python loop."""
        analysed = self.sentiment > 0
        labels = np.array(SENT_LABELS, dtype=object)[self.sentiment]
        ids = np.asarray(theme_ids, dtype=object)[self.theme]
        tones = np.asarray(TONES, dtype=object)[self.tone]
        offsets = pa.array(self.offsets, pa.int64())
        none = np.full(len(analysed), None, dtype=object)
        flat_ids = pa.array(ids, pa.string())
        themes = pc.binary_join(pa.LargeListArray.from_arrays(offsets, flat_ids), ";")
        pairs = pc.binary_join_element_wise(flat_ids, pa.array(tones, pa.string()), ":")
        theme_sents = pc.binary_join(pa.LargeListArray.from_arrays(offsets, pairs), ";")
        return {
            "sentiment": np.where(analysed, labels, none).tolist(),
            "mixed": np.where(analysed, self.mixed, none).tolist(),
            "themes": themes.to_pylist(),
            "theme_sentiments": theme_sents.to_pylist(),
            "skipped": self.skipped.tolist(),
        }
