"""Line up a classified file (:mod:`batch.results.reader`) with the survey it came from.

* by row order (default): the classified file's ``row`` must run 0, 1, 2 … in step with the survey's data
  rows, and both must have the same number of rows (streamed, nothing is held);
* by id (``--id-column``): every survey row's id must be in the classified file exactly once and vice versa
  (the classified results are held in compact form, a hash index on the ids finds each survey row's one).

Any mismatch is an :class:`~nlp.errors.InputFileError` that says which row and what to do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from batch.results.reader import HINT, ClassifiedChunk, read_classified
from nlp.errors import InputFileError
from nlp.report.batch import ResultBatch


class Join(Protocol):
    def take(self, first_row: int, n: int, survey_ids: pd.Series | None) -> ResultBatch: ...

    def finish(self) -> None: ...


def _id_strings(values: pd.Series) -> pd.Series:
    """Survey ids as the strings ``npslens classify`` writes (``str(value)``; missing → ``None``)."""
    s = values.reset_index(drop=True)
    na = s.isna().to_numpy()
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) not in ("string", "empty"):
        out = s.map(lambda v: v if isinstance(v, str) else str(v))  # mixed types: str() one by one, as classify
    else:
        out = s.astype(str).astype(object)
    return out.where(~na, None)


class RowJoin:
    """Line up a classified file with the survey by row order (streamed)."""

    def __init__(self, chunks: Iterator[ClassifiedChunk], path: str) -> None:
        self._chunks = chunks
        self._buf: list[ClassifiedChunk] = []
        self._have = 0
        self.path = path

    def _fill(self, n: int) -> None:
        while self._have < n:
            nxt = next(self._chunks, None)
            if nxt is None:
                return
            if len(nxt):
                self._buf.append(nxt)
                self._have += len(nxt)

    def _pop(self, n: int) -> ClassifiedChunk:
        out: list[ClassifiedChunk] = []
        while n:
            head = self._buf[0]
            if len(head) <= n:
                out.append(self._buf.pop(0))
                n -= len(head)
            else:
                out.append(head.slice(0, n))
                self._buf[0] = head.slice(n, len(head))
                n = 0
        self._have -= sum(len(c) for c in out)
        return ClassifiedChunk(np.concatenate([c.rows for c in out]), pa.concat_arrays([c.ids for c in out]),
                               ResultBatch.concat([c.results for c in out]))

    def take(self, first_row: int, n: int, survey_ids: pd.Series | None) -> ResultBatch:
        """The results of survey rows ``first_row .. first_row + n − 1`` (``survey_ids`` is not used)."""
        self._fill(n)
        if self._have < n:
            raise InputFileError(f"{self.path} has {first_row + self._have:,} rows but the survey has more: it does "
                                 f"not belong to this survey ({HINT})")
        chunk = self._pop(n)
        want = np.arange(first_row, first_row + n)
        off = np.flatnonzero(chunk.rows != want)
        if len(off):
            i = int(off[0])
            raise InputFileError(f"{self.path}: line {first_row + i + 1} has row {int(chunk.rows[i])}, expected "
                                 f"{int(want[i])}: rows are reordered or filtered (join by id with --id-column, or "
                                 f"{HINT})")
        return chunk.results

    def finish(self) -> None:
        self._fill(1)
        if self._have:
            raise InputFileError(f"{self.path} has more rows than the survey (row {int(self._buf[0].rows[0])} and "
                                 f"on have no survey row): it does not belong to this survey ({HINT})")


def _hash(ids: pa.Array) -> np.ndarray:
    return pd.util.hash_array(np.asarray(ids.to_numpy(zero_copy_only=False), dtype=object), categorize=False)


class IdJoin:
    """Line up a classified file with the survey by id: the classified results are held in compact form
    (a few bytes per row plus the evidence strings) with a hash index on the ids."""

    def __init__(self, chunks: Iterator[ClassifiedChunk], path: str) -> None:
        self.path = path
        parts = list(chunks)
        self._results = ResultBatch.concat([c.results for c in parts])
        self._ids = pa.concat_arrays([c.ids for c in parts]) if parts else pa.array([], pa.string())
        if self._ids.null_count:
            i = int(np.argmax(self._ids.is_null().to_numpy(zero_copy_only=False)))
            raise InputFileError(f"{path}: line {i + 1} has no id, so it cannot be joined by --id-column (classify "
                                 "with --id-column, or analyze without --id-column to join by row order)")
        hashes = np.concatenate([_hash(c.ids) for c in parts]) if parts else np.zeros(0, np.uint64)
        self._order = np.argsort(hashes, kind="stable")
        self._sorted = hashes[self._order]
        dup = np.flatnonzero(self._sorted[1:] == self._sorted[:-1])
        if len(dup):
            raise InputFileError(f"{path}: id {self._ids[int(self._order[dup[0]])].as_py()!r} appears more than once; "
                                 "ids must be unique to join by id")
        self._used = np.zeros(len(self._ids), dtype=bool)

    def take(self, first_row: int, n: int, survey_ids: pd.Series | None) -> ResultBatch:
        """The results of the ``n`` survey rows from ``first_row`` whose ids are ``survey_ids``."""
        if survey_ids is None or len(survey_ids) != n:
            raise ValueError("IdJoin needs the survey's ids")
        ours = _id_strings(survey_ids)
        if ours.isna().any():
            i = int(np.argmax(ours.isna().to_numpy()))
            raise InputFileError(f"survey row {first_row + i} has no id: every row needs one to join by --id-column")
        keys = pa.array(ours.tolist(), pa.string())
        h = _hash(keys)
        pos = np.minimum(np.searchsorted(self._sorted, h), max(len(self._sorted) - 1, 0))
        idx = self._order[pos] if len(self._sorted) else np.zeros(len(h), np.int64)
        found = (self._sorted[pos] == h) if len(self._sorted) else np.zeros(len(h), bool)
        if len(h) and found.any():
            same = pc.equal(self._ids.take(pa.array(idx, pa.int64())), keys).fill_null(False)
            found &= same.to_numpy(zero_copy_only=False)
        if not found.all():
            i = int(np.argmin(found))
            raise InputFileError(f"survey row {first_row + i} has id {ours[i]!r}, which is not in {self.path} "
                                 f"({HINT})")
        repeated = self._used[idx] | pd.Series(idx).duplicated().to_numpy()
        if repeated.any():
            i = int(np.argmax(repeated))
            raise InputFileError(f"survey row {first_row + i}: id {ours[i]!r} appears more than once in the survey; "
                                 "ids must be unique to join by id")
        self._used[idx] = True
        return self._results.take(idx)

    def finish(self) -> None:
        left = np.flatnonzero(~self._used)
        if len(left):
            raise InputFileError(f"{self.path} has {len(left):,} rows whose id is not in the survey (first: "
                                 f"{self._ids[int(left[0])].as_py()!r}): it does not belong to this survey ({HINT})")


def open_join(path: str, theme_ids: Sequence[str], *, by_id: bool, chunksize: int = 20_000) -> Join:
    """Open a classified file for joining with its survey: by id (``by_id``) or by row order."""
    chunks = read_classified(path, theme_ids, chunksize)
    return IdJoin(chunks, path) if by_id else RowJoin(chunks, path)


def check_texts(texts: pd.Series, results: ResultBatch, first_row: int, path: str) -> None:
    """A cheap, vectorised check that the survey and the classified file belong together: a comment is
    blank exactly where the classified file says ``skipped = "empty"``.

    Raises:
        InputFileError: the first row where they disagree.
    """
    t = texts.reset_index(drop=True)
    is_str = t.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool) if t.dtype == object else t.notna().to_numpy()
    stripped = t.where(is_str, "").astype(str).str.strip()
    blank = t.isna().to_numpy() | (is_str & (stripped == "").to_numpy())
    said_empty = results.skipped == "empty"
    bad = np.flatnonzero(blank != said_empty)
    if len(bad):
        i = int(bad[0])
        what = "is empty but it has an analysis" if blank[i] else "has a comment but it was skipped as empty"
        raise InputFileError(f"survey row {first_row + i}: the comment {what} in {path}: the files do not match "
                             f"({HINT})")
