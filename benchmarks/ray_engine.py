"""``npslens classify`` on the local engine vs ``--engine ray``: throughput, and a check that the outputs match.

Uses the shipped default model on the bundled sample survey (``nlp/resources/sample_survey.csv``, column
``comment``; its 1,250 rows repeated to the sizes asked for). Every run is its own ``npslens classify``
process, so each figure includes what a user waits for:

* end to end: rows / wall time of the command on ``--n`` rows (model load and, for Ray, starting a local
  Ray and its actors included);
* marginal: the extra rows / the extra time between ``--n`` and ``--scale`` x ``--n`` rows, i.e. the
  throughput once started (fixed start-up costs cancel out); for Ray also per worker.

Ray gets ``--workers`` actors of 1 thread; the local engine ``--workers`` threads (``NPSLENS_THREADS``).
Each run is repeated ``--repeats`` times, interleaved, and the fastest counts (the machine may be shared).

    python benchmarks/ray_engine.py [--n 2000] [--scale 4] [--workers 2] [--repeats 3] [--batch-size 256]
                                    [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, machine_info

SAMPLE = ROOT / "nlp" / "resources" / "sample_survey.csv"
ENGINES = ("local", "ray")


def make_input(n: int, path: Path) -> None:
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(n):
            r = list(rows[i % len(rows)])
            r[0] = f"{r[0]}-{i // len(rows)}"  # unique ids
            w.writerow(r)


def run_engine(engine: str, src: Path, out: Path, batch: int, workers: int) -> float:
    """Wall seconds of one ``npslens classify`` process."""
    env = {k: v for k, v in os.environ.items() if k != "NPSLENS_THREADS"} | {"RAY_USAGE_STATS_ENABLED": "0"}
    cmd = [sys.executable, "-m", "cli.main", "classify", str(src), "--text-column", "comment", "--id-column",
           "response_id", "--batch-size", str(batch), "-q", "-o", str(out), "--engine", engine]
    if engine == "ray":
        cmd += ["--num-workers", str(workers)]
    else:
        env["NPSLENS_THREADS"] = str(workers)
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if res.returncode:
        sys.exit(f"error: {engine} run failed:\n{res.stderr[-3000:]}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="comments for the end-to-end figure")
    ap.add_argument("--scale", type=int, default=4, help="the marginal figure also runs scale x n comments")
    ap.add_argument("--workers", type=int, default=2, help="Ray workers (1 thread each) = local engine threads")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each engine and size; the fastest counts")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    sizes = (args.n, args.n * args.scale)
    wall: dict[str, dict[int, float]] = {e: dict.fromkeys(sizes, float("inf")) for e in ENGINES}
    identical = True
    with tempfile.TemporaryDirectory(prefix="npslens-raybench-") as tmp:
        for n in sizes:
            make_input(n, Path(tmp) / f"survey-{n}.csv")
        for _ in range(args.repeats):
            for n in sizes:
                for e in ENGINES:
                    t = run_engine(e, Path(tmp) / f"survey-{n}.csv", Path(tmp) / f"{e}-{n}.jsonl", args.batch_size,
                                   args.workers)
                    wall[e][n] = min(wall[e][n], t)
                identical &= filecmp.cmp(Path(tmp) / f"local-{n}.jsonl", Path(tmp) / f"ray-{n}.jsonl",
                                         shallow=False)
    m = machine_info()
    results: dict[str, dict[str, Any]] = {}
    for e in ENGINES:
        a, b = sizes
        results[e] = {"wall_s": wall[e], "end_to_end_per_s": a / wall[e][a],
                      "marginal_per_s": (b - a) / (wall[e][b] - wall[e][a])}
    print(f"machine: {m['nproc']} cores ({m['cpu_model']}), load average {os.getloadavg()[0]:.2f} at the end; "
          f"batch {args.batch_size}; Ray {args.workers} workers x 1 thread, local {args.workers} threads; "
          f"best of {args.repeats}")
    print(f"{'engine':7} {f'wall s @{sizes[0]}':>12} {f'wall s @{sizes[1]}':>12} {'end-to-end c/s':>15} "
          f"{'marginal c/s':>13} {'marginal c/s/worker':>20}")
    for e, r in results.items():
        per = f"{r['marginal_per_s'] / args.workers:20.0f}" if e == "ray" else f"{'':20}"
        print(f"{e:7} {r['wall_s'][sizes[0]]:12.1f} {r['wall_s'][sizes[1]]:12.1f} {r['end_to_end_per_s']:15.0f} "
              f"{r['marginal_per_s']:13.0f} {per}")
    lo, ra = results["local"], results["ray"]
    print(f"ray / local: end to end {ra['end_to_end_per_s'] / lo['end_to_end_per_s']:.2f}x, marginal "
          f"{ra['marginal_per_s'] / lo['marginal_per_s']:.2f}x; outputs identical at both sizes: {identical}")
    if args.json:
        args.json.write_text(json.dumps({"machine": m, "args": {k: str(v) for k, v in vars(args).items()},
                                         "results": results, "identical": identical}, indent=2) + "\n")
    if not identical:
        sys.exit(1)


if __name__ == "__main__":
    main()
