"""``api.main:app`` — what ``uvicorn api.main:app`` serves — classifies and runs report jobs end to end."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import API_KEY, AUTH, wait_for
from fastapi.testclient import TestClient
from test_api_reports import submit, wait_final

import api.main
from api.core.settings import get_settings


@pytest.fixture
def env_app(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("NPSLENS_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("NPSLENS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NPSLENS_API_KEYS", API_KEY)
    monkeypatch.setenv("NPSLENS_JOB_LEASE_S", "1")
    get_settings.cache_clear()
    module = importlib.reload(api.main)  # a fresh module: `app` is built from this environment on first access
    try:
        with TestClient(module.app) as client:
            wait_for(lambda: client.get("/ready").status_code == 200)
            yield client
    finally:
        get_settings.cache_clear()
        importlib.reload(api.main)


def test_module_app_is_built_from_the_environment_once(env_app: TestClient) -> None:
    assert api.main.app is api.main.app
    settings = api.main.app.state.service.settings
    assert settings.data_dir.name == "data" and settings.auth_enabled
    assert env_app.post("/v1/classify", json={"comments": [{"text": "x"}]}).status_code == 401  # keys from the env


def test_module_app_classifies(env_app: TestClient) -> None:
    resp = env_app.post("/v1/classify", headers=AUTH,
                        json={"comments": [{"id": "a", "text": "the wait was awful and nobody answered the phone"},
                                           {"id": "b", "text": "lovely staff", "score": 10}]})
    assert resp.status_code == 200, resp.text
    results = resp.json()["results"]
    assert [r["id"] for r in results] == ["a", "b"]
    assert results[0]["sentiment"]["label"] in ("positive", "neutral", "negative")


def test_module_app_runs_report_jobs(env_app: TestClient) -> None:
    resp = submit(env_app)
    assert resp.status_code == 202, resp.text  # not 503: the app runs batch.analyze itself
    final = wait_final(env_app, resp.json()["id"])
    assert final["status"] == "succeeded", final
    report = env_app.get(final["files"]["report.json"], headers=AUTH).json()
    assert report["data_quality"]["rows"] == 6 and report["rejected"]["count"] == 1
