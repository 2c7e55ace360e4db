"""``analyze --engine ray --classified``: each worker reads only the classified rows of its own survey chunk.

That needs random access by row, which a classify folder output (its manifest says which part holds which rows)
and a Parquet file (its row groups) give; a JSONL or CSV file does not (use the local engine for those). The
survey and the classified rows are lined up by row number — the ``row`` values are checked — and, with
``--id-column``, their ids must also be equal row by row (the local engine's join by id also accepts a reordered
file; the Ray engine does not).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from batch.results.join import _id_strings, check_texts
from batch.results.reader import HINT, ClassifiedChunk, read_classified, results_from_arrow
from batch.results.schema import COLUMNS
from batch.tables import detect_format
from nlp.errors import InputFileError
from nlp.report.batch import ResultBatch


def classified_rows(path: str) -> int:
    """Rows of a classify folder output (its manifest) or Parquet file (its footer).

    Raises:
        InputFileError: another kind of file, or an unreadable one.
    """
    from batch.ray_sink import read_manifest

    p = Path(path)
    if p.is_dir():
        return int(read_manifest(path)["rows"])
    if not p.is_file():
        raise InputFileError(f"classified file not found: {path}")
    if detect_format(path) != "parquet":
        raise InputFileError(f"analyze --engine ray reads a classify folder output or a Parquet file as --classified "
                             f"(it needs random access by row); {path} is {detect_format(path)}: use the local engine, "
                             "or classify into a folder (-o results/ --engine ray)")
    import pyarrow.parquet as pq

    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (pa.ArrowInvalid, OSError) as err:
        raise InputFileError(f"{path}: not a Parquet file ({err})") from None


def _parquet_range(path: str, theme_ids: list[str], start: int, stop: int) -> list[ClassifiedChunk]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    cols = [c for c in (*COLUMNS, "language") if c in pf.schema_arrow.names]
    out, offset = [], 0
    for g in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        if offset < stop and offset + n > start:
            for batch in pf.read_row_group(g, columns=cols).to_batches():
                chunk = results_from_arrow(batch, theme_ids, path)
                lo, hi = max(start - offset, 0), min(stop - offset, len(chunk))
                if hi > lo:
                    out.append(chunk.slice(lo, hi))
                offset += len(chunk)
        else:
            offset += n
    return out


class RangeSource:
    """The classified results of any row range, for :class:`batch.ray_analyze.AnalyzeUnits` (no model). Keeps the
    last part it read, as consecutive chunks usually fall in the same part."""

    def __init__(self, path: str, theme_ids: list[str], by_id: bool) -> None:
        self.path, self.theme_ids, self.by_id = path, theme_ids, by_id
        self._cached: tuple[str, list[ClassifiedChunk]] | None = None

    def _part(self, name: str) -> list[ClassifiedChunk]:
        if self._cached is None or self._cached[0] != name:
            self._cached = (name, list(read_classified(name, self.theme_ids, chunksize=50_000)))
        return self._cached[1]

    def _range(self, start: int, stop: int) -> list[ClassifiedChunk]:
        from batch.ray_sink import read_manifest

        if not Path(self.path).is_dir():
            return _parquet_range(self.path, self.theme_ids, start, stop)
        out = []
        for part in read_manifest(self.path)["files"]:
            first, n = int(part["first_row"]), int(part["rows"])
            if first < stop and first + n > start:
                offset = first
                for chunk in self._part(str(Path(self.path) / part["path"])):
                    lo, hi = max(start - offset, 0), min(stop - offset, len(chunk))
                    if hi > lo:
                        out.append(chunk.slice(lo, hi))
                    offset += len(chunk)
        return out

    def results(self, texts: pd.Series, good: np.ndarray, first_row: int, ids: pd.Series | None) -> ResultBatch:
        n = len(texts)
        parts = self._range(first_row, first_row + n)
        rows = np.concatenate([c.rows for c in parts]) if parts else np.zeros(0, np.int64)
        if len(rows) < n:
            raise InputFileError(f"{self.path} has {first_row + len(rows):,} rows but the survey has more: it does "
                                 f"not belong to this survey ({HINT})")
        off = np.flatnonzero(rows != np.arange(first_row, first_row + n))
        if len(off):
            i = int(off[0])
            raise InputFileError(f"{self.path}: row {first_row + i} is numbered {int(rows[i])}: rows are reordered "
                                 f"or filtered (analyze it with the local engine, or {HINT})")
        every = ResultBatch.concat([c.results for c in parts])
        if self.by_id and ids is not None:
            ours = _id_strings(ids).to_numpy(dtype=object)
            theirs = pa.concat_arrays([c.ids for c in parts]).to_numpy(zero_copy_only=False).astype(object)
            bad = np.flatnonzero(ours != theirs)
            if len(bad):
                i = int(bad[0])
                raise InputFileError(f"survey row {first_row + i} has id {ours[i]!r} but {self.path} has "
                                     f"{theirs[i]!r} there: --engine ray joins by row and checks the ids (analyze "
                                     "a reordered file with the local engine)")
        check_texts(texts, every, first_row, self.path)
        return every.take(good)

    def finish(self) -> None:
        return None

    def encode(self, texts: Any) -> None:
        return None
