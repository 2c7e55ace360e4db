"""``POST /v1/models/{version}/promote`` and ``POST /v1/models/rollback``: change the champion, hot-reload.

Admin only: send a key from ``NPSLENS_ADMIN_KEYS`` as ``Authorization: Bearer <key>`` or ``X-API-Key``.
Without admin keys configured the endpoints answer 403. The promote gate (see :mod:`lifecycle.gate`) runs
first; the new model is loaded and warmed before the registry changes and the served model is swapped.
"""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from api.core.problems import ApiProblem, problem_responses
from api.core.security import AdminOnly
from api.deps import ServiceState, StateDep
from api.services.hot_reload import swap_model
from lifecycle.registry import GateRefusedError, gate_check, promote, rollback
from nlp.artifacts.folder import read_artifact
from nlp.artifacts.registry_file import load_registry, model_dir
from nlp.errors import ModelNotFoundError, NPSLensError
from nlp.pipeline import Analyzer

router = APIRouter(prefix="/v1/models", tags=["models"], dependencies=[AdminOnly])
RESPONSES = problem_responses(401, 403, 404, 409, 422, 503)


class GateRow(BaseModel):
    metric: str
    champion: float | None
    challenger: float | None
    delta: float | None


class GateOut(BaseModel):
    ok: bool
    eval_set: str
    n: int
    tolerance: float
    metrics: list[GateRow]
    reasons: list[str]
    notes: list[str]


class ModelChange(BaseModel):
    champion: str | None = Field(description="The registry's champion now.")
    previous: str | None
    loaded: dict[str, str] = Field(description="The model now serving requests.")
    forced: bool = False
    gate: GateOut | None = None
    reload_seconds: float
    pinned: bool = Field(description="The server was started with NPSLENS_MODEL set: after a restart it loads "
                                     "that model again, not the champion.")


def _require_ready(state: ServiceState) -> None:
    if not state.ready or state.analyzer is None:
        raise ApiProblem(503, "not_ready", "the served model is still loading; retry the model change when GET "
                         "/ready answers 200", headers={"Retry-After": "2"})


def _lock(request: Request) -> asyncio.Lock:
    lock = getattr(request.app.state, "models_admin_lock", None)
    if lock is None:
        lock = request.app.state.models_admin_lock = asyncio.Lock()
    return lock


def _load(state: ServiceState, version: str, loaded: dict[str, Analyzer]) -> Analyzer:
    """The registry version, sharing the served model's encoder when it is the same one; warmed up."""
    if version not in loaded:
        art = read_artifact(model_dir(load_registry().entry(version)))
        enc = state.analyzer.encoder if state.analyzer is not None else None
        backend = state.settings.backend
        loaded[version] = Analyzer.from_artifact(art, threads=state.settings.threads, backend=backend, share=enc)
    loaded[version].warm_up()
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


@router.post("/{version}/promote", response_model=ModelChange, responses=RESPONSES,
             summary="Make a registered version the champion and serve it now (admin)")
async def promote_model(version: Annotated[str, PathParam(max_length=100)], request: Request, state: StateDep,
                        force: Annotated[bool, Query(description="Promote even if the gate refuses.")] = False,
                        tolerance: Annotated[float | None, Query(ge=0, le=1, description="Largest drop allowed per "
                                                                 "headline metric.")] = None) -> ModelChange:
    """Runs the promote gate on the fixed evaluation set (409 with the reasons when the challenger is worse),
    loads and warms the new model off the event loop, records the promotion, then swaps the served model:
    requests in flight finish on the old model, later ones get the new one."""
    _require_ready(state)
    async with _lock(request):
        t0 = time.perf_counter()
        loaded = _seed(state)
        try:
            result = await asyncio.to_thread(gate_check, version, tolerance=tolerance, loaded=loaded)
            if not result.ok and not force:
                raise GateRefusedError(result)
            analyzer = await asyncio.to_thread(_load, state, load_registry().entry(version).version, loaded)
            previous = load_registry().champion
            await asyncio.to_thread(promote, version, force=force, tolerance=tolerance, checked=result,
                                    note="via API")
        except GateRefusedError as err:
            raise ApiProblem(409, err.code, str(err)) from None
        except NPSLensError as err:
            raise _not_found(err) from None
        await swap_model(state, analyzer)
        return ModelChange(champion=load_registry().champion, previous=previous, loaded=analyzer.model_info,
                           forced=not result.ok, gate=_gate_out(result),
                           reload_seconds=round(time.perf_counter() - t0, 3), pinned=state.settings.model is not None)


@router.post("/rollback", response_model=ModelChange, responses=RESPONSES,
             summary="Restore the previous champion and serve it now (admin)")
async def rollback_model(request: Request, state: StateDep) -> ModelChange:
    """Undoes the last promote (no gate): the champion it replaced is loaded, warmed and swapped in."""
    _require_ready(state)
    async with _lock(request):
        t0 = time.perf_counter()
        reg = load_registry()
        stack = reg.rollback_stack()
        if not stack or stack[-1] is None:
            raise ApiProblem(409, "nothing_to_roll_back", "no earlier champion to roll back to")
        try:
            analyzer = await asyncio.to_thread(_load, state, stack[-1], {})
            restored, previous = await asyncio.to_thread(rollback, note="via API")
        except NPSLensError as err:
            raise _not_found(err) from None
        await swap_model(state, analyzer)
        return ModelChange(champion=restored, previous=previous, loaded=analyzer.model_info,
                           reload_seconds=round(time.perf_counter() - t0, 3), pinned=state.settings.model is not None)
