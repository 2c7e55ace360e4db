"""Server memory after a hostile burst: is it given back? And the peak of a report job.

Starts ``npslens serve`` on 127.0.0.1 (champion model unless ``--model``), warms it with small requests and reads
its resident memory (VmRSS of /proc/<pid>/status) when idle: the *steady state*. Then a burst, as a hostile
client would send it (all our own generated text, from ``nlp/resources/sample_survey.csv``):

  * ``--big-requests`` concurrent classify requests of ``--big-comments`` × ``--big-chars`` characters;
  * ``--jobs`` report uploads of ``--report-rows`` rows, each run to completion (their peak is the report job's
    memory; a second job tells a one-time cost from a leak);
  * a refused upload whose header has 1,000,000 columns, and a refused 10,000-theme taxonomy.

After the burst the server is left idle for ``--settle`` seconds and its RSS read again; the result is the ratio
after / steady (the issue 14 target: within 1.25). Peak RSS is VmHWM. Each idle reading also splits RSS into
anonymous memory (heaps, arenas) and file pages (code, the memory-mapped embedding table): ``rss_split_mib``.
Every phase is bounded by ``--timeout``.

    .venv/bin/python benchmarks/api_memory.py --json benchmarks/results/api_memory.json
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import tempfile
import time
from pathlib import Path

import httpx
from _common import machine_info
from api_fairness import long_text
from api_load import KEY, comments, free_port, start_server, wait_ready

MIB = 1024 * 1024
HEADERS = {"Authorization": f"Bearer {KEY}"}


def rss(pid: int) -> dict[str, float]:
    """Resident (VmRSS), peak resident (VmHWM), anonymous (RssAnon) and file-backed (RssFile) memory of a
    process, MiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM", "RssAnon", "RssFile")}


def survey_csv(rows: int, pool: list[str]) -> bytes:
    out = io.StringIO()
    out.write("id,score,comment,channel\n")
    for i in range(rows):
        text = pool[i % len(pool)].replace('"', '""')
        out.write(f'{i},{i % 11},"{text}",{("web", "store", "phone")[i % 3]}\n')
    return out.getvalue().encode("utf-8")


async def settle(pid: int, seconds: float, split: dict[str, list[float]], label: str) -> float:
    """RSS after ``seconds`` of idleness, MiB; its anonymous and file parts go to ``split[label]``."""
    await asyncio.sleep(seconds)
    r = rss(pid)
    split[label] = [round(r["RssAnon"], 1), round(r["RssFile"], 1)]
    return r["VmRSS"]


async def burst(client: httpx.AsyncClient, args: argparse.Namespace, pool: list[str]) -> dict[str, object]:
    big = {"comments": [{"id": i, "text": long_text(i, args.big_chars, pool)} for i in range(args.big_comments)]}
    t0 = time.perf_counter()
    statuses = [r.status_code for r in await asyncio.gather(
        *(client.post("/v1/classify", json=big, headers=HEADERS) for _ in range(args.big_requests)))]
    big_s = time.perf_counter() - t0
    wide = ",".join(f"c{i}" for i in range(1_000_000)).encode() + b"\n1,2\n"
    r = await client.post("/v1/reports", headers=HEADERS, files={"file": ("wide.csv", wide, "text/csv")},
                          data={"text_column": "c0", "score_column": "c1"})
    wide_status = r.status_code
    themes = "name: huge\nthemes:\n" + "".join(f"  - id: t{i}\n    label: Theme {i}\n" for i in range(10_000))
    tax_status = (await client.put("/v1/taxonomies/huge", content=themes.encode(),
                                   headers={**HEADERS, "Content-Type": "application/yaml"})).status_code
    return {"big_requests": statuses, "big_seconds": round(big_s, 1), "wide_upload": wide_status,
            "huge_taxonomy": tax_status}


