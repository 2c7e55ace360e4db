"""Fair scheduling of the HTTP API: small-request latency next to big requests, per client and per request.

Starts ``npslens serve`` on 127.0.0.1 (a free port; every caller has its own API key, so each is its own
client). ``--scenario one-big`` (``NPSLENS_FAIRNESS=--fairness``), in one server:
  1. ``--clients`` callers send one-comment requests for ``--duration`` seconds: p50/p99 alone;
  2. one big request (``--big-comments`` comments of ``--big-chars`` characters, our own generated text)
     from another client runs while the same callers go on until it finishes: small p50/p99 meanwhile;
  3. a big request is abandoned by its client after 2 s: the latency of small requests right after it
     (its queued work must have been dropped).
``--scenario fit`` (not in ``all``): the one-comment callers alone, then while an admin fits a few-shot taxonomy
(``POST /v1/taxonomies/{name}/fit``: the default taxonomy with up to 8 examples per theme from our seed corpus's
train split, ``--fit-steps``; the server's ``NPSLENS_FIT_THREADS=--fit-threads``; fits go to a temporary models
folder), until the job has finished: their p50/p99 and the fit's seconds.
``--scenario many`` runs twice, once per mode (``NPSLENS_FAIRNESS=client``, then ``request``): one client
opens ``--many-big`` concurrent big requests (``--many-big-comments`` × ``--big-chars`` each, one API key)
while ``--clients`` one-comment callers (one key each) go on until the last big one finishes: their p50/p99
per mode, next to ``--many-alone`` seconds of them alone. ``--scenario all`` (default) runs both.
Prints a summary and JSON. Every phase is bounded by ``--timeout``.

    .venv/bin/python benchmarks/api_fairness.py                       # both scenarios
    .venv/bin/python benchmarks/api_fairness.py --scenario many --many-big-comments 25
    .venv/bin/python benchmarks/api_fairness.py --scenario one-big --big-comments 200 --duration 5
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import tempfile
import time
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx
from _common import machine_info
from api_load import comments, free_port, wait_ready
from api_load import start_server as serve

BIG_KEY = "bench-big-key"
T = TypeVar("T")


def small_keys(n: int) -> list[str]:
    return [f"bench-small-key-{k}" for k in range(n)]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def start_server(port: int, model: str | None, data_dir: str, keys: list[str], fairness: str
                 ) -> subprocess.Popen[bytes]:
    """``npslens serve`` on 127.0.0.1:``port`` with these API keys and ``NPSLENS_FAIRNESS=fairness``."""
    return serve(port, model, data_dir, keys, {"NPSLENS_FAIRNESS": fairness})


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


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": pct(values, 0.5), "p99_ms": pct(values, 0.99),
            "max_ms": 1000 * max(values, default=float("nan"))}


async def small_loop(client: httpx.AsyncClient, texts: list[str], key: str, stop: asyncio.Event, out: list[float],
                     deadline: float) -> None:
    i = 0
    while not stop.is_set() and time.monotonic() < deadline:
        t0 = time.perf_counter()
        r = await client.post("/v1/classify", json={"comments": [{"text": texts[i % len(texts)]}]},
                              headers=auth(key))
        r.raise_for_status()
        out.append(time.perf_counter() - t0)
        i += 1


async def smalls_during(client: httpx.AsyncClient, texts: list[str], keys: list[str], stop: asyncio.Event,
                        deadline: float) -> list[float]:
    """One-comment requests from one caller per key (each its own client) until ``stop``."""
    out: list[float] = []
    n = len(keys)
    await asyncio.gather(*(small_loop(client, texts[k::n] or texts, key, stop, out, deadline)
                           for k, key in enumerate(keys)))
    return out


async def smalls_for(client: httpx.AsyncClient, texts: list[str], keys: list[str], seconds: float,
                     timeout: float) -> list[float]:
    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(seconds, stop.set)
    return await smalls_during(client, texts, keys, stop, time.monotonic() + timeout)


async def warm(client: httpx.AsyncClient, proc: subprocess.Popen[bytes], text: str) -> None:
    await wait_ready(client, proc)
    for _ in range(5):  # warm the connection pool and the model
        await client.post("/v1/classify", json={"comments": [{"text": text}]}, headers=auth(BIG_KEY))


async def smalls_while(client: httpx.AsyncClient, pool: list[str], keys: list[str],
                       work: Coroutine[Any, Any, T], timeout: float) -> tuple[list[float], T]:
    """Latencies of the one-comment clients while ``work`` (the big requests) runs, and ``work``'s result."""
    stop = asyncio.Event()

    async def watched() -> T:
        try:
            return await work
        finally:
            stop.set()

    task = asyncio.create_task(watched())
    await asyncio.sleep(0.5)  # the big requests are parsed and running
    during = await smalls_during(client, pool, keys, stop, time.monotonic() + timeout)
    return during, await task


