"""The persisted job queue on SQLite and PostgreSQL: claims, leases, restart recovery, graceful hand-back."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from pathlib import Path

from conftest import AUTH, SURVEY_CSV, fast_runner, make_settings, running_app, wait_for
from sqlalchemy import update

from api.storage import jobs as store
from api.storage.engine import open_database
from api.storage.tables import JobRow, utcnow

OPTIONS = {"text_column": "comment", "score_column": "score"}


def leave_job(db_url: str, data_dir: Path, *, status: str, attempts: int, lease_past: bool = True,
              with_input: bool = True) -> str:
    """Write a job as a stopped server would have left it."""
    db = open_database(db_url)
    job_id = uuid.uuid4().hex
    store.create(db, job_id=job_id, options=OPTIONS, filename="survey.csv", rows_total=6)
    if with_input:
        folder = data_dir / "jobs" / job_id
        folder.mkdir(parents=True)
        (folder / "input.csv").write_text(SURVEY_CSV, encoding="utf-8")
    if status == store.RUNNING:
        lease = utcnow() + timedelta(seconds=-30 if lease_past else 3600)
        with db.session() as s:
            s.execute(update(JobRow).where(JobRow.id == job_id).values(
                status=status, attempts=attempts, owner="old-host:123:dead", lease_until=lease, started_at=utcnow()))
    db.dispose()
    return job_id


def job(client, job_id: str) -> dict:
    return client.get(f"/v1/reports/{job_id}", headers=AUTH).json()


def test_a_job_left_running_is_resumed_at_the_next_start(db_url, tmp_path, tiny_model_dir):
    job_id = leave_job(db_url, tmp_path, status=store.RUNNING, attempts=1)
    with running_app(make_settings(tmp_path, tiny_model_dir, database_url=db_url), runner=fast_runner) as c:
        wait_for(lambda: job(c, job_id)["status"] == "succeeded")
        final = job(c, job_id)
        assert final["attempts"] == 2 and "resumed" in final["note"] and final["error"] is None


def test_a_job_interrupted_too_often_fails_with_the_reason(db_url, tmp_path, tiny_model_dir):
    job_id = leave_job(db_url, tmp_path, status=store.RUNNING, attempts=3)
    settings = make_settings(tmp_path, tiny_model_dir, database_url=db_url, job_max_attempts=3)
    with running_app(settings, runner=fast_runner) as c:
        final = job(c, job_id)
        assert final["status"] == "failed"
        assert final["error"]["code"] == "interrupted" and "server stopped" in final["error"]["detail"]


def test_a_queued_job_runs_and_a_lost_upload_fails_with_a_reason(db_url, tmp_path, tiny_model_dir):
    queued = leave_job(db_url, tmp_path, status=store.QUEUED, attempts=0)
    lost = leave_job(db_url, tmp_path, status=store.QUEUED, attempts=9, with_input=False)
    with running_app(make_settings(tmp_path, tiny_model_dir, database_url=db_url), runner=fast_runner) as c:
        wait_for(lambda: job(c, queued)["status"] == "succeeded" and job(c, lost)["status"] == "failed")
        assert "uploaded file is gone" in job(c, lost)["error"]["detail"]


def test_claims_are_exclusive_and_leases_belong_to_their_owner(db_url, tmp_path):
    db = open_database(db_url)
    store.create(db, job_id="a" * 32, options=OPTIONS, filename="s.csv", rows_total=1)
    results: list[JobRow | None] = []
    barrier = threading.Barrier(4)

    def claim(owner: str) -> None:
        barrier.wait()
        results.append(store.claim_next(db, owner=owner, lease_s=30))

    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [r for r in results if r is not None]
    assert len(won) == 1 and won[0].attempts == 1
    winner = won[0].owner
    assert store.renew(db, job_id="a" * 32, owner=winner, lease_s=30, rows_done=1)
    assert not store.renew(db, job_id="a" * 32, owner="someone-else", lease_s=30)
    assert store.recover_expired(db, max_attempts=3) == []  # the lease is live
    assert store.finish(db, job_id="a" * 32, owner=winner, status=store.SUCCEEDED)
    assert store.get(db, job_id="a" * 32).status == store.SUCCEEDED
    db.dispose()


def test_a_live_lease_is_not_stolen(db_url, tmp_path, tiny_model_dir):
    job_id = leave_job(db_url, tmp_path, status=store.RUNNING, attempts=1, lease_past=False)
    with running_app(make_settings(tmp_path, tiny_model_dir, database_url=db_url), runner=fast_runner) as c:
        assert job(c, job_id)["status"] == "running"  # another server may still be working on it


def test_shutdown_hands_a_running_job_back_to_the_queue(db_url, tmp_path, tiny_model_dir):
    started = threading.Event()

    def slow(request, progress):
        started.set()
        while True:
            threading.Event().wait(0.02)
            progress(0)  # raises JobInterrupted at shutdown

    settings = make_settings(tmp_path, tiny_model_dir, database_url=db_url)
    with running_app(settings, runner=slow) as c:
        resp = c.post("/v1/reports", data=OPTIONS, headers=AUTH,
                      files={"file": ("s.csv", SURVEY_CSV.encode(), "text/csv")})
        job_id = resp.json()["id"]
        assert started.wait(10)
    db = open_database(db_url)
    row = store.get(db, job_id=job_id)
    assert row.status == store.QUEUED and "shut down" in row.note
    db.dispose()
