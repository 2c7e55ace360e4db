"""Detractor webhook: signed deliveries to a receiver on 127.0.0.1, retries, never delaying /v1/classify."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import AUTH, make_settings, running_app, wait_for
from pydantic import ValidationError
from sqlalchemy import select

from api.core.settings import Settings
from api.services.webhook import sign, verify
from api.storage import outbox
from api.storage.tables import OutboxRow

SECRET = "s3cret-shared-with-the-receiver"


class Receiver:
    """A local HTTP receiver: answers with the queued statuses (then 200), records every request."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        self.delay = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/npslens"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def hook_settings(tmp_path, model_dir, url: str, **kw):
    kw.setdefault("webhook_backoff_s", 0.01)
    return make_settings(tmp_path, model_dir, webhook_url=url, webhook_secret=SECRET, **kw)


def test_detractors_are_posted_signed_and_without_delaying_the_response(tmp_path, tiny_model_dir, receiver):
    receiver.delay = 2.0  # a slow receiver
    with running_app(hook_settings(tmp_path, tiny_model_dir, receiver.url), runner=None) as c:
        comments = [{"id": "d1", "text": "the queue was awful and staff were rude", "score": 2},
                    {"id": "p1", "text": "lovely staff", "score": 10},
                    {"id": "n1", "text": "no score given"},
                    {"id": "d2", "text": "", "score": 0}]  # skipped: nothing to route
        start = time.perf_counter()
        resp = c.post("/v1/classify", json={"comments": comments}, headers=AUTH)
        elapsed = time.perf_counter() - start
        assert resp.status_code == 200 and elapsed < 1.5
        wait_for(lambda: len(receiver.requests) == 1, timeout=10)
        time.sleep(0.3)
        assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert verify(SECRET, headers["x-npslens-timestamp"], body, headers["x-npslens-signature"])
    assert headers["x-npslens-event"] == "detractor.comment" and headers["content-type"] == "application/json"
    payload = json.loads(body)
    result = resp.json()["results"][0]
    assert payload["comment"] == {"id": "d1", "score": 2, "text": comments[0]["text"]}
    assert payload["themes"] == result["themes"] and payload["sentiment"] == result["sentiment"]
    assert payload["model"] == resp.json()["model"] and payload["request_id"] == resp.headers["x-request-id"]


def test_failed_deliveries_are_retried_with_backoff(tmp_path, tiny_model_dir, receiver):
    receiver.statuses = [500, 503]
    with running_app(hook_settings(tmp_path, tiny_model_dir, receiver.url), runner=None) as c:
        c.post("/v1/classify", json={"comments": [{"text": "terrible service", "score": 1}]}, headers=AUTH)
        wait_for(lambda: len(receiver.requests) == 3, timeout=10)
        metrics = c.get("/metrics", headers=AUTH).text
    assert [h["x-npslens-attempt"] for h, _ in receiver.requests] == ["1", "2", "3"]
    assert len({h["x-npslens-delivery"] for h, _ in receiver.requests}) == 1
    assert 'npslens_webhook_deliveries_total{outcome="delivered"} 1.0' in metrics
    assert 'npslens_webhook_deliveries_total{outcome="retried"} 2.0' in metrics


def test_client_errors_are_not_retried_and_text_can_be_left_out(tmp_path, tiny_model_dir, receiver):
    receiver.statuses = [400]
    settings = hook_settings(tmp_path, tiny_model_dir, receiver.url, webhook_include_text=False)
    with running_app(settings, runner=None) as c:
        c.post("/v1/classify", json={"comments": [{"text": "the wait was awful", "score": 3}]}, headers=AUTH)
        wait_for(lambda: len(receiver.requests) == 1, timeout=10)
        time.sleep(0.2)
        assert 'outcome="failed"} 1.0' in c.get("/metrics", headers=AUTH).text
    assert len(receiver.requests) == 1
    payload = json.loads(receiver.requests[0][1])
    assert payload["comment"]["text"] is None and all("evidence" not in t for t in payload["themes"])


