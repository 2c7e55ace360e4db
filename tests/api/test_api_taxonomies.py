"""GET/PUT /v1/taxonomies/{name}: validation, persistence across restarts (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from conftest import AUTH, make_settings, running_app
from test_api_classify import assert_problem

from api.routes.taxonomies import YAML_EXAMPLE

YAML = YAML_EXAMPLE  # the OpenAPI example itself must be a valid taxonomy
YAML_CT = {**AUTH, "Content-Type": "application/yaml"}


def test_put_get_list_and_replace_persist_across_restarts(db_url, tmp_path, tiny_model_dir):
    settings = make_settings(tmp_path, tiny_model_dir, database_url=db_url)
    with running_app(settings, runner=None) as c:
        created = c.put("/v1/taxonomies/acme", content=YAML, headers=YAML_CT)
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["name"] == "acme" and body["themes"] == 2 and body["taxonomy"]["name"] == "acme retail"
        replaced = c.put("/v1/taxonomies/acme", content=json.dumps({
            "name": "acme v2", "themes": [{"id": "price", "label": "Price", "description": "What it costs."}]}),
            headers={**AUTH, "Content-Type": "application/json"})
        assert replaced.status_code == 200
        assert replaced.json()["fingerprint"] != body["fingerprint"]
        assert replaced.json()["created_at"] == body["created_at"]
    with running_app(settings, runner=None) as c:  # a new server on the same database
        got = c.get("/v1/taxonomies/acme", headers=AUTH)
        assert got.status_code == 200 and got.json()["taxonomy"]["themes"][0]["id"] == "price"
        assert c.get("/v1/taxonomies", headers=AUTH).json() == {"taxonomies": ["acme"]}
        assert c.post("/v1/classify", json={"comments": [{"text": "too expensive"}], "taxonomy": "acme"},
                      headers=AUTH).status_code == 200


@pytest.mark.parametrize("text, fragment", [
    ("name: x\nthemes: []\n", "themes"),
    ("name: x\nthemes:\n  - id: a\n    label: A\n    description: d\n    colour: red\n", "unknown key"),
    ("name: x\nthemes:\n  - {id: a, label: A, description: d}\n  - {id: a, label: B, description: e}\n",
     "duplicate theme ids"),
    ("name: x\nthemes:\n  - {id: Bad-Id, label: A, description: d}\n", "id"),
    ("- just\n- a list\n", "expected a mapping"),
    ("name: [unclosed\n", "not valid YAML"),
    ("   \n", "empty"),
])
def test_invalid_taxonomies_are_422_naming_the_problem(client, text, fragment):
    resp = client.put("/v1/taxonomies/bad", content=text, headers=YAML_CT)
    assert fragment in assert_problem(resp, 422, "invalid_taxonomy")["detail"]
    assert client.get("/v1/taxonomies/bad", headers=AUTH).status_code == 404


def test_non_utf8_taxonomy_is_422(client):
    resp = client.put("/v1/taxonomies/latin", content=YAML.replace("Paying", "Pay\xe9").encode("latin-1"),
                      headers=YAML_CT)
    assert_problem(resp, 422, "not_utf8")


def test_wrong_media_type_is_415(client):
    resp = client.put("/v1/taxonomies/img", content=b"\x89PNG", headers={**AUTH, "Content-Type": "image/png"})
    assert_problem(resp, 415, "unsupported_media_type")


def test_bad_name_is_422_and_unknown_name_404(client):
    assert_problem(client.put("/v1/taxonomies/Bad Name!", content=YAML, headers=YAML_CT), 422, "validation_error")
    assert_problem(client.get("/v1/taxonomies/missing", headers=AUTH), 404, "taxonomy_not_found")


def test_auth_is_required(client):
    assert_problem(client.get("/v1/taxonomies"), 401, "unauthorized")
    assert_problem(client.put("/v1/taxonomies/x", content=YAML), 401, "unauthorized")
