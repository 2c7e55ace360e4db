"""Report jobs over HTTP: upload checks (4xx before queueing), progress, files, cancel, failures."""

from __future__ import annotations

import json
import threading
import time

import pytest
from conftest import AUTH, SURVEY_CSV, make_settings, running_app, wait_for
from test_api_classify import assert_problem

from nlp.errors import InvalidInputError

OPTIONS = {"text_column": "comment", "score_column": "score", "id_column": "id", "segment_columns": ["channel"]}


def submit(client, content: bytes | str = SURVEY_CSV, data: dict | None = None, filename: str = "survey.csv"):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return client.post("/v1/reports", data=OPTIONS if data is None else data, headers=AUTH,
                       files={"file": (filename, raw, "text/csv")})


def wait_final(client, job_id: str, timeout: float = 60.0) -> dict:
    box: dict = {}

    def done() -> bool:
        box["job"] = client.get(f"/v1/reports/{job_id}", headers=AUTH).json()
        return box["job"]["status"] in ("succeeded", "failed", "cancelled")

    wait_for(done, timeout)
    return box["job"]


def test_report_job_end_to_end(client):
    resp = submit(client)
    assert resp.status_code == 202, resp.text
    job = resp.json()
    assert resp.headers["location"] == f"/v1/reports/{job['id']}"
    assert job["status"] == "queued" and job["rows_total"] == 6 and job["filename"] == "survey.csv"
    assert job["options"]["segment_columns"] == ["channel"]
    final = wait_final(client, job["id"])
    assert final["status"] == "succeeded", final
    assert final["progress"] == 1.0 and final["rows_done"] == 6 and final["attempts"] == 1
    assert set(final["files"]) >= {"report.html", "report.json", "comments.csv"}
    html = client.get(final["files"]["report.html"], headers=AUTH)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    report = client.get(f"/v1/reports/{job['id']}/report.json", headers=AUTH).json()
    assert report["data_quality"]["rows"] == 6 and report["rejected"]["count"] == 1
    comments = client.get(f"/v1/reports/{job['id']}/comments.csv", headers=AUTH)
    assert comments.headers["content-type"].startswith("text/csv") and comments.text.count("\n") >= 6
    listed = client.get("/v1/reports", headers=AUTH, params={"status": "succeeded"}).json()["jobs"]
    assert job["id"] in [j["id"] for j in listed]
    assert client.delete(f"/v1/reports/{job['id']}", headers=AUTH).status_code == 204
    assert_problem(client.get(f"/v1/reports/{job['id']}", headers=AUTH), 404, "job_not_found")


@pytest.mark.parametrize("content, data, status, code, fragment", [
    (SURVEY_CSV, {**OPTIONS, "text_column": "feedback"}, 422, "bad_input_file", "no column 'feedback'"),
    (SURVEY_CSV.replace("staff", "caf\xe9").encode("latin-1"), None, 422, "bad_input_file", "not UTF-8"),
    (b"", None, 422, "empty_upload", "empty"),
    (b"\x00\x01\x02binary", None, 422, "bad_input_file", "binary"),
    ("id,score,comment,channel\n", None, 422, "bad_input_file", "no data rows"),
    (SURVEY_CSV, {**OPTIONS, "period": "month"}, 422, "validation_error", "date_column"),
    (SURVEY_CSV, {**OPTIONS, "period": "fortnight"}, 422, "validation_error", "period"),
    (SURVEY_CSV, {**OPTIONS, "colour": "red"}, 422, "validation_error", "colour"),
    (SURVEY_CSV, {"text_column": "comment"}, 422, "validation_error", "score_column"),
    (SURVEY_CSV, {**OPTIONS, "taxonomy": "nope"}, 422, "unknown_taxonomy", "nope"),
])
def test_bad_uploads_are_rejected_before_queueing(client, content, data, status, code, fragment):
    before = len(client.get("/v1/reports", headers=AUTH).json()["jobs"])
    problem = assert_problem(submit(client, content, data), status, code)
    assert fragment in problem["detail"]
    assert "/jobs/" not in problem["detail"]  # the server's folders are not revealed
    assert len(client.get("/v1/reports", headers=AUTH).json()["jobs"]) == before


