"""A report upload's CSV header row, checked while the multipart body streams in, before the upload is accepted.

:class:`UploadGuard` (pure ASGI) reads ``POST /v1/reports`` multipart bodies ahead of the app, chunk by chunk,
through an incremental multipart parser (``python_multipart``, the one Starlette uses) and feeds the bytes of
the ``file`` part to :class:`HeaderCheck`. A header row that is too wide or has too many columns is answered
with ``413`` at once: the rest of the body is never read and the app never runs. Once the header row is
complete (or nothing can be told), the messages read so far are handed to the app unchanged, then the rest as
it comes; at most ``read_ahead + max_header_bytes`` (plus one chunk) are held. The route checks the header
again after the form is parsed (a second line of defence).
"""

from __future__ import annotations

import csv
import re
from collections import deque
from typing import Any

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from api.core.limits import FORM_OVERHEAD, UPLOAD_PATH
from api.core.problems import ApiProblem, problem_response

FILE_FIELD = b"file"
# the start of a CSV row up to its first line break outside quotes (possessive: no backtracking, C speed)
ROW_PREFIX = re.compile(rb'(?:[^"\r\n]++|"[^"]*+")*+')
READ_AHEAD = FORM_OVERHEAD  # form bytes looked through for the file part's header row before giving up


class HeaderCheck:
    """The header row's limits, checked on the first bytes of the upload as they arrive.

    The header ends at the first line break outside double quotes; past ``max_bytes`` without one, or with
    more than ``max_columns`` fields, the upload is refused before the rest is read. The row is scanned by a
    regular expression (no Python loop per byte), and at most ``max_bytes + 1`` bytes are kept.
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
        part = chunk[:self.max_bytes + 1 - len(self.head)]  # past that the verdict is known: too wide
        pos = 0
        if self.in_quotes:  # a quoted field goes on from the last chunk: skip to its closing quote
            pos = part.find(b'"') + 1
            self.in_quotes = pos == 0
        row = None if self.in_quotes else ROW_PREFIX.match(part, pos)
        end = len(part) if row is None else row.end()
        if end == len(part):
            self.head += part
        elif part[end] == 0x22:  # a quote that does not close in this chunk
            self.in_quotes = True
            self.head += part
        else:  # a line break outside quotes
            self.head += part[:end]
            self.done = True
        if len(self.head) > self.max_bytes:
            raise ApiProblem(413, "header_too_wide", f"the header row is longer than {self.max_bytes:,} bytes "
                             "(NPSLENS_MAX_HEADER_BYTES); export only the columns the report needs")
        if self.done:
            self.check_columns()

    def check_columns(self) -> None:
        text = bytes(self.head).decode("utf-8", errors="replace").lstrip("\ufeff")
        # line breaks kept in the row (inside quotes, or after a quote mid-field: a"b CR c") are one field's text
        # to the limit; left in, csv refuses the second kind ("new-line character seen in unquoted field")
        text = text.replace("\r", " ").replace("\n", " ")
        fields = next(csv.reader([text]), [])
        if len(fields) > self.max_columns:
            raise ApiProblem(413, "too_many_columns", f"the header row has {len(fields):,} columns; the limit "
                             f"is {self.max_columns:,} (NPSLENS_MAX_COLUMNS); export only the columns the report "
                             "needs")


class FileHeaderWatch:
    """Feeds the bytes of a multipart body's ``file`` part (one with a filename) to a :class:`HeaderCheck`.

    Chunks may split the body anywhere (the boundary, the part headers, the header row). ``settled`` turns true
    once the header row passed, or the body ended, or it is not multipart the parser understands (the app's own
    parser answers that).
    """

    def __init__(self, boundary: bytes, check: HeaderCheck) -> None:
        self.check = check
        self.settled = False
        self.in_file = False
        self._name = bytearray()
        self._value = bytearray()
        self._disposition = b""
        self.parser = MultipartParser(boundary, {
            "on_part_begin": self._part_begin, "on_header_field": self._header_field,
            "on_header_value": self._header_value, "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished, "on_part_data": self._part_data,
            "on_part_end": self._part_end, "on_end": self._end})

    def feed(self, chunk: bytes) -> None:
        """Parse the next chunk of the body.

        Raises:
            ApiProblem: 413 ``header_too_wide`` or ``too_many_columns``.
        """
        if self.settled or not chunk:
            return
        try:
            self.parser.write(chunk)
        except FormParserError:
            self.settled = True

    def _part_begin(self) -> None:
        self.in_file = False
        self._disposition = b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._name += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        if bytes(self._name).lower() == b"content-disposition":
            self._disposition = bytes(self._value)
        self._name.clear()
        self._value.clear()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        self.in_file = options.get(b"name") == FILE_FIELD and b"filename" in options

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self.in_file and not self.settled:
            self.check.feed(data[start:end])
            self.settled = self.check.done

    def _part_end(self) -> None:
        if self.in_file and not self.settled:
            self.settled = True
            self.check.check_columns()  # a header row without a line break: the file is only the header

    def _end(self) -> None:
        self.settled = True


def multipart_boundary(scope: dict[str, Any]) -> bytes | None:
    """The boundary of a ``multipart/form-data`` request, or ``None`` for any other body."""
    for name, value in scope.get("headers") or []:
        if name == b"content-type":
            ctype, options = parse_options_header(value)
            boundary = options.get(b"boundary")
            return boundary if ctype == b"multipart/form-data" and boundary else None
    return None


class UploadGuard:
    """Pure ASGI middleware: the header row of a ``POST /v1/reports`` upload is checked as the body streams in.

    ``413 header_too_wide`` / ``too_many_columns`` are answered without reading the rest of the body and without
    calling the app; every other request, and every upload whose header row passes, reaches the app unchanged.
    """

    def __init__(self, app: Any, *, max_header_bytes: int, max_columns: int, read_ahead: int = READ_AHEAD) -> None:
        self.app = app
        self.max_header_bytes, self.max_columns = max_header_bytes, max_columns
        self.budget = read_ahead + max_header_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        boundary = None
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].rstrip("/") == UPLOAD_PATH:
            boundary = multipart_boundary(scope)
        if boundary is None:
            await self.app(scope, receive, send)
            return
        try:
            watch = FileHeaderWatch(boundary, HeaderCheck(max_bytes=self.max_header_bytes,
                                                          max_columns=self.max_columns))
        except FormParserError:  # a boundary the parser refuses: the app's parser answers it
            await self.app(scope, receive, send)
            return
        held: deque[dict[str, Any]] = deque()
        failure: Exception | None = None
        seen = 0
        try:
            while not watch.settled and seen <= self.budget:
                message = await receive()
                held.append(message)
                if message["type"] != "http.request":
                    break
                body = message.get("body", b"")
                seen += len(body)
                watch.feed(body)
                if not message.get("more_body", False):
                    break
        except ApiProblem as problem:
            response = problem_response(problem.status, problem.code, problem.detail, instance=scope["path"])
            await response(scope, receive, send)
            return
        except Exception as err:  # e.g. an outer body limit: the app meets it where it would have read it
            failure = err

        async def replay() -> dict[str, Any]:
            nonlocal failure
            if held:
                return held.popleft()
            if failure is not None:
                err, failure = failure, None
                raise err
            message: dict[str, Any] = await receive()
            return message

        await self.app(scope, replay, send)