async def report_job(client: httpx.AsyncClient, pid: int, rows: int, pool: list[str], timeout: float
                     ) -> dict[str, object]:
    """Submit a report and follow it to the end, sampling the server's RSS every 0.2 s."""
    data = survey_csv(rows, pool)
    r = await client.post("/v1/reports", headers=HEADERS, files={"file": ("survey.csv", data, "text/csv")},
                          data={"text_column": "comment", "score_column": "score", "id_column": "id",
                                "segment_columns": "channel"})
    r.raise_for_status()
    job_id, peak, t0 = r.json()["id"], 0.0, time.perf_counter()
    status = "queued"
    while status in ("queued", "running") and time.perf_counter() - t0 < timeout:
        peak = max(peak, rss(pid)["VmRSS"])
        status = (await client.get(f"/v1/reports/{job_id}", headers=HEADERS)).json()["status"]
        await asyncio.sleep(0.2)
    return {"rows": rows, "upload_mib": round(len(data) / MIB, 2), "status": status,
            "seconds": round(time.perf_counter() - t0, 1), "peak_rss_mib": round(peak, 1)}


async def run(args: argparse.Namespace) -> dict[str, object]:
    pool = comments()
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        proc = start_server(port, args.model, data_dir)
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=args.timeout) as client:
                await wait_ready(client, proc)
                for i in range(200):  # the steady state: a warm server that has served small requests
                    await client.post("/v1/classify", json={"comments": [{"text": pool[i % len(pool)]}]},
                                      headers=HEADERS)
                split: dict[str, list[float]] = {}
                steady = await settle(proc.pid, args.settle, split, "steady")
                hostile = await burst(client, args, pool)
                after_burst = await settle(proc.pid, args.settle, split, "after_burst")
                jobs, after_jobs = [], []
                for j in range(args.jobs):  # a second job tells a one-time cost (imports, caches) from a leak
                    jobs.append(await report_job(client, proc.pid, args.report_rows, pool, args.timeout))
                    after_jobs.append(round(await settle(proc.pid, args.settle, split, f"after_job_{j + 1}"), 1))
                peak = rss(proc.pid)["VmHWM"]
        finally:
            proc.terminate()
            proc.wait(30)
    return {"steady_rss_mib": round(steady, 1), "burst": hostile, "after_burst_rss_mib": round(after_burst, 1),
            "report_jobs": jobs, "after_each_job_rss_mib": after_jobs, "peak_rss_mib": round(peak, 1),
            "ratio_after_burst": round(after_burst / steady, 3),
            "ratio_after_jobs": [round(a / steady, 3) for a in after_jobs],
            "rss_split_mib": {"columns": ["anonymous", "file"], **split}, "model": args.model or "champion",
            "settle_s": args.settle, "machine": machine_info()}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=None, help="model folder or registry version (default: the champion)")
    p.add_argument("--big-requests", type=int, default=2, help="concurrent big classify requests")
    p.add_argument("--big-comments", type=int, default=200)
    p.add_argument("--big-chars", type=int, default=5000)
    p.add_argument("--report-rows", type=int, default=20_000)
    p.add_argument("--jobs", type=int, default=2, help="report jobs run one after the other")
    p.add_argument("--settle", type=float, default=5.0, help="idle seconds before each RSS reading")
    p.add_argument("--timeout", type=float, default=400.0, help="bound of every phase and request, seconds")
    p.add_argument("--json", type=Path, default=None, help="also write the result here")
    args = p.parse_args()
    r = asyncio.run(run(args))
    print(f"steady {r['steady_rss_mib']} MiB; after the burst {r['after_burst_rss_mib']} MiB "
          f"(x{r['ratio_after_burst']}); after each {args.report_rows:,}-row report job {r['after_each_job_rss_mib']} "
          f"MiB (x{r['ratio_after_jobs']}); job peaks {[j['peak_rss_mib'] for j in r['report_jobs']]} MiB; "  # type: ignore[attr-defined]
          f"process peak {r['peak_rss_mib']} MiB")
    print(json.dumps(r, indent=2, default=str))
    if args.json:
        args.json.write_text(json.dumps(r, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