async def one_big(args: argparse.Namespace) -> dict[str, object]:
    """Phases 1-3: small clients alone, next to one big request of another client, after an abandoned one."""
    pool = comments()
    keys = small_keys(args.clients)
    big_body = {"comments": [{"id": i, "text": long_text(i, args.big_chars, pool)} for i in range(args.big_comments)]}
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        proc = start_server(port, args.model, data_dir, [BIG_KEY, *keys], args.fairness)
        try:
            limits = httpx.Limits(max_connections=args.clients + 4)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=args.timeout,
                                         limits=limits) as client:
                await warm(client, proc, pool[0])
                alone = await smalls_for(client, pool, keys, args.duration, args.timeout)

                t0 = time.perf_counter()

                async def big() -> int:
                    return (await client.post("/v1/classify", json=big_body, headers=auth(BIG_KEY))).status_code

                during, big_status = await smalls_while(client, pool, keys, big(), args.timeout)
                big_s = time.perf_counter() - t0

                # 3. a client that goes away: its work must not delay the next requests
                with contextlib.suppress(httpx.TimeoutException):
                    await client.post("/v1/classify", json=big_body, headers=auth(BIG_KEY), timeout=2.0)
                await asyncio.sleep(1.0)
                after: list[float] = []
                for text in pool[:10]:
                    t1 = time.perf_counter()
                    (await client.post("/v1/classify", json={"comments": [{"text": text}]},
                                       headers=auth(keys[0]))).raise_for_status()
                    after.append(time.perf_counter() - t1)
        finally:
            proc.terminate()
            proc.wait(30)
    res: dict[str, object] = {
        "fairness": args.fairness, "clients": args.clients, "big": f"{args.big_comments} x {args.big_chars} chars",
        "alone": summary(alone), "with_big": summary(during),
        "big_request": {"status": big_status, "seconds": round(big_s, 1)},
        "after_abandoned_big": {"n": len(after), "p50_ms": pct(after, 0.5), "max_ms": 1000 * max(after)},
    }
    res["ratio_p50"] = res["with_big"]["p50_ms"] / res["alone"]["p50_ms"]  # type: ignore[index]
    res["ratio_p99"] = res["with_big"]["p99_ms"] / res["alone"]["p99_ms"]  # type: ignore[index]
    return res


ADMIN_KEY = "bench-admin-key"


def fit_taxonomy_yaml(per_theme: int = 8) -> str:
    """The default taxonomy with up to ``per_theme`` examples per theme from the seed corpus's train split (our own
    text; single-theme comments first)."""
    from nlp.taxonomy import default_taxonomy
    from training.config import load_config
    from training.datasets import read_seed_corpus
    from training.split import split_indices

    cfg = load_config("training/configs/default.toml")
    seed = read_seed_corpus(cfg.seed_corpus)
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    train, _, _ = split_indices(seed, cfg.dev_fraction, cfg.test_fraction, cfg.seed)
    rows = sorted(((str(seed["text"][i]), list(seed["themes"][i])) for i in train), key=lambda r: len(r[1]))
    tax = default_taxonomy()
    themes = []
    for t in tax.themes:
        examples = [text for text, ids in rows if t.id in ids][:per_theme]
        themes.append(t.model_copy(update={"examples": tuple(examples)}))
    return tax.model_copy(update={"name": "bench-fit", "themes": tuple(themes)}).to_yaml()


