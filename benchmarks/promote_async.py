"""Promote through the API, waiting (``POST …/promote``) and not (``?wait=false`` → 202, then poll the operation).

The shipped registry (``models/``) is copied to a temporary folder (links to the model folders; the real registry is
never written) with ``--champion`` as its champion; an in-process app serves it. Each round: a synchronous
promote of ``--challenger`` and a rollback, then an asynchronous promote polled every ``--poll`` seconds (the
first answer's latency, the time to ``succeeded`` and the progress the polls saw) and a rollback.

    .venv/bin/python benchmarks/promote_async.py --json benchmarks/results/promote_async.json
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, machine_info, write_results

ADMIN = "admin-key-0123456789"
HEADERS = {"Authorization": f"Bearer {ADMIN}"}


def registry_copy(dst: Path, champion: str) -> Path:
    src = ROOT / "models"
    for p in src.iterdir():
        if p.name != "registry.json":
            (dst / p.name).symlink_to(p.resolve())
    reg = json.loads((src / "registry.json").read_text())
    reg["champion"] = champion
    (dst / "registry.json").write_text(json.dumps(reg))
    return dst


def one_round(c: Any, challenger: str, poll: float) -> dict[str, Any]:
    t = time.perf_counter()
    r = c.post(f"/v1/models/{challenger}/promote", headers=HEADERS)
    sync_s = time.perf_counter() - t
    assert r.status_code == 200, r.text
    assert c.post("/v1/models/rollback", headers=HEADERS).status_code == 200
    t = time.perf_counter()
    r = c.post(f"/v1/models/{challenger}/promote", headers=HEADERS, params={"wait": "false"})
    first_ms = (time.perf_counter() - t) * 1000
    assert r.status_code == 202, r.text
    seen: list[list[Any]] = []
    while True:
        o = c.get(r.headers["location"], headers=HEADERS).json()
        state = [o["stage"], o["progress"], o["examples_done"], o["examples_total"]]
        if not seen or seen[-1][1:] != state:
            seen.append([round(time.perf_counter() - t, 3), *state])
        if o["status"] in ("succeeded", "failed"):
            break
        time.sleep(poll)
    async_s = time.perf_counter() - t
    assert o["status"] == "succeeded", o
    assert c.post("/v1/models/rollback", headers=HEADERS).status_code == 200
    return {"sync_promote_s": round(sync_s, 3), "async_first_response_ms": round(first_ms, 2),
            "async_succeeded_after_s": round(async_s, 3),
            "progress_seen": [dict(zip(("t_s", "stage", "progress", "examples_done", "examples_total"), s,
                                       strict=True)) for s in seen]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--champion", default="2.0.0")
    ap.add_argument("--challenger", default="2.1.0")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--poll", type=float, default=0.05, help="seconds between polls")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = registry_copy(Path(tmp), args.champion)
        os.environ["NPSLENS_MODELS_DIR"], os.environ["NPSLENS_ADMIN_KEYS"] = str(root), ADMIN
        from fastapi.testclient import TestClient

        from api.core.settings import Settings
        from api.main import create_app

        settings = Settings(_env_file=None, data_dir=Path(tmp) / "data", model=None,
                            api_keys="bench-key-0123456789", log_level="WARNING")
        with TestClient(create_app(settings, report_runner=None)) as c:
            while c.get("/ready").status_code != 200:
                time.sleep(0.05)
            rounds = []
            for i in range(args.rounds):
                rounds.append(one_round(c, args.challenger, args.poll))
                r = rounds[-1]
                print(f"round {i + 1}: sync promote {r['sync_promote_s']:.2f} s; async: 202 after "
                      f"{r['async_first_response_ms']:.1f} ms, succeeded after {r['async_succeeded_after_s']:.2f} s, "
                      f"progress " + " → ".join(f"{s['progress']:g}" for s in r["progress_seen"]))
    out = {"champion": args.champion, "challenger": args.challenger, "poll_s": args.poll, "rounds": rounds,
           "machine": machine_info()}
    if args.json:
        write_results(args.json, out, newline=True)


if __name__ == "__main__":
    main()
