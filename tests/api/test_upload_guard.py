"""UploadGuard: a report upload's header row is refused (413) while the body streams in, before it is accepted."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AUTH, SURVEY_CSV, fast_runner, make_settings, running_app

from api.core.problems import ApiProblem
from api.core.upload_guard import HeaderCheck, UploadGuard
from api.main import create_app

BOUNDARY = "npslens-test-boundary-7f3a"
FIELDS = {"text_column": "comment", "score_column": "score"}
MiB = 1024 * 1024


def form(file: bytes, *, fields: dict[str, str] = FIELDS, file_first: bool = False, boundary: str = BOUNDARY
         ) -> bytes:
    """A multipart/form-data body as curl and httpx write it: CRLF line breaks, the file part named ``file``."""
    def part(headers: str, data: bytes) -> bytes:
        return f"--{boundary}\r\n{headers}\r\n\r\n".encode() + data + b"\r\n"
    parts = [part(f'Content-Disposition: form-data; name="{k}"', v.encode()) for k, v in fields.items()]
    upload = part('Content-Disposition: form-data; name="file"; filename="survey.csv"\r\nContent-Type: text/csv',
                  file)
    parts.insert(0, upload) if file_first else parts.append(upload)
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def scope(path: str = "/v1/reports", method: str = "POST", ctype: str = f"multipart/form-data; boundary={BOUNDARY}",
          length: int | None = None, auth: bool = True) -> dict[str, Any]:
    headers = [(b"content-type", ctype.encode())]
    if auth:
        headers.append((b"authorization", AUTH["Authorization"].encode()))
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    return {"type": "http", "method": method, "path": path, "headers": headers, "query_string": b"",
            "http_version": "1.1", "scheme": "http", "server": ("test", 80), "client": ("test", 1), "root_path": ""}


class Body:
    """A fake ASGI ``receive`` that serves ``data`` in chunks of the given sizes and counts what was taken."""

    def __init__(self, data: bytes, sizes: Iterable[int]) -> None:
        self.data, self.sizes, self.consumed, self.calls = data, iter(sizes), 0, 0

    async def __call__(self) -> dict[str, Any]:
        self.calls += 1
        if self.consumed >= len(self.data) and self.calls > 1:
            return {"type": "http.disconnect"}
        size = next(self.sizes)
        chunk = self.data[self.consumed:self.consumed + size]
        self.consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": self.consumed < len(self.data)}


def every(n: int) -> Iterable[int]:
    while True:
        yield n


def randomly(seed: int, top: int = 200) -> Iterable[int]:
    rng = random.Random(seed)
    while True:
        yield rng.randint(1, top)


class App:
    """The app behind the guard: reads the whole body as Starlette would, answers 200."""

    def __init__(self) -> None:
        self.called = False
        self.receive: Any = None
        self.messages: list[dict[str, Any]] = []

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.called, self.receive = True, receive
        if scope["type"] == "http":
            while True:
                message = await receive()
                self.messages.append(message)
                if message["type"] != "http.request" or not message.get("more_body", False):
                    break
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})


def call(asgi: Any, sc: dict[str, Any], receive: Any) -> tuple[int, dict[str, Any] | bytes, dict[bytes, bytes]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(asgi(sc, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    headers = dict(start.get("headers", []))
    if headers.get(b"content-type") == b"application/problem+json":
        return start["status"], json.loads(body), headers
    return start["status"], body, headers


def guard(app: Any, *, max_header_bytes: int = 256 * 1024, max_columns: int = 2000) -> UploadGuard:
    return UploadGuard(app, max_header_bytes=max_header_bytes, max_columns=max_columns)


def wide_csv(columns: int, rows_bytes: int = 0) -> bytes:
    head = ",".join(f"c{i}" for i in range(columns)).encode() + b"\n"
    return head + b"1,2,3\n" * (rows_bytes // 6)


# (1) refused while streaming, the rest of the body never read, the app never called


def test_a_20_mb_upload_with_a_million_columns_is_refused_after_its_first_kilobytes(tmp_path: Path,
                                                                                    tiny_model_dir: Path) -> None:
    data = form(wide_csv(1_000_000, rows_bytes=14 * MiB))
    assert len(data) > 20 * MiB
    body = Body(data, every(64 * 1024))
    app = create_app(make_settings(tmp_path, tiny_model_dir), report_runner=fast_runner)  # the whole middleware stack
    status, problem, headers = call(app, scope(length=len(data)), body)
    assert status == 413 and headers[b"content-type"] == b"application/problem+json"
    assert isinstance(problem, dict)
    assert problem["code"] == "header_too_wide" and problem["instance"] == "/v1/reports"
    assert "262,144 bytes" in problem["detail"] and "NPSLENS_MAX_HEADER_BYTES" in problem["detail"]
    assert body.consumed < 1 * MiB  # 256 KiB of header + one 64 KiB chunk, of 20 MB
    assert body.consumed <= 256 * 1024 + 64 * 1024 + 1024


def test_too_many_columns_is_refused_as_soon_as_the_header_row_ends() -> None:
    data = form(wide_csv(2001, rows_bytes=5 * MiB))
    body, app = Body(data, every(16 * 1024)), App()
    status, problem, _ = call(guard(app), scope(), body)
    assert (status, app.called) == (413, False)
    assert isinstance(problem, dict) and problem["code"] == "too_many_columns"
    assert "2,001 columns" in problem["detail"] and "the limit is 2,000 (NPSLENS_MAX_COLUMNS)" in problem["detail"]
    assert body.consumed <= 32 * 1024  # the header row is ~13 KB: one or two chunks of 5 MB


def test_the_file_part_after_the_fields_and_a_header_only_file_are_checked_too() -> None:
    data = form(b"a,b,c,d,e,f", file_first=False)  # no line break: the whole file is the header row
    app = App()
    status, problem, _ = call(guard(app, max_columns=5), scope(), Body(data, every(7)))
    assert (status, app.called) == (413, False)
    assert isinstance(problem, dict) and problem["code"] == "too_many_columns" and "6 columns" in problem["detail"]


# (2) a good upload passes through byte-identical


def test_a_good_upload_reaches_the_app_byte_identical_with_the_same_messages() -> None:
    data = form(SURVEY_CSV.encode() * 200)
    body, app = Body(data, every(4096)), App()
    status, reply, _ = call(guard(app), scope(), body)
    assert (status, reply, app.called) == (200, b"ok", True)
    assert app.body == data and body.consumed == len(data)
    sizes = [len(m["body"]) for m in app.messages]
    assert sizes == [min(4096, len(data) - i) for i in range(0, len(data), 4096)]
    assert [m["more_body"] for m in app.messages] == [True] * (len(sizes) - 1) + [False]


def test_http_good_upload_is_queued_with_the_same_bytes_and_a_wide_one_is_413(tmp_path: Path,
                                                                              tiny_model_dir: Path) -> None:
    csv_bytes = SURVEY_CSV.encode()
    settings = make_settings(tmp_path, tiny_model_dir, max_columns=10)
    with running_app(settings, runner=fast_runner) as client:
        resp = client.post("/v1/reports", files={"file": ("s.csv", csv_bytes, "text/csv")}, data=FIELDS,
                           headers=AUTH)
        assert resp.status_code == 202, resp.text
        job_id = resp.json()["id"]
        assert (tmp_path / "jobs" / job_id / "input.csv").read_bytes() == csv_bytes
        assert client.get(f"/v1/reports/{job_id}", headers=AUTH).json()["rows_total"] == 6
        wide = client.post("/v1/reports", files={"file": ("w.csv", wide_csv(11), "text/csv")}, data=FIELDS,
                           headers=AUTH)
        assert wide.status_code == 413 and wide.headers["content-type"] == "application/problem+json"
        assert wide.json()["code"] == "too_many_columns" and "11 columns" in wide.json()["detail"]
        assert len(client.get("/v1/reports", headers=AUTH).json()["jobs"]) == 1


# (3) chunk boundaries anywhere: in the boundary, the part headers, the header row


CHUNKINGS = [("1-byte", lambda: every(1)), ("7-byte", lambda: every(7))] + [
    (f"random-{seed}", lambda seed=seed: randomly(seed)) for seed in range(5)]


@pytest.mark.parametrize(("name", "sizes"), CHUNKINGS, ids=[n for n, _ in CHUNKINGS])
@pytest.mark.parametrize("file_first", [False, True])
def test_any_chunking_gives_the_same_verdicts(name: str, sizes: Any, file_first: bool) -> None:
    ok_csv = b'\xef\xbb\xbfid,"multi\r\nline, question",score,comment\r\n1,x,9,great\r\n' * 3
    cases: list[tuple[bytes, str | None]] = [
        (ok_csv, None),
        (b"id,score,comment", None),  # only a header row, no line break
        (b"c0,c1,c2,c3,c4,c5\n1,2\n", "too_many_columns"),
        (b'a,"b\nc",d,e,f,"g\r\n"\n1\n', "too_many_columns"),  # the quoted line breaks stay in the header
        (b"x" * 1500 + b",y\n1,2\n", "header_too_wide"),
        (b'"' + b"q\n" * 600 + b'"\n1\n', "header_too_wide"),  # one quoted field past 1,024 bytes
    ]
    for csv_bytes, code in cases:
        data = form(csv_bytes, file_first=file_first)
        body, app = Body(data, sizes()), App()
        status, reply, _ = call(guard(app, max_header_bytes=1024, max_columns=5), scope(), body)
        if code is None:
            assert (status, reply) == (200, b"ok"), (name, csv_bytes[:40])
            assert app.body == data
        else:
            assert status == 413 and isinstance(reply, dict) and reply["code"] == code, (name, csv_bytes[:40])
            assert not app.called and body.consumed < len(data) + 1


def test_a_boundary_split_between_two_chunks_still_finds_the_file_part() -> None:
    data = form(b"a,b,c,d,e,f\n")
    cut = data.index(b"--" + BOUNDARY.encode(), 10) + 5  # inside the second boundary
    sizes = iter([cut, 3, 1, 2, 10_000])
    app = App()
    status, reply, _ = call(guard(app, max_columns=5), scope(), Body(data, sizes))
    assert status == 413 and isinstance(reply, dict) and reply["code"] == "too_many_columns"


# (4) everything else untouched


@pytest.mark.parametrize("sc", [
    scope(ctype="application/json"),
    scope(ctype="text/csv"),
    scope(ctype="multipart/form-data"),  # no boundary: the app answers it
    scope(method="PUT"),
    scope(path="/v1/classify"),
    scope(path="/v1/reports/0123456789abcdef0123456789abcdef", method="GET"),
], ids=["json", "csv", "no-boundary", "put", "other-path", "get-job"])
def test_other_requests_get_the_original_receive(sc: dict[str, Any]) -> None:
    data = form(wide_csv(3000))
    body, app = Body(data, every(1000)), App()
    status, _, _ = call(guard(app), sc, body)
    assert (status, app.receive, app.body) == (200, body, data)


def test_lifespan_and_websocket_scopes_pass_through() -> None:
    app = App()

    async def receive() -> dict[str, Any]:
        return {"type": "lifespan.startup"}

    asyncio.run(guard(app)({"type": "lifespan"}, receive, None))
    assert app.called and app.receive is receive


def test_broken_multipart_reaches_the_app_unchanged() -> None:
    data = b"this is not multipart at all\r\n" * 100
    app = App()
    status, _, _ = call(guard(app), scope(), Body(data, every(64)))
    assert (status, app.body) == (200, data)


def test_fields_past_the_read_ahead_stop_the_watch_and_bound_what_is_held() -> None:
    data = form(wide_csv(3000), fields={"note": "n" * 3 * MiB, **FIELDS})
    body, app = Body(data, every(64 * 1024)), App()
    g = UploadGuard(app, max_header_bytes=1024, max_columns=5, read_ahead=MiB)
    status, _, _ = call(g, scope(), body)
    assert (status, app.body) == (200, data)  # the route's own check answers it (second line of defence)


def test_held_messages_are_bounded_when_the_watch_gives_up() -> None:
    data = form(b"a\n", fields={"note": "n" * 3 * MiB})
    held_at_call: list[int] = []
    body = Body(data, every(64 * 1024))

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        held_at_call.append(body.consumed)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    call(UploadGuard(app, max_header_bytes=1024, max_columns=5, read_ahead=MiB), scope(), body)
    assert held_at_call == [MiB + 64 * 1024]  # read ahead stops past read_ahead + max_header_bytes


def test_a_disconnect_while_reading_ahead_is_passed_to_the_app() -> None:
    head = form(b"a,b\n1,2\n")[:60]
    messages: Iterator[dict[str, Any]] = iter([{"type": "http.request", "body": head, "more_body": True},
                                               {"type": "http.disconnect"}])

    async def receive() -> dict[str, Any]:
        return next(messages)

    app = App()
    call(guard(app), scope(), receive)
    assert [m["type"] for m in app.messages] == ["http.request", "http.disconnect"]
    assert app.body == head


def test_an_error_from_receive_while_reading_ahead_reaches_the_app_where_it_happened() -> None:
    data = form(b"a,b\n1,2\n")

    class Boom(Exception):
        pass

    calls = 0

    async def receive() -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Boom("body too large")
        return {"type": "http.request", "body": data[(calls - 1) * 20:calls * 20], "more_body": True}

    seen: list[bytes] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        for _ in range(2):
            seen.append((await receive())["body"])
        with pytest.raises(Boom):
            await receive()
        await send({"type": "http.response.start", "status": 413, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    status, _, _ = call(guard(app), scope(), receive)
    assert status == 413 and seen == [data[:20], data[20:40]]


# the header scan (a regular expression) agrees with the byte-by-byte rule it replaced


def header_by_bytes(data: bytes, max_bytes: int) -> tuple[str, bytes]:
    """The rule, one byte at a time: the row ends at the first CR/LF outside double quotes."""
    in_quotes = False
    for i, byte in enumerate(data):
        if byte == 0x22:
            in_quotes = not in_quotes
        elif byte in (0x0A, 0x0D) and not in_quotes:
            return ("too_wide", b"") if i > max_bytes else ("done", data[:i])
    return ("too_wide", b"") if len(data) > max_bytes else ("open", data)


@pytest.mark.parametrize("seed", range(40))
def test_header_scan_matches_the_byte_rule_for_any_chunking(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.choice(b'ab,"""\r\n') for _ in range(rng.randint(0, 120)))
    check = HeaderCheck(max_bytes=60, max_columns=1_000_000)
    verdict, i = "open", 0
    try:
        while i < len(data) and not check.done:
            size = rng.randint(1, 9)
            check.feed(data[i:i + size])
            i += size
        verdict = "done" if check.done else "open"
    except ApiProblem as problem:
        assert problem.code == "header_too_wide"
        verdict = "too_wide"
    expected, head = header_by_bytes(data, 60)
    assert verdict == expected, data
    if verdict != "too_wide":
        assert bytes(check.head) == head, data


def test_a_line_break_after_a_quote_mid_field_is_counted_not_a_500(tmp_path: Path, tiny_model_dir: Path) -> None:
    head = b'id,a"b\nc",score,comment'  # the quote toggles, so the line break stays in the row (csv used to raise)
    check = HeaderCheck(max_bytes=1024, max_columns=3)
    with pytest.raises(ApiProblem) as err:
        check.feed(head + b"\n1,x,9,ok\n")
    assert err.value.code == "too_many_columns" and "4 columns" in err.value.detail
    with running_app(make_settings(tmp_path, tiny_model_dir), runner=fast_runner) as client:
        resp = client.post("/v1/reports", files={"file": ("q.csv", head + b"\n1,x,9,ok\n", "text/csv")}, data=FIELDS,
                           headers=AUTH)
        assert resp.status_code == 422 and resp.json()["code"] == "bad_input_file", resp.text  # was 500
