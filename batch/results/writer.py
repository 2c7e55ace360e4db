"""Writing classify results, shared by both engines: one JSON line per row, as JSONL, CSV or Parquet, to a
local path, stdout or any filesystem pyarrow supports; and staging a remote input file locally."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from batch.results.schema import results_schema
from nlp.errors import ConfigError
from nlp.schema import CommentResult

CHUNK_ROWS = 1000  # the local engine reads max(batch_size, CHUNK_ROWS) rows at a time

def cell_id(value: Any) -> str | None:
    """The ``id`` written for an id cell: ``None`` for missing/NaN, else its text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def result_line(row: int, cid: Any, result: CommentResult) -> str:
    """One output line (no newline): ``{"row", "id", "sentiment", "themes", "language", "skipped"}``."""
    return json.dumps({"row": row, "id": cell_id(cid), **result.to_dict()}, ensure_ascii=False)


def first_line(err: BaseException) -> str:
    text = str(err).strip()
    return (text.splitlines()[0] if text else type(err).__name__)[:300]


def _is_uri(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def _local(path: str) -> str:
    return path.removeprefix("file://")


def output_format(path: str) -> str:
    """``parquet`` for .parquet/.pq, ``csv`` for .csv, else ``jsonl`` (also for ``-``, stdout)."""
    suffix = Path(path.split("?")[0]).suffix.lower()
    return {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}.get(suffix, "jsonl")


class ResultWriter:
    """Writes result lines as JSONL (as is), CSV (nested fields as JSON text) or Parquet (nested types).

    ``path`` is a local path (written to a hidden ``.partial`` file, renamed at the end, so a failed
    run leaves no half file), ``-`` for stdout (JSONL or CSV), or any URI pyarrow can open
    (``s3://``, ``gs://``, ``hdfs://`` …).
    """

    PARQUET_ROW_GROUP = 50_000

    def __init__(self, stream: IO[bytes] | None, text: IO[str] | None, fmt: str) -> None:
        self.fmt = fmt
        self._rows: list[dict[str, Any]] = []
        self._wrapped = text is None and fmt != "parquet"  # JSONL/CSV into a binary stream
        if self._wrapped:
            text = io.TextIOWrapper(stream, encoding="utf-8", newline="")  # type: ignore[type-var]
        self._text = text
        self._csv: Any = None
        self._parquet: Any = None
        if fmt == "csv":
            self._csv = csv.writer(self._text)  # type: ignore[arg-type]
            self._csv.writerow(["row", "id", "sentiment", "themes", "language", "skipped"])
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(stream, results_schema())

    def write(self, lines: list[str]) -> None:
        if self.fmt == "jsonl":
            self._text.write("".join(line + "\n" for line in lines))  # type: ignore[union-attr]
            return
        records = [json.loads(line) for line in lines]
        if self._csv is not None:
            for r in records:
                sent = json.dumps(r["sentiment"], ensure_ascii=False) if r["sentiment"] else ""
                self._csv.writerow([r["row"], r["id"] or "", sent, json.dumps(r["themes"], ensure_ascii=False),
                                    r.get("language") or "", r["skipped"] or ""])
        else:
            self._rows += records
            if len(self._rows) >= self.PARQUET_ROW_GROUP:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._parquet.write_table(pa.Table.from_pylist(self._rows, schema=results_schema()))
            self._rows = []

    def close(self) -> None:
        if self._parquet is not None:
            self._flush_parquet()
            self._parquet.close()
        if self._text is not None:
            self._text.flush()
            if self._wrapped:
                self._text.detach()  # type: ignore[attr-defined]  # the caller closes the binary stream

    @classmethod
    @contextmanager
    def open(cls, path: str) -> Iterator[ResultWriter]:
        fmt = output_format(path)
        if path == "-":
            if fmt == "parquet":
                raise ConfigError("Parquet output needs a file: pass --output results.parquet, not '-'")
            writer = cls(None, sys.stdout, fmt)
            yield writer
            writer.close()
            return
        if _is_uri(path):
            import pyarrow.fs as pafs

            try:
                fs, where = pafs.FileSystem.from_uri(path)
                stream = fs.open_output_stream(where)
            except (OSError, ValueError) as err:
                raise ConfigError(f"cannot write {path}: {first_line(err)}") from None
            with stream:
                writer = cls(stream, None, fmt)
                yield writer
                writer.close()
            return
        out = Path(_local(path))
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.partial")
        try:
            with tmp.open("wb") as fh:
                writer = cls(fh, None, fmt)
                yield writer
                writer.close()
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        tmp.replace(out)


@contextmanager
def staged_input(path: str) -> Iterator[str]:
    """A local path for ``path``: itself, or for a URI pyarrow can open (s3://, gs://, hdfs:// …) a temporary
    copy, removed afterwards, so :func:`batch.tables.read_table` parses remote and local files the same way."""
    if not _is_uri(path):
        yield _local(path)
        return
    import pyarrow.fs as pafs

    from nlp.errors import InputFileError

    with tempfile.TemporaryDirectory(prefix="npslens-in-") as tmp:
        local = os.path.join(tmp, Path(path.split("?")[0]).name or "input")
        try:
            fs, where = pafs.FileSystem.from_uri(path)
            with fs.open_input_stream(where) as src, open(local, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except FileNotFoundError:
            raise InputFileError(f"input file not found: {path}") from None
        except (OSError, ValueError) as err:
            raise InputFileError(f"cannot read {path}: {first_line(err)}") from None
        yield local
