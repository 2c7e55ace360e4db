"""OPTIONS answers 204 with every method of the path, not 405 with one."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_options_lists_every_method_of_the_path(client: TestClient) -> None:
    resp = client.options("/v1/taxonomies/acme")
    assert resp.status_code == 204
    assert set(resp.headers["allow"].split(", ")) >= {"GET", "PUT", "OPTIONS"}
    classify = client.options("/v1/classify")
    assert classify.status_code == 204
    assert set(classify.headers["allow"].split(", ")) == {"POST", "OPTIONS"}


def test_options_on_an_unknown_path_is_404(client: TestClient) -> None:
    resp = client.options("/v1/nothing-here")
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("application/problem+json")
