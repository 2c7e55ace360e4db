"""Micro-batching: concurrent ``/v1/classify`` calls share one model call.

Callers put ``(texts, taxonomy)`` on an asyncio queue and await a future. One worker task takes the
first waiting request, then everything already queued, then waits up to ``window_ms`` for more, until
``max_comments`` are gathered; requests are never split. Each taxonomy group runs as ONE
``Analyzer.analyze`` call in a thread (the event loop stays free) and every caller gets its own slice
back in order. The model runs one batch at a time, so CPU work never piles up in parallel threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from nlp.schema import CommentResult
from nlp.taxonomy import Taxonomy

log = logging.getLogger("npslens.batching")
AnalyzeFn = Callable[[list[str], Taxonomy | None], list[CommentResult]]


@dataclass
class _Pending:
    texts: list[str]
    taxonomy: Taxonomy | None
    future: asyncio.Future[list[CommentResult]] = field(repr=False)

    @property
    def key(self) -> str | None:
        return self.taxonomy.fingerprint() if self.taxonomy is not None else None


class MicroBatcher:
    """Merge concurrent requests into model batches of at most ``max_comments`` comments.

    Args:
        analyze: ``(texts, taxonomy) -> results`` (blocking; run in a worker thread).
        window_ms: how long a started batch waits for more requests.
        max_comments: the batch is run as soon as it holds this many comments.
        on_batch: called with ``(n_comments, n_requests)`` for every model call (metrics).
    """

    def __init__(self, analyze: AnalyzeFn, *, window_ms: float = 2.0, max_comments: int = 256,
                 on_batch: Callable[[int, int], None] | None = None) -> None:
        self.analyze = analyze
        self.window = window_ms / 1000.0
        self.max_comments = max_comments
        self.on_batch = on_batch
        self._queue: asyncio.Queue[_Pending] | None = None
        self._task: asyncio.Task[None] | None = None
        self._carry: _Pending | None = None

    async def start(self) -> None:
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._worker(), name="npslens-microbatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def submit(self, texts: Sequence[str], taxonomy: Taxonomy | None = None) -> list[CommentResult]:
        """Results for ``texts`` (in order), computed together with whatever else is waiting."""
        if self._queue is None or self._task is None:
            raise RuntimeError("MicroBatcher.start() was not called")
        if not texts:
            return []
        fut: asyncio.Future[list[CommentResult]] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Pending(list(texts), taxonomy, fut))
        return await fut

    async def _gather(self) -> list[_Pending]:
        queue = self._queue
        if queue is None:
            raise RuntimeError("MicroBatcher.start() was not called")
        first = self._carry or await queue.get()
        self._carry = None
        batch, size = [first], len(first.texts)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.window
        while size < self.max_comments:
            try:
                nxt = queue.get_nowait()
            except asyncio.QueueEmpty:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                try:
                    nxt = await asyncio.wait_for(queue.get(), remaining)
                except TimeoutError:
                    break
            if size + len(nxt.texts) > self.max_comments:
                self._carry = nxt  # first in line for the next batch
                break
            batch.append(nxt)
            size += len(nxt.texts)
        return batch

    async def _worker(self) -> None:
        while True:
            batch = await self._gather()
            try:
                groups: dict[str | None, list[_Pending]] = {}
                for p in batch:
                    if not p.future.done():  # skip callers that went away
                        groups.setdefault(p.key, []).append(p)
                for group in groups.values():
                    await self._run_group(group)
            except Exception as err:  # never let the worker die: fail this batch's callers
                log.exception("micro-batch failed")
                for p in batch:
                    if not p.future.done():
                        p.future.set_exception(err)

    async def _run_group(self, group: list[_Pending]) -> None:
        texts = [t for p in group for t in p.texts]
        try:
            results = await asyncio.to_thread(self.analyze, texts, group[0].taxonomy)
        except Exception as err:  # hand the error to every caller of this batch
            for p in group:
                if not p.future.done():
                    p.future.set_exception(err)
            return
        if self.on_batch is not None:
            self.on_batch(len(texts), len(group))
        start = 0
        for p in group:
            end = start + len(p.texts)
            if not p.future.done():
                p.future.set_result(results[start:end])
            start = end
