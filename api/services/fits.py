"""Taxonomy fits as background jobs: ``npslens taxonomy fit`` in a child process, one at a time per server.

The fit fine-tunes an encoder with torch (≈40–120 s of CPU), so it runs in its own process: the server's event
loop and its model keep serving, the child gets ``fit_threads`` torch threads and a lower CPU priority (``nice``),
and a crash or out-of-memory kill there is a failed job, not a dead server. The child writes the fit folder under
the served model's fits folder, where every later classify or report request with that taxonomy finds it (two
``stat`` calls per batch; no reload). Jobs are kept in memory (the last :data:`KEEP`); a restart forgets them, not
the fits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sys
import tempfile
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from api.schemas.fits import FitJobError, FitJobOut, FitJobStatus

log = logging.getLogger("npslens.api")
KEEP = 50
FINAL = ("succeeded", "failed")
_STEP = re.compile(r"^step (\d+) (\d+)$")
_ERROR = re.compile(r"^error: (.*)$")
STOP_GRACE_S = 5.0
NICE = 10


def _now() -> datetime:
    return datetime.now(UTC)


def _lower_priority(pid: int) -> None:
    """``nice`` 10 for the child (set from here: ``preexec_fn`` is unsafe in a process with threads)."""
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, NICE)


@dataclass
class FitJob:
    """One fit of one registered taxonomy."""

    id: str
    taxonomy: str
    fingerprint: str
    steps_total: int
    status: FitJobStatus = "queued"
    steps_done: int = 0
    fit: str | None = None
    error: FitJobError | None = None
    created_at: datetime = field(default_factory=_now)
    started_at: datetime | None = None
    finished_at: datetime | None = None

    def out(self) -> FitJobOut:
        progress = 1.0 if self.status == "succeeded" else min(1.0, self.steps_done / self.steps_total)
        return FitJobOut(id=self.id, taxonomy=self.taxonomy, fingerprint=self.fingerprint, status=self.status,
                         steps_done=self.steps_done, steps_total=self.steps_total, progress=round(progress, 4),
                         fit=self.fit, error=self.error, created_at=self.created_at, started_at=self.started_at,
                         finished_at=self.finished_at)

    def _finish(self, status: FitJobStatus, error: FitJobError | None = None) -> None:
        self.status, self.error, self.finished_at = status, error, _now()


@dataclass(frozen=True)
class FitCommand:
    """What the child runs: ``npslens taxonomy fit`` on a taxonomy file, for one model and fits folder."""

    model: Path
    fits_dir: Path
    steps: int
    max_seconds: float
    threads: int
    overwrite: bool

    def argv(self, taxonomy_file: Path) -> list[str]:
        return [sys.executable, "-m", "cli.main", "taxonomy", "fit", str(taxonomy_file), "--model", str(self.model),
                "--fits-dir", str(self.fits_dir), "--steps", str(self.steps), "--max-seconds", str(self.max_seconds),
                "--threads", str(self.threads), "--progress-lines", *(["--overwrite"] if self.overwrite else [])]


class FitJobs:
    """The server's fit jobs (newest last); at most one runs at a time."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._jobs: OrderedDict[str, FitJob] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self._procs: set[asyncio.subprocess.Process] = set()

    def active(self) -> FitJob | None:
        return next((j for j in self._jobs.values() if j.status not in FINAL), None)

    def latest(self, taxonomy: str) -> FitJob | None:
        return next((j for j in reversed(self._jobs.values()) if j.taxonomy == taxonomy), None)

    def create(self, taxonomy: str, fingerprint: str, steps: int) -> FitJob:
        job = FitJob(id=uuid.uuid4().hex, taxonomy=taxonomy, fingerprint=fingerprint, steps_total=steps)
        self._jobs[job.id] = job
        finished = [k for k, j in self._jobs.items() if j.status in FINAL]
        for k in finished[:max(0, len(self._jobs) - self.keep)]:
            del self._jobs[k]
        return job

    def start(self, job: FitJob, taxonomy_yaml: str, command: FitCommand) -> None:
        """Run the fit in the background (its outcome is read from ``job``)."""
        task = asyncio.create_task(self._run(job, taxonomy_yaml, command), name=f"npslens-fit-{job.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: FitJob, taxonomy_yaml: str, command: FitCommand) -> None:
        job.status, job.started_at = "running", _now()
        with tempfile.TemporaryDirectory(prefix="npslens-fit-") as tmp:
            path = Path(tmp) / "taxonomy.yaml"
            path.write_text(taxonomy_yaml, encoding="utf-8")
            try:
                await self._child(job, command.argv(path))
            except asyncio.CancelledError:
                job._finish("failed", FitJobError(code="cancelled", detail="the server stopped before the fit "
                                                  "finished; start it again"))
                raise
            except Exception as err:  # spawning failed (no interpreter, no memory …)
                log.exception("taxonomy fit failed to run", extra={"job": job.id})
                job._finish("failed", FitJobError(code="internal_error", detail=f"{type(err).__name__}: {err}"))

    async def _child(self, job: FitJob, argv: list[str]) -> None:
        env = {**os.environ, "COLUMNS": "10000", "NO_COLOR": "1"}  # one message per line on stderr, no styling
        proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.PIPE, env=env)
        _lower_priority(proc.pid)
        self._procs.add(proc)
        tail: deque[str] = deque(maxlen=40)
        last = ""

        async def read_stderr() -> None:
            assert proc.stderr is not None
            async for raw in proc.stderr:
                tail.append(raw.decode("utf-8", "replace").rstrip())

        errors = asyncio.create_task(read_stderr())
        try:
            assert proc.stdout is not None
            async for raw in proc.stdout:
                line = raw.decode("utf-8", "replace").strip()
                m = _STEP.match(line)
                if m:
                    job.steps_done = int(m.group(1))
                elif line:
                    last = line  # the fit folder's path, printed last
            rc = await proc.wait()
            await errors
        finally:
            self._procs.discard(proc)
            if proc.returncode is None:
                await _stop(proc)
            errors.cancel()
        if rc == 0 and last:
            job.fit = Path(last).name
            job._finish("succeeded")
            log.info("taxonomy fit done", extra={"job": job.id, "taxonomy": job.taxonomy, "fit": job.fit})
            return
        message = next((m.group(1) for m in map(_ERROR.match, reversed(tail)) if m), None)
        detail = message or (f"the fit process exited with status {rc}"
                             + (f": {tail[-1]}" if tail else "") + " (see the server log)")
        log.warning("taxonomy fit failed", extra={"job": job.id, "taxonomy": job.taxonomy, "status": rc,
                                                  "stderr": "\n".join(tail)})
        job._finish("failed", FitJobError(code="fit_failed", detail=detail))

    async def stop(self) -> None:
        """Stop every running fit (server shutdown): its job is marked cancelled and the child terminated (then
        killed after :data:`STOP_GRACE_S`)."""
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for proc in list(self._procs):  # a child whose task was already gone
            await _stop(proc)


async def _stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), STOP_GRACE_S)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()
