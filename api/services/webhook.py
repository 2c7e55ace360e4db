"""Closed loop: POST each detractor comment classified by ``/v1/classify`` to a configured URL.

Deliveries never wait for the receiver: ``/v1/classify`` stores them in the database outbox (one INSERT) and a
background dispatcher sends them, with retries and exponential backoff on network errors, 408, 429 and 5xx;
they survive restarts, and a delivery that used up its attempts is kept as ``dead`` with the reason.
Every request is signed so the receiver can check it came from us and is fresh::

    X-NPSLens-Timestamp: 1767225600
    X-NPSLens-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + raw body)>

Receivers recompute the HMAC over the raw body (:func:`verify`) and reject old timestamps.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import random
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx

from api.core.metrics import Metrics
from api.storage import outbox
from api.storage.engine import Database
from api.storage.tables import utcnow

log = logging.getLogger("npslens.webhook")
EVENT = "detractor.comment"
WORKERS = 4  # concurrent POSTs


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance_s: float = 300.0,
           now: float | None = None) -> bool:
    """Receiver side: the signature matches and the timestamp is within ``tolerance_s`` of now."""
    try:
        age = abs((now if now is not None else time.time()) - float(timestamp))
    except ValueError:
        return False
    return age <= tolerance_s and hmac.compare_digest(sign(secret, timestamp, body), signature)


def is_detractor(score: int | None) -> bool:
    return score is not None and 0 <= score <= 6


class WebhookNotifier:
    """Deliver signed detractor payloads through the database outbox (:mod:`api.storage.outbox`).

    :meth:`enqueue` stores the payloads (one INSERT per request) and wakes the dispatcher; nothing is sent
    before it is stored, so a restart or crash loses no delivery: the next server (or another one on the same
    database) sends what is still pending. Each attempt is one POST; a failure schedules the next attempt after
    ``backoff_s × 2^(attempt-1)`` (±20%) until ``max_attempts``, then the row is kept as ``dead`` with its reason.
    Receivers may see a delivery twice (a crash between their 2xx and our bookkeeping): dedupe on
    ``X-NPSLens-Delivery``.
    """

    def __init__(self, *, url: str, secret: str, metrics: Metrics, db: Database, max_attempts: int = 5,
                 backoff_s: float = 0.5, timeout_s: float = 5.0, queue_size: int = 10_000, poll_s: float = 1.0) -> None:
        self.url, self._secret, self.metrics, self.db = url, secret, metrics, db
        self.max_attempts, self.backoff_s, self.timeout_s = max_attempts, backoff_s, timeout_s
        self.queue_size, self.poll_s = queue_size, poll_s
        self.owner = f"webhook-{uuid.uuid4().hex[:12]}"
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=self.timeout_s, follow_redirects=False)
        self._task = asyncio.create_task(self._dispatch(), name="npslens-webhook")

    async def stop(self, drain_s: float = 2.0) -> None:
        """Give due deliveries ``drain_s`` seconds, then stop; what is left stays in the outbox for the next start."""
        deadline = time.monotonic() + drain_s
        while time.monotonic() < deadline and await asyncio.to_thread(self._due_now):
            await asyncio.sleep(0.05)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        left = await asyncio.to_thread(outbox.release, self.db, owner=self.owner)
        pending = (await asyncio.to_thread(outbox.counts, self.db))[outbox.PENDING]
        if pending:
            log.info("webhook deliveries left in the outbox for the next start", extra={"count": pending,
                                                                                       "released": left})
        if self._client is not None:
            await self._client.aclose()

    def _due_now(self) -> bool:
        due = outbox.next_due(self.db)
        return due is not None and due <= utcnow()

    async def enqueue(self, payloads: list[dict[str, Any]]) -> int:
        """Store the payloads in the outbox (off the event loop) and wake the dispatcher; returns how many."""
        if not payloads:
            return 0
        stored = await asyncio.to_thread(outbox.add, self.db, payloads, max_pending=self.queue_size)
        if stored < len(payloads):
            self.metrics.webhooks.labels("dropped").inc(len(payloads) - stored)
            log.warning("webhook outbox full; deliveries dropped", extra={"count": len(payloads) - stored,
                                                                          "limit": self.queue_size})
        self._wake.set()
        return stored

    async def _dispatch(self) -> None:
        senders = asyncio.Semaphore(WORKERS)
        while True:
            self._wake.clear()
            try:
                rows = await asyncio.to_thread(outbox.claim_due, self.db, owner=self.owner,
                                               lease_s=self.timeout_s + 30, limit=WORKERS * 4)
                if rows:
                    await asyncio.gather(*(self._attempt(senders, r.id, r.payload, r.attempts + 1) for r in rows))
                    continue
                due = await asyncio.to_thread(outbox.next_due, self.db)
            except Exception:
                log.exception("webhook outbox error")
                due = None
            wait = self.poll_s if due is None else min(self.poll_s, max(0.0, (due - utcnow()).total_seconds()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _attempt(self, senders: asyncio.Semaphore, row_id: str, payload: dict[str, Any], attempt: int) -> None:
        async with senders:
            ok, retry, outcome = await self.post(payload, row_id, attempt)
        if ok:
            await asyncio.to_thread(outbox.delivered, self.db, row_id=row_id, owner=self.owner)
            self.metrics.webhooks.labels("delivered").inc()
            return
        again = retry and attempt < self.max_attempts
        log.warning("webhook attempt failed", extra={"delivery": row_id, "attempt": attempt, "outcome": outcome,
                                                     "will_retry": again})
        retry_at = None
        if again:
            delay = self.backoff_s * 2 ** (attempt - 1) * (1 + 0.2 * random.random())
            retry_at = utcnow() + timedelta(seconds=delay)
            self.metrics.webhooks.labels("retried").inc()
        else:
            self.metrics.webhooks.labels("failed").inc()
        reason = f"attempt {attempt}/{self.max_attempts}: {outcome}" + ("" if retry else " (not retried)")
        await asyncio.to_thread(outbox.failed, self.db, row_id=row_id, owner=self.owner, error=reason,
                                retry_at=retry_at)

    async def post(self, payload: dict[str, Any], delivery: str, attempt: int) -> tuple[bool, bool, str]:
        """One signed POST: ``(delivered, worth retrying, outcome)``; retried: network errors, 408, 429, 5xx."""
        if self._client is None:
            raise RuntimeError("WebhookNotifier.start() was not called")
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/json", "User-Agent": "npslens-webhook/1",
                   "X-NPSLens-Event": EVENT, "X-NPSLens-Delivery": delivery, "X-NPSLens-Timestamp": ts,
                   "X-NPSLens-Signature": sign(self._secret, ts, body), "X-NPSLens-Attempt": str(attempt)}
        try:
            resp = await self._client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as err:
            return False, True, f"{type(err).__name__}: {err}"[:300]
        if 200 <= resp.status_code < 300:
            return True, False, f"status {resp.status_code}"
        return False, resp.status_code in (408, 429) or resp.status_code >= 500, f"status {resp.status_code}"


def detractor_payload(*, comment_id: str | int | None, score: int, result: dict[str, Any], text: str | None,
                      model: dict[str, str], request_id: str | None) -> dict[str, Any]:
    """The JSON body sent for one detractor: the classify result plus the comment's id and score."""
    themes = result["themes"] if text is not None else [{k: v for k, v in t.items() if k != "evidence"}
                                                         for t in result["themes"]]
    return {"event": EVENT, "delivery_id": uuid.uuid4().hex, "request_id": request_id,
            "created_at": int(time.time()), "model": model,
            "comment": {"id": comment_id, "score": score, "text": text},
            "sentiment": result["sentiment"], "themes": themes}
