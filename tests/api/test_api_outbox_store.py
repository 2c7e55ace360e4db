"""The webhook outbox on SQLite and PostgreSQL: leases, a crashed sender's rows claimed again, retries, dead rows."""

from __future__ import annotations

import time
from datetime import timedelta

from api.storage import outbox
from api.storage.engine import open_database
from api.storage.tables import utcnow


def payload(i: int) -> dict:
    return {"delivery_id": f"{i:032x}", "event": "detractor.comment", "comment": {"id": i, "score": 3}}


def test_claims_leases_retries_and_dead_rows(db_url: str):
    db = open_database(db_url)
    try:
        assert outbox.add(db, [payload(1), payload(2)], max_pending=10) == 2
        first = outbox.claim_due(db, owner="a", lease_s=0.3, limit=10)
        assert sorted(r.id for r in first) == [payload(1)["delivery_id"], payload(2)["delivery_id"]]
        assert outbox.claim_due(db, owner="b", lease_s=30, limit=10) == []  # leased by "a"
        time.sleep(0.4)  # "a" crashed: its leases expire and "b" takes the rows over
        second = outbox.claim_due(db, owner="b", lease_s=30, limit=10)
        assert len(second) == 2
        one, two = (r.id for r in second)
        outbox.delivered(db, row_id=one, owner="a")  # not a's any more: nothing happens
        outbox.delivered(db, row_id=one, owner="b")
        later = utcnow() + timedelta(hours=1)
        outbox.failed(db, row_id=two, owner="b", error="attempt 1/2: status 503", retry_at=later)
        assert outbox.counts(db) == {"pending": 1, "dead": 0}
        assert outbox.claim_due(db, owner="b", lease_s=30, limit=10) == []  # not due for an hour
        assert outbox.next_due(db) > utcnow() + timedelta(minutes=59)
        outbox.failed(db, row_id=two, owner="a", error="late", retry_at=None)  # a stale sender changes nothing
        assert outbox.counts(db) == {"pending": 1, "dead": 0}
    finally:
        db.dispose()


def test_a_full_outbox_stores_only_up_to_its_limit_and_release_frees_leases(db_url: str):
    db = open_database(db_url)
    try:
        assert outbox.add(db, [payload(i) for i in range(5)], max_pending=3) == 3
        assert outbox.add(db, [payload(9)], max_pending=3) == 0
        rows = outbox.claim_due(db, owner="a", lease_s=3600, limit=10)
        assert len(rows) == 3 and outbox.release(db, owner="a") == 3
        row = outbox.claim_due(db, owner="b", lease_s=3600, limit=1)[0]  # released: claimable at once
        outbox.failed(db, row_id=row.id, owner="b", error="attempt 1/1: status 400 (not retried)", retry_at=None)
        [dead] = outbox.dead(db)
        assert dead.id == row.id and dead.attempts == 1 and dead.last_error.endswith("(not retried)")
        assert dead.finished_at is not None and outbox.counts(db) == {"pending": 2, "dead": 1}
    finally:
        db.dispose()
