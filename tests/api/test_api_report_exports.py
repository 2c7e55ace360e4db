"""Report jobs read a Qualtrics export as it comes and take ``date_order`` for ambiguous slash dates."""

from __future__ import annotations

from pathlib import Path

from conftest import AUTH
from test_api_reports import wait_final

QUALTRICS = (Path(__file__).parents[1] / "fixtures" / "survey_exports" / "qualtrics.csv").read_text(encoding="utf-8")
AMBIGUOUS = QUALTRICS.replace(",2026-05-02\n", ",05/04/2026\n").replace(",2026-05-05\n", ",25/04/2026\n")
OPTIONS = {"text_column": "Why did you give this score?", "score_column": "Q1", "id_column": "ResponseId",
           "date_column": "Q4"}


def _run(client, content: str, **extra: str) -> tuple[dict, dict | None]:
    resp = client.post("/v1/reports", data={**OPTIONS, **extra}, headers=AUTH,
                       files={"file": ("export.csv", content.encode("utf-8"), "text/csv")})
    assert resp.status_code == 202, resp.text
    assert resp.json()["rows_total"] == 5  # the question-text and ImportId rows are not rows
    final = wait_final(client, resp.json()["id"])
    report = client.get(f"/v1/reports/{final['id']}/report.json", headers=AUTH).json() \
        if final["status"] == "succeeded" else None
    return final, report


def test_qualtrics_export_job_counts_respondents_only(client) -> None:
    final, report = _run(client, QUALTRICS)
    assert final["status"] == "succeeded", final
    assert report is not None and report["data_quality"]["rows"] == 5 and report["rejected"]["count"] == 0


def test_ambiguous_dates_fail_the_job_then_date_order_reads_them(client) -> None:
    final, _ = _run(client, AMBIGUOUS)
    assert final["status"] == "failed" and "date_order" in final["error"]["detail"], final
    assert "'05/04/2026' reads as 5 April (day first) or 4 May (month first)" in final["error"]["detail"]
    final, report = _run(client, AMBIGUOUS, date_order="day-first")
    assert final["status"] == "succeeded", final
    assert report is not None and [t["period"] for t in report["trends"]] == ["2026-04", "2026-05"]
    assert [t["n"] for t in report["trends"]] == [3, 2]  # R_7aXq1, R_2bLm9 (05/04), R_1eKp7 (25/04) in April
