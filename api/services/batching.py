"""Fair micro-batching: concurrent ``/v1/classify`` calls share model calls, and no request waits behind a big one.

Every call to :meth:`MicroBatcher.submit` becomes a *job* (its texts, taxonomy and future). One worker task
builds each model call from the jobs waiting, in **round-robin** order: every job in turn contributes its next
slice of at most ``quantum_chars`` characters (at least one comment), until the call holds ``max_comments``
comments or ``max_chars`` characters. The job served first moves to the back of the line, so a request of
1,000 long comments is cut into many small model calls and a one-comment request that arrives meanwhile
rides in the very next one. Each call runs as ONE ``analyze`` call in a thread (the event loop stays free)
with one taxonomy (jobs of another taxonomy wait for the next call); the model runs one call at a time.

A caller that goes away (its ``submit`` coroutine is cancelled, e.g. because the client disconnected) has
its job removed at once: none of its remaining comments reach the model. A comment's result does not depend
on what it was batched with (the encoders are batch-invariant), so slicing changes no result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from nlp.schema import CommentResult
from nlp.taxonomy import Taxonomy

log = logging.getLogger("npslens.batching")
AnalyzeFn = Callable[[list[str], Taxonomy | None], list[CommentResult]]


@dataclass(eq=False)
class _Job:
    """One caller's request: how far it got and the results so far."""

    texts: list[str]
    taxonomy: Taxonomy | None
    future: asyncio.Future[list[CommentResult]] = field(repr=False)
    done: int = 0  # comments already handed to a model call
    results: list[CommentResult | None] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.results = [None] * len(self.texts)
        self.key = self.taxonomy.fingerprint() if self.taxonomy is not None else None

    @property
    def finished(self) -> bool:
        return self.done >= len(self.texts)


@dataclass
class _Slice:
    job: _Job
    start: int
    end: int


class MicroBatcher:
    """Interleave concurrent requests into model calls of at most ``max_comments`` comments / ``max_chars`` chars.

    Args:
        analyze: ``(texts, taxonomy) -> results`` (blocking; run in a worker thread).
        window_ms: how long an idle worker waits for more callers before the first call of a burst.
        max_comments: the most comments in one model call.
        max_chars: the most characters in one model call (one longer comment still runs, alone).
        quantum_chars: the most characters one job adds to a call per round (its slice; at least one comment).
        on_batch: called with ``(n_comments, n_requests)`` for every model call (metrics).
    """

    def __init__(self, analyze: AnalyzeFn, *, window_ms: float = 2.0, max_comments: int = 256,
                 max_chars: int = 20_000, quantum_chars: int | None = None,
                 on_batch: Callable[[int, int], None] | None = None) -> None:
        self.analyze = analyze
        self.window = window_ms / 1000.0
        self.max_comments = max_comments
        self.max_chars = max_chars
        self.quantum_chars = quantum_chars if quantum_chars is not None else max(1, max_chars // 4)
        self.on_batch = on_batch
        self._jobs: deque[_Job] = deque()
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._retired = False

    @property
    def pending(self) -> int:
        """Jobs waiting or in progress (their callers still awaiting)."""
        return len(self._jobs)

    async def start(self) -> None:
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._worker(), name="npslens-microbatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def retire(self) -> None:
        """No longer the served model's batcher: the worker stops once idle (a late caller restarts it)."""
        self._retired = True
        if self._wake is not None:
            self._wake.set()

    async def submit(self, texts: Sequence[str], taxonomy: Taxonomy | None = None) -> list[CommentResult]:
        """Results for ``texts`` (in order); cancelling this coroutine drops the comments not yet run."""
        if self._wake is None or self._task is None:
            raise RuntimeError("MicroBatcher.start() was not called")
        if not texts:
            return []
        job = _Job(list(texts), taxonomy, asyncio.get_running_loop().create_future())
        self._jobs.append(job)
        if self._task.done():  # retired and idle: a caller holding this snapshot still gets its own model
            self._task = asyncio.create_task(self._worker(), name="npslens-microbatcher")
        self._wake.set()
        try:
            return await job.future
        finally:
            self._drop(job)

    def _drop(self, job: _Job) -> None:
        with contextlib.suppress(ValueError):
            self._jobs.remove(job)

    def next_batch(self) -> list[_Slice]:
        """The next model call: one slice per job in round-robin order, one taxonomy, within the caps.

        Jobs whose caller went away are dropped; the first job served goes to the back of the line.
        """
        for job in [j for j in self._jobs if j.future.done()]:
            self._drop(job)
        if not self._jobs:
            return []
        key = self._jobs[0].key
        slices: list[_Slice] = []
        n = chars = 0
        for job in list(self._jobs):
            if job.key != key or job.finished:
                continue
            start = end = job.done
            taken = 0
            while end < len(job.texts) and n < self.max_comments:
                size = len(job.texts[end])
                if n and (chars + size > self.max_chars or taken + size > self.quantum_chars):
                    break
                end, n, chars, taken = end + 1, n + 1, chars + size, taken + size
            if end > start:
                job.done = end
                slices.append(_Slice(job, start, end))
            if n >= self.max_comments or chars >= self.max_chars:
                break
        self._jobs.rotate(-1)  # the job at the front was served: the next one leads the next call
        return slices

    async def _worker(self) -> None:
        wake = self._wake
        if wake is None:
            raise RuntimeError("MicroBatcher.start() was not called")
        while True:
            if not self._jobs:
                if self._retired:
                    return
                wake.clear()
                await wake.wait()
                if not self._jobs:
                    continue
                if self.window > 0:  # let a burst of callers arrive before the first call
                    await asyncio.sleep(self.window)
            batch = self.next_batch()
            if batch:
                await self._run(batch)

    async def _run(self, batch: list[_Slice]) -> None:
        texts = [t for s in batch for t in s.job.texts[s.start:s.end]]
        try:
            results = await asyncio.to_thread(self.analyze, texts, batch[0].job.taxonomy)
        except Exception as err:  # hand the error to every caller of this call; the worker lives on
            log.exception("micro-batch failed")
            for s in batch:
                if not s.job.future.done():
                    s.job.future.set_exception(err)
                self._drop(s.job)
            return
        if self.on_batch is not None:
            self.on_batch(len(texts), len(batch))
        pos = 0
        for s in batch:
            job = s.job
            job.results[s.start:s.end] = results[pos:pos + s.end - s.start]
            pos += s.end - s.start
            if job.finished and not job.future.done() and all(r is not None for r in job.results):
                job.future.set_result([r for r in job.results if r is not None])
                self._drop(job)
