"""What routes get injected: the service state, the loaded analyzer, the database, settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.core.metrics import Metrics
from api.core.problems import ApiProblem
from api.core.settings import Settings
from api.services.batching import MicroBatcher
from api.services.jobs.manager import JobManager
from api.services.jobs.runner import ReportRunner
from api.services.webhook import WebhookNotifier
from api.storage.engine import Database
from nlp.pipeline import Analyzer


@dataclass
class ServiceState:
    """Everything the lifespan builds; one per app (``app.state.service``)."""

    settings: Settings
    metrics: Metrics
    runner: ReportRunner | None
    db: Database | None = None
    analyzer: Analyzer | None = None
    batcher: MicroBatcher | None = None
    notifier: WebhookNotifier | None = None
    jobs: JobManager | None = None
    load_error: str | None = None
    ready: bool = False


def get_state(request: Request) -> ServiceState:
    return request.app.state.service


StateDep = Annotated[ServiceState, Depends(get_state)]


def get_settings_dep(state: StateDep) -> Settings:
    return state.settings


def get_metrics(state: StateDep) -> Metrics:
    return state.metrics


def get_db(state: StateDep) -> Database:
    if state.db is None:
        raise ApiProblem(503, "not_ready", "the database is not open yet; retry shortly")
    return state.db


def get_analyzer(state: StateDep) -> Analyzer:
    if not state.ready or state.analyzer is None:
        detail = (f"the model failed to load: {state.load_error}" if state.load_error
                  else "the model is still loading; retry shortly (GET /ready says when)")
        raise ApiProblem(503, "not_ready", detail, headers={"Retry-After": "2"})
    return state.analyzer


def get_batcher(state: StateDep, _analyzer: Annotated[Analyzer, Depends(get_analyzer)]) -> MicroBatcher:
    if state.batcher is None:
        raise ApiProblem(503, "not_ready", "the classifier is not running yet; retry shortly")
    return state.batcher


def get_jobs(state: StateDep) -> JobManager:
    if state.jobs is None:
        raise ApiProblem(503, "reports_unavailable", "report jobs are not available on this server: it was "
                         "built with report jobs turned off (create_app(report_runner=None))")
    return state.jobs


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DbDep = Annotated[Database, Depends(get_db)]
AnalyzerDep = Annotated[Analyzer, Depends(get_analyzer)]
BatcherDep = Annotated[MicroBatcher, Depends(get_batcher)]
JobsDep = Annotated[JobManager, Depends(get_jobs)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
