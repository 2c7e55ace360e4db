"""Bad input over HTTP is a clear 4xx problem, never a 500 and never silently shifted data."""

from __future__ import annotations

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
