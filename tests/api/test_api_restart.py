"""A real `npslens serve` on 127.0.0.1: submit a report job, kill -9 the server mid-job, restart it, and the job
finishes (resumed) or fails with a reason — it is never lost."""

from __future__ import annotations

import csv
import io
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import API_KEY, AUTH

SAMPLE = Path(__file__).resolve().parents[2] / "nlp" / "resources" / "sample_survey.csv"
ROWS = 8000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def big_survey(n: int) -> bytes:
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    for i, r in zip(range(n), itertools.cycle(rows), strict=False):
        w.writerow({**r, "response_id": f"R{i}", "comment": f"{r['comment']} #{i}"})
    return buf.getvalue().encode("utf-8")


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("npslens")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cli.main"]
    return subprocess.Popen([*cmd, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT)


def wait_until(check, timeout: float, what: str, proc: subprocess.Popen[bytes] | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the server exited ({proc.returncode}) while waiting for {what}")
        try:
            value = check()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.timeout(180)
def test_kill_mid_job_then_restart_finishes_or_fails_with_reason(tmp_path, tiny_model_dir):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NPSLENS_DATA_DIR": str(tmp_path / "data"), "NPSLENS_MODEL": str(tiny_model_dir),
           "NPSLENS_API_KEYS": API_KEY, "NPSLENS_JOB_LEASE_S": "1", "NPSLENS_LOG_LEVEL": "INFO"}
    log = tmp_path / "server.log"
    http = httpx.Client(base_url=base, headers=AUTH, timeout=10)
    server = start_server(port, env, log)
    try:
        wait_until(lambda: http.get("/ready").status_code == 200, 90, "the first server to be ready", server)
        resp = http.post("/v1/reports", files={"file": ("big.csv", big_survey(ROWS), "text/csv")},
                         data={"text_column": "comment", "score_column": "score", "segment_columns": "channel"})
        assert resp.status_code == 202, resp.text
        job_id = resp.json()["id"]
        wait_until(lambda: http.get(f"/v1/reports/{job_id}").json()["status"] == "running", 60, "the job to run",
                   server)
        time.sleep(0.5)
        assert http.get(f"/v1/reports/{job_id}").json()["status"] == "running"
        server.send_signal(signal.SIGKILL)
        server.wait(10)

        server = start_server(port, env, log)
        wait_until(lambda: http.get("/health").status_code == 200, 90, "the second server to start", server)
        final = wait_until(lambda: (j := http.get(f"/v1/reports/{job_id}").json())["status"]
                           in ("succeeded", "failed") and j, 150, "the job to finish", server)
        if final["status"] == "succeeded":
            assert final["attempts"] == 2 and "resumed" in final["note"] and final["rows_done"] == ROWS
            assert http.get(f"/v1/reports/{job_id}/report.json").json()["data_quality"]["rows"] == ROWS
        else:
            assert final["error"]["code"] and final["error"]["detail"]
    finally:
        http.close()
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
    assert "job started" in log.read_text()
