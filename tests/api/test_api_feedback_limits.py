"""POST /v1/feedback has classify's per-comment character limit (issue 14: it took 1 MB texts)."""

from __future__ import annotations

from conftest import AUTH, make_settings, running_app
from test_api_classify import assert_problem


def test_feedback_text_over_the_comment_limit_is_422(tmp_path, tiny_model_dir):
    with running_app(make_settings(tmp_path, tiny_model_dir, max_comment_chars=200), runner=None) as c:
        ok = c.post("/v1/feedback", headers=AUTH, json={"text": "x" * 200, "sentiment": "neutral"})
        assert ok.status_code == 201, ok.text
        body = assert_problem(c.post("/v1/feedback", headers=AUTH, json={"text": "x" * 201, "sentiment": "neutral"}),
                              422, "comment_too_long")
        assert "201 characters" in body["detail"] and "NPSLENS_MAX_COMMENT_CHARS" in body["detail"]
        assert len(c.get("/v1/feedback/export", headers=AUTH).text.splitlines()) == 1  # the long one was not stored
