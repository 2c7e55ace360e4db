"""API fixtures: apps on the tiny model, SQLite by default and PostgreSQL when NPSLENS_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import EllipsisType
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from api.core.settings import Settings
from api.main import create_app
from api.services.jobs.runner import ReportRequest, ReportRunner
from batch.analyze import OUTPUTS

API_KEY = "test-key-0123456789"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
PG_ENV = "NPSLENS_TEST_POSTGRES_URL"
SURVEY_CSV = ("id,score,comment,channel\n"
              "1,2,the wait was awful and nobody answered the phone,phone\n"
              "2,10,staff were lovely and it was cheap,store\n"
              "3,9,quick delivery and friendly staff,web\n"
              "4,4,\"the app keeps crashing, really annoying\",web\n"
              "5,7,ok,store\n"
              "6,not a score,fine,web\n")


def make_settings(data_dir: Path, model_dir: Path, **overrides: Any) -> Settings:
    base: dict[str, Any] = dict(data_dir=data_dir, model=str(model_dir), api_keys=API_KEY, batch_window_ms=2.0,
                                job_lease_s=1.0, log_level="INFO")
    base.update(overrides)
    return Settings(_env_file=None, **base)  # type: ignore[call-arg]


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0, every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout}s")


@contextmanager
def running_app(settings: Settings, runner: ReportRunner | EllipsisType | None = ..., ready: bool = True
                ) -> Iterator[TestClient]:
    app = create_app(settings, report_runner=runner)
    with TestClient(app) as client:
        if ready:
            wait_for(lambda: client.get("/ready").status_code == 200)
        yield client


def fast_runner(request: ReportRequest, progress: Callable[[int], None]) -> None:
    """A stand-in for the report pipeline: reports progress and writes every output file at once."""
    rows = sum(1 for _ in request.input_path.open(encoding="utf-8")) - 1
    progress(rows)
    for name in OUTPUTS:
        (request.output_dir / name).write_text("{}" if name.endswith(".json") else "x\n", encoding="utf-8")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Iterator[TestClient]:
    """One app per test module on SQLite, with the real report runner."""
    with running_app(make_settings(tmp_path_factory.mktemp("api"), tiny_model_dir)) as c:
        yield c


def _fresh_postgres_db(base: str) -> tuple[str, Callable[[], None]]:
    import psycopg

    url = make_url(base)
    name = f"npslens_t_{uuid.uuid4().hex[:12]}"
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file, and a new PostgreSQL database when
    NPSLENS_TEST_POSTGRES_URL is set (CI starts one with scripts/ci_postgres.sh)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'npslens.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base and os.environ.get("CI"):
        pytest.fail(f"{PG_ENV} is not set in CI: .ci/run must start PostgreSQL with scripts/ci_postgres.sh")
    if not base:
        pytest.skip(f"{PG_ENV} is not set; run `eval \"$(bash scripts/ci_postgres.sh)\"` to test PostgreSQL")
    url, drop = _fresh_postgres_db(base)
    try:
        yield url
    finally:
        drop()
