"""Checking a report upload before it is queued: size, header width, column count, UTF-8, columns, rows."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import BinaryIO

from api.core.problems import ApiProblem
from batch.tables import read_table
from nlp.errors import InputFileError

COPY_CHUNK = 1024 * 1024


class HeaderCheck:
    """The header row's limits, checked on the first bytes of the upload as they are copied.

    The header ends at the first line break outside double quotes; past ``max_bytes`` without one, or with
    more than ``max_columns`` fields, the upload is refused before the rest is read.
    """

    def __init__(self, *, max_bytes: int, max_columns: int) -> None:
        self.max_bytes, self.max_columns = max_bytes, max_columns
        self.head = bytearray()
        self.done = False
        self.in_quotes = False

    def feed(self, chunk: bytes) -> None:
        """Look at the next bytes of the upload until the header row is complete.

        Raises:
            ApiProblem: 413 ``header_too_wide`` or ``too_many_columns``.
        """
        if self.done:
            return
        for i, byte in enumerate(chunk):
            if byte == 0x22:  # "
                self.in_quotes = not self.in_quotes
            elif byte in (0x0A, 0x0D) and not self.in_quotes:
                self.head += chunk[:i]
                self.done = True
                break
        else:
            self.head += chunk
        if len(self.head) > self.max_bytes:
            raise ApiProblem(413, "header_too_wide", f"the header row is longer than {self.max_bytes:,} bytes "
                             "(NPSLENS_MAX_HEADER_BYTES); export only the columns the report needs")
        if self.done:
            self.check_columns()

    def check_columns(self) -> None:
        text = bytes(self.head).decode("utf-8", errors="replace").lstrip("\ufeff")
        fields = next(csv.reader([text]), [])
        if len(fields) > self.max_columns:
            raise ApiProblem(413, "too_many_columns", f"the header row has {len(fields):,} columns; the limit "
                             f"is {self.max_columns:,} (NPSLENS_MAX_COLUMNS); export only the columns the report "
                             "needs")


def save_upload(src: BinaryIO, dest: Path, *, max_bytes: int, header: HeaderCheck | None = None) -> int:
    """Copy the uploaded file to ``dest`` (at most ``max_bytes``), checking its header first; returns its size.

    Raises:
        ApiProblem: 413 ``upload_too_large``, ``header_too_wide``, ``too_many_columns``; 422 ``empty_upload``.
    """
    size = 0
    with dest.open("wb") as out:
        while chunk := src.read(COPY_CHUNK if header is None or header.done else 64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise ApiProblem(413, "upload_too_large", f"the upload is larger than {max_bytes:,} bytes "
                                 "(NPSLENS_MAX_UPLOAD_BYTES); split the survey export")
            if header is not None:
                header.feed(chunk)
            out.write(chunk)
    if header is not None and not header.done and size:
        header.check_columns()  # a header without a line break (no data rows: reported below)
    if size == 0:
        raise ApiProblem(422, "empty_upload", "the uploaded file is empty; send a CSV with a header row")
    return size


def count_rows(path: Path, required: list[str], *, max_rows: int, display_name: str) -> int:
    """Read the whole CSV once as ``npslens analyze`` will, and count its data rows.

    Raises:
        InputFileError: not UTF-8, binary, malformed, or a mapped column is missing (→ 422).
        ApiProblem: 413 ``too_many_rows`` past ``max_rows``.
    """
    rows = 0
    try:
        for chunk in read_table(str(path), required, fmt="csv", chunksize=50_000):
            rows += len(chunk)
            if rows > max_rows:
                raise ApiProblem(413, "too_many_rows", f"the file has more than {max_rows:,} data rows "
                                 "(NPSLENS_MAX_REPORT_ROWS); split it into several reports")
    except InputFileError as err:  # name the upload, not the server's path
        raise InputFileError(str(err).replace(str(path), display_name)) from None
    if rows == 0:
        raise InputFileError(f"{display_name}: no data rows (only a header); nothing to report")
    return rows


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
