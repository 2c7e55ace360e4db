"""Closed loop: POST each detractor comment classified by ``/v1/classify`` to a configured URL.

Deliveries never block the API response: they go on a bounded in-memory queue served by a few
background tasks, with retries and exponential backoff on network errors, 408, 429 and 5xx.
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
from typing import Any

import httpx

from api.core.metrics import Metrics

log = logging.getLogger("npslens.webhook")
EVENT = "detractor.comment"
WORKERS = 4


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
    """Queue and deliver signed detractor payloads; :meth:`enqueue` returns at once."""

    def __init__(self, *, url: str, secret: str, metrics: Metrics, max_attempts: int = 5, backoff_s: float = 0.5,
                 timeout_s: float = 5.0, queue_size: int = 10_000) -> None:
        self.url, self._secret, self.metrics = url, secret, metrics
        self.max_attempts, self.backoff_s, self.timeout_s = max_attempts, backoff_s, timeout_s
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(queue_size)
        self._tasks: list[asyncio.Task[None]] = []
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=self.timeout_s, follow_redirects=False)
        self._tasks = [asyncio.create_task(self._worker(), name=f"npslens-webhook-{i}") for i in range(WORKERS)]

    async def stop(self, drain_s: float = 2.0) -> None:
        """Give queued deliveries ``drain_s`` seconds, then stop (undelivered ones are logged as dropped)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._queue.join(), drain_s)
        for t in self._tasks:
            t.cancel()
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await t
        if not self._queue.empty():
            log.warning("webhook deliveries dropped at shutdown", extra={"count": self._queue.qsize()})
        if self._client is not None:
            await self._client.aclose()

    def enqueue(self, payload: dict[str, Any]) -> bool:
        try:
            self._queue.put_nowait(payload)
        except asyncio.QueueFull:
            self.metrics.webhooks.labels("dropped").inc()
            log.warning("webhook queue full; delivery dropped")
            return False
        return True

    async def _worker(self) -> None:
        while True:
            payload = await self._queue.get()
            try:
                await self.deliver(payload)
            except Exception:
                log.exception("webhook delivery error")
            finally:
                self._queue.task_done()

    async def deliver(self, payload: dict[str, Any]) -> bool:
        """POST one payload with retries; ``True`` when the receiver answered 2xx."""
        if self._client is None:
            raise RuntimeError("WebhookNotifier.start() was not called")
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        delivery = str(payload.get("delivery_id") or uuid.uuid4().hex)
        for attempt in range(1, self.max_attempts + 1):
            ts = str(int(time.time()))
            headers = {"Content-Type": "application/json", "User-Agent": "npslens-webhook/1",
                       "X-NPSLens-Event": EVENT, "X-NPSLens-Delivery": delivery, "X-NPSLens-Timestamp": ts,
                       "X-NPSLens-Signature": sign(self._secret, ts, body), "X-NPSLens-Attempt": str(attempt)}
            retry = True
            try:
                resp = await self._client.post(self.url, content=body, headers=headers)
                if 200 <= resp.status_code < 300:
                    self.metrics.webhooks.labels("delivered").inc()
                    return True
                retry = resp.status_code in (408, 429) or resp.status_code >= 500
                outcome = f"status {resp.status_code}"
            except httpx.HTTPError as err:
                outcome = type(err).__name__
            log.warning("webhook attempt failed", extra={"delivery": delivery, "attempt": attempt,
                                                         "outcome": outcome, "will_retry": retry})
            if not retry or attempt == self.max_attempts:
                break
            self.metrics.webhooks.labels("retried").inc()
            await asyncio.sleep(self.backoff_s * 2 ** (attempt - 1) * (1 + 0.2 * random.random()))
        self.metrics.webhooks.labels("failed").inc()
        return False


def detractor_payload(*, comment_id: str | int | None, score: int, result: dict[str, Any], text: str | None,
                      model: dict[str, str], request_id: str | None) -> dict[str, Any]:
    """The JSON body sent for one detractor: the classify result plus the comment's id and score."""
    themes = result["themes"] if text is not None else [{k: v for k, v in t.items() if k != "evidence"}
                                                         for t in result["themes"]]
    return {"event": EVENT, "delivery_id": uuid.uuid4().hex, "request_id": request_id,
            "created_at": int(time.time()), "model": model,
            "comment": {"id": comment_id, "score": score, "text": text},
            "sentiment": result["sentiment"], "themes": themes}
