"""``POST /v1/models/{version}/promote`` and ``POST /v1/models/rollback``: change the champion, hot-reload.

Admin only: send a key from ``NPSLENS_ADMIN_KEYS`` as ``Authorization: Bearer <key>`` or ``X-API-Key``.
Without admin keys configured the endpoints answer 403. The promote gate (see :mod:`lifecycle.gate`) runs
first; the new model is loaded and warmed before the registry changes and the served model is swapped.
With ``wait=false`` a change answers 202 at once with an operation to poll (``GET /v1/models/operations/{id}``,
:mod:`api.services.operations`); without it the call returns the result, as it always did.
"""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from api.core.problems import ApiProblem, problem_responses
from api.core.security import AdminOnly
from api.deps import ServiceState, StateDep
from api.schemas.operations import GateOut, GateRow, ModelChange, OperationOut
from api.services.hot_reload import swap_model
from api.services.operations import Operation, OperationStore
from lifecycle.registry import GateRefusedError, gate_check, promote, rollback
from nlp.artifacts.folder import read_artifact
from nlp.artifacts.registry_file import load_registry, model_dir
from nlp.errors import ModelNotFoundError, NPSLensError
from nlp.pipeline import Analyzer

router = APIRouter(prefix="/v1/models", tags=["models"], dependencies=[AdminOnly])
RESPONSES = problem_responses(401, 403, 404, 409, 422, 503)
OpId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$", description="The id a 202 answer gave (its Location).")]
# OpenAPI links: a 202's operation id leads to its status (clients and stateful fuzzers follow them)
OPERATION_LINKS = {
    "GetModelOperation": {"operationRef": "#/paths/~1v1~1models~1operations~1{operation_id}/get",
                          "parameters": {"operation_id": "$response.body#/id"},
                          "description": "Poll the model change: status, stage, progress, result or error."},
}
ACCEPTED: dict[int | str, dict[str, Any]] = {202: {"model": OperationOut, "links": OPERATION_LINKS,
                  "description": "wait=false: the change was queued; poll the operation at Location.",
                  "headers": {"Location": {"description": "/v1/models/operations/{id}",
                                           "schema": {"type": "string"}}}}}
Wait = Annotated[bool, Query(description="false: answer 202 at once with an operation to poll (GET "
                             "/v1/models/operations/{id}, also in Location) instead of waiting for the change.")]

__all__ = ["GateOut", "GateRow", "ModelChange", "router"]


def _require_ready(state: ServiceState) -> None:
    if not state.ready or state.analyzer is None:
        raise ApiProblem(503, "not_ready", "the served model is still loading; retry the model change when GET "
                         "/ready answers 200", headers={"Retry-After": "2"})


def _operations(request: Request) -> OperationStore:
    store = getattr(request.app.state, "model_operations", None)
    if store is None:
        store = request.app.state.model_operations = OperationStore()
    return store.bind()


def _load(state: ServiceState, version: str, loaded: dict[str, Analyzer]) -> Analyzer:
    """The registry version, sharing the served model's encoder when it is the same one (not warmed yet)."""
    if version not in loaded:
        art = read_artifact(model_dir(load_registry().entry(version)))
        enc = state.analyzer.encoder if state.analyzer is not None else None
        backend = state.settings.backend
        loaded[version] = Analyzer.from_artifact(art, threads=state.settings.threads, backend=backend, share=enc)
    return loaded[version]


def _seed(state: ServiceState) -> dict[str, Analyzer]:
    """The served analyzer, keyed by version, when it is the registry's champion folder (reused by the gate)."""
    a = state.analyzer
    reg = load_registry()
    if a is None or reg.champion is None or a.path is None:
        return {}
    return {reg.champion: a} if a.path.resolve() == model_dir(reg.entry(reg.champion)).resolve() else {}


def _gate_out(result: Any) -> GateOut:
    d = result.to_dict()
    return GateOut(ok=d["ok"], eval_set=d["eval_set"], n=d["n"], tolerance=d["tolerance"],
                   metrics=[GateRow(**m) for m in d["metrics"]], reasons=d["reasons"], notes=d["notes"])


def _not_found(err: NPSLensError) -> ApiProblem:
    return ApiProblem(404 if isinstance(err, ModelNotFoundError) else 422, err.code, str(err))


async def _warm(op: Operation, analyzer: Analyzer) -> None:
    op.enter("warm")
    await asyncio.to_thread(analyzer.warm_up)


async def _promote(op: Operation, state: ServiceState, version: str, force: bool,
                   tolerance: float | None) -> ModelChange:
    t0 = time.perf_counter()
    loaded = _seed(state)
    try:
        op.enter("gate")
        result = await asyncio.to_thread(gate_check, version, tolerance=tolerance, loaded=loaded,
                                         progress=op.examples)
        if not result.ok and not force:
            raise GateRefusedError(result)
        op.enter("load")
        analyzer = await asyncio.to_thread(_load, state, load_registry().entry(version).version, loaded)
        await _warm(op, analyzer)
        previous = load_registry().champion
        op.enter("register")
        await asyncio.to_thread(promote, version, force=force, tolerance=tolerance, checked=result, note="via API")
    except GateRefusedError as err:
        op.gate = _gate_out(err.result)
        raise ApiProblem(409, err.code, str(err)) from None
    except NPSLensError as err:
        raise _not_found(err) from None
    op.enter("swap")
    await swap_model(state, analyzer)
    return ModelChange(champion=load_registry().champion, previous=previous, loaded=analyzer.model_info,
                       forced=not result.ok, gate=_gate_out(result),
                       reload_seconds=round(time.perf_counter() - t0, 3), pinned=state.settings.model is not None)


