"""Giving memory back to the operating system after a burst (big requests, big uploads, report jobs).

Python frees a big request's strings, lists and arrays as soon as they are unused, but glibc's ``malloc`` keeps
the freed pages of its heaps (one per thread that allocated: the threadpool, the job worker) mapped in the
process: the resident size stays at the burst's peak. ``malloc_trim(0)`` hands every whole free page back (also
inside the heaps, glibc ≥ 2.8). It costs a few milliseconds, so the server calls it

* once after each report job (in the job thread, which has just freed the job's chunks and model copy), and
* ``quiet_s`` after the last request that moved at least ``threshold`` characters or bytes
  (:class:`MemoryTrimmer`, debounced: a stream of big requests trims once, after the stream).

On a C library without ``malloc_trim`` (musl, macOS) :func:`trim` only runs the garbage collector.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import logging
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


def trim() -> bool:
    """Collect garbage cycles, then return free heap pages to the OS; ``True`` when glibc released memory."""
    gc.collect()
    fn = _malloc_trim()
    return bool(fn is not None and fn(0))


class MemoryTrimmer:
    """Trim once the server has been quiet for ``quiet_s`` seconds after a big request (see the module doc)."""

    def __init__(self, *, threshold: int = 1_000_000, quiet_s: float = 1.0) -> None:
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
