#!/usr/bin/env python3
"""Driver memory and throughput of ``npslens classify --engine ray``: one output file (the driver reads, ships and
writes every row) vs a folder output (the workers read and write; the driver only plans and writes the manifest).

    nice -n 10 .venv/bin/python benchmarks/scale_ray.py [--rows 10000 100000 1000000] [--workers 2]
        [--model hashing|PATH] [--json benchmarks/results/scale-ray.json]

The survey is generated from the bundled sample survey (``benchmarks/analyze_scale.make_survey``: its comments
joined, prefixed and blanked at random; our own text). ``--model hashing`` (the default) builds a small model on
the repo's own tiny seed corpus with the hashing encoder (no neural encoder: about 10x the shipped model's speed),
so 1M rows finish in minutes on 2 cores; the point is the driver's memory, which does not depend on the model.
``--model PATH`` (or a registry version) measures a real model instead.

Each run is a ``npslens classify`` subprocess (the driver) starting its own local Ray with ``--workers`` actors.
Its peak RSS is the driver process's own high-water mark (``VmHWM`` in ``/proc/PID/status``, polled every
0.1 s until it exits): Ray's raylet, object store and workers are other processes and are not counted, but pages
of the shared object store that the driver itself touches are. rows/s = rows / wall time of the command (Ray
start-up and model loads included).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import ROOT, machine_info, write_results
from analyze_scale import make_survey

PATHS = ("file", "folder")


def hashing_model(out: Path) -> Path:
    """A small model on the repo's own tiny seed corpus with the hashing encoder (cached in ``out``)."""
    folder = out / "hashing-bench-0.0.1"
    if (folder / "meta.json").exists():
        return folder
    from training.build import train_model
    from training.config import TrainConfig

    cfg = TrainConfig(name="hashing-bench", version="0.0.1", encoder="hashing.v1",
                      seed_corpus=str(ROOT / "tests" / "fixtures"), dev_fraction=0.2, test_fraction=0.2,
                      matcher_episodes=4, matcher_hidden=0, eval_cross_domain=False)
    return Path(train_model(cfg, folder, log=lambda _: None))


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def run_driver(cmd: list[str], env: dict[str, str]) -> tuple[int, float, float, str]:
    """``(exit code, wall s, driver peak RSS MB, stderr tail)`` of one command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0.0
    while proc.poll() is None:
        hwm = peak_rss_mb(proc.pid)
        peak = max(peak, hwm or 0.0)
        time.sleep(0.1)
    wall = time.perf_counter() - t0
    err = proc.stderr.read() if proc.stderr else ""
    return proc.returncode, wall, peak, err[-1500:]


def rows_written(path: Path) -> int:
    if path.is_dir():
        return int(json.loads((path / "_manifest.json").read_text())["rows"])
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def measure(n: int, mode: str, survey: Path, work: Path, model: str, workers: int) -> dict[str, Any]:
    out = f"{work}/out-{n}.parquet" if mode == "file" else f"{work}/out-{n}/"  # a trailing '/': a folder output
    cmd = [sys.executable, "-m", "cli.main", "classify", str(survey), "--text-column", "comment", "--id-column",
           "response_id", "--model", model, "-q", "-o", out, "--engine", "ray", "--num-workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"} | {"RAY_USAGE_STATS_ENABLED": "0"}
    code, wall, peak, err = run_driver(cmd, env)
    if code != 0:
        raise SystemExit(f"{mode} @ {n}: exit {code}: {err}")
    got = rows_written(Path(out.rstrip("/")))
    if got != n:
        raise SystemExit(f"{mode} @ {n}: wrote {got} rows, expected {n}")
    return {"rows": n, "mode": mode, "wall_s": round(wall, 1), "rows_per_s": round(n / wall),
            "driver_peak_rss_mb": round(peak, 1), "rows_written": got}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--model", default="hashing", help="'hashing' (built here) or a model folder / version")
    ap.add_argument("--modes", nargs="+", default=list(PATHS), choices=PATHS)
    ap.add_argument("--work", type=Path, default=ROOT / "out" / "scale-ray")
    ap.add_argument("--json", type=Path, help="write the results here")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    model = str(hashing_model(a.work)) if a.model == "hashing" else a.model
    runs: list[dict[str, Any]] = []
    print(f"{'rows':>9} {'output':>7} {'wall s':>8} {'rows/s':>8} {'driver peak RSS MB':>19}", flush=True)
    for n in a.rows:
        survey = a.work / f"survey-{n}.csv"
        if not survey.exists():
            make_survey(survey, n)
        for mode in a.modes:
            r = measure(n, mode, survey, a.work, model, a.workers)
            runs.append(r)
            print(f"{n:>9} {mode:>7} {r['wall_s']:>8} {r['rows_per_s']:>8} {r['driver_peak_rss_mb']:>19}", flush=True)
    growth = {}
    for mode in a.modes:
        by = {r["rows"]: r["driver_peak_rss_mb"] for r in runs if r["mode"] == mode}
        if 100_000 in by and 1_000_000 in by:
            growth[mode] = round(100 * (by[1_000_000] / by[100_000] - 1), 1)
            print(f"{mode}: driver peak RSS {by[100_000]} MB @ 100k -> {by[1_000_000]} MB @ 1M "
                  f"({growth[mode]:+}%; target <= +20% for the folder output)", flush=True)
    result = {"machine": machine_info(), "load_average": os.getloadavg(), "workers": a.workers,
              "model": a.model, "runs": runs, "rss_growth_100k_to_1m_pct": growth}
    if a.json:
        write_results(a.json, result, newline=True, announce=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
