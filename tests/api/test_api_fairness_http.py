"""Through the real app: a one-comment request is answered while a long request is still being classified."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from conftest import AUTH, make_settings, running_app

from nlp.schema import CommentResult


def test_a_small_request_completes_while_a_big_one_is_in_flight(tmp_path: Path, tiny_model_dir: Path) -> None:
    with running_app(make_settings(tmp_path, tiny_model_dir, max_batch_chars=1000), runner=None) as client:
        batcher = client.app.state.service.batcher  # type: ignore[attr-defined]
        real = batcher.analyze

        def slow(texts: list[str], taxonomy: object) -> list[CommentResult]:
            time.sleep(0.01 * len(texts))  # 10 ms per comment: the big request needs >= 4 s
            return real(texts, taxonomy)

        batcher.analyze = slow
        big_status: list[int] = []
        big = threading.Thread(target=lambda: big_status.append(client.post(
            "/v1/classify", headers=AUTH,
            json={"comments": [{"id": i, "text": f"long comment {i} " + "the queue was slow " * 20}
                               for i in range(400)]}).status_code))
        big.start()
        time.sleep(0.3)
        t0 = time.perf_counter()
        small = client.post("/v1/classify", json={"comments": [{"text": "lovely staff"}]}, headers=AUTH)
        waited = time.perf_counter() - t0
        assert small.status_code == 200, small.text
        assert big.is_alive(), "the big request finished before the small one: nothing was tested"
        assert waited < 1.0
        big.join(60)
        assert big_status == [200]


def test_a_request_over_the_work_budget_is_413_naming_the_limit(tmp_path: Path, tiny_model_dir: Path) -> None:
    with running_app(make_settings(tmp_path, tiny_model_dir, max_request_chars=1000), runner=None) as client:
        resp = client.post("/v1/classify", headers=AUTH,
                           json={"comments": [{"text": "x" * 600}, {"text": "y" * 600}]})
    assert resp.status_code == 413
    assert resp.json()["code"] == "work_budget_exceeded"
    assert "NPSLENS_MAX_REQUEST_CHARS" in resp.json()["detail"]
