"""Fair scheduling: requests are cut into slices that interleave round-robin; a caller that leaves is dropped."""

from __future__ import annotations

import asyncio
import threading

from api.services.batching import MicroBatcher
from nlp.schema import CommentResult


class Recorder:
    """A fake analyze(): records each model call and echoes every text in ``skipped``."""

    def __init__(self, delay: float = 0.0) -> None:
        self.calls: list[list[str]] = []
        self.delay = delay

    def __call__(self, texts: list[str], taxonomy: object) -> list[CommentResult]:
        self.calls.append(list(texts))
        if self.delay:
            threading.Event().wait(self.delay)
        return [CommentResult.skip(t) for t in texts]


def test_slices_interleave_round_robin_by_characters() -> None:
    rec = Recorder()

    async def main() -> tuple[list[CommentResult], list[CommentResult], list[CommentResult]]:
        b = MicroBatcher(rec, window_ms=0, max_comments=100, max_chars=40, quantum_chars=20)
        big = [f"big{i:02d}" + "x" * 5 for i in range(6)]  # 10 characters each: 2 per slice
        other = [f"oth{i:02d}" + "y" * 5 for i in range(4)]
        small = ["small"]
        await b.start()
        out = await asyncio.gather(b.submit(big), b.submit(other), b.submit(small))
        await b.stop()
        return out[0], out[1], out[2]

    big, other, small = asyncio.run(main())
    assert [r.skipped for r in small] == ["small"]
    assert [r.skipped[:5] for r in big] == [f"big{i:02d}" for i in range(6)]
    assert [r.skipped[:5] for r in other] == [f"oth{i:02d}" for i in range(4)]
    # round-robin slices of <= 20 characters, calls of <= 40: the small request rides the second call
    assert [[t[:5] for t in c] for c in rec.calls] == [
        ["big00", "big01", "oth00", "oth01"],
        ["oth02", "oth03", "small", "big02"],
        ["big03", "big04"],
        ["big05"],
    ]


def test_a_comment_longer_than_the_call_cap_still_runs_alone() -> None:
    rec = Recorder()

    async def main() -> list[CommentResult]:
        b = MicroBatcher(rec, window_ms=0, max_comments=100, max_chars=10)
        await b.start()
        got = await b.submit(["x" * 50, "y" * 50])
        await b.stop()
        return got

    assert [len(r.skipped or "") for r in asyncio.run(main())] == [50, 50]
    assert [len(c) for c in rec.calls] == [1, 1]


def test_a_cancelled_caller_has_its_remaining_slices_dropped() -> None:
    rec = Recorder(delay=0.05)

    async def main() -> list[CommentResult]:
        b = MicroBatcher(rec, window_ms=0, max_comments=2, max_chars=1000)
        await b.start()
        big = asyncio.create_task(b.submit([f"big{i}" for i in range(50)]))
        await asyncio.sleep(0.08)  # the first call (big0, big1) is running or done
        big.cancel()
        small = await b.submit(["small"])
        assert b.pending == 0
        await b.stop()
        return small

    small = asyncio.run(main())
    assert [r.skipped for r in small] == ["small"]
    ran = [t for c in rec.calls for t in c if t.startswith("big")]
    assert 1 <= len(ran) <= 6  # the calls before the cancel, never the other ~45
    assert rec.calls[-1] == ["small"]


def test_a_retired_batcher_finishes_its_work_and_restarts_for_a_late_caller() -> None:
    rec = Recorder()

    async def main() -> tuple[list[CommentResult], list[CommentResult]]:
        b = MicroBatcher(rec, window_ms=0)
        await b.start()
        first = await b.submit(["a"])
        b.retire()
        await asyncio.sleep(0.01)
        late = await b.submit(["b"])  # a request holding the old snapshot still gets the old model
        await b.stop()
        return first, late

    first, late = asyncio.run(main())
    assert [r.skipped for r in first + late] == ["a", "b"]
