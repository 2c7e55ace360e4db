"""Read files written by ``npslens classify`` as compact result batches, without the model.

A *classified file* is the JSONL ``npslens classify`` writes — one object per input row,
``{"row", "id", "sentiment": {"label", "scores", "mixed"} | null, "themes": [{"id", "label", "confidence",
"sentiment", "evidence"}], "language", "skipped"}`` (``language`` is optional: older files lack it) — or a
Parquet file with the same columns (nested the same way), or classify's CSV (the same columns, ``sentiment`` and
``themes`` as JSON text); the schema is :mod:`batch.results.schema`. It is read with Arrow in
blocks and turned into compact :class:`~nlp.report.batch.ResultBatch` arrays without a Python object per
row, so ``npslens analyze --classified`` aggregates millions of rows without loading the model. Joining
it with the survey is :mod:`batch.results.join`.

Invalid content is an :class:`~nlp.errors.InputFileError` that names the row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from batch.results.schema import COLUMNS, read_schema
from batch.tables import detect_format
from nlp.csv_text import csv_chunks, parser_message
from nlp.errors import InputFileError
from nlp.report.batch import ResultBatch
from nlp.report.frame import TONES
from nlp.schema import SENTIMENTS

SCHEMA = read_schema()
BLOCK_BYTES = 8 << 20
HINT = "run `npslens classify` on this survey file"


@dataclass
class ClassifiedChunk:
    """One block of a classified file: its ``row`` numbers, ``id`` values (strings or null) and results."""

    rows: np.ndarray
    ids: pa.Array
    results: ResultBatch

    def __len__(self) -> int:
        return len(self.rows)

    def slice(self, start: int, stop: int) -> ClassifiedChunk:
        return ClassifiedChunk(self.rows[start:stop], self.ids.slice(start, stop - start),
                               self.results.slice(start, stop))


def _not_classified(path: str, why: str) -> InputFileError:
    return InputFileError(f"{path} is not a classified file (the JSONL, Parquet or CSV `npslens classify` writes, with "
                          f"columns {', '.join(COLUMNS)}): {why}")


def _field(arr: pa.Array, name: str, typ: pa.DataType, path: str) -> pa.Array:
    try:
        return pc.cast(pc.struct_field(arr, name), typ)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError) as err:
        raise _not_classified(path, f"field {name!r}: {err}") from None


def _codes(values: pa.Array, allowed: Sequence[str], what: str, parents: np.ndarray, rows: np.ndarray,
           path: str) -> np.ndarray:
    """Index of every non-null value in ``allowed`` (−1 for null); an unknown value is an error."""
    idx = pc.index_in(values, value_set=pa.array(list(allowed), pa.string()))
    bad = np.flatnonzero(pc.and_(values.is_valid(), idx.is_null()).to_numpy(zero_copy_only=False))
    if len(bad):
        i = int(bad[0])
        shown = ", ".join(allowed[:20]) + (" …" if len(allowed) > 20 else "")
        if what == "theme":
            raise InputFileError(f"{path}: row {int(rows[parents[i]])} has theme {values[i].as_py()!r}, which is not "
                                 f"in the report's taxonomy ({shown}); classify and analyze must use the same "
                                 "taxonomy (--taxonomy / --model)")
        raise InputFileError(f"{path}: row {int(rows[parents[i]])} has {what} {values[i].as_py()!r}, expected one "
                             f"of {shown}")
    return idx.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def results_from_arrow(batch: pa.RecordBatch, theme_ids: Sequence[str], path: str,
                       languages: bool = True) -> ClassifiedChunk:
    """Compact results of one Arrow batch of a classified file (vectorised). ``languages``: the file has the
    optional ``language`` column (files written before it existed do not).

    Raises:
        InputFileError: a missing row number, an unknown sentiment, theme id or theme sentiment, or a row
            with neither a sentiment nor a skip reason.
    """
    rows_arr = batch.column("row")
    if rows_arr.null_count:
        raise _not_classified(path, "a line has no 'row' number")
    rows = pc.cast(rows_arr, pa.int64()).to_numpy(zero_copy_only=False)
    sentiment = batch.column("sentiment")
    every = np.arange(len(rows))
    label = _field(sentiment, "label", pa.string(), path)
    sent = _codes(label, SENTIMENTS, "sentiment", every, rows, path) + 1
    mixed = _field(sentiment, "mixed", pa.bool_(), path).fill_null(False).to_numpy(zero_copy_only=False)
    skipped = pc.cast(batch.column("skipped"), pa.string()).to_numpy(zero_copy_only=False)
    lost = np.flatnonzero((sent == 0) & pd.isna(skipped))
    if len(lost):
        raise InputFileError(f"{path}: row {int(rows[lost[0]])} has neither a sentiment nor a 'skipped' reason")
    themes = batch.column("themes")
    lengths = pc.list_value_length(themes).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    flat = pc.list_flatten(themes)
    parents = np.repeat(every, lengths)
    theme = _codes(_field(flat, "id", pa.string(), path), theme_ids, "theme", parents, rows, path)
    if (theme < 0).any():
        raise InputFileError(f"{path}: row {int(rows[parents[np.argmax(theme < 0)]])} has a theme without an id")
    tone = _codes(_field(flat, "sentiment", pa.string(), path), TONES[1:], "theme sentiment", parents, rows, path) + 1
    if (tone <= 0).any():
        raise InputFileError(f"{path}: row {int(rows[parents[np.argmax(tone <= 0)]])} has a theme without a sentiment")
    conf = _field(flat, "confidence", pa.float64(), path).fill_null(1.0).to_numpy(zero_copy_only=False)
    evidence = _field(flat, "evidence", pa.string(), path).fill_null("")
    ids = pc.cast(batch.column("id"), pa.string()) if "id" in batch.schema.names else pa.nulls(len(rows), pa.string())
    lang = (pc.cast(batch.column("language"), pa.string()).to_numpy(zero_copy_only=False).astype(object)
            if languages and "language" in batch.schema.names else None)
    if lang is not None:
        lang[pd.isna(lang)] = None
    res = ResultBatch(sent.astype(np.int8), mixed.astype(bool), skipped.astype(object),
                      np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64), theme.astype(np.int32),
                      tone.astype(np.int8), conf.astype(np.float32), evidence, lang)
    return ClassifiedChunk(rows.astype(np.int64), ids, res)


def _first_record(path: str) -> dict[str, object]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    raise _not_classified(path, f"line 1 is not JSON ({err.msg})") from None
                if not isinstance(rec, dict):
                    raise _not_classified(path, "line 1 is not a JSON object")
                return rec
    raise InputFileError(f"{path}: empty classified file (no rows)")


def _line_blocks(path: str, size: int) -> Iterator[bytes]:
    """The file in blocks of about ``size`` bytes that end at a line break (one block in memory at a time;
    Arrow's own streaming JSON reader reads ahead without bound, which made memory grow with the file)."""
    rest = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(size):
            buf = rest + chunk
            cut = buf.rfind(b"\n")
            if cut < 0:
                rest = buf
                continue
            rest = buf[cut + 1:]
            yield buf[: cut + 1]
    if rest.strip():
        yield rest + b"\n"


def _parse_jsonl(block: bytes) -> pa.Table:
    import pyarrow.json as pj

    return pj.read_json(pa.BufferReader(block),
                        read_options=pj.ReadOptions(block_size=len(block) + 1, use_threads=False),
                        parse_options=pj.ParseOptions(explicit_schema=SCHEMA, unexpected_field_behavior="ignore"))


def _null_if_empty(values: pd.Series) -> pa.Array:
    arr = pa.array(values.astype(object).tolist(), pa.string())
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _read_csv(path: str, theme_ids: Sequence[str], chunksize: int) -> Iterator[ClassifiedChunk]:
    """``npslens classify -o x.csv``: the same columns, ``sentiment`` and ``themes`` as JSON text. The two JSON
    columns of a whole chunk are parsed by Arrow at once (no ``json.loads`` per row)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:  # strict: extra fields or duplicate names are errors
            yield from _csv_results(path, csv_chunks(fh, path, chunksize), theme_ids)
    except pd.errors.ParserError as err:
        raise _not_classified(path, parser_message(path, err).removeprefix(f"{path}: ")) from None
    except (pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise _not_classified(path, f"not a readable CSV ({str(err).strip()[:200]})") from None


def _csv_results(path: str, reader: Iterator[pd.DataFrame], theme_ids: Sequence[str]) -> Iterator[ClassifiedChunk]:
    """The results of each CSV chunk (see :func:`_read_csv`)."""
    for chunk in reader:
        missing = [c for c in COLUMNS if c != "id" and c not in chunk.columns]
        if missing:
            raise _not_classified(path, f"no column {missing[0]!r}; columns found: "
                                  f"{', '.join(map(str, list(chunk.columns)[:20]))}")
        sent = chunk["sentiment"].where(chunk["sentiment"].str.strip() != "", "null")
        themes = chunk["themes"].where(chunk["themes"].str.strip() != "", "[]")
        lines = ('{"sentiment":' + sent + ',"themes":' + themes + "}\n").str.cat()
        nested = _parse_jsonl(lines.encode("utf-8"))
        rows = pd.to_numeric(chunk["row"], errors="coerce")
        if rows.isna().any():
            raise _not_classified(path, f"row number {chunk['row'][rows.isna()].iloc[0]!r} is not a number")
        ids = chunk["id"] if "id" in chunk.columns else pd.Series([""] * len(chunk))
        extra = [_null_if_empty(chunk["language"].fillna(""))] if "language" in chunk.columns else []
        batch = pa.RecordBatch.from_arrays(
            [pa.array(rows.to_numpy(dtype=np.int64)), _null_if_empty(ids),
             nested.column("sentiment").combine_chunks(), nested.column("themes").combine_chunks(),
             _null_if_empty(chunk["skipped"]), *extra], names=list(COLUMNS) + ["language"] * len(extra))
        yield results_from_arrow(batch, theme_ids, path)


def read_classified(path: str, theme_ids: Sequence[str], chunksize: int = 20_000) -> Iterator[ClassifiedChunk]:
    """Yield the classified file at ``path`` (JSONL, Parquet or CSV, by extension) in blocks, in file order; a
    classify folder output (``_manifest.json`` and its parts) part by part in row order.

    Raises:
        InputFileError: missing or unreadable file, not a classified file, or invalid values (see
            :func:`results_from_arrow`).
    """
    p = Path(path)
    if p.is_dir():  # a folder written by `npslens classify --engine ray` (batch.ray_sink): its parts in row order
        from batch.ray_sink import read_manifest

        for part in read_manifest(path)["files"]:
            yield from read_classified(str(p / part["path"]), theme_ids, chunksize)
        return
    if not p.is_file():
        raise InputFileError(f"classified file not found: {path}" if not p.exists() else f"{path} is not a file")
    kind = detect_format(path)
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            try:
                pf = pq.ParquetFile(path)
            except (pa.ArrowInvalid, OSError) as err:
                raise _not_classified(path, f"not a Parquet file ({err})") from None
            missing = [c for c in COLUMNS if c != "id" and c not in pf.schema_arrow.names]
            if missing:
                raise _not_classified(path, f"no column {missing[0]!r}; columns found: "
                                      f"{', '.join(pf.schema_arrow.names[:20])}")
            cols = [c for c in (*COLUMNS, "language") if c in pf.schema_arrow.names]
            for batch in pf.iter_batches(batch_size=chunksize, columns=cols):
                yield results_from_arrow(batch, theme_ids, path)
            return
        if kind == "csv":
            yield from _read_csv(path, theme_ids, chunksize)
            return
        first = _first_record(path)
        missing = [c for c in COLUMNS if c != "id" and c not in first]
        if missing:
            raise _not_classified(path, f"its first line has no {missing[0]!r}; keys found: "
                                  f"{', '.join(map(str, list(first)[:20]))}")
        for block in _line_blocks(path, BLOCK_BYTES):
            for batch in _parse_jsonl(block).to_batches():
                yield results_from_arrow(batch, theme_ids, path, languages="language" in first)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
        raise _not_classified(path, str(err).splitlines()[0][:300]) from None
