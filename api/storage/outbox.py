"""The webhook outbox: deliveries are stored before they are attempted, so none is lost to a restart.

A dispatcher *claims* due rows (an atomic conditional UPDATE that sets a lease, safe with several servers on
one PostgreSQL database), attempts each once, then either deletes the row (delivered), schedules the next
attempt (retry with backoff), or marks it ``dead`` with the reason (attempts used up, or a 4xx that retrying
cannot fix). A server that stops mid-attempt leaves a lease that expires; the row is then claimed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update

from api.storage.engine import Database
from api.storage.tables import OutboxRow, utcnow

PENDING, DEAD = "pending", "dead"


def add(db: Database, payloads: Sequence[dict[str, Any]], *, max_pending: int) -> int:
    """Store payloads (their ``delivery_id`` is the row id) in one transaction; returns how many were stored.

    Past ``max_pending`` rows waiting, the rest are not stored (the caller counts them as dropped).
    """
    if not payloads:
        return 0
    now = utcnow()
    with db.session() as s:
        waiting = s.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.status == PENDING)) or 0
        kept = list(payloads)[:max(0, max_pending - waiting)]
        s.add_all(OutboxRow(id=p["delivery_id"], payload=p, status=PENDING, attempts=0, next_attempt_at=now,
                            created_at=now) for p in kept)
    return len(kept)


def claim_due(db: Database, *, owner: str, lease_s: float, limit: int) -> list[OutboxRow]:
    """Lease up to ``limit`` pending rows whose next attempt is due (oldest first)."""
    now = utcnow()
    free = or_(OutboxRow.lease_until.is_(None), OutboxRow.lease_until < now)
    with db.session() as s:
        ids = list(s.scalars(select(OutboxRow.id).where(OutboxRow.status == PENDING, OutboxRow.next_attempt_at <= now,
                                                        free).order_by(OutboxRow.next_attempt_at).limit(limit)))
    claimed = []
    for row_id in ids:
        with db.session() as s:
            res = s.execute(update(OutboxRow).where(OutboxRow.id == row_id, OutboxRow.status == PENDING, free).values(
                owner=owner, lease_until=now + timedelta(seconds=lease_s)))
            if res.rowcount == 1:  # type: ignore[attr-defined]
                row = s.get(OutboxRow, row_id)
                if row is not None:
                    claimed.append(row)
    return claimed


def delivered(db: Database, *, row_id: str, owner: str) -> None:
    with db.session() as s:
        s.execute(delete(OutboxRow).where(OutboxRow.id == row_id, OutboxRow.owner == owner))


def failed(db: Database, *, row_id: str, owner: str, error: str, retry_at: datetime | None) -> None:
    """Record a failed attempt: the next one at ``retry_at``, or dead (``None``) with ``error`` kept."""
    values: dict[str, Any] = {"attempts": OutboxRow.attempts + 1, "last_error": error[:2000], "owner": None,
                              "lease_until": None}
    if retry_at is None:
        values.update(status=DEAD, finished_at=utcnow())
    else:
        values.update(next_attempt_at=retry_at)
    with db.session() as s:
        s.execute(update(OutboxRow).where(OutboxRow.id == row_id, OutboxRow.owner == owner).values(**values))


def release(db: Database, *, owner: str) -> int:
    """Give back this owner's leases at once (clean shutdown): the rows are due again for the next server."""
    with db.session() as s:
        res = s.execute(update(OutboxRow).where(OutboxRow.owner == owner, OutboxRow.status == PENDING).values(
            owner=None, lease_until=None))
        return int(res.rowcount)  # type: ignore[attr-defined]


def next_due(db: Database) -> datetime | None:
    """When the earliest pending row is due (``None`` when nothing waits)."""
    with db.session() as s:
        return s.scalar(select(func.min(OutboxRow.next_attempt_at)).where(OutboxRow.status == PENDING))


def counts(db: Database) -> dict[str, int]:
    """Rows per status (``pending``, ``dead``)."""
    with db.session() as s:
        rows = s.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status)).all()
    return {PENDING: 0, DEAD: 0, **{status: int(n) for status, n in rows}}


def dead(db: Database, *, limit: int = 100) -> list[OutboxRow]:
    """Dead deliveries, newest first, with their attempts and last error."""
    with db.session() as s:
        return list(s.scalars(select(OutboxRow).where(OutboxRow.status == DEAD)
                              .order_by(OutboxRow.finished_at.desc()).limit(limit)))
