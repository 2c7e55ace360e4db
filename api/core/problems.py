"""RFC 7807 ``application/problem+json`` errors: library errors, validation errors, HTTP errors, limits.

``nlp`` never sees HTTP: its errors carry a stable ``code`` and are mapped to a status here.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.core.logs import request_id_var
from nlp.errors import (
    ArtifactError,
    ConfigError,
    InputFileError,
    InvalidInputError,
    InvalidTaxonomyError,
    ModelNotFoundError,
    NotFittedError,
    NPSLensError,
)

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("npslens.api")

STATUS: dict[type[NPSLensError], int] = {
    InvalidInputError: 422, InvalidTaxonomyError: 422, InputFileError: 422, ConfigError: 422,
    NotFittedError: 503, ModelNotFoundError: 503, ArtifactError: 500,
}
HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
              406: "not_acceptable", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
              503: "not_ready"}


class Problem(BaseModel):
    """An RFC 7807 problem. ``code`` is stable; ``errors`` lists field errors for validation problems."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "/problems/too_many_comments", "title": "Content Too Large", "status": 413,
        "detail": "1200 comments in one request; the limit is 1000 (NPSLENS_MAX_COMMENTS_PER_REQUEST)",
        "code": "too_many_comments", "instance": "/v1/classify", "request_id": "5f0c…"}]})

    type: str
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    code: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[dict[str, Any]] | None = None


class ApiProblem(Exception):
    """Raise from a route to answer with a problem (``status``, stable ``code``, human ``detail``)."""

    def __init__(self, status: int, code: str, detail: str, *, headers: dict[str, str] | None = None,
                 errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers, self.errors = status, code, detail, headers, errors


def problem_response(status: int, code: str, detail: str, *, instance: str | None = None,
                     headers: dict[str, str] | None = None, errors: list[dict[str, Any]] | None = None
                     ) -> JSONResponse:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {"type": f"/problems/{code}", "title": title, "status": status, "detail": detail,
                            "code": code, "instance": instance, "request_id": request_id_var.get()}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_for(exc: NPSLensError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def _clean_errors(errors: Any) -> list[dict[str, Any]]:
    """Field errors without the offending input (it may be a customer's comment)."""
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors]


async def _on_api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
    return problem_response(exc.status, exc.code, exc.detail, instance=request.url.path, headers=exc.headers,
                            errors=exc.errors)


async def _on_domain_error(request: Request, exc: NPSLensError) -> JSONResponse:
    status = status_for(exc)
    if status >= 500:
        log.error("domain error", extra={"code": exc.code, "error": str(exc)})
    return problem_response(status, exc.code, str(exc), instance=request.url.path)


async def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = _clean_errors(exc.errors())
    if any(e["type"] == "json_invalid" for e in errors):
        return problem_response(422, "malformed_json", "the request body is not valid JSON; send a JSON object "
                                "as described in the OpenAPI schema", instance=request.url.path, errors=errors)
    where = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors[:5])
    return problem_response(422, "validation_error", f"the request does not match the schema: {where}",
                            instance=request.url.path, errors=errors)


async def _on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400:  # the framework's body parsers: non-UTF-8 JSON, broken multipart ("Invalid multipart
        # data.", "Missing boundary in multipart."); our own routes raise ApiProblem, never a bare 400
        why = "" if exc.detail == "There was an error parsing the body" else f" ({str(exc.detail).rstrip('.')})"
        return problem_response(422, "malformed_body", f"the request body could not be parsed{why}: send UTF-8 JSON "
                                "(or the multipart form) as described in the OpenAPI schema", instance=request.url.path)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    return problem_response(exc.status_code, code, str(exc.detail), instance=request.url.path,
                            headers=getattr(exc, "headers", None))


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"error_type": type(exc).__name__})
    return problem_response(500, "internal_error", "an unexpected error occurred; the request id is in the log",
                            instance=request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _on_api_problem)  # type: ignore[arg-type]
    app.add_exception_handler(NPSLensError, _on_domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the given problem statuses."""
    ref = {"$ref": "#/components/schemas/Problem"}
    return {s: {"description": HTTPStatus(s).phrase, "content": {PROBLEM_JSON: {"schema": ref}}} for s in statuses}
