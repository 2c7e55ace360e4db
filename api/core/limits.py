"""Request body size limits, answered with a 413 problem before the body is read into memory."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException

from api.core.problems import problem_response

UPLOAD_PATH = "/v1/reports"
FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and the option fields around the file


class BodyTooLarge(HTTPException):
    """Raised while reading a body without Content-Length once it passes the limit (FastAPI re-raises it)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


class BodySizeLimit:
    """Pure ASGI middleware: ``max_upload_bytes`` for report uploads, ``max_json_bytes`` for everything else."""

    def __init__(self, app: Any, *, max_json_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_json = max_json_bytes
        self.max_upload = max_upload_bytes + FORM_OVERHEAD

    def limit_for(self, path: str) -> int:
        return self.max_upload if path.rstrip("/") == UPLOAD_PATH else self.max_json

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        for name, value in scope.get("headers") or []:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > limit:
                    what = "upload" if limit == self.max_upload else "JSON body"
                    response = problem_response(413, "payload_too_large", f"the {what} is {declared:,} bytes; "
                                                f"the limit is {limit:,} bytes", instance=scope["path"])
                    await response(scope, receive, send)
                    return
        seen = 0

        async def counted_receive() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted_receive, send)
