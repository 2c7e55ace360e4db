"""Fair scheduling of the HTTP API: small-request latency with and without one big concurrent request.

Starts ``npslens serve`` on 127.0.0.1 (a free port), then, in one run:
  1. ``--clients`` callers send one-comment requests for ``--duration`` seconds: p50/p99 alone;
  2. one big request (``--big-comments`` comments of ``--big-chars`` characters, our own generated text)
     runs while the same callers go on until it finishes: small p50/p99 meanwhile, and the big one's time;
  3. a big request is abandoned by its client after 2 s: the latency of small requests right after it
     (its queued work must have been dropped).
Prints the ratios (with / without) and JSON. Every phase is bounded by ``--timeout``.

    .venv/bin/python benchmarks/api_fairness.py                       # 1,000 x 5,000 characters
    .venv/bin/python benchmarks/api_fairness.py --big-comments 200 --duration 5
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import tempfile
import time

import httpx
from _common import machine_info
from api_load import KEY, comments, free_port, start_server, wait_ready

HEADERS = {"Authorization": f"Bearer {KEY}"}


def long_text(i: int, chars: int, pool: list[str]) -> str:
    """A comment of exactly ``chars`` characters made of the sample survey's sentences (our own data)."""
    parts: list[str] = [f"Visit {i}."]
    k = i
    while sum(len(p) + 1 for p in parts) < chars:
        parts.append(pool[k % len(pool)])
        k += 7
    return " ".join(parts)[:chars]


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) in milliseconds; NaN when empty."""
    if not values:
        return float("nan")
    s = sorted(values)
    return 1000 * s[min(len(s) - 1, max(0, round(q * len(s) + 0.5) - 1))]


async def small_loop(client: httpx.AsyncClient, texts: list[str], stop: asyncio.Event, out: list[float],
                     deadline: float) -> None:
    i = 0
    while not stop.is_set() and time.monotonic() < deadline:
        t0 = time.perf_counter()
        r = await client.post("/v1/classify", json={"comments": [{"text": texts[i % len(texts)]}]}, headers=HEADERS)
        r.raise_for_status()
        out.append(time.perf_counter() - t0)
        i += 1


async def smalls_during(client: httpx.AsyncClient, texts: list[str], n: int, stop: asyncio.Event,
                        deadline: float) -> list[float]:
    out: list[float] = []
    await asyncio.gather(*(small_loop(client, texts[k::n] or texts, stop, out, deadline) for k in range(n)))
    return out


async def run(args: argparse.Namespace) -> dict[str, object]:
    pool = comments()
    big_body = {"comments": [{"id": i, "text": long_text(i, args.big_chars, pool)} for i in range(args.big_comments)]}
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        proc = start_server(port, args.model, data_dir)
        try:
            limits = httpx.Limits(max_connections=args.clients + 4)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=args.timeout,
                                         limits=limits) as client:
                await wait_ready(client, proc)
                for _ in range(5):  # warm the connection pool and the model
                    await client.post("/v1/classify", json={"comments": [{"text": pool[0]}]}, headers=HEADERS)
                stop = asyncio.Event()
                loop = asyncio.get_running_loop()
                loop.call_later(args.duration, stop.set)
                alone = await smalls_during(client, pool, args.clients, stop, time.monotonic() + args.timeout)

                stop = asyncio.Event()
                t0 = time.perf_counter()

                async def big() -> int:
                    try:
                        r = await client.post("/v1/classify", json=big_body, headers=HEADERS)
                        return r.status_code
                    finally:
                        stop.set()

                big_task = asyncio.create_task(big())
                await asyncio.sleep(0.5)  # the big request is parsed and running
                during = await smalls_during(client, pool, args.clients, stop, time.monotonic() + args.timeout)
                big_status = await big_task
                big_s = time.perf_counter() - t0

                # 3. a client that goes away: its work must not delay the next requests
                with contextlib.suppress(httpx.TimeoutException):
                    await client.post("/v1/classify", json=big_body, headers=HEADERS, timeout=2.0)
                await asyncio.sleep(1.0)
                after: list[float] = []
                for text in pool[:10]:
                    t1 = time.perf_counter()
                    (await client.post("/v1/classify", json={"comments": [{"text": text}]},
                                       headers=HEADERS)).raise_for_status()
                    after.append(time.perf_counter() - t1)
        finally:
            proc.terminate()
            proc.wait(30)
    res = {
        "clients": args.clients, "big": f"{args.big_comments} x {args.big_chars} chars",
        "alone": {"n": len(alone), "p50_ms": pct(alone, 0.5), "p99_ms": pct(alone, 0.99)},
        "with_big": {"n": len(during), "p50_ms": pct(during, 0.5), "p99_ms": pct(during, 0.99),
                     "max_ms": 1000 * max(during, default=float("nan"))},
        "big_request": {"status": big_status, "seconds": round(big_s, 1)},
        "after_abandoned_big": {"n": len(after), "p50_ms": pct(after, 0.5), "max_ms": 1000 * max(after)},
        "machine": machine_info(),
    }
    res["ratio_p50"] = res["with_big"]["p50_ms"] / res["alone"]["p50_ms"]  # type: ignore[index]
    res["ratio_p99"] = res["with_big"]["p99_ms"] / res["alone"]["p99_ms"]  # type: ignore[index]
    return res


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=None, help="model folder or registry version (default: the champion)")
    p.add_argument("--clients", type=int, default=8, help="concurrent one-comment callers")
    p.add_argument("--duration", type=float, default=10.0, help="seconds of the 'alone' phase")
    p.add_argument("--big-comments", type=int, default=1000)
    p.add_argument("--big-chars", type=int, default=5000)
    p.add_argument("--timeout", type=float, default=400.0, help="bound of every phase and request, seconds")
    args = p.parse_args()
    r = asyncio.run(run(args))
    a, w = r["alone"], r["with_big"]
    print(f"small requests alone:    n={a['n']:5d}  p50 {a['p50_ms']:8.1f} ms  p99 {a['p99_ms']:8.1f} ms")  # type: ignore[index]
    print(f"with the big request:    n={w['n']:5d}  p50 {w['p50_ms']:8.1f} ms  p99 {w['p99_ms']:8.1f} ms  "  # type: ignore[index]
          f"(x{r['ratio_p50']:.1f} / x{r['ratio_p99']:.1f}); big request {r['big_request']}")
    print(f"after an abandoned big request: {r['after_abandoned_big']}")
    print(json.dumps(r, indent=2, default=str))


if __name__ == "__main__":
    main()