def test_signature_checks():
    body = b'{"a":1}'
    ts = str(int(time.time()))
    sig = sign(SECRET, ts, body)
    assert sig.startswith("sha256=") and verify(SECRET, ts, body, sig)
    assert not verify(SECRET, ts, body + b" ", sig)
    assert not verify("other", ts, body, sig)
    assert not verify(SECRET, str(int(ts) - 3600), body, sign(SECRET, str(int(ts) - 3600), body))
    assert not verify(SECRET, "not-a-time", body, sig)


def test_a_webhook_needs_a_secret():
    with pytest.raises(ValidationError, match="NPSLENS_WEBHOOK_SECRET"):
        Settings(_env_file=None, webhook_url="http://127.0.0.1:9/x")  # type: ignore[call-arg]


def test_deliveries_wait_in_the_outbox_across_a_restart(tmp_path, tiny_model_dir, receiver):
    """The receiver is down while the first server runs and stops: the detractor is stored, not lost, and the
    next server on the same database delivers it (same delivery id)."""
    down = "http://127.0.0.1:9/hooks/npslens"  # nothing listens on port 9 (discard): connection refused
    with running_app(hook_settings(tmp_path, tiny_model_dir, down, webhook_max_attempts=20), runner=None) as c:
        resp = c.post("/v1/classify", json={"comments": [{"id": "d1", "text": "awful wait", "score": 1}]},
                      headers=AUTH)
        assert resp.status_code == 200
        db = c.app.state.service.db
        wait_for(lambda: outbox.counts(db)["pending"] == 1 and _attempts(db) >= 1, timeout=10)
    with running_app(hook_settings(tmp_path, tiny_model_dir, receiver.url), runner=None) as c:  # "restart"
        wait_for(lambda: len(receiver.requests) == 1, timeout=10)
        wait_for(lambda: outbox.counts(c.app.state.service.db) == {"pending": 0, "dead": 0}, timeout=10)
    headers, body = receiver.requests[0]
    payload = json.loads(body)
    assert payload["comment"]["id"] == "d1" and headers["x-npslens-delivery"] == payload["delivery_id"]
    assert int(headers["x-npslens-attempt"]) >= 2  # the attempts of the first server count


def test_a_delivery_is_dead_after_its_attempts_with_the_reason_kept(tmp_path, tiny_model_dir, receiver):
    receiver.statuses = [503] * 10
    settings = hook_settings(tmp_path, tiny_model_dir, receiver.url, webhook_max_attempts=3)
    with running_app(settings, runner=None) as c:
        c.post("/v1/classify", json={"comments": [{"text": "never again", "score": 0}]}, headers=AUTH)
        db = c.app.state.service.db
        wait_for(lambda: outbox.counts(db)["dead"] == 1, timeout=10)
        time.sleep(0.2)
        assert 'npslens_webhook_deliveries_total{outcome="failed"} 1.0' in c.get("/metrics", headers=AUTH).text
    assert len(receiver.requests) == 3
    [row] = outbox.dead(db)
    assert row.attempts == 3 and row.last_error == "attempt 3/3: status 503" and row.payload["comment"]["score"] == 0


def test_the_outbox_is_written_before_any_attempt(tmp_path, tiny_model_dir):
    """A row exists for each detractor as soon as /v1/classify answers, whatever the receiver does later."""
    settings = hook_settings(tmp_path, tiny_model_dir, "http://127.0.0.1:9/x", webhook_backoff_s=60)
    with running_app(settings, runner=None) as c:
        comments = [{"text": f"bad service number {i}", "score": i % 7} for i in range(5)]
        c.post("/v1/classify", json={"comments": comments}, headers=AUTH)
        assert outbox.counts(c.app.state.service.db)["pending"] == 5


def _attempts(db) -> int:
    with db.session() as s:
        return sum(r.attempts for r in s.scalars(select(OutboxRow)))
