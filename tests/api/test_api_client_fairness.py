"""Fair scheduling per client: a client's concurrent requests share one slice per round (api/services/batching.py)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Hashable
from pathlib import Path

import pytest
from conftest import API_KEY, AUTH, make_settings, running_app
from starlette.requests import Request

from api.core.settings import Settings
from api.routes.classify import client_key
from api.services.batching import Fairness, MicroBatcher
from nlp.schema import CommentResult

OTHER_KEY = "other-key-9876543210"


def echo(texts: list[str], taxonomy: object) -> list[CommentResult]:
    return [CommentResult.skip(t) for t in texts]


def drive(b: MicroBatcher, calls: int | None = None) -> list[list[str]]:
    """Build and deliver model calls without a worker (deterministic): the texts of each call."""
    out: list[list[str]] = []
    while calls is None or len(out) < calls:
        batch = b.next_batch()
        if not batch:
            break
        texts = [t for s in batch for t in s.job.texts[s.start:s.end]]
        b._deliver(batch, echo(texts, None))
        out.append(texts)
    return out


def queue_a_and_b(b: MicroBatcher, client_a: Hashable, client_b: Hashable) -> None:
    """Client A: 10 jobs of 20 comments; client B: 1 job of 40 comments; every comment 10 characters."""
    for j in range(10):
        b._enqueue([f"A{j}-{i:02d}".ljust(10, ".") for i in range(20)], None, client_a)
    b._enqueue([f"B0-{i:02d}".ljust(10, ".") for i in range(40)], None, client_b)


def test_ten_requests_of_one_client_get_the_share_of_one_request_of_another() -> None:
    async def main() -> tuple[list[list[str]], MicroBatcher]:
        b = MicroBatcher(echo, window_ms=0, max_comments=100, max_chars=40, quantum_chars=20)
        queue_a_and_b(b, "key:aaaa", "key:bbbb")
        assert (b.pending, b.clients) == (11, 2)
        return drive(b, calls=20), b

    calls, b = asyncio.run(main())
    for k, call in enumerate(calls):  # B still has work in all 20 calls: each call is 2 of A's + 2 of B's
        assert sum(t.startswith("A") for t in call) == 2, (k, call)
        assert sum(t.startswith("B") for t in call) == 2, (k, call)
    assert b.pending == 10  # B's 40 comments are done after 20 calls; A's 10 jobs wait
    # A's slice went to its 10 jobs in turn: each got 2 comments (oldest job first)
    assert [c[:2] for c in calls[0]] == ["A0", "A0", "B0", "B0"]
    assert sorted({t[:2] for call in calls[:10] for t in call if t.startswith("A")}) == [f"A{j}" for j in range(10)]


def test_per_request_fairness_gives_the_client_with_ten_requests_ten_shares() -> None:
    def b_done_after(fairness: Fairness) -> int:
        async def main() -> list[list[str]]:
            b = MicroBatcher(echo, window_ms=0, max_comments=100, max_chars=40, quantum_chars=20, fairness=fairness)
            queue_a_and_b(b, "key:aaaa", "key:bbbb")
            return drive(b)

        calls = asyncio.run(main())
        assert sorted(t for c in calls for t in c) == sorted([f"A{j}-{i:02d}".ljust(10, ".") for j in range(10)
                                                              for i in range(20)] +
                                                             [f"B0-{i:02d}".ljust(10, ".") for i in range(40)])
        return max(k for k, c in enumerate(calls) if any(t.startswith("B") for t in c)) + 1

    assert b_done_after("client") == 20
    assert b_done_after("request") >= 60  # B is served in ~2 calls of every 11


def test_without_a_client_every_request_is_its_own_client_as_before() -> None:
    def calls_of(fairness: Fairness, with_clients: bool) -> list[list[str]]:
        async def main() -> list[list[str]]:
            b = MicroBatcher(echo, window_ms=0, max_comments=100, max_chars=40, quantum_chars=20, fairness=fairness)
            queue_a_and_b(b, "key:aaaa" if with_clients else None, "key:bbbb" if with_clients else None)
            return drive(b)

        return asyncio.run(main())

    assert calls_of("client", with_clients=False) == calls_of("request", with_clients=True)
    assert calls_of("client", with_clients=True) != calls_of("request", with_clients=True)


def test_a_clients_small_request_does_not_wait_for_its_own_big_one() -> None:
    async def main() -> list[list[str]]:
        b = MicroBatcher(echo, window_ms=0, max_comments=100, max_chars=40, quantum_chars=20)
        b._enqueue([f"big{i:02d}".ljust(10, ".") for i in range(20)], None, "ip:127.0.0.1")
        b._enqueue(["small"], None, "ip:127.0.0.1")
        return drive(b, calls=2)

    first, second = asyncio.run(main())
    assert [t[:5] for t in first] == ["big00", "big01"]  # one client: one quantum (20 characters) per call
    assert [t[:5] for t in second] == ["small", "big02"]  # its other job leads its next slice


def test_a_cancelled_job_is_dropped_and_the_clients_other_jobs_go_on() -> None:
    async def main() -> tuple[list[list[str]], list[list[str]], MicroBatcher]:
        b = MicroBatcher(echo, window_ms=0, max_comments=100, max_chars=40, quantum_chars=20)
        gone = b._enqueue([f"gone{i:02d}".ljust(10, ".") for i in range(20)], None, "key:aaaa")
        b._enqueue([f"kept{i:02d}".ljust(10, ".") for i in range(4)], None, "key:aaaa")
        b._enqueue([f"B{i:02d}".ljust(10, ".") for i in range(4)], None, "key:bbbb")
        before = drive(b, calls=1)
        gone.future.cancel()  # its caller went away
        return before, drive(b), b

    before, after, b = asyncio.run(main())
    assert [t[:6] for t in before[0]] == ["gone00", "gone01", "B00...", "B01..."]
    ran_after = [t for c in after for t in c]
    assert not [t for t in ran_after if t.startswith("gone")]  # none of its 18 remaining comments ran
    assert sorted(t[:6] for t in ran_after) == ["B02...", "B03...", "kept00", "kept01", "kept02", "kept03"]
    assert (b.pending, b.clients) == (0, 0)


def test_concurrent_submits_of_two_clients_get_their_own_results_in_order() -> None:
    async def main() -> tuple[list[list[str]], list[list[CommentResult]]]:
        b = MicroBatcher(echo, window_ms=1, max_comments=8, max_chars=200, quantum_chars=50)
        await b.start()
        reqs = [[f"r{j}-c{i}" for i in range(1 + j % 7)] for j in range(12)]
        out = await asyncio.gather(*(b.submit(r, client=f"key:{j % 3}") for j, r in enumerate(reqs)))
        assert (b.pending, b.clients) == (0, 0)
        await b.stop()
        return reqs, out

    reqs, out = asyncio.run(main())
    for texts, results in zip(reqs, out, strict=True):
        assert [r.skipped for r in results] == texts


def test_an_unknown_fairness_mode_is_an_error_naming_the_choices() -> None:
    with pytest.raises(ValueError, match="'client' or 'request'"):
        MicroBatcher(echo, fairness="ip")  # type: ignore[arg-type]


def _request(headers: dict[str, str], host: str | None = "10.0.0.5") -> Request:
    return Request({"type": "http", "method": "POST", "path": "/v1/classify", "query_string": b"",
                    "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
                    "client": (host, 50000) if host else None})


def test_the_client_key_is_a_short_hash_of_the_api_key_or_the_ip_without_auth(tmp_path: Path) -> None:
    on = Settings(_env_file=None, data_dir=tmp_path, api_keys=f"{API_KEY},{OTHER_KEY}")
    off = Settings(_env_file=None, data_dir=tmp_path)
    bearer = client_key(_request(AUTH), on)
    assert bearer is not None and bearer.startswith("key:") and len(bearer) == 4 + 12
    assert API_KEY not in bearer
    assert client_key(_request({"X-API-Key": API_KEY}, host="10.9.9.9"), on) == bearer  # the key, not the IP
    assert client_key(_request({"X-API-Key": OTHER_KEY}), on) not in (bearer, None)
    assert client_key(_request({}), off) == "ip:10.0.0.5"
    assert client_key(_request({}, host=None), off) is None


@pytest.mark.parametrize(("fairness", "most_per_call"), [("client", 1), ("request", 4)])
def test_through_the_app_four_requests_of_one_key_share_one_slice(
        tmp_path: Path, tiny_model_dir: Path, fairness: str, most_per_call: int) -> None:
    settings = make_settings(tmp_path, tiny_model_dir, api_keys=f"{API_KEY},{OTHER_KEY}", max_batch_chars=1000,
                             fairness=fairness, batch_window_ms=20)
    with running_app(settings, runner=None) as client:
        batcher = client.app.state.service.batcher  # type: ignore[attr-defined]
        real = batcher.analyze
        calls: list[list[str]] = []

        def slow(texts: list[str], taxonomy: object) -> list[CommentResult]:
            calls.append(list(texts))
            time.sleep(0.005)
            return real(texts, taxonomy)

        batcher.analyze = slow
        big = {"comments": [{"id": i, "text": f"long comment {i} " + "the queue was slow " * 10}  # ~205 chars
                            for i in range(40)]}  # the quantum is 1000 / 4 = 250 characters: one comment
        status: list[int] = []
        threads = [threading.Thread(target=lambda: status.append(
            client.post("/v1/classify", headers=AUTH, json=big).status_code)) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.1)
        small = client.post("/v1/classify", headers={"X-API-Key": OTHER_KEY},
                            json={"comments": [{"text": "lovely staff"}]})
        for t in threads:
            t.join(60)
    assert small.status_code == 200 and status == [200] * 4
    per_call = [sum(t.startswith("long comment") for t in c) for c in calls]
    assert max(per_call) == most_per_call  # one key's 4 requests: one slice per call (per request: 4)
    assert any("lovely staff" in c for c in calls)
