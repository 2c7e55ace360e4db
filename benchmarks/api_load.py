"""Load test of the HTTP API: a real ``npslens serve`` on 127.0.0.1, driven by async httpx clients.

Measures, in bounded time:
  1. single-comment latency (p50/p90/p99) of ``POST /v1/classify`` with ``--clients`` concurrent callers,
  2. batch throughput (comments/s) with batches of ``--batch-size`` comments,
  3. the in-process baseline the CLI gets (``Analyzer.analyze`` on the same batches, server stopped),
and prints a markdown table plus JSON. Goals (issue 5): p50 ≤ 15 ms, p99 ≤ 50 ms, batch ≥ 80% of the CLI.

    .venv/bin/python benchmarks/api_load.py                    # default model, 20 s latency phase
    .venv/bin/python benchmarks/api_load.py --duration 5 --batches 5 --model models/npslens-default-1.0.0

Only 127.0.0.1 is contacted; every loop is bounded by a count and a deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _common import machine_info

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "nlp" / "resources" / "sample_survey.csv"
KEY = "bench-key"


def comments() -> list[str]:
    with SAMPLE.open(encoding="utf-8") as f:
        return [r["comment"] for r in csv.DictReader(f) if r["comment"].strip()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, model: str | None, data_dir: str, keys: list[str] | None = None,
                 extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``npslens serve`` on 127.0.0.1:``port`` with these API keys (default: :data:`KEY`) and extra settings."""
    env = {**os.environ, "NPSLENS_DATA_DIR": data_dir, "NPSLENS_API_KEYS": ",".join(keys or [KEY]),
           **(extra_env or {})}
    if model:
        env["NPSLENS_MODEL"] = model
    exe = Path(sys.executable).with_name("npslens")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cli.main"]
    return subprocess.Popen([*cmd, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_ready(client: httpx.AsyncClient, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"error: the server exited with code {proc.returncode}")
        try:
            if (await client.get("/ready")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    sys.exit("error: the server was not ready in time")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc; 0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))]


async def latency_phase(client: httpx.AsyncClient, texts: list[str], clients: int, duration: float,
                        max_requests: int) -> dict[str, float]:
    latencies: list[float] = []
    deadline = time.monotonic() + duration
    counter = iter(range(max_requests))

    async def worker(offset: int) -> None:
        i = offset
        while time.monotonic() < deadline and next(counter, None) is not None:
            body = {"comments": [{"id": i, "text": texts[i % len(texts)], "score": 7}]}
            t0 = time.perf_counter()
            resp = await client.post("/v1/classify", json=body)
            latencies.append(time.perf_counter() - t0)
            if resp.status_code != 200:
                raise RuntimeError(f"{resp.status_code}: {resp.text[:200]}")
            i += clients

    start = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(clients)))
    elapsed = time.perf_counter() - start
    ms = [x * 1000 for x in latencies]
    return {"requests": len(ms), "p50_ms": pct(ms, 50), "p90_ms": pct(ms, 90), "p99_ms": pct(ms, 99),
            "mean_ms": statistics.fmean(ms), "max_ms": max(ms), "requests_per_s": len(ms) / elapsed}


async def batch_phase(client: httpx.AsyncClient, batches: list[list[str]], concurrency: int, duration: float
                      ) -> dict[str, float]:
    queue = list(enumerate(batches))
    done_comments = 0
    deadline = time.monotonic() + duration

    async def worker() -> None:
        nonlocal done_comments
        while queue and time.monotonic() < deadline:
            _, batch = queue.pop(0)
            resp = await client.post("/v1/classify", json={"comments": [{"text": t} for t in batch]})
            if resp.status_code != 200:
                raise RuntimeError(f"{resp.status_code}: {resp.text[:200]}")
            done_comments += len(batch)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    return {"comments": done_comments, "seconds": elapsed, "comments_per_s": done_comments / elapsed}


def cli_baseline(model: str | None, batches: list[list[str]], threads: int | None = None) -> dict[str, float]:
    """What ``npslens classify`` computes per batch: ``Analyzer.analyze`` in-process, same batches
    (``threads=None``: the CLI's default, NPSLENS_THREADS or all cores)."""
    sys.path.insert(0, str(ROOT))
    from nlp.pipeline import Analyzer

    analyzer = Analyzer.load(model, threads=threads)
    analyzer.warm_up()
    analyzer.analyze(batches[0])
    start, cpu = time.perf_counter(), time.process_time()
    n = 0
    for b in batches:
        n += len(analyzer.analyze(b))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"comments": n, "seconds": elapsed, "comments_per_s": n / elapsed, "comments_per_cpu_s": n / cpu}


