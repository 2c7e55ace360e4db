"""Checking a report upload before it is queued: size, header width, column count, UTF-8, columns, rows.

The header row was already checked while the body streamed in (:class:`~api.core.upload_guard.UploadGuard`);
:func:`save_upload` checks it again on the received file (a second line of defence).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import BinaryIO

from api.core.problems import ApiProblem
from api.core.upload_guard import HeaderCheck
from batch.tables import read_table
from nlp.errors import InputFileError

__all__ = ["HeaderCheck", "count_rows", "discard", "save_upload"]

COPY_CHUNK = 1024 * 1024


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