async def fit_scenario(args: argparse.Namespace) -> dict[str, object]:
    """One-comment callers alone, then while a taxonomy fit runs on the server (child process)."""
    from nlp.artifacts.registry_file import resolve_model_path

    pool = comments()
    keys = small_keys(args.clients)
    model = str(resolve_model_path(args.model))
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {"NPSLENS_ADMIN_KEYS": ADMIN_KEY, "NPSLENS_MODELS_DIR": f"{data_dir}/models",
               "NPSLENS_FIT_THREADS": str(args.fit_threads)}
        proc = serve(port, model, data_dir, [BIG_KEY, ADMIN_KEY, *keys], env)
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=args.timeout,
                                         limits=httpx.Limits(max_connections=args.clients + 4)) as client:
                await warm(client, proc, pool[0])
                alone = await smalls_for(client, pool, keys, args.duration, args.timeout)
                r = await client.put("/v1/taxonomies/bench-fit", content=fit_taxonomy_yaml(),
                                     headers={**auth(ADMIN_KEY), "content-type": "application/yaml"})
                r.raise_for_status()
                t0 = time.perf_counter()
                r = await client.post("/v1/taxonomies/bench-fit/fit", params={"steps": args.fit_steps},
                                      headers=auth(ADMIN_KEY))
                r.raise_for_status()

                async def fitted() -> dict[str, Any]:
                    while True:
                        await asyncio.sleep(0.5)
                        got = (await client.get("/v1/taxonomies/bench-fit/fit", headers=auth(ADMIN_KEY))).json()
                        if got["job"]["status"] in ("succeeded", "failed"):
                            return got  # type: ignore[no-any-return]

                during, got = await smalls_while(client, pool, keys, fitted(), args.timeout)
                fit_s = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(30)
    job = got["job"]
    res: dict[str, object] = {
        "clients": args.clients, "fit_threads": args.fit_threads, "alone": summary(alone), "with_fit": summary(during),
        "fit": {"status": job["status"], "steps_done": job["steps_done"], "steps_total": job["steps_total"],
                "seconds": round(fit_s, 1), "error": job["error"]}}
    res["ratio_p50"] = res["with_fit"]["p50_ms"] / res["alone"]["p50_ms"]  # type: ignore[index]
    res["ratio_p99"] = res["with_fit"]["p99_ms"] / res["alone"]["p99_ms"]  # type: ignore[index]
    return res


