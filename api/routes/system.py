"""``/health``, ``/ready``, ``/info``, ``/metrics``: for orchestrators, dashboards and scrapers."""

from __future__ import annotations

import platform
from importlib import metadata

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.core.problems import ApiProblem, problem_responses
from api.core.security import Authenticated
from api.deps import AnalyzerDep, StateDep
from api.schemas.resources import BatchingInfo, Health, Info, Ready, TaxonomySummary

router = APIRouter(tags=["system"])
LIBRARIES = ("npslens", "fastapi", "uvicorn", "pydantic", "sqlalchemy", "numpy", "scikit-learn")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


@router.get("/health", response_model=Health, summary="The process is alive")
def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Ready, responses=problem_responses(503),
            summary="200 once the model is loaded and warmed; 503 before")
def ready(state: StateDep) -> Ready:
    if not state.ready or state.analyzer is None:
        detail = f"the model failed to load: {state.load_error}" if state.load_error else "the model is loading"
        raise ApiProblem(503, "not_ready", detail, headers={"Retry-After": "2"})
    return Ready(status="ready", model=state.analyzer.model_info)


@router.get("/info", response_model=Info, dependencies=[Authenticated], responses=problem_responses(401, 503),
            summary="Versions, the default taxonomy and the limits")
def info(state: StateDep, analyzer: AnalyzerDep) -> Info:
    s = state.settings
    t = analyzer.taxonomy
    return Info(service="npslens", version=_version("npslens"), python=platform.python_version(),
                libraries={lib: _version(lib) for lib in LIBRARIES}, model=analyzer.model_info,
                taxonomy=TaxonomySummary(name=t.name, fingerprint=t.fingerprint(), themes=t.ids),
                limits=s.limits(),
                batching=BatchingInfo(window_ms=s.batch_window_ms, max_comments=s.max_batch_comments),
                auth=s.auth_enabled, webhook=state.notifier is not None)


@router.get("/metrics", dependencies=[Authenticated], response_class=Response,
            responses={200: {"description": "Prometheus text format", "content": {CONTENT_TYPE_LATEST: {
                "schema": {"type": "string"}}}}, **problem_responses(401)}, summary="Prometheus metrics")
def metrics(state: StateDep) -> Response:
    return Response(state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
