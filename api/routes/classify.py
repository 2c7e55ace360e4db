"""``POST /v1/classify``: real-time classification, micro-batched across concurrent callers."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Coroutine
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security.utils import get_authorization_scheme_param

from api.core.logs import request_id_var
from api.core.problems import ApiProblem, problem_responses
from api.core.security import Authenticated
from api.core.settings import Settings
from api.deps import ServiceState, SnapshotDep, StateDep
from api.schemas.classify import ClassifyRequest, ClassifyResponse
from api.services.webhook import detractor_payload, is_detractor
from api.storage import taxonomies as tax_store
from nlp.pipeline import Analyzer
from nlp.schema import CommentResult
from nlp.taxonomy import Taxonomy

DISCONNECT_POLL_S = 0.25

router = APIRouter(prefix="/v1", tags=["classify"], dependencies=[Authenticated])


async def resolve_taxonomy(name: str | None, state: ServiceState, analyzer: Analyzer
                           ) -> tuple[Taxonomy | None, dict[str, str | None]]:
    """The registered taxonomy ``name`` (``None``: the model's own) and its reference for the response.

    Raises:
        ApiProblem: 422 ``unknown_taxonomy`` when ``name`` is not registered.
    """
    if name is None:
        t = analyzer.taxonomy
        return None, {"name": t.name, "fingerprint": t.fingerprint(), "source": "model"}
    db = state.db
    if db is None:
        raise ApiProblem(503, "not_ready", "the database is not open yet; retry shortly")

    def lookup() -> tuple[Taxonomy | None, list[str]]:
        with db.session() as s:
            row = tax_store.get(s, name=name)
            return (tax_store.as_taxonomy(row), []) if row else (None, tax_store.names(s, limit=20))

    taxonomy, known = await run_in_threadpool(lookup)
    if taxonomy is None:
        raise ApiProblem(422, "unknown_taxonomy", f"no taxonomy named {name!r} is registered (known: "
                         f"{', '.join(known) or 'none'}); register it with PUT /v1/taxonomies/{name}")
    folder = await run_in_threadpool(analyzer.fit_folder, taxonomy)  # may build the few-shot encoder (first use)
    return taxonomy, {"name": name, "fingerprint": taxonomy.fingerprint(), "source": "registered",
                      "fit": folder.name if folder is not None else None}


def client_key(request: Request, settings: Settings) -> str | None:
    """Who is asking, for fair scheduling: ``key:<12 hex>`` (SHA-256 of the API key that passed
    authentication; never the key itself) when authentication is on, else ``ip:<address>``; ``None``: unknown."""
    if settings.auth_enabled:
        key = request.headers.get("x-api-key")  # the same precedence as require_api_key
        if not key:
            scheme, credentials = get_authorization_scheme_param(request.headers.get("authorization"))
            key = credentials if scheme.lower() == "bearer" else None
        if key:
            return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]
    return f"ip:{request.client.host}" if request.client is not None else None


async def submit_unless_gone(request: Request, work: Coroutine[Any, Any, list[CommentResult]]
                             ) -> list[CommentResult]:
    """Await ``work``; when the client disconnects first, cancel it (its queued comments are dropped).

    Raises:
        ApiProblem: 499 ``client_closed_request`` (logged only: nobody is listening any more).
    """
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=DISCONNECT_POLL_S)
            if done:
                return task.result()
            if await request.is_disconnected():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                raise ApiProblem(499, "client_closed_request", "the client disconnected; its work was dropped")
    finally:
        if not task.done():  # this handler itself was cancelled
            task.cancel()


@router.post("/classify", response_model=ClassifyResponse, responses=problem_responses(401, 413, 422, 503),
             summary="Classify comments: sentiment, themes, theme sentiment, evidence")
async def classify(body: ClassifyRequest, request: Request, state: StateDep, snapshot: SnapshotDep
                   ) -> JSONResponse:
    """One result per comment, in order, identical to a line of ``npslens classify`` output.

    Up to ``max_comments_per_request`` comments (at least 256) and ``max_request_chars`` characters in all
    (see ``GET /info``). Concurrent requests share model calls, interleaved fairly between clients (API keys,
    or IPs without authentication), however many requests each has open: a short request never waits for
    a long one to finish; a client that disconnects has its remaining work dropped. With a
    webhook configured, each comment with a score of 0–6 is sent there after the response (never delaying it).
    """
    settings = state.settings
    comments = body.comments
    if len(comments) > settings.max_comments_per_request:
        raise ApiProblem(413, "too_many_comments", f"{len(comments)} comments in one request; the limit is "
                         f"{settings.max_comments_per_request} (NPSLENS_MAX_COMMENTS_PER_REQUEST); split the batch")
    too_long = [i for i, c in enumerate(comments) if len(c.text) > settings.max_comment_chars]
    if too_long:
        raise ApiProblem(422, "comment_too_long", f"comment(s) at index {too_long[:10]} are longer than "
                         f"{settings.max_comment_chars} characters (NPSLENS_MAX_COMMENT_CHARS); shorten them")
    total = sum(len(c.text) for c in comments)
    if total > settings.max_request_chars:
        raise ApiProblem(413, "work_budget_exceeded", f"the comments hold {total:,} characters in all; the limit "
                         f"per request is {settings.max_request_chars:,} (NPSLENS_MAX_REQUEST_CHARS); split the batch")
    taxonomy, ref = await resolve_taxonomy(body.taxonomy, state, snapshot.analyzer)
    results = await submit_unless_gone(request, snapshot.batcher.submit(
        [c.text for c in comments], taxonomy, client=client_key(request, settings)))
    state.metrics.comments.inc(len(comments))
    state.trimmer.note(total)  # a big request: hand its memory back once the big ones stop
    model = snapshot.model_info
    out: list[dict[str, Any]] = []
    hooks: list[dict[str, Any]] = []
    for i, (c, r) in enumerate(zip(comments, results, strict=True)):
        item = {"row": i, "id": c.id, **r.to_dict()}
        out.append(item)
        if state.notifier is not None and c.score is not None and is_detractor(c.score) and r.skipped is None:
            hooks.append(detractor_payload(
                comment_id=c.id, score=c.score, result=item, model=model, request_id=request_id_var.get(),
                text=c.text if settings.webhook_include_text else None))
    if state.notifier is not None and hooks:
        await state.notifier.enqueue(hooks)  # stored in the outbox before we answer; sent in the background
    return JSONResponse({"model": model, "taxonomy": ref, "results": out})