async def many_big(args: argparse.Namespace, fairness: str) -> dict[str, object]:
    """One client's ``--many-big`` concurrent big requests next to ``--clients`` one-comment clients."""
    pool = comments()
    keys = small_keys(args.clients)
    bodies: list[dict[str, object]] = [{"comments": [{"id": i, "text": long_text(r * 10_000 + i, args.big_chars, pool)}
                            for i in range(args.many_big_comments)]} for r in range(args.many_big)]
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        proc = start_server(port, args.model, data_dir, [BIG_KEY, *keys], fairness)
        try:
            limits = httpx.Limits(max_connections=args.clients + args.many_big + 4)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=args.timeout,
                                         limits=limits) as client:
                await warm(client, proc, pool[0])
                alone = await smalls_for(client, pool, keys, args.many_alone, args.timeout)
                t0 = time.perf_counter()

                async def big(body: dict[str, object]) -> tuple[int, float]:
                    r = await client.post("/v1/classify", json=body, headers=auth(BIG_KEY))
                    return r.status_code, time.perf_counter() - t0

                async def bigs() -> list[tuple[int, float]]:
                    return await asyncio.gather(*(big(b) for b in bodies))

                during, done = await smalls_while(client, pool, keys, bigs(), args.timeout)
        finally:
            proc.terminate()
            proc.wait(30)
    return {"fairness": fairness, "alone": summary(alone), "with_bigs": summary(during),
            "big_requests": {"statuses": sorted({s for s, _ in done}),
                             "first_done_s": round(min(t for _, t in done), 1),
                             "last_done_s": round(max(t for _, t in done), 1)}}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=None, help="model folder or registry version (default: the champion)")
    p.add_argument("--scenario", choices=["one-big", "many", "fit", "all"], default="all")
    p.add_argument("--fairness", choices=["client", "request"], default="client",
                   help="NPSLENS_FAIRNESS of the one-big scenario (the many scenario runs both)")
    p.add_argument("--clients", type=int, default=8, help="concurrent one-comment callers, one API key each")
    p.add_argument("--duration", type=float, default=10.0, help="seconds of the one-big scenario's 'alone' phase")
    p.add_argument("--big-comments", type=int, default=1000, help="comments of the one-big scenario's request")
    p.add_argument("--big-chars", type=int, default=5000, help="characters of every big comment")
    p.add_argument("--many-big", type=int, default=8, help="concurrent big requests of the one client")
    p.add_argument("--many-big-comments", type=int, default=50, help="comments of each of those requests")
    p.add_argument("--many-alone", type=float, default=5.0, help="seconds of the many scenario's 'alone' phase")
    p.add_argument("--fit-steps", type=int, default=150, help="steps of the fit scenario's taxonomy fit")
    p.add_argument("--fit-threads", type=int, default=1, help="NPSLENS_FIT_THREADS of the fit scenario's server")
    p.add_argument("--timeout", type=float, default=400.0, help="bound of every phase and request, seconds")
    args = p.parse_args()
    out: dict[str, object] = {"machine": machine_info()}
    if args.scenario in ("one-big", "all"):
        r = asyncio.run(one_big(args))
        out["one_big"] = r
        a, w = r["alone"], r["with_big"]
        print(f"[one-big, fairness={args.fairness}]")
        print(f"small requests alone:    n={a['n']:5d}  p50 {a['p50_ms']:8.1f} ms  p99 {a['p99_ms']:8.1f} ms")  # type: ignore[index]
        print(f"with the big request:    n={w['n']:5d}  p50 {w['p50_ms']:8.1f} ms  p99 {w['p99_ms']:8.1f} ms  "  # type: ignore[index]
              f"(x{r['ratio_p50']:.1f} / x{r['ratio_p99']:.1f}); big request {r['big_request']}")
        print(f"after an abandoned big request: {r['after_abandoned_big']}")
    if args.scenario == "fit":
        r = asyncio.run(fit_scenario(args))
        out["fit"] = r
        a, w, f = r["alone"], r["with_fit"], r["fit"]
        print(f"[fit: {args.clients} one-comment clients; a taxonomy fit with NPSLENS_FIT_THREADS={args.fit_threads}]")
        print(f"small requests alone:    n={a['n']:5d}  p50 {a['p50_ms']:8.1f} ms  p99 {a['p99_ms']:8.1f} ms")  # type: ignore[index]
        print(f"while the fit runs:      n={w['n']:5d}  p50 {w['p50_ms']:8.1f} ms  p99 {w['p99_ms']:8.1f} ms  "  # type: ignore[index]
              f"(x{r['ratio_p50']:.1f} / x{r['ratio_p99']:.1f}); fit {f}")
    if args.scenario in ("many", "all"):
        runs = [asyncio.run(many_big(args, mode)) for mode in ("client", "request")]
        out["many"] = {"clients": args.clients, "big": f"{args.many_big} requests x {args.many_big_comments} x "
                       f"{args.big_chars} chars, one client", "runs": runs}
        print(f"[many: one client with {args.many_big} big requests of {args.many_big_comments} x {args.big_chars} "
              f"chars; {args.clients} one-comment clients]")
        for m in runs:
            a, w, b = m["alone"], m["with_bigs"], m["big_requests"]
            print(f"fairness={m['fairness']:<8} alone p50 {a['p50_ms']:7.1f} / p99 {a['p99_ms']:7.1f} ms | "  # type: ignore[index]
                  f"with the big ones n={w['n']:5d} p50 {w['p50_ms']:8.1f} / p99 {w['p99_ms']:8.1f} / max "  # type: ignore[index]
                  f"{w['max_ms']:8.1f} ms | big requests {b}")  # type: ignore[index]
    print(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
