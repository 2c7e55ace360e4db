"""Bad input over HTTP is a clear 4xx problem, never a 500 and never silently shifted data."""

from __future__ import annotations

import pytest
from conftest import AUTH
from test_api_classify import assert_problem
from test_api_reports import wait_final

OPTIONS = {"text_column": "comment", "score_column": "score", "id_column": "id"}
SHIFTED = "id,score,comment\nr1,9,great,,\nr2,3,slow delivery\nr3,10,love it\n"


def submit(client, text: str):
    return client.post("/v1/reports", data=OPTIONS, headers=AUTH,
                       files={"file": ("survey.csv", text.encode("utf-8"), "text/csv")})


def test_report_upload_with_extra_fields_is_422_not_a_shifted_job(client):
    resp = submit(client, SHIFTED)
    assert_problem(resp, 422, "bad_input_file")
    assert "line 2 has 5 fields but the header has 3 columns (extra_fields)" in resp.json()["detail"]
    assert "survey.csv" in resp.json()["detail"]


def test_report_upload_with_duplicate_columns_is_422(client):
    resp = submit(client, "id,score,comment,score\nr1,9,great,1\n")
    assert_problem(resp, 422, "bad_input_file")
    assert "duplicate column names 'score'" in resp.json()["detail"]


def test_report_job_without_a_valid_score_fails_with_the_reason(client):
    resp = client.post("/v1/reports", data={**OPTIONS, "score_column": "group"}, headers=AUTH,
                       files={"file": ("survey.csv", b"id,group,comment\nr1,Promoter,great\nr2,Detractor,slow\n",
                                       "text/csv")})
    assert resp.status_code == 202, resp.text
    final = wait_final(client, resp.json()["id"])
    assert final["status"] == "failed" and final["error"]["code"] == "invalid_input", final
    assert "score column 'group' has no valid 0–10 score in 2 rows" in final["error"]["detail"]
    assert '"Promoter", "Detractor"' in final["error"]["detail"]


THEMES = "themes:\n  - id: a\n    label: A\n    description: about a\n"
YAML_CT = {**AUTH, "Content-Type": "application/yaml"}
JSON_CT = {**AUTH, "Content-Type": "application/json"}


@pytest.mark.parametrize("body, headers, fragment", [
    ("name: x\n" + "themes: " + "[" * 5000 + "]" * 5000, YAML_CT, "nested deeper than"),
    ('{"name": "x", "themes": ' + "[" * 3000 + "]" * 3000 + "}", JSON_CT, "nested deeper than"),
    ("name: x\nversion: " + "9" * 5000 + "\n" + THEMES, YAML_CT, "more than 4,300 digits"),
    ('{"name": "x", "version": ' + "9" * 5000 + ', "themes": []}', JSON_CT, "more than 4,300 digits"),
    ("name: x\nthemes:\n" + "  - {id: a, label: A, description: d}\n" * 201, YAML_CT, "at most 200"),
])
def test_hostile_taxonomy_is_422_invalid_taxonomy(client, body, headers, fragment):
    resp = client.put("/v1/taxonomies/hostile", content=body, headers=headers)
    assert_problem(resp, 422, "invalid_taxonomy")
    assert fragment in resp.json()["detail"]


def test_date_like_taxonomy_version_is_kept_as_text(client):
    resp = client.put("/v1/taxonomies/dated", content="name: x\nversion: 2020-13-45\n" + THEMES, headers=YAML_CT)
    assert resp.status_code in (200, 201), resp.text
    assert resp.json()["taxonomy"]["version"] == "2020-13-45"


@pytest.mark.parametrize("since", ["0.5", "0", "1714521600", "1e9", " 12 "])
def test_feedback_export_since_must_be_a_date_time_not_a_number(client, since):
    resp = client.get("/v1/feedback/export", headers=AUTH, params={"since": since})
    assert_problem(resp, 422, "validation_error")
    assert "ISO 8601 date-time" in resp.text and "not the number" in resp.text


@pytest.mark.parametrize("since", ["2026-05-01T00:00:00Z", "2026-05-01", "2026-05-01T10:00:00+02:00"])
def test_feedback_export_since_accepts_iso_dates(client, since):
    resp = client.get("/v1/feedback/export", headers=AUTH, params={"since": since})
    assert resp.status_code == 200, resp.text


def test_a_broken_multipart_body_is_422_malformed_body(client):
    resp = client.post("/v1/reports", headers={**AUTH, "Content-Type": "multipart/form-data; boundary=b"},
                       content=b"--b\r\n[]--b--\r\n")
    assert_problem(resp, 422, "malformed_body")
    assert "Invalid multipart data" in resp.json()["detail"]


def test_whole_number_floats_are_integers_as_in_json_schema(client):
    resp = client.post("/v1/classify", headers=AUTH, json={"comments": [{"id": 3.0, "text": "slow", "score": 5.0}]})
    assert resp.status_code == 200, resp.text
    assert resp.json()["results"][0]["id"] == 3 and isinstance(resp.json()["results"][0]["id"], int)
    for bad in (5.5, "5", True, 11.0):
        resp = client.post("/v1/classify", headers=AUTH, json={"comments": [{"text": "slow", "score": bad}]})
        assert_problem(resp, 422, "validation_error")


def test_an_empty_optional_form_field_counts_as_left_out(client):
    resp = client.post("/v1/reports", data={**OPTIONS, "date_column": "", "period": ""}, headers=AUTH,
                       files={"file": ("survey.csv", b"id,score,comment\nr1,9,great\n", "text/csv")})
    assert resp.status_code == 202, resp.text
    assert resp.json()["options"]["date_column"] is None and resp.json()["options"]["period"] is None
