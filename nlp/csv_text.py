"""Strict CSV text reading shared by input tables (:mod:`batch.tables`) and labelled data (:mod:`nlp.labelled`).

Every cell is read as a string; duplicate column names and rows with more fields than the header are errors.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import IO

import pandas as pd

from nlp.errors import InputFileError

_FIELD_COUNT = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def parser_message(source: str, err: Exception) -> str:
    """A pandas/csv parser error as one clear line; a row with more fields than the header says so."""
    text = str(err).strip()
    m = _FIELD_COUNT.search(text)
    if m:
        expected, line, saw = m.groups()
        return (f"{source}: line {line} has {saw} fields but the header has {expected} columns (extra_fields); "
                "nothing was read: quote cells that contain the separator, or delete the trailing separators")
    return f"{source}: not a readable CSV ({text[:200]})"


def check_unique(names: Sequence[str], source: str) -> None:
    """Raise :class:`InputFileError` naming the duplicated column names, if any."""
    dupes = [n for n, k in Counter(names).items() if k > 1]
    if dupes:
        raise InputFileError(f"{source}: duplicate column names {', '.join(map(repr, dupes[:10]))}; "
                             "rename them so that each column has its own name")


class Prefixed(io.TextIOBase):
    """A text stream that reads ``prefix`` first, then the rest of ``fh``."""

    def __init__(self, prefix: str, fh: IO[str] | io.TextIOBase) -> None:
        self._prefix, self._fh = prefix, fh

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        if not self._prefix:
            return self._fh.read(-1 if size is None else size)
        if size is None or size < 0:
            out, self._prefix = self._prefix + self._fh.read(), ""
            return out
        out, self._prefix = self._prefix[:size], self._prefix[size:]
        return out

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if not self._prefix:
            return self._fh.readline(-1 if size is None else size)
        head, sep, rest = self._prefix.partition("\n")
        if sep:
            self._prefix = rest
            return head + sep
        self._prefix = ""
        return head + self._fh.readline()


class Recording:
    """Lines of ``fh`` handed to :func:`csv.reader`, kept so that rows read ahead can be read again."""

    def __init__(self, fh: IO[str]) -> None:
        self._fh = fh
        self.lines: list[str] = []

    def __iter__(self) -> Recording:
        return self

    def __next__(self) -> str:
        line = self._fh.readline()
        if not line:
            raise StopIteration
        self.lines.append(line)
        return line


def csv_chunks(fh: IO[str] | io.TextIOBase, source: str, chunksize: int, engine: str = "c",
               names: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
    """Read CSV text in chunks of ``chunksize`` rows, all cells as strings, strictly.

    ``names``: the header, already read (the next line of ``fh`` is the first data row).

    Strict means: duplicate column names are an error (pandas would rename one and use the first), and a row
    with more fields than the header is an error (:data:`pandas` would take the first data row's extra fields as
    an index and shift every cell of every row). A header-only file yields one empty chunk.

    Raises:
        InputFileError: no header row, duplicate column names.
        pandas.errors.ParserError: a row with more fields than the header (:func:`read_table` words it).
    """
    if names is None:
        header = next(csv.reader(fh), None)
        if header is None:
            raise pd.errors.EmptyDataError("no header row")
        names = [name or f"Unnamed: {i}" for i, name in enumerate(header)]
    names = list(names)
    check_unique(names, source)
    # pandas expects the field count of the first row it reads: a blank guard row of exactly len(names) fields
    # goes first, so that every real row with more fields raises, the first included; it is dropped below.
    guard = ",".join(['""'] * len(names)) + "\n"
    reader = pd.read_csv(Prefixed(guard, fh), header=None, names=names, index_col=False, dtype=str,
                         keep_default_na=False, na_values=[], engine=engine, iterator=True)
    with reader:
        try:
            first = reader.get_chunk(chunksize + 1).iloc[1:]
        except StopIteration:  # pragma: no cover - the guard row is always there
            return
        while True:  # the index runs on across chunks from 0, as pandas' own chunks do
            first.index = first.index - 1
            yield first
            try:
                first = reader.get_chunk(chunksize)
            except StopIteration:
                return
