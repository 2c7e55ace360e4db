"""POST /v1/classify: the result contract, auth, limits and every malformed-input path."""

from __future__ import annotations

import json

import pytest
from conftest import API_KEY, AUTH, make_settings, running_app

PROBLEM = "application/problem+json"


def classify(client, comments, **extra):
    return client.post("/v1/classify", json={"comments": comments, **extra}, headers=AUTH)


def assert_problem(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith(PROBLEM)
    body = resp.json()
    assert body["status"] == status and body["code"] == code and body["type"] == f"/problems/{code}"
    assert body["detail"] and body["request_id"] == resp.headers["x-request-id"]
    return body


def test_results_match_the_cli_contract_in_order(client, tiny_analyzer):
    comments = [{"id": "a", "text": "the wait was awful but staff were lovely", "score": 3},
                {"id": 7, "text": ""}, {"text": "12345"}, {"id": "d", "text": "cheap and quick", "score": 10}]
    resp = classify(client, comments)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["model"] == tiny_analyzer.model_info
    assert body["taxonomy"]["source"] == "model"
    expected = tiny_analyzer.analyze([c["text"] for c in comments])
    assert [r["row"] for r in body["results"]] == [0, 1, 2, 3]
    assert [r["id"] for r in body["results"]] == ["a", 7, None, "d"]
    for got, exp in zip(body["results"], expected, strict=True):
        assert {k: v for k, v in got.items() if k not in ("row", "id")} == exp.to_dict()
    assert body["results"][1]["skipped"] == "empty" and body["results"][1]["sentiment"] is None
    assert [r["language"] for r in body["results"]] == ["en", None, None, "en"]  # skipped rows: no language


def test_language_per_comment(client):
    resp = classify(client, [{"text": "Le service était lent mais le personnel très aimable."},
                             {"text": "Der Kundendienst hat nie geantwortet, sehr enttäuschend."}])
    assert resp.status_code == 200, resp.text
    assert [r["language"] for r in resp.json()["results"]] == ["fr", "de"]


def test_a_batch_of_256_is_accepted(client):
    resp = classify(client, [{"text": f"comment number {i}: the staff were great"} for i in range(256)])
    assert resp.status_code == 200
    assert len(resp.json()["results"]) == 256


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "wrong"},
                                     {"Authorization": f"Basic {API_KEY}"}])
def test_401_without_a_valid_key(client, headers):
    resp = client.post("/v1/classify", json={"comments": [{"text": "hi"}]}, headers=headers)
    body = assert_problem(resp, 401, "unauthorized")
    assert "Bearer" in resp.headers["www-authenticate"] and API_KEY not in json.dumps(body)


def test_x_api_key_header_works(client):
    resp = client.post("/v1/classify", json={"comments": [{"text": "great"}]}, headers={"X-API-Key": API_KEY})
    assert resp.status_code == 200


def test_too_many_comments_is_413(client):
    resp = classify(client, [{"text": "x"}] * 1001)
    assert "1001 comments" in assert_problem(resp, 413, "too_many_comments")["detail"]


def test_too_long_comment_is_422(client):
    resp = classify(client, [{"text": "ok"}, {"text": "a" * 5001}])
    assert "[1]" in assert_problem(resp, 422, "comment_too_long")["detail"]


def test_malformed_json_is_422(client):
    resp = client.post("/v1/classify", content=b'{"comments": [', headers={**AUTH, "Content-Type": "application/json"})
    assert_problem(resp, 422, "malformed_json")


def test_non_utf8_json_is_422(client):
    body = '{"comments": [{"text": "café"}]}'.encode("latin-1")
    resp = client.post("/v1/classify", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert_problem(resp, 422, "malformed_body")


@pytest.mark.parametrize("body, where", [
    ({"comments": []}, "comments"),
    ({"comments": "not a list"}, "comments"),
    ({"comments": [{"text": 42}]}, "text"),
    ({"comments": [{"text": "ok", "score": "7"}]}, "score"),
    ({"comments": [{"text": "ok", "score": 11}]}, "score"),
    ({"comments": [{"text": "ok", "score": True}]}, "score"),
    ({"comments": [{"text": "ok", "colour": "red"}]}, "colour"),
    ({"comments": [{"text": "ok"}], "extra": 1}, "extra"),
    ({"comments": [{"id": "x"}]}, "text"),
    ({}, "comments"),
    ([1, 2], "body"),
])
def test_schema_violations_are_422_with_the_field(client, body, where):
    resp = client.post("/v1/classify", json=body, headers=AUTH)
    problem = assert_problem(resp, 422, "validation_error")
    assert any(where in e["loc"] for e in problem["errors"]), problem["errors"]
    assert all("input" not in e for e in problem["errors"])  # the comment text is never echoed


def test_body_over_the_json_limit_is_413(tmp_path, tiny_model_dir):
    settings = make_settings(tmp_path, tiny_model_dir, max_json_bytes=64 * 1024)
    with running_app(settings, runner=None) as c:
        big = {"comments": [{"text": "x" * 4000} for _ in range(20)]}
        assert_problem(c.post("/v1/classify", json=big, headers=AUTH), 413, "payload_too_large")


def test_chunked_body_over_the_limit_is_413(tmp_path, tiny_model_dir):
    settings = make_settings(tmp_path, tiny_model_dir, max_json_bytes=64 * 1024)
    with running_app(settings, runner=None) as c:
        def chunks():
            yield b'{"comments": ['
            for _ in range(40):
                yield b'{"text": "' + b"y" * 4000 + b'"},'
            yield b'{"text": "z"}]}'
        resp = c.post("/v1/classify", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
        assert_problem(resp, 413, "payload_too_large")


def test_registered_taxonomy_by_name_and_unknown_name(client):
    yaml_text = ("name: shop\nthemes:\n  - id: speed\n    label: Speed\n    description: How fast customers are "
                 "served; queues and waiting.\n  - id: app\n    label: App\n    description: The mobile app, "
                 "crashes and login.\n")
    put = client.put("/v1/taxonomies/shop", content=yaml_text, headers={**AUTH, "Content-Type": "application/yaml"})
    assert put.status_code in (200, 201), put.text
    resp = classify(client, [{"text": "the app crashed while I waited in the queue"}], taxonomy="shop")
    assert resp.status_code == 200
    body = resp.json()
    assert body["taxonomy"] == {"name": "shop", "fingerprint": put.json()["fingerprint"], "source": "registered",
                              "fit": None}
    assert {t["id"] for t in body["results"][0]["themes"]} <= {"speed", "app"}
    detail = assert_problem(classify(client, [{"text": "x"}], taxonomy="nope"), 422, "unknown_taxonomy")["detail"]
    assert "shop" in detail and "PUT /v1/taxonomies/nope" in detail


def test_request_id_is_echoed_or_generated(client):
    resp = client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert resp.headers["x-request-id"] == "abc-123"
    generated = client.get("/health", headers={"X-Request-ID": "bad id with spaces"}).headers["x-request-id"]
    assert len(generated) == 32


def test_unknown_route_and_method_are_problems(client):
    assert_problem(client.get("/v1/nothing", headers=AUTH), 404, "not_found")
    assert_problem(client.get("/v1/classify", headers=AUTH), 405, "method_not_allowed")
