"""The app factory and its lifespan. Nothing is built at import.

The lifespan opens the database (running migrations), starts the report-job worker (recovering jobs a
previous server left running) and, in the background, loads and warms the model: ``/health`` answers
at once, ``/ready`` and the model routes answer 503 until the model is warm.

``app`` is built from the ``NPSLENS_*`` settings on first use, so any ASGI server can import it::

    uvicorn api.main:app                      # or: npslens serve (adds the bind check)
    gunicorn -k uvicorn.workers.UvicornWorker -w 2 api.main:app

Tests build their own with :func:`create_app`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from types import EllipsisType
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.core.limits import BodySizeLimit
from api.core.logs import RequestContextMiddleware, configure_logging
from api.core.metrics import Metrics
from api.core.options import OptionsAllow
from api.core.problems import Problem, install_problem_handlers
from api.core.settings import Settings, get_settings
from api.core.upload_guard import UploadGuard
from api.deps import ServiceState
from api.routes import classify, feedback, models, models_admin, reports, system, taxonomies, taxonomy_fits
from api.services.hot_reload import swap_model
from api.services.jobs.manager import JobManager
from api.services.jobs.runner import ReportRunner, analyze_runner
from api.services.webhook import WebhookNotifier
from api.storage.engine import open_database
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy

log = logging.getLogger("npslens.api")
DESCRIPTION = """Sentiment, themes and NPS driver reports for survey comments, as a service.

Authenticate with `Authorization: Bearer <key>` or `X-API-Key: <key>` when the server has API keys.
Errors are RFC 7807 `application/problem+json` objects with a stable `code`."""


async def _load_model(app: FastAPI, state: ServiceState) -> None:
    s = state.settings
    try:
        analyzer = await asyncio.to_thread(Analyzer.load, s.model, threads=s.threads, backend=s.backend)
        await asyncio.to_thread(analyzer.warm_up)
    except Exception as err:
        state.load_error = str(err)
        log.error("model failed to load", extra={"error": str(err), "model": s.model})
        return
    await swap_model(state, analyzer)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    state: ServiceState = app.state.service
    s = state.settings
    configure_logging(s.log_level, s.log_json)
    state.db = await asyncio.to_thread(open_database, s.db_url)
    log.info("database ready", extra={"backend": state.db.engine.dialect.name})
    if state.runner is not None:
        state.jobs = JobManager(db=state.db, runner=state.runner, jobs_dir=s.data_dir / "jobs", model=s.model,
                                lease_s=s.job_lease_s, max_attempts=s.job_max_attempts, metrics=state.metrics)
        await asyncio.to_thread(state.jobs.start)
    if s.webhook_url is not None and s.webhook_secret is not None:
        state.notifier = WebhookNotifier(url=str(s.webhook_url), secret=s.webhook_secret.get_secret_value(),
                                         metrics=state.metrics, db=state.db, max_attempts=s.webhook_max_attempts,
                                         backoff_s=s.webhook_backoff_s, timeout_s=s.webhook_timeout_s,
                                         queue_size=s.webhook_queue_size)
        await state.notifier.start()
    state.trimmer.start()
    loader = asyncio.create_task(_load_model(app, state), name="npslens-model-loader")
    try:
        yield
    finally:
        state.ready = False
        loader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await loader
        await state.fits.stop()
        if state.batcher is not None:
            await state.batcher.stop()
        if state.jobs is not None:
            await asyncio.to_thread(state.jobs.stop)
        if state.notifier is not None:
            await state.notifier.stop()
        await state.trimmer.stop()
        state.db.dispose()
        log.info("stopped")


def _no_null(schema: dict[str, Any]) -> None:
    """A query, path or header parameter is text on the wire and cannot be ``null`` (left out, it is ``None``):
    drop the ``null`` branch FastAPI writes for optional parameters."""
    branches = schema.get("anyOf")
    if branches is None:
        return
    kept = [b for b in branches if b.get("type") != "null"]
    if len(kept) == 1:
        del schema["anyOf"]
        schema.update(kept[0])
    else:
        schema["anyOf"] = kept


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        for ops in schema.get("paths", {}).values():
            for op in ops.values():
                for param in op.get("parameters", []):
                    _no_null(param["schema"])
        for name, model in (("Problem", Problem), ("TaxonomyDocument", Taxonomy)):
            js = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for dname, dschema in js.pop("$defs", {}).items():
                comps.setdefault(dname, dschema)
            comps[name] = js
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: Settings | None = None, *,
               report_runner: ReportRunner | EllipsisType | None = ...) -> FastAPI:
    """Build the app from ``settings`` (default: the ``NPSLENS_*`` environment).

    Args:
        report_runner: writes the report of a job; default :func:`~api.services.jobs.runner.analyze_runner` on
            the settings' backend. ``None`` turns report jobs off (``POST /v1/reports`` answers 503).
    """
    s = settings or get_settings()
    runner = analyze_runner(s.backend) if report_runner is ... else report_runner
    metrics = Metrics()
    app = FastAPI(title="NPS Lens API", version="1.0.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.service = ServiceState(settings=s, metrics=metrics, runner=runner)
    install_problem_handlers(app)
    for r in (system.router, classify.router, taxonomies.router, taxonomy_fits.router, reports.router,
              feedback.router, models.router, models_admin.router):
        app.include_router(r)
    # UploadGuard sits inside BodySizeLimit: a declared Content-Length over the limit is refused before it reads
    app.add_middleware(UploadGuard, max_header_bytes=s.max_header_bytes, max_columns=s.max_columns)
    app.add_middleware(BodySizeLimit, max_json_bytes=s.max_json_bytes, max_upload_bytes=s.max_upload_bytes)
    app.add_middleware(OptionsAllow, router=app.router)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


@lru_cache(maxsize=1)
def _module_app() -> FastAPI:
    return create_app()


def __getattr__(name: str) -> FastAPI:
    """``api.main:app``: the app of the ``NPSLENS_*`` settings, built once on first access (nothing at import)."""
    if name == "app":
        return _module_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
