"""Distributed reading for the Ray engines: input files listed and numbered on the driver, parsed on the workers.

The input (a file, a folder, a glob, or any of those as a URI pyarrow can open) becomes one Ray Data *read task
per file* (:class:`TableSource`). Each task parses its file with :func:`batch.tables.read_table` — the local
engine's reader: same cells, same Qualtrics / SurveyMonkey header handling, same errors — and yields blocks of
*units* (one dataset row each: its first ``row``, its row count ``n`` and the pickled cells). Row numbers are
deterministic: a file's first row is the number of data rows in the files before it (sorted by path), read from
Parquet metadata or, for text files when there are several, counted by parallel Ray tasks with the same reader.
Ray's own ``read_csv`` / ``read_parquet`` carry no row offsets, so they cannot number rows this way.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from batch.results.writer import _is_uri, _local, first_line, staged_input
from batch.tables import FORMATS, detect_format, read_table
from nlp.errors import DistributedError, InputFileError

GLOB_CHARS = "*?["
EXTENSIONS = {"csv": (".csv", ".tsv", ".txt"), "jsonl": (".jsonl", ".ndjson", ".json"),
              "parquet": (".parquet", ".pq"), "xlsx": (".xlsx", ".xlsm")}
Unit = dict[str, Any]  # {"row": first row, "n": rows, "payload": pickled cells}
UnitFn = Callable[[pd.DataFrame, int], list[Unit]]


@dataclass(frozen=True)
class InputFile:
    """One input file: where it is, its format, the number of its first data row and its row count (if known)."""

    path: str
    fmt: str
    first_row: int = 0
    rows: int | None = None


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def _wanted(name: str, fmt: str | None) -> bool:
    base = name.rsplit("/", 1)[-1]
    if _hidden(base):
        return False
    exts = EXTENSIONS[fmt] if fmt else tuple(e for es in EXTENSIONS.values() for e in es)
    return base.lower().endswith(exts)


def list_inputs(path: str, fmt: str | None = None) -> list[InputFile]:
    """The files of ``path`` (a file, a folder — recursively, hidden and ``_`` files skipped —, or a glob; local or
    a URI), sorted by path, each with its format (``fmt`` or its extension).

    Raises:
        InputFileError: nothing matches, a folder holds no table file, files of several formats without ``fmt``.
    """
    if fmt and fmt not in FORMATS:
        raise InputFileError(f"unknown input format {fmt!r}; use one of {list(FORMATS)}")
    if path == "-":
        raise InputFileError("the Ray workers read the input themselves, so it cannot be stdin ('-'): pass a file, "
                             "folder, glob or URI (or write one output file, which the driver reads and writes)")
    names = _list_uri(path, fmt) if _is_uri(path) else _list_local(_local(path), fmt)
    kinds = {detect_format(n, fmt) for n in names}
    if len(kinds) > 1:
        raise InputFileError(f"{path} holds files of several formats ({', '.join(sorted(kinds))}): pass --format, "
                             "or keep one format per input")
    return [InputFile(n, detect_format(n, fmt)) for n in names]


def _list_local(path: str, fmt: str | None) -> list[str]:
    """Absolute paths (Ray workers may run in another folder)."""
    path = os.path.abspath(path)
    if any(c in path for c in GLOB_CHARS):
        names = sorted(p for p in glob.glob(path, recursive=True) if os.path.isfile(p))
        if not names:
            raise InputFileError(f"no input file matches {path}")
        return names
    if os.path.isdir(path):
        names = sorted(os.path.join(d, f) for d, subs, files in os.walk(path) for f in files
                       if _wanted(f, fmt) and not any(_hidden(p) for p in os.path.relpath(d, path).split(os.sep)
                                                       if p != "."))
        if not names:
            raise InputFileError(f"{path} is a folder without a CSV, JSONL, Parquet or XLSX file")
        return names
    if not os.path.exists(path):
        raise InputFileError(f"input file not found: {path}")
    return [path]


def _list_uri(path: str, fmt: str | None) -> list[str]:
    import pyarrow.fs as pafs

    scheme, _, rest = path.partition("://")
    cut = min((rest.find(c) for c in GLOB_CHARS if c in rest), default=-1)
    base = rest if cut < 0 else rest[:cut].rsplit("/", 1)[0]
    try:
        fs, where = pafs.FileSystem.from_uri(f"{scheme}://{base}")
        info = fs.get_file_info(where)
        if info.type == pafs.FileType.File and cut < 0:
            return [path]
        if info.type != pafs.FileType.Directory:
            raise InputFileError(f"input file not found: {path}")
        infos = fs.get_file_info(pafs.FileSelector(where, recursive=True))
    except (OSError, ValueError) as err:
        if isinstance(err, InputFileError):
            raise
        raise InputFileError(f"cannot read {path}: {first_line(err)}") from None
    prefix = f"{scheme}://{base.rstrip('/')}/"
    found = [prefix + i.path[len(where.rstrip("/")) + 1:] for i in infos if i.type == pafs.FileType.File]
    names = sorted(n for n in found if (fnmatch.fnmatch(n, path) if cut >= 0 else _wanted(n, fmt)))
    if not names:
        raise InputFileError(f"no input file matches {path}")
    return names


def count_file_rows(f: InputFile, required: Sequence[str]) -> int:
    """Data rows of one file, exactly as :func:`batch.tables.read_table` reads them (Parquet: its footer only)."""
    if f.fmt == "parquet":
        import pyarrow.fs as pafs
        import pyarrow.parquet as pq

        try:
            if not _is_uri(f.path):
                return int(pq.ParquetFile(_local(f.path)).metadata.num_rows)
            fs, where = pafs.FileSystem.from_uri(f.path)
            with fs.open_input_file(where) as fh:
                return int(pq.ParquetFile(fh).metadata.num_rows)
        except (OSError, ValueError) as err:
            raise InputFileError(f"{f.path}: not a readable Parquet file ({first_line(err)})") from None
    with staged_input(f.path) as local:
        return sum(len(c) for c in read_table(local, required, f.fmt, chunksize=20_000))


def number_inputs(ray: Any, files: list[InputFile], required: Sequence[str]) -> list[InputFile]:
    """The files with their first row numbers: one text file needs no count; otherwise every file is counted
    (Parquet from its footer on the driver, text files by parallel Ray tasks with the local engine's reader)."""
    if len(files) == 1 and files[0].fmt != "parquet":
        return [InputFile(files[0].path, files[0].fmt, 0, None)]
    counts: list[Any] = []
    count = ray.remote(num_cpus=0, max_retries=0)(count_file_rows)
    for f in files:
        counts.append(count_file_rows(f, required) if f.fmt == "parquet" else count.remote(f, list(required)))
    try:
        sizes = [c if isinstance(c, int) else int(ray.get(c)) for c in counts]
    except Exception as err:
        from batch.ray_engine import _last_line, _root_error

        root = _root_error(err)
        raise root if isinstance(root, InputFileError) else DistributedError(
            f"counting the input rows failed: {_last_line(err)}") from None
    out, row = [], 0
    for f, n in zip(files, sizes, strict=True):
        out.append(InputFile(f.path, f.fmt, row, n))
        row += n
    return out


def read_units(f: InputFile, required: Sequence[str], chunksize: int, unit_fn: UnitFn,
               units_per_block: int) -> Iterator[pd.DataFrame]:
    """Blocks of units from one file (runs in a Ray read task): chunks of ``chunksize`` rows from the file's start,
    each turned into units by ``unit_fn(chunk, first row)``; a row count different from the numbering is an error."""
    row = f.first_row
    buf: list[Unit] = []
    with staged_input(f.path) as local:
        for chunk in read_table(local, required, f.fmt, chunksize=chunksize):
            buf += unit_fn(chunk.reset_index(drop=True), row)
            row += len(chunk)
            if len(buf) >= units_per_block:
                yield pd.DataFrame(buf, columns=["row", "n", "payload"])
                buf = []
    if buf:
        yield pd.DataFrame(buf, columns=["row", "n", "payload"])
    if f.rows is not None and row - f.first_row != f.rows:
        raise DistributedError(f"{f.path} changed while it was read: {row - f.first_row} rows, counted {f.rows}")


def table_source(files: list[InputFile], required: Sequence[str], chunksize: int, unit_fn: UnitFn,
                 units_per_block: int) -> Any:
    """A Ray Data datasource with one read task per file (see :func:`read_units`)."""
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask

    class TableSource(Datasource):
        def estimate_inmemory_data_size(self) -> int | None:
            return None

        def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None,
                           data_context: Any = None) -> list[Any]:
            def task(f: InputFile) -> Any:
                return ReadTask(lambda: read_units(f, required, chunksize, unit_fn, units_per_block),
                                BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None, input_files=(f.path,)))
            return [task(f) for f in files]

        def get_name(self) -> str:
            return "NPSLensTable"

    return TableSource()


def classify_units(text_column: str, id_column: str | None, batch_size: int) -> UnitFn:
    """Units for classify: each chunk cut into ``batch_size`` slices from its start (the local engine's batches);
    the payload is ``(raw text cells, ids)``."""
    from batch.results.writer import cell_id

    def units(chunk: pd.DataFrame, row: int) -> list[Unit]:
        texts = chunk[text_column].tolist()
        ids = [cell_id(v) for v in chunk[id_column].tolist()] if id_column else [None] * len(texts)
        return [{"row": row + s, "n": len(texts[s:s + batch_size]),
                 "payload": pickle.dumps((texts[s:s + batch_size], ids[s:s + batch_size]))}
                for s in range(0, len(texts), batch_size)]
    return units


def frame_units(chunk: pd.DataFrame, row: int) -> list[Unit]:
    """Units for analyze: the whole chunk (its columns as read) is one unit."""
    return [{"row": row, "n": len(chunk), "payload": pickle.dumps(chunk)}]
