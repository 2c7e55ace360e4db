"""`npslens serve` wiring: the bind guard, and the app's report runner that adapts `batch.analyze.run_analyze`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import batch.analyze
from api.services.jobs.runner import ReportOptions, ReportRequest, analyze_runner
from cli.main import app


def test_serve_refuses_a_public_host_without_keys(monkeypatch):
    monkeypatch.delenv("NPSLENS_API_KEYS", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9"])
    assert result.exit_code == 2
    assert "NPSLENS_API_KEYS" in result.output and "loopback" in result.output


def test_serve_reports_a_bad_setting(monkeypatch):
    monkeypatch.setenv("NPSLENS_MAX_COMMENTS_PER_REQUEST", "5")
    result = CliRunner().invoke(app, ["serve", "--port", "9"])
    assert result.exit_code == 2 and "max_comments_per_request" in result.output


def _request(tmp_path: Path) -> ReportRequest:
    opts = ReportOptions(text_column="comment", score_column="score", id_column="id", segment_columns=["channel"],
                         date_column="date", period="quarter")
    return ReportRequest(input_path=tmp_path / "in.csv", output_dir=tmp_path, options=opts,
                         taxonomy_path=tmp_path / "t.yaml", model="some-model")


def test_runner_maps_options_and_passes_the_progress_hook(monkeypatch, tmp_path):
    seen = {}

    def fake(input, *, text_column, score_column, id_column, segment_columns, date_column, period, taxonomy, model,
             output_dir, progress=None, backend=None, date_order=None):
        seen.update(locals())
        with progress() as advance:
            advance(3)

    monkeypatch.setattr(batch.analyze, "run_analyze", fake)
    got = []
    analyze_runner(backend="onnx")(_request(tmp_path), got.append)
    assert got == [3] and seen["input"] == str(tmp_path / "in.csv")
    assert (seen["text_column"], seen["score_column"], seen["id_column"]) == ("comment", "score", "id")
    assert seen["segment_columns"] == ["channel"] and (seen["date_column"], seen["period"]) == ("date", "quarter")
    assert seen["taxonomy"] == tmp_path / "t.yaml" and seen["model"] == "some-model" and seen["backend"] == "onnx"
