"""POST /v1/feedback and the streamed export in the retraining input format (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from conftest import AUTH, make_settings, running_app
from test_api_classify import assert_problem

from training.datasets import read_labelled


def test_corrections_export_as_training_data(db_url, tmp_path, tiny_model_dir, tiny_analyzer):
    theme = tiny_analyzer.taxonomy.ids[0]
    with running_app(make_settings(tmp_path, tiny_model_dir, database_url=db_url), runner=None) as c:
        first = c.post("/v1/feedback", headers=AUTH, json={
            "text": "the queue was endless", "sentiment": "neutral", "model_version": "0.0.1", "user": "ana"})
        assert first.status_code == 201, first.text
        assert set(first.json()) == {"id", "created_at"}
        newer = c.post("/v1/feedback", headers=AUTH, json={
            "text": "the queue was endless", "sentiment": "negative", "themes": {theme: "negative"},
            "reason": "clearly a complaint", "comment_id": "c9"})
        assert newer.status_code == 201
        other = c.post("/v1/feedback", headers=AUTH, json={"text": "Café staff were lovely", "themes": {theme: None}})
        assert other.status_code == 201
        only_sentiment = c.post("/v1/feedback", headers=AUTH, json={"text": "fine i guess", "sentiment": "neutral"})
        assert only_sentiment.status_code == 201
        resp = c.get("/v1/feedback/export", headers=AUTH)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(x) for x in resp.text.splitlines()]
        assert all(set(x) == {"text", "sentiment", "themes"} for x in lines)
        by_text = {x["text"]: x for x in lines}
        assert by_text["the queue was endless"] == {"text": "the queue was endless", "sentiment": "negative",
                                                    "themes": {theme: "negative"}}  # the newest correction wins
        assert by_text["Café staff were lovely"] == {"text": "Café staff were lovely", "sentiment": None,
                                                     "themes": {theme: None}}
        # a correction without themes exports them as unknown (null), not as "no theme applies" ({})
        assert by_text["fine i guess"] == {"text": "fine i guess", "sentiment": "neutral", "themes": None}
        path = tmp_path / "feedback.jsonl"
        path.write_bytes(resp.content)
        df = read_labelled(path)  # the retraining script reads it as is
        assert len(df) == 3 and set(df["sentiment"].dropna()) == {"negative", "neutral"}
        later = c.get("/v1/feedback/export", headers=AUTH, params={"since": "2999-01-01T00:00:00Z"})
        assert later.status_code == 200 and later.text == ""


@pytest.mark.parametrize("body, code, fragment", [
    ({"text": "x"}, "validation_error", "sentiment"),
    ({"text": "", "sentiment": "negative"}, "validation_error", "text"),
    ({"text": "x", "sentiment": "angry"}, "validation_error", "sentiment"),
    ({"text": "x", "themes": {"wait_time": "furious"}}, "validation_error", "themes"),
    ({"text": "x", "themes": ["wait_time"]}, "validation_error", "themes"),
    ({"text": "x", "sentiment": "negative", "extra": 1}, "validation_error", "extra"),
    ({"text": "x", "themes": {"not_a_theme_we_know": "negative"}}, "unknown_theme", "not_a_theme_we_know"),
    ({"text": "x", "sentiment": "negative", "taxonomy": "nope"}, "unknown_taxonomy", "nope"),
])
def test_bad_feedback_is_422(client, body, code, fragment):
    problem = assert_problem(client.post("/v1/feedback", json=body, headers=AUTH), 422, code)
    assert fragment in problem["detail"]


def test_feedback_needs_a_key(client):
    assert_problem(client.post("/v1/feedback", json={"text": "x", "sentiment": "negative"}), 401, "unauthorized")
    assert_problem(client.get("/v1/feedback/export"), 401, "unauthorized")
