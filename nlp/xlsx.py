"""Reading XLSX survey exports (first worksheet) through openpyxl, as strings like the CSV reader."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from nlp.errors import InputFileError
from nlp.survey_exports import SurveyLayout, detect_layout


def cell_text(value: Any) -> str:
    """A cell as the text a CSV export would hold: ``9`` for 9.0, ISO 8601 for dates, ``""`` for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _open(path: str) -> Any:
    from openpyxl import load_workbook

    if path == "-":
        raise InputFileError("XLSX cannot be read from stdin; pass the file path")
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"input file not found: {path}")
    from openpyxl.utils.exceptions import InvalidFileException

    try:  # a file object: openpyxl would refuse a path without an .xlsx extension (--format xlsx)
        return load_workbook(io.BytesIO(p.read_bytes()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        raise InputFileError(f"{path}: not an XLSX workbook ({str(err)[:160]})") from None


def xlsx_rows(path: str) -> int | None:
    """Data rows of the first sheet (its rows minus the header rows), from the sheet's dimension."""
    wb = _open(path)
    try:
        ws = wb.worksheets[0]
        head = [list(r) for r in ws.iter_rows(min_row=1, max_row=3, values_only=True)]
        if not head or ws.max_row is None:
            return None
        layout = detect_layout(head[0], head[1] if len(head) > 1 else None, head[2] if len(head) > 2 else None)
        return max(int(ws.max_row) - 1 - layout.extra_rows, 0)
    finally:
        wb.close()


def read_xlsx(path: str, source: str, chunksize: int) -> tuple[SurveyLayout, Iterator[pd.DataFrame]]:
    """The first worksheet: layout (Qualtrics / SurveyMonkey header rows detected) and chunks of string cells.

    Fully blank rows are skipped (spreadsheets often end with formatted empty rows); a row with a value beyond
    the header's last column is an error, as in CSV.

    Raises:
        InputFileError: not a workbook, no header row, a value right of the last named column.
    """
    wb = _open(path)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    head = [list(r) for _, r in zip(range(3), rows, strict=False)]
    while head and all(v is None for v in head[0]):
        head.pop(0)  # leading blank rows
        nxt = next(rows, None)
        if nxt is not None:
            head.append(list(nxt))
    if not head:
        wb.close()
        raise InputFileError(f"{source}: empty workbook, no header row")
    header = head[0]
    while header and header[-1] is None:
        header = header[:-1]
    layout = detect_layout(header, head[1] if len(head) > 1 else None, head[2] if len(head) > 2 else None)
    dupes = sorted({n for n in layout.names if layout.names.count(n) > 1})
    if dupes:
        wb.close()
        raise InputFileError(f"{source}: duplicate column names {', '.join(map(repr, dupes[:10]))}; "
                             "rename them so that each column has its own name")
    pending = head[1 + layout.extra_rows:]
    return layout, _chunks(wb, pending, rows, layout, source, chunksize)


def _chunks(wb: Any, pending: list[list[Any]], rows: Iterator[tuple[Any, ...]], layout: SurveyLayout,
            source: str, chunksize: int) -> Iterator[pd.DataFrame]:
    width = len(layout.names)
    buf: list[list[str]] = []
    line = 1 + layout.extra_rows
    try:
        for row in _concat(pending, rows):
            line += 1
            cells = list(row)
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue
            if any(v is not None for v in cells[width:]):
                raise InputFileError(f"{source}: row {line} has a value right of the last named column "
                                     f"({width} columns); name that column in the header or clear the cell")
            buf.append([cell_text(v) for v in (cells + [None] * width)[:width]])
            if len(buf) >= chunksize:
                yield pd.DataFrame(buf, columns=layout.names, dtype=str)
                buf = []
        if buf:
            yield pd.DataFrame(buf, columns=layout.names, dtype=str)
        elif line == 1 + layout.extra_rows:
            yield pd.DataFrame(columns=layout.names, dtype=str)
    finally:
        wb.close()


def _concat(pending: list[list[Any]], rows: Iterator[tuple[Any, ...]]) -> Iterator[list[Any] | tuple[Any, ...]]:
    yield from pending
    yield from rows
