"""The OpenAPI document describes ``POST /v1/reports`` as the multipart upload it is, so generated clients can
send the file."""

from __future__ import annotations

from conftest import AUTH
from test_api_reports import OPTIONS, wait_final

from api.core.settings import Settings
from api.main import create_app


def test_report_upload_is_documented_as_multipart_with_a_binary_file() -> None:
    doc = create_app(Settings(_env_file=None)).openapi()  # type: ignore[call-arg]
    body = doc["paths"]["/v1/reports"]["post"]["requestBody"]
    assert body["required"] is True and list(body["content"]) == ["multipart/form-data"]
    ref = body["content"]["multipart/form-data"]["schema"]["$ref"]
    schema = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    props = schema["properties"]
    assert props["file"]["type"] == "string" and props["file"]["format"] == "binary"
    assert props["file"]["contentMediaType"] == "application/octet-stream"
    assert {"file", "text_column", "score_column"} <= set(schema["required"])
    assert {"id_column", "segment_columns", "date_column", "period", "taxonomy"} <= set(props)
    assert props["segment_columns"]["type"] == "array"


def test_a_multipart_upload_as_documented_runs(client) -> None:
    files = {"file": ("s.csv", b"id,score,comment,channel\n1,9,great staff,web\n2,3,slow,app\n", "text/csv")}
    resp = client.post("/v1/reports", headers=AUTH, files=files, data=OPTIONS)
    assert resp.status_code == 202, resp.text
    assert wait_final(client, resp.json()["id"])["status"] == "succeeded"