async def _rollback(op: Operation, state: ServiceState) -> ModelChange:
    t0 = time.perf_counter()
    stack = load_registry().rollback_stack()
    if not stack or stack[-1] is None:
        raise ApiProblem(409, "nothing_to_roll_back", "no earlier champion to roll back to")
    try:
        op.enter("load")
        analyzer = await asyncio.to_thread(_load, state, stack[-1], {})
        await _warm(op, analyzer)
        op.enter("register")
        restored, previous = await asyncio.to_thread(rollback, note="via API")
    except NPSLensError as err:
        raise _not_found(err) from None
    op.enter("swap")
    await swap_model(state, analyzer)
    return ModelChange(champion=restored, previous=previous, loaded=analyzer.model_info,
                       reload_seconds=round(time.perf_counter() - t0, 3), pinned=state.settings.model is not None)


def _accepted(op: Operation) -> JSONResponse:
    return JSONResponse(op.out().model_dump(mode="json"), status_code=202,
                        headers={"Location": f"/v1/models/operations/{op.id}"})


def _refuse_if_busy(store: OperationStore) -> None:
    """``wait=false`` never queues behind another change: 409 naming the one running."""
    busy = store.active()
    if busy is not None:
        raise ApiProblem(409, "operation_in_progress", f"model change {busy.id} ({busy.kind} "
                         f"{busy.version or ''}) is {busy.status}; poll GET /v1/models/operations/{busy.id} and "
                         "retry once it has finished", headers={"Location": f"/v1/models/operations/{busy.id}"})


@router.post("/{version}/promote", response_model=ModelChange, responses={**ACCEPTED, **RESPONSES},
             summary="Make a registered version the champion and serve it now (admin)")
async def promote_model(version: Annotated[str, PathParam(max_length=100)], request: Request, state: StateDep,
                        force: Annotated[bool, Query(description="Promote even if the gate refuses.")] = False,
                        tolerance: Annotated[float | None, Query(ge=0, le=1, description="Largest drop allowed per "
                                                                 "headline metric.")] = None,
                        wait: Wait = True) -> ModelChange | JSONResponse:
    """Runs the promote gate on the fixed evaluation set (409 with the reasons when the challenger is worse),
    loads and warms the new model off the event loop, records the promotion, then swaps the served model:
    requests in flight finish on the old model, later ones get the new one. With ``wait=false``: 202 and an
    operation to poll once the version is known (404 otherwise); 409 ``operation_in_progress`` while another
    change runs."""
    _require_ready(state)
    store = _operations(request)
    if wait:
        op = store.create("promote", version)
        return await store.run(op, lambda: _promote(op, state, version, force, tolerance))
    try:
        entry = await asyncio.to_thread(lambda: load_registry().entry(version))
    except NPSLensError as err:
        raise _not_found(err) from None
    _refuse_if_busy(store)  # no await from here to create(): two requests cannot both pass
    op = store.create("promote", entry.version)
    store.start(op, lambda: _promote(op, state, version, force, tolerance))
    return _accepted(op)


@router.post("/rollback", response_model=ModelChange, responses={**ACCEPTED, **RESPONSES},
             summary="Restore the previous champion and serve it now (admin)")
async def rollback_model(request: Request, state: StateDep, wait: Wait = True) -> ModelChange | JSONResponse:
    """Undoes the last promote (no gate): the champion it replaced is loaded, warmed and swapped in."""
    _require_ready(state)
    store = _operations(request)
    if wait:
        op = store.create("rollback", None)
        return await store.run(op, lambda: _rollback(op, state))
    _refuse_if_busy(store)  # first: what the registry says now may change under the running one
    stack = load_registry().rollback_stack()  # read on the loop (as the synchronous path does): no await
    if not stack or stack[-1] is None:
        raise ApiProblem(409, "nothing_to_roll_back", "no earlier champion to roll back to")
    op = store.create("rollback", stack[-1])
    store.start(op, lambda: _rollback(op, state))
    return _accepted(op)


@router.get("/operations/{operation_id}", response_model=OperationOut,
            responses={200: {"links": OPERATION_LINKS}, **problem_responses(401, 403, 404, 422)},
            summary="A model change's status, stage and progress (admin)")
async def get_operation(operation_id: OpId, request: Request) -> OperationOut:
    """Kept in memory: the server's last 50 changes; a restart forgets them (the registry's history does not)."""
    op = _operations(request).get(operation_id)
    if op is None:
        raise ApiProblem(404, "operation_not_found", f"no model operation {operation_id} on this server (the last "
                         "50 are kept, in memory: a restart forgets them; GET /v1/models shows the champion)")
    return op.out()
