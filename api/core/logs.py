"""Structured JSON logs with a request id on every line; comment text is never logged.

Each request gets an id (the caller's ``X-Request-ID`` when it is a short token, else a new one),
echoed in the response header, in every log line written while serving it and in problem bodies.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("npslens_request_id", default=None)
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# attributes every LogRecord has; anything else passed with ``extra=`` becomes a JSON field
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName",
                                                                     "color_message"}


def new_request_id(header: str | None) -> str:
    return header if header and _VALID_ID.match(header) else uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id_var.get()
        if rid:
            out["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO", as_json: bool = True) -> None:
    """Send ``npslens.*`` and ``uvicorn.error`` logs to stderr (JSON by default); silence uvicorn's access log
    (the request middleware writes one structured line per request instead)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter("%(levelname)s %(name)s %(message)s"))
    for name in ("npslens", "uvicorn.error", "alembic"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level if name != "alembic" else "WARNING")
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True


class RequestContextMiddleware:
    """Pure ASGI middleware: request id, access log line, latency and count metrics per route."""

    def __init__(self, app: Any, metrics: Any) -> None:
        self.app = app
        self.metrics = metrics
        self.log = logging.getLogger("npslens.access")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        rid = new_request_id(headers.get(b"x-request-id", b"").decode("latin-1") or None)
        token = request_id_var.set(rid)
        status = 500
        started = False
        start = time.perf_counter()

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            if started:
                raise
            # answer here, while the request id is still set (Starlette's error middleware sits outside)
            logging.getLogger("npslens.api").exception("unhandled error")
            body = json.dumps({"type": "/problems/internal_error", "title": "Internal Server Error", "status": 500,
                               "detail": "an unexpected error occurred; the request id is in the log",
                               "code": "internal_error", "instance": scope.get("path"), "request_id": rid}).encode()
            await send_with_id({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]})
            await send_with_id({"type": "http.response.body", "body": body})
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            path = getattr(route, "path", None) or "<unmatched>"
            self.metrics.observe_request(scope["method"], path, status, elapsed)
            self.log.info("request", extra={"method": scope["method"], "route": path, "status": status,
                                            "duration_ms": round(elapsed * 1000, 2)})
            request_id_var.reset(token)
