"""A classify request whose client disconnects has its queued comments dropped (never run by the model)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from api.core.problems import ApiProblem
from api.routes.classify import submit_unless_gone
from api.services.batching import MicroBatcher
from nlp.schema import CommentResult


class GoneAfter:
    """A stand-in for the Starlette request: reports a disconnect from the ``n``-th check on."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.checks = 0

    async def is_disconnected(self) -> bool:
        self.checks += 1
        return self.checks >= self.n


def test_a_disconnected_client_gets_its_work_cancelled_and_dropped() -> None:
    ran: list[str] = []

    def slow(texts: list[str], taxonomy: object) -> list[CommentResult]:
        ran.extend(texts)
        threading.Event().wait(0.05)
        return [CommentResult.skip(t) for t in texts]

    async def main() -> tuple[int, int]:
        b = MicroBatcher(slow, window_ms=0, max_comments=1)
        await b.start()
        with pytest.raises(ApiProblem) as err:
            await submit_unless_gone(GoneAfter(1), b.submit([f"c{i}" for i in range(200)]))  # type: ignore[arg-type]
        assert err.value.code == "client_closed_request"
        pending = b.pending
        await asyncio.sleep(0.2)  # the worker would have run ~4 more calls if the job were still queued
        after = len(ran)
        got = await b.submit(["next"])
        await b.stop()
        assert got[0].skipped == "next"
        return pending, after

    pending, after = asyncio.run(main())
    assert pending == 0
    assert after <= 7  # the ~0.25 s before the first disconnect check, at 50 ms a comment; never all 200
    assert ran[-1] == "next"


def test_a_connected_client_gets_its_results() -> None:
    async def main() -> list[CommentResult]:
        b = MicroBatcher(lambda texts, tax: [CommentResult.skip(t) for t in texts], window_ms=0)
        await b.start()
        got = await submit_unless_gone(GoneAfter(10**9), b.submit(["a", "b"]))  # type: ignore[arg-type]
        await b.stop()
        return got

    assert [r.skipped for r in asyncio.run(main())] == ["a", "b"]
