"""Reading comment tables (CSV, JSONL, Parquet, XLSX, stdin) in chunks, with clear errors.

Every reader yields pandas DataFrames of at most ``chunksize`` rows with all columns as read;
row numbers are kept by the caller (0-based data rows, header excluded). Qualtrics and SurveyMonkey exports
(CSV or XLSX) are detected from their extra header rows, which are skipped (:mod:`nlp.survey_exports`).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import pandas as pd

from nlp.csv_text import Prefixed, Recording, check_unique, csv_chunks, parser_message
from nlp.errors import InputFileError
from nlp.survey_exports import SurveyLayout, add_question_columns, describe, detect_layout, missing_columns

FORMATS = ("csv", "jsonl", "parquet", "xlsx")


def detect_format(path: str, fmt: str | None = None) -> str:
    """The input format: ``fmt`` when given (checked), else from the file extension (csv by default)."""
    if fmt:
        if fmt not in FORMATS:
            raise InputFileError(f"unknown input format {fmt!r}; use one of {list(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"


def _check_columns(df: pd.DataFrame, required: Sequence[str], source: str,
                   layout: SurveyLayout | None = None) -> None:
    layout = layout or SurveyLayout("plain", list(map(str, df.columns)))
    missing = missing_columns(list(map(str, df.columns)), required, layout)
    if missing:
        cols = ", ".join(map(str, list(df.columns)[:20]))
        raise InputFileError(f"{source}: no column {missing[0]!r}{describe(layout)}; columns found: "
                             f"{cols or '(none)'}")


def _open_text(path: str) -> IO[str]:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="strict")
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"input file not found: {path}")
    if p.is_dir():
        raise InputFileError(f"{path} is a folder, not a file")
    return p.open(encoding="utf-8-sig", errors="strict", newline="")


def _sniff_binary(path: str) -> None:
    if path == "-":
        return
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"input file not found: {path}")
    if p.is_dir():
        raise InputFileError(f"{path} is a folder, not a file")
    with open(path, "rb") as f:
        head = f.read(8192)
    if b"\x00" in head:
        hint = " (an XLSX file: name it .xlsx or pass --format xlsx)" if head.startswith(b"PK") else \
            " (pass --format parquet or --format xlsx for those)"
        raise InputFileError(f"{path} looks binary, not a CSV/JSONL text file{hint}")


def survey_csv_chunks(fh: IO[str], source: str, chunksize: int, engine: str = "c"
                      ) -> tuple[SurveyLayout, Iterator[pd.DataFrame]]:
    """:func:`csv_chunks` that first detects a Qualtrics / SurveyMonkey export and skips its extra header rows.

    Returns:
        The layout (column names, question texts) and the chunks of data rows (row 0 = first respondent).
    """
    rec = Recording(fh)
    rows = csv.reader(rec)
    header = next(rows, None)
    if header is None:
        raise pd.errors.EmptyDataError("no header row")
    marks = [len(rec.lines)]
    ahead = []
    for _ in range(2):
        row = next(rows, None)
        if row is None:
            break
        ahead.append(row)
        marks.append(len(rec.lines))
    layout = detect_layout(header, ahead[0] if ahead else None, ahead[1] if len(ahead) > 1 else None)
    rest = "".join(rec.lines[marks[layout.extra_rows]:])
    return layout, csv_chunks(Prefixed(rest, fh), source, chunksize, engine, names=layout.names)


def read_table(path: str, required: Sequence[str], fmt: str | None = None, chunksize: int = 2000
               ) -> Iterator[pd.DataFrame]:
    """Yield the table at ``path`` (``-`` = stdin) in chunks; all cells as strings (CSV) or as stored.

    Raises:
        InputFileError: missing file, binary or non-UTF-8 content, malformed CSV/JSON, missing columns.
    """
    kind = detect_format(path, fmt)
    source = "stdin" if path == "-" else path
    try:
        if kind == "parquet":
            yield from _read_parquet(path, required, chunksize)
            return
        if kind == "xlsx":
            from nlp.xlsx import read_xlsx

            xlsx_layout, sheet = read_xlsx(path, source, chunksize)
            yield from _with_questions(sheet, required, source, xlsx_layout)
            return
        _sniff_binary(path)
        with _open_text(path) as fh:
            reader: Iterable[pd.DataFrame]
            layout: SurveyLayout | None = None
            if kind == "csv":
                layout, reader = survey_csv_chunks(fh, source, chunksize, engine="python" if path == "-" else "c")
            else:
                reader = pd.read_json(fh, lines=True, chunksize=chunksize, dtype=False)
            yield from _with_questions(reader, required, source, layout)
    except UnicodeDecodeError as err:
        raise InputFileError(f"{source}: not UTF-8 text ({err.reason} at byte {err.start}); "
                             "re-save it as UTF-8") from None
    except (pd.errors.ParserError, csv.Error) as err:
        raise InputFileError(parser_message(source, err)) from None
    except pd.errors.EmptyDataError:
        raise InputFileError(f"{source}: empty file, no header row") from None
    except ValueError as err:
        if isinstance(err, InputFileError):
            raise
        raise InputFileError(f"{source}: not readable as {kind} ({str(err)[:200]})") from None


def _with_questions(reader: Iterable[pd.DataFrame], required: Sequence[str], source: str,
                    layout: SurveyLayout | None) -> Iterator[pd.DataFrame]:
    """The chunks, columns checked on the first; required names given as question text added as columns."""
    first = True
    for chunk in reader:
        if first:
            _check_columns(chunk, required, source, layout)
            first = False
        yield chunk if layout is None else add_question_columns(chunk, required, layout, source)
    if first:
        raise InputFileError(f"{source}: no data rows (is the file empty?)")


def _read_parquet(path: str, required: Sequence[str], chunksize: int) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        src = pa.BufferReader(sys.stdin.buffer.read()) if path == "-" else path
        pf = pq.ParquetFile(src)
    except FileNotFoundError:
        raise InputFileError(f"input file not found: {path}") from None
    except (pa.ArrowInvalid, OSError) as err:
        raise InputFileError(f"{path}: not a Parquet file ({err})") from None
    names = pf.schema_arrow.names
    check_unique(names, path)
    missing = [c for c in required if c not in names]
    if missing:
        raise InputFileError(f"{path}: no column {missing[0]!r}; columns found: {', '.join(names[:20])}")
    for batch in pf.iter_batches(batch_size=chunksize):
        yield batch.to_pandas()


def count_rows(path: str, fmt: str | None = None) -> int | None:
    """Number of data rows, fast, for a progress bar: exact for Parquet (file metadata); for JSONL the lines, for
    CSV the lines minus the header rows (an upper bound: blank lines and quoted line breaks count too), for XLSX
    the sheet's rows minus the header rows; ``None`` for stdin or when the file cannot be read (reading it proper
    reports the problem)."""
    if path == "-":
        return None
    kind = detect_format(path, fmt)
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if kind == "xlsx":
            from nlp.xlsx import xlsx_rows

            return xlsx_rows(path)
        lines = 0
        last = b"\n"
        with open(path, "rb") as fh:
            while block := fh.read(1 << 22):
                lines += block.count(b"\n")
                last = block[-1:]
        lines += last != b"\n"  # a last line without a line break
        if kind == "jsonl":
            return lines
        with _open_text(path) as text:
            layout, _ = survey_csv_chunks(text, path, 1)
        return max(lines - 1 - layout.extra_rows, 0)
    except Exception:  # only an estimate: reading the file proper raises the real error
        return None
