"""Giving memory back to the operating system after a burst (big requests, big uploads, report jobs).

Python frees a big request's strings, lists and arrays as soon as they are unused, but glibc's ``malloc`` keeps
the freed pages of its heaps (one per thread that allocated: the threadpool, the job worker) mapped in the
process: the resident size stays at the burst's peak. ``malloc_trim(0)`` hands every whole free page back (also
inside the heaps, glibc ≥ 2.8). It costs a few milliseconds, so the server calls it

* once after each report job (in the job thread, which has just freed the job's chunks and model copy), and
* ``quiet_s`` after the last request that moved at least ``threshold`` characters or bytes
  (:class:`MemoryTrimmer`, debounced: a stream of big requests trims once, after the stream).

Before ``malloc_trim``, :func:`trim` empties the allocators that sit above ``malloc`` and keep freed memory
as their own (:func:`release_pools`): onnxruntime's per-session CPU arena, which holds the largest encoder
micro-batch's activations for the session's life (:func:`nlp.encoders.use.onnx.release_arenas`; 43-48 MB after 20
comments of 5,000 characters), and pyarrow's memory pool (mimalloc: the pandas string columns of a report
job's chunks; released in the job thread, which allocated them). Each is released only when its module is
already loaded.

On a C library without ``malloc_trim`` (musl, macOS) :func:`trim` only runs the garbage collector and
:func:`release_pools`.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import logging
import sys
import time
from collections.abc import Callable
from functools import lru_cache

log = logging.getLogger("npslens.memory")


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        fn = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_size_t], ctypes.c_int
    return fn


def release_pools() -> dict[str, int]:
    """Hand back what the allocators above ``malloc`` keep (see the module doc); what was released: onnxruntime
    sessions and pyarrow pools. A failure is logged, not raised: giving memory back must not fail a job."""
    done = {"onnx_sessions": 0, "arrow_pools": 0}
    use_onnx, arrow = sys.modules.get("nlp.encoders.use.onnx"), sys.modules.get("pyarrow")
    for key, release in (("onnx_sessions", use_onnx and use_onnx.release_arenas),
                         ("arrow_pools", arrow and (lambda: arrow.default_memory_pool().release_unused() or 1))):
        if not release:
            continue
        try:
            done[key] = release()
        except Exception:
            log.warning("could not release an allocator's free memory", extra={"pool": key}, exc_info=True)
    return done


def trim() -> bool:
    """Collect garbage cycles, empty the pools above malloc (:func:`release_pools`), then return free heap pages
    to the OS; ``True`` when glibc released memory."""
    gc.collect()
    release_pools()
    fn = _malloc_trim()
    return bool(fn is not None and fn(0))


class MemoryTrimmer:
    """Trim once the server has been quiet for ``quiet_s`` seconds after a big request (see the module doc)."""

    # 250,000: a hostile request of 200 comments of ~5,000 characters (999,800) stayed under the former 1,000,000
    # and was never followed by a trim (benchmarks/api_memory.py); a full batch of 256 ordinary comments is ~30,000
    def __init__(self, *, threshold: int = 250_000, quiet_s: float = 1.0) -> None:
        self.threshold, self.quiet_s = threshold, quiet_s
        self._due = False
        self._last = 0.0
        self._task: asyncio.Task[None] | None = None
        self.trims = 0

    def note(self, amount: int) -> None:
        """A request moved ``amount`` characters or bytes; a big one makes a trim due ``quiet_s`` after the last
        big one (small requests neither trigger nor postpone it)."""
        if amount >= self.threshold:
            self._due, self._last = True, time.monotonic()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="npslens-memory-trim")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.quiet_s / 2)
            if self._due and time.monotonic() - self._last >= self.quiet_s:
                self._due = False
                released = await asyncio.to_thread(trim)
                self.trims += 1
                log.debug("memory trimmed", extra={"released": released})
