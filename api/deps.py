"""What routes get injected: the service state, the loaded analyzer, the database, settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from api.core.memory import MemoryTrimmer
from api.core.metrics import Metrics
from api.core.problems import ApiProblem
from api.core.settings import Settings
from api.services.batching import MicroBatcher
from api.services.fits import FitJobs
from api.services.jobs.manager import JobManager
from api.services.jobs.runner import ReportRunner
from api.services.snapshot import ModelSnapshot
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
    snapshot: ModelSnapshot | None = None
    notifier: WebhookNotifier | None = None
    jobs: JobManager | None = None
    load_error: str | None = None
    ready: bool = False
    trimmer: MemoryTrimmer = field(default_factory=MemoryTrimmer)
    fits: FitJobs = field(default_factory=FitJobs)

    @property
    def analyzer(self) -> Analyzer | None:
        """The served analyzer (a request must use :func:`get_snapshot` instead, once)."""
        return self.snapshot.analyzer if self.snapshot is not None else None

    @property
    def batcher(self) -> MicroBatcher | None:
        return self.snapshot.batcher if self.snapshot is not None else None


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


def get_snapshot(state: StateDep) -> ModelSnapshot:
    """The served model, read once: analyzer, batcher and reported version all come from this one value."""
    snapshot = state.snapshot
    if not state.ready or snapshot is None:
        detail = (f"the model failed to load: {state.load_error}" if state.load_error
                  else "the model is still loading; retry shortly (GET /ready says when)")
        raise ApiProblem(503, "not_ready", detail, headers={"Retry-After": "2"})
    return snapshot


def get_analyzer(snapshot: Annotated[ModelSnapshot, Depends(get_snapshot)]) -> Analyzer:
    return snapshot.analyzer


def get_jobs(state: StateDep) -> JobManager:
    if state.jobs is None:
        raise ApiProblem(503, "reports_unavailable", "report jobs are not available on this server: it was "
                         "built with report jobs turned off (create_app(report_runner=None))")
    return state.jobs


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DbDep = Annotated[Database, Depends(get_db)]
AnalyzerDep = Annotated[Analyzer, Depends(get_analyzer)]
SnapshotDep = Annotated[ModelSnapshot, Depends(get_snapshot)]
JobsDep = Annotated[JobManager, Depends(get_jobs)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
