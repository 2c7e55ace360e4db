"""Where ``npslens analyze`` gets each row's analysis: the live model, or a file ``npslens classify`` wrote.

Both hand the same compact :class:`~nlp.report.batch.ResultBatch` per survey chunk to the aggregation, so
the report does not depend on which one ran (only the quote and emerging-theme vectors do: without the
model there is no sentence encoder, so they fall back to TF-IDF vectors).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from nlp.errors import ModelNotFoundError
from nlp.report.batch import ResultBatch
from nlp.taxonomy import Taxonomy, load_taxonomy


class ResultSource(Protocol):
    """Per-row results for the survey's chunks, in order."""

    taxonomy: Taxonomy
    taxonomy_source: str  # "model" or "file"
    model_info: dict[str, str]
    meta: dict[str, Any]  # extra report metadata

    def results(self, texts: pd.Series, good: np.ndarray, first_row: int, ids: pd.Series | None) -> ResultBatch:
        """Results of ``texts.iloc[good]`` (the chunk's rows with a valid score); the chunk starts at ``first_row``."""
        ...

    def finish(self) -> None:
        """Called after the last chunk (a classified file checks that none of its rows is left over)."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray | None:
        """Sentence embeddings for quotes and emerging themes, or ``None`` (TF-IDF is used instead)."""
        ...


class LiveSource:
    """Classify each chunk with the model (:class:`nlp.pipeline.Analyzer`, imported only here)."""

    chunk_rows = 2000

    def __init__(self, model: str | None, taxonomy: Path | None, batch_size: int, backend: str | None = None) -> None:
        from nlp.pipeline import Analyzer

        self._tax = load_taxonomy(taxonomy) if taxonomy else None  # validate before the (slower) model load
        self.analyzer = Analyzer.load(model, backend=backend)
        self.taxonomy = self._tax or self.analyzer.taxonomy
        self.taxonomy_source = "file" if self._tax else "model"
        self.model_info = self.analyzer.model_info
        self.meta: dict[str, Any] = {}
        fit = self.analyzer.fit_folder(self._tax) if self._tax else None
        if fit is not None:  # the taxonomy fit (npslens taxonomy fit) the few-shot head reads
            self.meta["taxonomy_fit"] = fit.name
        self._ids = self.taxonomy.ids
        self._batch_size = batch_size

    def results(self, texts: pd.Series, good: np.ndarray, first_row: int, ids: pd.Series | None) -> ResultBatch:
        batch = texts.iloc[good].tolist()
        res = list(self.analyzer.pipe(batch, taxonomy=self._tax, batch_size=self._batch_size))
        return ResultBatch.from_results(res, self._ids)

    def finish(self) -> None:
        return None

    def encode(self, texts: Sequence[str]) -> np.ndarray | None:
        return self.analyzer.encoder.encode(list(texts))


class ClassifiedSource:
    """Read the results from a classified file (:mod:`batch.results.reader`): no model is loaded.

    The themes are ``--taxonomy`` when given, else the taxonomy of ``--model`` (default: the champion), read
    from its folder's ``taxonomy.yaml``; the report's ``model`` block names that model (``unknown`` when
    ``--taxonomy`` is given and no model can be found). Joined by id with ``--id-column``, else by row order.
    """

    chunk_rows = 20_000

    def __init__(self, path: str, *, model: str | None, taxonomy: Path | None, by_id: bool) -> None:
        from batch.results.join import check_texts, open_join
        from nlp.artifacts.folder import model_identity

        tax = load_taxonomy(taxonomy) if taxonomy else None
        try:
            info, model_tax = model_identity(model)
        except ModelNotFoundError:
            if tax is None:
                raise
            info, model_tax = {"name": "unknown", "version": "0"}, tax
        self.taxonomy = tax or model_tax
        self.taxonomy_source = "file" if tax else "model"
        self.model_info = info
        self.meta = {"classified": Path(path).name, "join": "id" if by_id else "row order"}
        self.path = path
        self._check_texts = check_texts
        self._join = open_join(path, self.taxonomy.ids, by_id=by_id)

    def results(self, texts: pd.Series, good: np.ndarray, first_row: int, ids: pd.Series | None) -> ResultBatch:
        every = self._join.take(first_row, len(texts), ids)
        self._check_texts(texts, every, first_row, self.path)
        return every.take(good)

    def finish(self) -> None:
        self._join.finish()

    def encode(self, texts: Sequence[str]) -> np.ndarray | None:
        return None


def open_source(*, classified: str | None, model: str | None, taxonomy: Path | None, by_id: bool,
                batch_size: int, backend: str | None = None) -> ResultSource:
    """The classified file when given, else the model."""
    if classified:
        return ClassifiedSource(classified, model=model, taxonomy=taxonomy, by_id=by_id)
    return LiveSource(model, taxonomy, batch_size, backend)