def test_missing_file_part_is_422(client):
    resp = client.post("/v1/reports", data=OPTIONS, headers=AUTH)
    assert any("file" in e["loc"] for e in assert_problem(resp, 422, "validation_error")["errors"])


def test_row_and_size_limits_are_413(tmp_path, tiny_model_dir):
    settings = make_settings(tmp_path, tiny_model_dir, max_report_rows=3, max_upload_bytes=2048)
    with running_app(settings) as c:
        assert_problem(submit(c), 413, "too_many_rows")
        assert_problem(submit(c, SURVEY_CSV + "7,8,fine,web\n" * 200), 413, "upload_too_large")


def test_unknown_and_malformed_job_ids(client):
    assert_problem(client.get(f"/v1/reports/{'0' * 32}", headers=AUTH), 404, "job_not_found")
    assert_problem(client.get("/v1/reports/not-an-id", headers=AUTH), 422, "validation_error")
    assert_problem(client.get(f"/v1/reports/{'0' * 32}/secret.txt", headers=AUTH), 422, "validation_error")


def test_running_job_progress_409_on_files_then_cancel(tmp_path, tiny_model_dir):
    release = threading.Event()

    def slow(request, progress):
        progress(2)
        while not release.wait(0.02):
            progress(0)  # raises JobCancelled once the job is deleted

    with running_app(make_settings(tmp_path, tiny_model_dir), runner=slow) as c:
        job = submit(c).json()
        wait_for(lambda: c.get(f"/v1/reports/{job['id']}", headers=AUTH).json()["rows_done"] == 2)
        running = c.get(f"/v1/reports/{job['id']}", headers=AUTH).json()
        assert running["status"] == "running" and running["progress"] == pytest.approx(2 / 6, abs=1e-3)
        assert_problem(c.get(f"/v1/reports/{job['id']}/report.html", headers=AUTH), 409, "job_not_finished")
        assert c.delete(f"/v1/reports/{job['id']}", headers=AUTH).status_code == 204
        assert_problem(c.get(f"/v1/reports/{job['id']}", headers=AUTH), 404, "job_not_found")
        time.sleep(0.2)
        assert not (tmp_path / "jobs" / job["id"]).exists()
        release.set()


def test_a_failing_job_says_why(tmp_path, tiny_model_dir):
    def bad(request, progress):
        raise InvalidInputError("--period must be one of month, quarter, week")

    with running_app(make_settings(tmp_path, tiny_model_dir), runner=bad) as c:
        final = wait_final(c, submit(c).json()["id"])
        assert final["status"] == "failed"
        assert final["error"] == {"code": "invalid_input", "detail": "--period must be one of month, quarter, week"}
        assert final["files"] == {}
        metrics = c.get("/metrics", headers=AUTH).text
        assert 'npslens_report_jobs_total{status="failed"} 1.0' in metrics


def test_reports_are_503_without_a_runner(tmp_path, tiny_model_dir):
    with running_app(make_settings(tmp_path, tiny_model_dir), runner=None) as c:
        assert_problem(submit(c), 503, "reports_unavailable")


def test_taxonomy_is_snapshotted_at_submit(tmp_path, tiny_model_dir):
    seen = {}

    def record(request, progress):
        seen["taxonomy"] = request.taxonomy_path.read_text() if request.taxonomy_path else None
        (request.output_dir / "report.json").write_text(json.dumps({"ok": True}))

    with running_app(make_settings(tmp_path, tiny_model_dir), runner=record) as c:
        yaml_text = "name: t1\nthemes:\n  - {id: price, label: Price, description: What it costs.}\n"
        c.put("/v1/taxonomies/t1", content=yaml_text, headers={**AUTH, "Content-Type": "application/yaml"})
        final = wait_final(c, submit(c, data={**OPTIONS, "taxonomy": "t1"}).json()["id"])
        assert final["status"] == "succeeded"
        assert final["files"] == {"report.json": f"/v1/reports/{final['id']}/report.json"}
        assert "price" in seen["taxonomy"]
