"""/health, /ready, /info, /metrics, /v1/models, settings, the bind check and the JSON logs."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import API_KEY, AUTH, make_settings, running_app, wait_for
from test_api_classify import assert_problem

from api.core.security import UnsafeBindError, check_bind, is_loopback
from api.core.settings import Settings, get_settings


def test_health_ready_info_models(client, tiny_analyzer):
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "ready", "model": tiny_analyzer.model_info}
    info = client.get("/info", headers=AUTH).json()
    assert info["model"] == tiny_analyzer.model_info and info["auth"] is True and info["webhook"] is False
    assert info["limits"]["max_comments_per_request"] >= 256
    assert info["taxonomy"]["themes"] == tiny_analyzer.taxonomy.ids
    models = client.get("/v1/models", headers=AUTH).json()
    assert models["loaded"]["name"] == "tiny" and models["loaded"]["folder"] == "tiny-0.0.1"
    assert isinstance(models["available"], list)
    assert_problem(client.get("/info"), 401, "unauthorized")
    assert_problem(client.get("/v1/models"), 401, "unauthorized")


def test_metrics_count_requests_comments_and_model(client):
    client.post("/v1/classify", json={"comments": [{"text": "great"}, {"text": "awful"}]}, headers=AUTH)
    text = client.get("/metrics", headers=AUTH).text
    assert 'npslens_model_info{name="tiny",version="0.0.1"} 1.0' in text
    assert 'npslens_http_requests_total{method="POST",route="/v1/classify",status="200"}' in text
    assert "npslens_http_request_duration_seconds_bucket" in text
    assert "npslens_comments_classified_total" in text
    assert_problem(client.get("/metrics"), 401, "unauthorized")


def test_not_ready_until_the_model_loads_and_503_says_why(tmp_path, tiny_model_dir):
    settings = make_settings(tmp_path, tiny_model_dir, model=str(tmp_path / "no-such-model"))
    with running_app(settings, runner=None, ready=False) as c:
        assert c.get("/health").status_code == 200
        assert_problem(c.get("/ready"), 503, "not_ready")  # loading, then failed
        wait_for(lambda: "failed" in c.get("/ready").json()["detail"])
        problem = assert_problem(c.get("/ready"), 503, "not_ready")
        assert "model failed to load" in problem["detail"] and "no-such-model" in problem["detail"]
        assert_problem(c.post("/v1/classify", json={"comments": [{"text": "x"}]}, headers=AUTH), 503, "not_ready")


def test_logs_are_json_with_request_ids_and_no_comment_text(tmp_path, tiny_model_dir, capfd):
    secret_text = "my card number is 4111 and the staff were rude"
    with running_app(make_settings(tmp_path, tiny_model_dir), runner=None) as c:
        resp = c.post("/v1/classify", json={"comments": [{"text": secret_text}]},
                      headers={**AUTH, "X-Request-ID": "req-42"})
        assert resp.status_code == 200
        c.post("/v1/classify", json={"comments": [{"text": 5}]}, headers=AUTH)  # a validation error
    err = capfd.readouterr().err
    lines = [json.loads(ln) for ln in err.splitlines() if ln.startswith("{")]
    assert lines and all({"time", "level", "logger", "message"} <= set(x) for x in lines)
    access = [x for x in lines if x["logger"] == "npslens.access" and x.get("request_id") == "req-42"]
    assert access and access[0]["route"] == "/v1/classify" and access[0]["status"] == 200
    assert secret_text not in err and "4111" not in err and API_KEY not in err


def test_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NPSLENS_API_KEYS", " k1, k2 ,")
    monkeypatch.setenv("NPSLENS_MAX_COMMENTS_PER_REQUEST", "512")
    monkeypatch.setenv("NPSLENS_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        s = get_settings()
        assert [k.get_secret_value() for k in s.api_keys] == ["k1", "k2"] and s.auth_enabled
        assert s.max_comments_per_request == 512 and get_settings() is s
        assert s.db_url == f"sqlite:///{tmp_path.as_posix()}/npslens.db"
        assert "k1" not in repr(s)
    finally:
        get_settings.cache_clear()
    with pytest.raises(ValueError, match="greater than or equal to 256"):
        Settings(_env_file=None, max_comments_per_request=100)  # type: ignore[call-arg]


def test_no_keys_means_loopback_only(caplog):
    open_settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    logger = logging.getLogger("npslens.api")
    propagate, logger.propagate = logger.propagate, True
    try:
        with caplog.at_level(logging.WARNING, logger="npslens.api"):
            check_bind("127.0.0.1", open_settings)
            with pytest.raises(UnsafeBindError, match="NPSLENS_API_KEYS"):
                check_bind("0.0.0.0", open_settings)
    finally:
        logger.propagate = propagate
    assert "authentication is off" in caplog.text and "refusing to bind" in caplog.text
    check_bind("0.0.0.0", Settings(_env_file=None, api_keys="k"))  # type: ignore[call-arg]


def test_without_keys_requests_pass_on_loopback(tmp_path, tiny_model_dir):
    with running_app(make_settings(tmp_path, tiny_model_dir, api_keys=""), runner=None) as c:
        assert c.post("/v1/classify", json={"comments": [{"text": "fine"}]}).status_code == 200
        assert c.get("/info").json()["auth"] is False


def test_openapi_documents_every_route_with_problems(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/v1/classify", "/v1/taxonomies/{name}", "/v1/reports", "/v1/reports/{job_id}",
              "/v1/reports/{job_id}/{name}", "/v1/feedback", "/v1/feedback/export", "/v1/models", "/health",
              "/ready", "/info", "/metrics"):
        assert p in paths, p
    assert "application/problem+json" in paths["/v1/classify"]["post"]["responses"]["413"]["content"]
    assert "Problem" in spec["components"]["schemas"]


def test_an_unexpected_error_is_a_500_problem_with_the_request_id(tmp_path, tiny_model_dir):
    def broken(texts, taxonomy):
        raise RuntimeError("boom")

    with running_app(make_settings(tmp_path, tiny_model_dir), runner=None) as c:
        c.app.state.service.batcher.analyze = broken
        resp = c.post("/v1/classify", json={"comments": [{"text": "x"}]}, headers={**AUTH, "X-Request-ID": "r-500"})
        problem = assert_problem(resp, 500, "internal_error")
        assert problem["request_id"] == "r-500" and "boom" not in problem["detail"]
        assert c.get("/health").status_code == 200  # the batch worker survived
