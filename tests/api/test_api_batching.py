"""Micro-batching: concurrent callers share model calls and each gets exactly its own results, in order."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import AUTH

from api.services.batching import MicroBatcher
from nlp.schema import CommentResult
from nlp.taxonomy import parse_taxonomy

SHOP = parse_taxonomy("name: shop\nthemes:\n  - id: app\n    label: App\n    description: The mobile app.\n")


class Recorder:
    """A fake analyze(): echoes each text in ``skipped`` so the test can check who got what."""

    def __init__(self, delay: float = 0.0) -> None:
        self.calls: list[tuple[list[str], str | None]] = []
        self.delay = delay
        self.lock = threading.Lock()

    def __call__(self, texts: list[str], taxonomy) -> list[CommentResult]:
        with self.lock:
            self.calls.append((list(texts), taxonomy.name if taxonomy else None))
        if self.delay:
            threading.Event().wait(self.delay)
        return [CommentResult.skip(t) for t in texts]


def run(coro):
    return asyncio.run(coro)


def test_concurrent_requests_are_merged_and_split_back_in_order():
    rec = Recorder(delay=0.02)

    async def main():
        b = MicroBatcher(rec, window_ms=20, max_comments=1000)
        await b.start()
        reqs = [[f"r{i}-c{j}" for j in range(1 + i % 3)] for i in range(40)]
        out = await asyncio.gather(*(b.submit(r) for r in reqs))
        await b.stop()
        return reqs, out

    reqs, out = run(main())
    for texts, results in zip(reqs, out, strict=True):
        assert [r.skipped for r in results] == texts
    assert len(rec.calls) < len(reqs)  # shared model calls
    assert sorted(t for call, _ in rec.calls for t in call) == sorted(t for r in reqs for t in r)


def test_batches_never_exceed_max_and_every_caller_gets_its_own_results():
    rec = Recorder(delay=0.01)

    async def main():
        b = MicroBatcher(rec, window_ms=50, max_comments=10)
        await b.start()
        reqs = [[f"r{i}-{j}" for j in range(4)] for i in range(12)]
        out = await asyncio.gather(*(b.submit(r) for r in reqs))
        await b.stop()
        return reqs, out

    reqs, out = run(main())
    assert all(len(call) <= 10 for call, _ in rec.calls)
    for texts, results in zip(reqs, out, strict=True):
        assert [r.skipped for r in results] == texts


def test_a_request_larger_than_max_runs_alone():
    rec = Recorder()

    async def main():
        b = MicroBatcher(rec, window_ms=1, max_comments=4)
        await b.start()
        got = await b.submit([str(i) for i in range(9)])
        await b.stop()
        return got

    assert [r.skipped for r in run(main())] == [str(i) for i in range(9)]


def test_taxonomies_are_never_mixed_in_one_model_call():
    rec = Recorder(delay=0.01)

    async def main():
        b = MicroBatcher(rec, window_ms=30, max_comments=100)
        await b.start()
        jobs = [b.submit([f"t{i}"], SHOP if i % 2 else None) for i in range(10)]
        out = await asyncio.gather(*jobs)
        await b.stop()
        return out

    out = run(main())
    assert [r[0].skipped for r in out] == [f"t{i}" for i in range(10)]
    for call, tax in rec.calls:
        assert all((int(t[1:]) % 2 == 1) == (tax == "shop") for t in call)


def test_an_analyzer_error_reaches_every_caller_of_that_batch_and_the_worker_survives():
    calls = {"n": 0}

    def flaky(texts, taxonomy):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return [CommentResult.skip(t) for t in texts]

    async def main():
        b = MicroBatcher(flaky, window_ms=5, max_comments=100)
        await b.start()
        first = await asyncio.gather(b.submit(["a"]), b.submit(["b"]), return_exceptions=True)
        second = await b.submit(["c"])
        await b.stop()
        return first, second

    first, second = run(main())
    assert all(isinstance(e, RuntimeError) for e in first)
    assert second[0].skipped == "c"


def test_submit_before_start_is_an_error():
    with pytest.raises(RuntimeError, match="start"):
        run(MicroBatcher(Recorder()).submit(["x"]))


def test_concurrent_http_callers_get_their_own_results(client, tiny_analyzer):
    texts = [f"caller {i}: {'the queue was slow' if i % 2 else 'lovely staff, great prices'} #{i}" for i in range(32)]
    expected = {t: r.to_dict() for t, r in zip(texts, tiny_analyzer.analyze(texts), strict=True)}

    def call(i: int) -> tuple[int, dict]:
        resp = client.post("/v1/classify", json={"comments": [{"id": i, "text": texts[i]}]}, headers=AUTH)
        assert resp.status_code == 200, resp.text
        return i, resp.json()["results"][0]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(call, range(len(texts))))
    for i, got in results:
        assert got["id"] == i
        assert {k: v for k, v in got.items() if k not in ("row", "id")} == expected[texts[i]]
    metrics = client.get("/metrics", headers=AUTH).text
    calls = float(next(ln.split()[-1] for ln in metrics.splitlines() if ln.startswith("npslens_batch_requests_count")))
    merged = float(next(ln.split()[-1] for ln in metrics.splitlines() if ln.startswith("npslens_batch_requests_sum")))
    assert merged > calls  # at least one model call served several HTTP requests
