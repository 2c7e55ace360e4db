"""Report jobs in the database: a leased work queue that survives restarts.

A worker *claims* a queued job (an atomic conditional UPDATE, safe with several server processes on
PostgreSQL) and holds a lease it renews while running. When a server stops mid-job the lease expires;
:func:`recover_expired` then puts the job back in the queue (``note`` says why) or, after
``max_attempts`` tries, marks it failed with the reason. No job is silently lost.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from api.storage.engine import Database
from api.storage.tables import JobRow, utcnow

QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED = "queued", "running", "succeeded", "failed", "cancelled"
STATUSES = (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED)
FINAL = (SUCCEEDED, FAILED, CANCELLED)


def create(db: Database, *, job_id: str, options: dict[str, Any], filename: str, rows_total: int) -> JobRow:
    with db.session() as s:
        row = JobRow(id=job_id, status=QUEUED, options=options, filename=filename, rows_total=rows_total,
                     rows_done=0, attempts=0, created_at=utcnow())
        s.add(row)
        s.flush()
        return row


def get(db: Database, *, job_id: str) -> JobRow | None:
    with db.session() as s:
        return s.get(JobRow, job_id)


def recent(db: Database, *, limit: int = 50, status: str | None = None) -> list[JobRow]:
    stmt = select(JobRow).order_by(JobRow.created_at.desc(), JobRow.id).limit(limit)
    if status is not None:
        stmt = stmt.where(JobRow.status == status)
    with db.session() as s:
        return list(s.scalars(stmt))


def claim_next(db: Database, *, owner: str, lease_s: float) -> JobRow | None:
    """Take the oldest queued job (status → running, attempts + 1) or return ``None``."""
    with db.session() as s:
        ids = list(s.scalars(select(JobRow.id).where(JobRow.status == QUEUED)
                             .order_by(JobRow.created_at, JobRow.id).limit(5)))
    for job_id in ids:
        now = utcnow()
        with db.session() as s:
            res = s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.status == QUEUED).values(
                status=RUNNING, owner=owner, lease_until=now + timedelta(seconds=lease_s),
                attempts=JobRow.attempts + 1, started_at=now, rows_done=0))
            if res.rowcount == 1:  # type: ignore[attr-defined]
                return s.get(JobRow, job_id)
    return None


def _update_owned(db: Database, *, job_id: str, owner: str, values: dict[str, Any], rows_done: int | None) -> bool:
    """Update a running job only while ``owner`` holds it; ``False`` when it was cancelled or taken."""
    if rows_done is not None:
        values["rows_done"] = rows_done
    with db.session() as s:
        res = s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.owner == owner,
                                             JobRow.status == RUNNING).values(**values))
        return res.rowcount == 1  # type: ignore[attr-defined]


def renew(db: Database, *, job_id: str, owner: str, lease_s: float, rows_done: int | None = None) -> bool:
    """Extend the lease (and record progress); ``False`` when the job is no longer ours (cancelled, taken)."""
    values: dict[str, Any] = {"lease_until": utcnow() + timedelta(seconds=lease_s)}
    return _update_owned(db, job_id=job_id, owner=owner, values=values, rows_done=rows_done)


def finish(db: Database, *, job_id: str, owner: str, status: str, error_code: str | None = None,
           error: str | None = None, rows_done: int | None = None) -> bool:
    """Record the outcome of a running job we own; ``False`` if it was cancelled or taken meanwhile."""
    values: dict[str, Any] = {"status": status, "finished_at": utcnow(), "lease_until": None,
                              "error_code": error_code, "error": error}
    return _update_owned(db, job_id=job_id, owner=owner, values=values, rows_done=rows_done)


def fail_queued(db: Database, *, job_id: str, error_code: str, error: str) -> None:
    with db.session() as s:
        s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.status.in_((QUEUED, RUNNING))).values(
            status=FAILED, error_code=error_code, error=error, finished_at=utcnow(), lease_until=None))


def recover_expired(db: Database, *, max_attempts: int) -> list[tuple[str, str]]:
    """Running jobs whose lease ran out (their server stopped): requeue, or fail after ``max_attempts``.

    Returns:
        ``(job id, new status)`` per recovered job.
    """
    now = utcnow()
    out: list[tuple[str, str]] = []
    with db.session() as s:
        stale = list(s.scalars(select(JobRow).where(JobRow.status == RUNNING, JobRow.lease_until < now)))
    for job in stale:
        if job.attempts >= max_attempts:
            values: dict[str, Any] = {
                "status": FAILED, "error_code": "interrupted", "finished_at": now, "lease_until": None,
                "error": f"the server stopped while this job was running, {job.attempts} time(s) (the limit is "
                         f"{max_attempts}, NPSLENS_JOB_MAX_ATTEMPTS); resubmit the report"}
        else:
            values = {"status": QUEUED, "owner": None, "lease_until": None, "rows_done": 0,
                      "note": f"resumed: the server stopped during attempt {job.attempts}; the job was queued again"}
        with db.session() as s:
            res = s.execute(update(JobRow).where(JobRow.id == job.id, JobRow.status == RUNNING,
                                                 JobRow.lease_until < now).values(**values))
            if res.rowcount == 1:  # type: ignore[attr-defined]
                out.append((job.id, values["status"]))
    return out


def cancel(db: Database, *, job_id: str) -> JobRow | None:
    """Mark a queued or running job cancelled (a running one stops at its next progress report)."""
    with db.session() as s:
        s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.status.in_((QUEUED, RUNNING))).values(
            status=CANCELLED, finished_at=utcnow(), lease_until=None, error_code="cancelled",
            error="cancelled by a DELETE request"))
        return s.get(JobRow, job_id)


def delete(db: Database, *, job_id: str) -> bool:
    with db.session() as s:
        row = s.get(JobRow, job_id)
        if row is None:
            return False
        s.delete(row)
        return True
