"""One model snapshot per request: under concurrent load and repeated swaps, no response names another model."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from conftest import AUTH, make_settings, running_app

from api.services.hot_reload import swap_model
from nlp.schema import CommentResult


class Stamped:
    """A fake analyzer whose every result carries its own version (in ``skipped``)."""

    def __init__(self, version: str, taxonomy: Any) -> None:
        self.version = version
        self.taxonomy = taxonomy
        self.model_info = {"name": "stamped", "version": version}

    def analyze(self, texts: list[str], taxonomy: Any = None) -> list[CommentResult]:
        time.sleep(0.002)  # a model call that takes a moment, so swaps land between calls
        return [CommentResult.skip(f"by {self.version}") for _ in texts]


def test_swaps_under_load_never_mislabel_a_response(tmp_path: Path, tiny_model_dir: Path) -> None:
    with running_app(make_settings(tmp_path, tiny_model_dir, max_batch_comments=4), runner=None) as client:
        state = client.app.state.service  # type: ignore[attr-defined]
        taxonomy = state.analyzer.taxonomy
        client.portal.call(swap_model, state, Stamped("v0", taxonomy))  # type: ignore[union-attr]
        stop = threading.Event()
        seen: list[tuple[str, set[str]]] = []

        def caller(k: int) -> None:
            while not stop.is_set():
                n = 1 + k % 3
                r = client.post("/v1/classify", json={"comments": [{"text": f"c{k}-{j}"} for j in range(n)]},
                                headers=AUTH)
                assert r.status_code == 200, r.text
                body = r.json()
                seen.append((body["model"]["version"], {x["skipped"] for x in body["results"]}))

        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(caller, k) for k in range(8)]
            for v in range(1, 31):
                time.sleep(0.02)
                client.portal.call(swap_model, state, Stamped(f"v{v}", taxonomy))  # type: ignore[union-attr]
            stop.set()
            for f in futures:
                f.result()
    versions = {v for v, _ in seen}
    assert len(seen) > 100 and len(versions) > 10  # the load really spanned many swaps
    mislabelled = [(v, s) for v, s in seen if s != {f"by {v}"}]
    assert mislabelled == []
