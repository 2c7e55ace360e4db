"""Memory is handed back after bursts: glibc's malloc_trim after big requests and report jobs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from api.core import memory


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(memory._malloc_trim() is None or not Path("/proc/self/status").exists(),
                    reason="needs glibc's malloc_trim and /proc")
def test_trim_returns_the_freed_pages_of_a_fragmented_heap():
    blocks = [bytes(4000) for _ in range(50_000)]  # ~200 MB of heap blocks (under the mmap threshold)
    keep = blocks[::200]  # a few survivors pin the heap: plain free() cannot shrink it
    del blocks
    before = rss_mib()
    assert memory.trim() is True
    after = rss_mib()
    assert before - after > 100, (before, after)
    assert len(keep) == 250


def test_the_trimmer_waits_for_a_big_request_and_a_quiet_spell(monkeypatch: pytest.MonkeyPatch):
    calls: list[int] = []
    monkeypatch.setattr(memory, "trim", lambda: calls.append(1) or True)

    async def scenario() -> None:
        t = memory.MemoryTrimmer(threshold=1000, quiet_s=0.1)
        t.start()
        t.note(999)  # small: nothing to give back
        await asyncio.sleep(0.3)
        assert calls == []
        t.note(5000)
        await asyncio.sleep(0.05)
        assert calls == []  # not quiet yet
        await asyncio.sleep(0.3)
        assert calls == [1] and t.trims == 1  # once, not once per tick
        await t.stop()

    asyncio.run(scenario())


def test_the_default_threshold_counts_the_hostile_burst_as_big():
    t = memory.MemoryTrimmer()
    t.note(200 * 4_999)  # 200 comments of ~5,000 characters: 999,800 were under the old 1,000,000 threshold
    assert t._due
    small = memory.MemoryTrimmer()
    small.note(256 * 200)  # a full batch of ordinary comments is not a burst
    assert not small._due


def test_trim_empties_the_onnxruntime_arenas_first(monkeypatch: pytest.MonkeyPatch):
    from nlp.encoders.use import onnx as use_onnx

    order: list[str] = []
    monkeypatch.setattr(use_onnx, "release_arenas", lambda: order.append("arenas") or 2)
    monkeypatch.setattr(memory, "_malloc_trim", lambda: lambda pad: order.append("malloc_trim") or 1)
    assert memory.trim() is True
    assert order == ["arenas", "malloc_trim"]  # the arena's regions are freed before malloc gives pages back
    assert memory.release_pools()["onnx_sessions"] == 2


def test_a_failing_pool_release_is_logged_not_raised(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    from nlp.encoders.use import onnx as use_onnx

    def broken() -> int:
        raise RuntimeError("arena gone")

    monkeypatch.setattr(use_onnx, "release_arenas", broken)
    with caplog.at_level("WARNING", logger="npslens.memory"):
        done = memory.release_pools()
    assert done["onnx_sessions"] == 0
    assert "could not release" in caplog.text and "arena gone" in caplog.text
