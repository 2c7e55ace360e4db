"""Runs persisted report jobs one at a time in a background thread, with a lease, progress and cancel.

At start-up (and every few seconds) jobs whose lease expired — their server stopped mid-job — are
queued again or failed with the reason (:func:`api.storage.jobs.recover_expired`). On a clean
shutdown a running job is handed back to the queue at once.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import threading
import uuid
from pathlib import Path

from api.core.memory import trim
from api.core.metrics import Metrics
from api.services.jobs.runner import JobCancelled, JobInterrupted, ReportOptions, ReportRequest, ReportRunner
from api.storage import jobs as store
from api.storage.engine import Database
from api.storage.tables import JobRow
from nlp.errors import NPSLensError

log = logging.getLogger("npslens.jobs")


class _Run:
    """Progress of the job being run; the runner's thread raises from :meth:`progress` to stop."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        self.rows_done = 0
        self.cancelled = threading.Event()
        self.interrupted = threading.Event()

    def progress(self, n: int) -> None:
        self.rows_done += int(n)
        if self.cancelled.is_set():
            raise JobCancelled(self.job_id)
        if self.interrupted.is_set():
            raise JobInterrupted(self.job_id)


class JobManager:
    """Claims queued jobs from the database and runs them through the injected :class:`ReportRunner`."""

    def __init__(self, *, db: Database, runner: ReportRunner, jobs_dir: Path, model: str | None, lease_s: float,
                 max_attempts: int, metrics: Metrics) -> None:
        self.db, self.runner, self.jobs_dir, self.model = db, runner, jobs_dir, model
        self.lease_s, self.max_attempts, self.metrics = lease_s, max_attempts, metrics
        self.owner = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._current: _Run | None = None

    # ------------------------------------------------------------------ files
    def job_dir(self, job_id: str) -> Path:
        return self.jobs_dir / job_id

    def output_dir(self, job_id: str) -> Path:
        return self.job_dir(job_id) / "out"

    def remove_files(self, job_id: str) -> None:
        shutil.rmtree(self.job_dir(job_id), ignore_errors=True)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        self.recover()
        self._thread = threading.Thread(target=self._loop, name="npslens-jobs", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        """A job was queued: wake the worker now instead of at its next poll."""
        self._wake.set()

    def cancel(self, job_id: str) -> None:
        run = self._current
        if run is not None and run.job_id == job_id:
            run.cancelled.set()

    def stop(self, grace_s: float = 5.0) -> None:
        """Stop taking jobs; a running job is interrupted (or, if its runner cannot be, handed back)."""
        self._stop.set()
        self._wake.set()
        run = self._current
        if run is not None:
            run.interrupted.set()
        if self._thread is not None:
            self._thread.join(grace_s)
            if self._thread.is_alive() and run is not None:
                self._requeue(run.job_id, "the server shut down during the job; it was queued again")

    def recover(self) -> None:
        for job_id, status in store.recover_expired(self.db, max_attempts=self.max_attempts):
            log.warning("recovered an interrupted job", extra={"job_id": job_id, "status": status})
            if status == store.FAILED:
                self.metrics.jobs.labels(store.FAILED).inc()

    # ------------------------------------------------------------------ worker
    def _loop(self) -> None:
        poll = max(0.05, min(1.0, self.lease_s / 3))
        while not self._stop.is_set():
            try:
                self.recover()
                job = store.claim_next(self.db, owner=self.owner, lease_s=self.lease_s)
                if job is not None:
                    self._run(job)
                    continue
            except Exception:  # keep the worker alive whatever the database does
                log.exception("job worker error")
            self._wake.wait(poll)
            self._wake.clear()

    def _requeue(self, job_id: str, note: str) -> None:
        from sqlalchemy import update

        with self.db.session() as s:
            s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.owner == self.owner,
                                           JobRow.status == store.RUNNING)
                      .values(status=store.QUEUED, owner=None, lease_until=None, rows_done=0, note=note))

    def _heartbeat(self, run: _Run, done: threading.Event) -> None:
        while not done.wait(max(0.05, self.lease_s / 3)):
            try:
                if not store.renew(self.db, job_id=run.job_id, owner=self.owner, lease_s=self.lease_s,
                                   rows_done=run.rows_done):
                    run.cancelled.set()  # cancelled (DELETE) or taken over: stop at the next progress report
            except Exception:
                log.exception("lease renewal failed", extra={"job_id": run.job_id})

    def _run(self, job: JobRow) -> None:
        run = self._current = _Run(job.id)
        folder = self.job_dir(job.id)
        tax = folder / "taxonomy.yaml"
        request = ReportRequest(input_path=folder / "input.csv", output_dir=self.output_dir(job.id),
                                options=ReportOptions.model_validate(job.options),
                                taxonomy_path=tax if tax.exists() else None, model=self.model)
        done = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(run, done), daemon=True)
        beat.start()
        log.info("job started", extra={"job_id": job.id, "attempt": job.attempts})
        outcome, code, message = store.SUCCEEDED, None, None
        try:
            if not request.input_path.exists():
                raise FileNotFoundError("the uploaded file is gone from the server's data folder")
            shutil.rmtree(request.output_dir, ignore_errors=True)
            request.output_dir.mkdir(parents=True)
            self.runner(request, run.progress)
        except JobCancelled:
            outcome = store.CANCELLED
        except JobInterrupted:
            done.set()
            self._requeue(job.id, "the server shut down during the job; it was queued again")
            log.info("job handed back", extra={"job_id": job.id})
            return
        except NPSLensError as err:
            outcome, code, message = store.FAILED, err.code, str(err)[:2000]
        except Exception as err:
            log.exception("job crashed", extra={"job_id": job.id})
            outcome, code, message = store.FAILED, "internal_error", f"{type(err).__name__}: {str(err)[:500]}"
        finally:
            done.set()
            beat.join()
            self._current = None
            trim()  # the job's chunks and model copy are freed: give the pages back
        if outcome == store.SUCCEEDED:
            run.rows_done = job.rows_total
        if not store.finish(self.db, job_id=job.id, owner=self.owner, status=outcome, error_code=code,
                            error=message, rows_done=run.rows_done):
            now = store.get(self.db, job_id=job.id)
            if now is not None and now.status != store.CANCELLED:  # handed back or taken over: not ours to touch
                log.warning("job no longer ours", extra={"job_id": job.id, "status": now.status})
                return
            outcome = store.CANCELLED
        if outcome == store.CANCELLED:
            shutil.rmtree(request.output_dir, ignore_errors=True)
        self.metrics.jobs.labels(outcome).inc()
        log.info("job finished", extra={"job_id": job.id, "status": outcome, "error_code": code})