async def run_server_phases(args: argparse.Namespace, texts: list[str], batches: list[list[str]]) -> dict:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="npslens-load-") as data_dir:
        proc = start_server(port, args.model, data_dir)
        try:
            limits = httpx.Limits(max_connections=args.clients + 4, max_keepalive_connections=args.clients + 4)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60,
                                         headers={"Authorization": f"Bearer {KEY}"}) as client:
                await wait_ready(client, proc)
                await latency_phase(client, texts, args.clients, min(3.0, args.duration), 200)  # warm-up
                cpu0 = cpu_seconds(proc.pid)
                single = await latency_phase(client, texts, args.clients, args.duration, args.max_requests)
                cpu1 = cpu_seconds(proc.pid)
                batch1 = await batch_phase(client, batches, 1, args.duration)
                cpu2 = cpu_seconds(proc.pid)
                batch2 = await batch_phase(client, batches, 2, args.duration)
                single["server_cpu_ms_per_request"] = 1000 * (cpu1 - cpu0) / max(1, single["requests"])
                batch1["comments_per_server_cpu_s"] = batch1["comments"] / max(1e-9, cpu2 - cpu1)
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return {"single": single, "batch_1_client": batch1, "batch_2_clients": batch2}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=None, help="model folder or registry version (default: the champion)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent single-comment callers")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per phase (upper bound)")
    ap.add_argument("--max-requests", type=int, default=20_000, help="cap on single-comment requests")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--batches", type=int, default=20, help="batches per throughput phase")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args()

    texts = comments()
    batches = [[texts[(b * args.batch_size + i) % len(texts)] for i in range(args.batch_size)]
               for b in range(args.batches)]
    server = asyncio.run(run_server_phases(args, texts, batches))
    cli = cli_baseline(args.model, batches)
    one = cli_baseline(args.model, batches, threads=int(os.environ.get("NPSLENS_MODEL_THREADS", "1")))
    best = max(server["batch_1_client"]["comments_per_s"], server["batch_2_clients"]["comments_per_s"])
    result = {"machine": machine_info(), "load_average": os.getloadavg(),
              "args": {k: str(v) for k, v in vars(args).items()}, **server, "cli_in_process": cli,
              "in_process_server_threads": one,
              "batch_vs_cli": best / cli["comments_per_s"], "batch_vs_same_threads": best / one["comments_per_s"],
              "batch_vs_same_threads_cpu": server["batch_1_client"]["comments_per_server_cpu_s"]
              / one["comments_per_cpu_s"]}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    s = server["single"]
    print(f"| metric | value | goal |\n|---|---|---|\n"
          f"| single comment, {args.clients} clients: p50 | {s['p50_ms']:.1f} ms | ≤ 15 ms |\n"
          f"| single comment, {args.clients} clients: p90 | {s['p90_ms']:.1f} ms | |\n"
          f"| single comment, {args.clients} clients: p99 | {s['p99_ms']:.1f} ms | ≤ 50 ms |\n"
          f"| single comment: requests/s ({s['requests']:,} requests) | {s['requests_per_s']:.0f} | |\n"
          f"| batch {args.batch_size}, 1 client: comments/s | {server['batch_1_client']['comments_per_s']:.0f} | |\n"
          f"| batch {args.batch_size}, 2 clients: comments/s | {server['batch_2_clients']['comments_per_s']:.0f} | |\n"
          f"| in-process Analyzer, CLI default threads: comments/s | {cli['comments_per_s']:.0f} | |\n"
          f"| in-process Analyzer, the server's threads: comments/s | {one['comments_per_s']:.0f} | |\n"
          f"| best API batch / CLI (default threads) | {result['batch_vs_cli']:.0%} | ≥ 80% |\n"
          f"| best API batch / in-process with the server's threads | {result['batch_vs_same_threads']:.0%} | |\n"
          f"| server CPU per single-comment request | {s['server_cpu_ms_per_request']:.1f} ms | |\n"
          f"| batch comments per server CPU-s / in-process per CPU-s (same threads) "
          f"| {result['batch_vs_same_threads_cpu']:.0%} | |\n"
          f"| load average (1, 5, 15 min) at the end | {', '.join(f'{x:.1f}' for x in os.getloadavg())} | |")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
