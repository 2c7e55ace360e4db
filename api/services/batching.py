"""Fair micro-batching: concurrent ``/v1/classify`` calls share model calls, and no client waits behind a big one.

Every call to :meth:`MicroBatcher.submit` becomes a *job* (its texts, taxonomy and future) of a *client*: the
caller's identity (the API key's short hash, or its IP when authentication is off); ``client=None`` makes
the job a client of its own. One worker task builds each model call from the work waiting, in a
**two-level round-robin**: the clients take turns, and every client in turn contributes its next slice of at
most ``quantum_chars`` characters (at least one comment when the call is still empty), until the call holds
``max_comments`` comments or ``max_chars`` characters; the client served first moves to the back of the
line. A client's slice is shared by all its jobs: taken from them in order (oldest first), starting with
the job whose turn it is; the job that led the slice then moves to the back of the client's own line. So a
client that opens 20 concurrent big requests gets one slice per round, like a client with one small
request, and a client's own small request does not wait for its own big one either (this matters without
authentication, where every caller on loopback is the same client). A request of 1,000 long comments is cut
into many small model calls, so a one-comment request that arrives meanwhile rides in the very next one.
With ``fairness="request"`` every job is a client of its own (the scheduling before clients were told
apart: a client's share grows with the number of requests it keeps open).

Each call runs as ONE ``analyze`` call in a thread (the event loop stays free) with one taxonomy (jobs of
another taxonomy wait for a later call); the model runs one call at a time.

A caller that goes away (its ``submit`` coroutine is cancelled, e.g. because the client disconnected) has
its job removed at once: none of its remaining comments reach the model. A comment's result does not depend
on what it was batched with (the encoders are batch-invariant), so slicing changes no result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from nlp.schema import CommentResult
from nlp.taxonomy import Taxonomy

log = logging.getLogger("npslens.batching")
AnalyzeFn = Callable[[list[str], Taxonomy | None], list[CommentResult]]
Fairness = Literal["client", "request"]


@dataclass(eq=False)
class _Job:
    """One caller's request: how far it got and the results so far."""

    texts: list[str]
    taxonomy: Taxonomy | None
    future: asyncio.Future[list[CommentResult]] = field(repr=False)
    client: Hashable = field(default=None, repr=False)  # the scheduling key; never the raw API key
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
        quantum_chars: the most characters one client adds to a call per round (its slice, shared by its jobs
            in turn, starting with the job whose turn it is; at least one comment when the call is still empty).
        fairness: ``"client"`` (default): round-robin over clients, then over each client's jobs;
            ``"request"``: every job is a client of its own (the ``client`` given to :meth:`submit` is ignored).
        on_batch: called with ``(n_comments, n_requests)`` for every model call (metrics).
    """

    def __init__(self, analyze: AnalyzeFn, *, window_ms: float = 2.0, max_comments: int = 256,
                 max_chars: int = 20_000, quantum_chars: int | None = None, fairness: Fairness = "client",
                 on_batch: Callable[[int, int], None] | None = None) -> None:
        if fairness not in ("client", "request"):
            raise ValueError(f"fairness must be 'client' or 'request', got {fairness!r}")
        self.analyze = analyze
        self.window = window_ms / 1000.0
        self.max_comments = max_comments
        self.max_chars = max_chars
        self.quantum_chars = quantum_chars if quantum_chars is not None else max(1, max_chars // 4)
        self.fairness: Fairness = fairness
        self.on_batch = on_batch
        self._clients: deque[Hashable] = deque()  # round-robin order of the clients with work
        self._queues: dict[Hashable, deque[_Job]] = {}  # each client's jobs, oldest first
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._retired = False

    @property
    def pending(self) -> int:
        """Jobs waiting or in progress (their callers still awaiting)."""
        return sum(len(q) for q in self._queues.values())

    @property
    def clients(self) -> int:
        """Clients with jobs waiting or in progress."""
        return len(self._clients)

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

    async def submit(self, texts: Sequence[str], taxonomy: Taxonomy | None = None, *,
                     client: Hashable | None = None) -> list[CommentResult]:
        """Results for ``texts`` (in order); cancelling this coroutine drops the comments not yet run.

        ``client`` is the caller's identity for fair scheduling (an API key's hash or an IP, never the raw
        key); ``None``: this request is a client of its own.
        """
        if self._wake is None or self._task is None:
            raise RuntimeError("MicroBatcher.start() was not called")
        if not texts:
            return []
        job = self._enqueue(texts, taxonomy, client)
        if self._task.done():  # retired and idle: a caller holding this snapshot still gets its own model
            self._task = asyncio.create_task(self._worker(), name="npslens-microbatcher")
        self._wake.set()
        try:
            return await job.future
        finally:
            self._drop(job)

    def _enqueue(self, texts: Sequence[str], taxonomy: Taxonomy | None, client: Hashable | None) -> _Job:
        """Queue a job (no worker needed: :meth:`next_batch` and :meth:`_deliver` drive it in tests)."""
        job = _Job(list(texts), taxonomy, asyncio.get_running_loop().create_future())
        job.client = client if client is not None and self.fairness == "client" else object()  # a client of its own
        queue = self._queues.get(job.client)
        if queue is None:
            queue = self._queues[job.client] = deque()
            self._clients.append(job.client)
        queue.append(job)
        return job

    def _drop(self, job: _Job) -> None:
        queue = self._queues.get(job.client)
        if queue is None:
            return
        with contextlib.suppress(ValueError):
            queue.remove(job)
        if not queue:
            del self._queues[job.client]
            self._clients.remove(job.client)

    def next_batch(self) -> list[_Slice]:
        """The next model call: one slice per client in round-robin order, one taxonomy, within the caps.

        A client's slice (at most ``quantum_chars`` characters over all its jobs) is taken from its jobs in
        their turn, oldest first; the job that led the client's slice then goes to the back of the client's
        line. Jobs whose caller went away are dropped; the first client served goes to the back of the line.
        """
        for job in [j for q in self._queues.values() for j in q if j.future.done()]:
            self._drop(job)
        lead = next((j for c in self._clients for j in self._queues[c] if not j.finished), None)
        if lead is None:
            return []
        while lead.client != self._clients[0]:  # clients whose jobs are all in flight don't lead
            self._clients.rotate(-1)
        slices: list[_Slice] = []
        n = chars = 0
        for client in list(self._clients):
            queue = self._queues[client]
            taken = 0
            for job in queue:
                if job.key != lead.key or job.finished:
                    continue
                start = end = job.done
                while end < len(job.texts) and n < self.max_comments:
                    size = len(job.texts[end])
                    if n and (chars + size > self.max_chars or taken + size > self.quantum_chars):
                        break
                    end, n, chars, taken = end + 1, n + 1, chars + size, taken + size
                if end > start:
                    job.done = end
                    slices.append(_Slice(job, start, end))
                if not job.finished:  # this client's quantum (or the call) is used up: its next job waits
                    break
            if taken:
                queue.rotate(-1)  # the client's next job leads its next slice
            if n >= self.max_comments or chars >= self.max_chars:
                break
        self._clients.rotate(-1)  # the client at the front was served: the next one leads the next call
        return slices

    async def _worker(self) -> None:
        wake = self._wake
        if wake is None:
            raise RuntimeError("MicroBatcher.start() was not called")
        while True:
            if not self._clients:
                if self._retired:
                    return
                wake.clear()
                await wake.wait()
                if not self._clients:
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
        self._deliver(batch, results)

    def _deliver(self, batch: list[_Slice], results: list[CommentResult]) -> None:
        """Hand a model call's ``results`` back to its jobs; a job with all its results is answered."""
        pos = 0
        for s in batch:
            job = s.job
            job.results[s.start:s.end] = results[pos:pos + s.end - s.start]
            pos += s.end - s.start
            if job.finished and not job.future.done() and all(r is not None for r in job.results):
                job.future.set_result([r for r in job.results if r is not None])
                self._drop(job)
