"""Every speed and scale benchmark in one command: a summary table of ratios and goals, plus JSON.

    .venv/bin/python benchmarks/run_all.py [--quick] [--json out/bench/all.json] [--skip api,ray]

Runs, each in its own subprocess (their own tables are printed as they go):

* ``speed``   benchmarks/speed.py: full classify path per backend vs plain torch MiniLM (batch 32),
  model load, 10-comment ``npslens classify`` cold start; with CUDA, the torch backend on the GPU too
* ``scale``   benchmarks/analyze_scale.py: ``npslens analyze`` at 1k/10k/100k rows, time and peak RSS
* ``api``     benchmarks/api_load.py: p50/p99 latency with 8 concurrent single-comment clients
* ``ray``     benchmarks/ray_engine.py: ``classify --engine ray`` vs the local engine, same output

The machine may be shared; every component records its load. Speed goals live here, not in tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import ROOT, machine_info, md_table, write_results

HERE = Path(__file__).resolve().parent
COMPONENTS = ("speed", "scale", "api", "ray")


def _cuda() -> bool:
    code = "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def commands(quick: bool, out: Path) -> dict[str, list[str]]:
    py = [sys.executable]
    speed = [*py, str(HERE / "speed.py"), "--json", str(out / "speed.json")]
    speed += ["--n", "600", "--rounds", "2", "--repeats", "1", "--max-extra", "1"] if quick else []
    if _cuda():
        speed += ["--gpu"]
    rows = ["1000", "10000"] if quick else ["1000", "10000", "100000"]
    return {
        "speed": speed,
        "scale": [*py, str(HERE / "analyze_scale.py"), "--rows", *rows, "--json", str(out / "scale.json")],
        "api": [*py, str(HERE / "api_load.py"), "--json", str(out / "api.json"),
                *(["--duration", "5", "--batches", "5"] if quick else [])],
        "ray": [*py, str(HERE / "ray_engine.py"), "--json", str(out / "ray.json"),
                *(["--n", "500", "--scale", "2"] if quick else [])],
    }


def _speed_rows(r: dict[str, Any]) -> list[list[str]]:
    v = r["variants"]
    rows = [[f"classify path `{k}`", f"{s['comments_per_s']:.0f} comments/s", f"{s['x_minilm']:.2f}× MiniLM",
             "≥ 3× and ≥ 400/s" if k == "analyze-default" else "",
             _met(s["x_minilm"] >= 3 and s["comments_per_s"] >= 400) if k == "analyze-default" else ""]
            for k, s in v.items() if k.startswith("analyze")]
    rows.append(["torch MiniLM encode, batch 32", f"{v['minilm-encode']['comments_per_s']:.0f} comments/s",
                 "1.00×", "", ""])
    cold = sorted(c["wall_s"] for c in r["cli_cold_start"])
    rows.append(["`npslens classify`, 10 comments (cold start, median)", f"{cold[len(cold) // 2]:.2f} s", "",
                 "a few seconds", _met(cold[len(cold) // 2] <= 3)])
    rows.append(["model load (default backend)", f"{v['analyze-default']['load_s']:.2f} s", "", "", ""])
    if "analyze-torch" in v:
        rows.append(["GPU: classify path, torch backend", f"{v['analyze-torch']['comments_per_s']:.0f} comments/s",
                     "", "≥ 20,000/s", _met(v["analyze-torch"]["comments_per_s"] >= 20000)])
    return rows


def _scale_rows(r: dict[str, Any]) -> list[list[str]]:
    rows = []
    for run in r["runs"]:
        n, classified = run["rows"], run["mode"] != "model"
        goal = "≤ 300 s, ≤ 1 GB" if n == 100_000 and not classified else ""
        met = _met(run["wall_s"] <= 300 and run["peak_rss_mb"] <= 1024) if goal else ""
        label = f"`analyze{' --classified' if classified else ''}` {n:,} rows"
        rows.append([label, f"{run['wall_s']:.1f} s", f"{run['peak_rss_mb']:.0f} MB peak RSS", goal, met])
    return rows


def _api_rows(r: dict[str, Any]) -> list[list[str]]:
    s = r["single"]
    return [["API single comment, 8 clients: p50", f"{s['p50_ms']:.1f} ms", "", "≤ 15 ms", _met(s["p50_ms"] <= 15)],
            ["API single comment, 8 clients: p99", f"{s['p99_ms']:.1f} ms", f"{s['requests_per_s']:.0f} req/s",
             "≤ 50 ms", _met(s["p99_ms"] <= 50)],
            ["API batch 256 / in-process CLI", f"{r['batch_vs_cli']:.0%}", "", "≥ 80%", _met(r["batch_vs_cli"] >= 0.8)]]


def _ray_rows(r: dict[str, Any]) -> list[list[str]]:
    lo, ra = r["results"]["local"], r["results"]["ray"]
    return [["`classify --engine ray` / local, marginal rate", f"{ra['marginal_per_s']:.0f} comments/s",
             f"{ra['marginal_per_s'] / lo['marginal_per_s']:.2f}× local", "identical output",
             _met(bool(r["identical"]))]]


def _met(ok: bool) -> str:
    return "yes" if ok else "no"


ROWS: dict[str, Callable[[dict[str, Any]], list[list[str]]]] = {
    "speed": _speed_rows, "scale": _scale_rows, "api": _api_rows, "ray": _ray_rows}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (minutes, for a smoke run)")
    ap.add_argument("--json", type=Path, default=ROOT / "out" / "bench" / "all.json")
    ap.add_argument("--skip", default="", help=f"comma-separated components to skip: {', '.join(COMPONENTS)}")
    args = ap.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    unknown = skip - set(COMPONENTS)
    if unknown:
        ap.error(f"unknown component(s) {sorted(unknown)}; known: {', '.join(COMPONENTS)}")
    results: dict[str, Any] = {"command": " ".join(["python benchmarks/run_all.py", *sys.argv[1:]]),
                               "machine": machine_info(), "components": {}}
    table: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="npslens-bench-") as tmp:
        for name, cmd in commands(args.quick, Path(tmp)).items():
            if name in skip:
                continue
            print(f"\n===== {name}: {' '.join(Path(c).name if c.startswith('/') else c for c in cmd)}", flush=True)
            t0 = time.perf_counter()
            code = subprocess.run(cmd, cwd=ROOT).returncode
            out = Path(tmp) / f"{name}.json"
            entry: dict[str, Any] = {"exit_code": code, "seconds": round(time.perf_counter() - t0, 1)}
            if out.exists():
                entry["result"] = json.loads(out.read_text())
                table += ROWS[name](entry["result"])
            else:
                table.append([name, "failed", f"exit code {code}", "", "no"])
            results["components"][name] = entry
    print("\n## Summary (one run; ratios are within this run)\n")
    print(md_table(["measure", "value", "ratio / extra", "goal", "met"], table))
    write_results(args.json, results, default=str, newline=True, lead="\n")
    return 0 if all(c["exit_code"] == 0 for c in results["components"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
