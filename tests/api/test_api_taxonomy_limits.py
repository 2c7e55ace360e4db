"""The theme-count limit is checked on the raw body, before the YAML/JSON is parsed."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from conftest import AUTH
from fastapi.testclient import TestClient

from api.core.problems import ApiProblem
from api.routes.taxonomies import check_theme_count

YAML_THEME = "  - id: t{i}\n    label: Theme {i}\n    description: Customers mention theme number {i}.\n"


def yaml_taxonomy(n: int) -> str:
    return "name: wide\nthemes:\n" + "".join(YAML_THEME.format(i=i) for i in range(n))


def json_taxonomy(n: int) -> str:
    return json.dumps({"name": "wide", "themes": [{"id": f"t{i}", "label": f"T {i}", "description": "d"}
                                                  for i in range(n)]})


@pytest.mark.parametrize("make", [yaml_taxonomy, json_taxonomy])
def test_theme_ids_are_counted_before_parsing(make: Callable[[int], str]) -> None:
    check_theme_count(make(200), "ok")  # the limit itself passes
    with pytest.raises(ApiProblem) as err:
        check_theme_count(make(201), "wide")
    assert err.value.code == "invalid_taxonomy" and "201 theme ids" in err.value.detail
    assert "at most 200" in err.value.detail


def test_flow_style_yaml_ids_are_counted() -> None:
    flow = "name: f\nthemes: [" + ", ".join(f"{{id: t{i}, label: L, description: D}}" for i in range(300)) + "]"
    with pytest.raises(ApiProblem):
        check_theme_count(flow, "flow")


def test_a_ten_thousand_theme_body_is_422_fast(client: TestClient) -> None:
    body = yaml_taxonomy(10_000)[: 1024 * 1024 - 1]
    t0 = time.perf_counter()
    resp = client.put("/v1/taxonomies/wide", content=body.encode(),
                      headers={**AUTH, "Content-Type": "application/yaml"})
    took = time.perf_counter() - t0
    assert resp.status_code == 422 and resp.json()["code"] == "invalid_taxonomy"
    assert "at most 200" in resp.json()["detail"]
    assert took < 1.0  # was 1.8 s of parsing, stalling other requests
