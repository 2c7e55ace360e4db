#!/usr/bin/env python3
"""Scale benchmark of ``npslens analyze``: a 100k-row survey, wall time and peak memory.

    .venv/bin/python benchmarks/analyze_scale.py                 # 100,000 rows, writes out/bench/
    .venv/bin/python benchmarks/analyze_scale.py --rows 20000 --keep

The survey is generated from the bundled sample survey's comments with varied text (30% of the rows
join two comments, some get a lead-in), so the encoder's de-duplication does not flatter the result;
dates cover 12 months, three segment columns, ~12% empty comments and a few invalid scores. The CLI
runs in a subprocess; peak RSS is the child's maximum resident set size (``getrusage``), the same
number ``/usr/bin/time -v`` prints; CPU time (user + system) is recorded next to wall time because
wall time on a shared machine depends on what else runs (the load averages are recorded too).
Targets (issue 4): ≤ 5 minutes on 2 cores, ≤ 1 GB RSS.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "nlp" / "resources" / "sample_survey.csv"
LEADS = ["", "", "", "Honestly, ", "Overall ", "To be fair, ", "Well, ", "Not sure what to say but ", "As usual, "]
JOINS = [" ", " Also, ", " And ", " On top of that, ", " But "]
JOIN_SHARE = 0.3  # rows that join two comments: varied text at a realistic length (~20 words on average)


def make_survey(path: Path, rows: int, seed: int = 0) -> float:
    """Write a ``rows``-row CSV drawn from the sample survey's comments and scores; returns the mean words
    per non-empty comment."""
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        src = [r for r in csv.DictReader(fh) if r["comment"].strip() and r["score"].strip().isdigit()]
    rng = np.random.default_rng(seed)
    channels = ["web", "app", "phone", "email", "in-store", "chat", "social"]
    regions = ["North", "South", "East", "West"]
    stages = ["sign-up & purchase", "delivery & setup", "everyday use", "billing", "support"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["response_id", "date", "score", "comment", "channel", "region", "journey_stage"])
        picks = rng.integers(0, len(src), size=(rows, 2))
        words, texts = 0, 0
        for i in range(rows):
            a, b = src[picks[i, 0]], src[picks[i, 1]]
            text = a["comment"]
            if rng.random() < JOIN_SHARE:
                text = text.rstrip(".!") + "." + JOINS[rng.integers(len(JOINS))] + b["comment"][0].lower() + \
                    b["comment"][1:]
            text = LEADS[rng.integers(len(LEADS))] + text
            if rng.random() < 0.12:
                text = ""
            else:
                words += len(text.split())
                texts += 1
            score = a["score"] if rng.random() > 0.003 else rng.choice(["", "N/A", "11", "7.5"])
            month = 1 + i * 12 // rows
            w.writerow([f"B{i:06d}", f"2025-{month:02d}-{1 + rng.integers(28):02d}", score, text,
                        channels[rng.integers(len(channels))], regions[rng.integers(len(regions))],
                        stages[rng.integers(len(stages))]])
    return words / max(texts, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=REPO / "out" / "bench")
    ap.add_argument("--cli", default=str(REPO / ".venv" / "bin" / "npslens"))
    ap.add_argument("--keep", action="store_true", help="keep the generated CSV")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    survey = a.out / f"survey_{a.rows}.csv"
    t0 = time.perf_counter()
    mean_words = make_survey(survey, a.rows)
    print(f"generated {a.rows:,} rows ({survey.stat().st_size / 1e6:.1f} MB, {mean_words:.1f} words per comment) "
          f"in {time.perf_counter() - t0:.1f} s")
    cmd = [a.cli, "analyze", str(survey), "--text-column", "comment", "--score-column", "score",
           "--id-column", "response_id", "--segment-column", "channel", "--segment-column", "region",
           "--segment-column", "journey_stage", "--date-column", "date", "--period", "month",
           "--output-dir", str(a.out / "report"), "--quiet"]
    print("running:", " ".join(cmd))
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    cpu_s = usage.ru_utime + usage.ru_stime  # robust to other load on the machine, unlike wall time
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return proc.returncode
    rep = json.loads((a.out / "report" / "report.json").read_text())
    result = {
        "rows": a.rows, "mean_words": round(mean_words, 1),
        "wall_s": round(wall, 1), "rows_per_s": round(a.rows / wall), "cpu_s": round(cpu_s, 1),
        "peak_rss_mb": round(peak_mb),
        "nps": rep["nps"]["score"], "analysed": rep["data_quality"]["analysed"], "rejected": rep["rejected"]["count"],
        "cores": len(os.sched_getaffinity(0)), "cpu": platform.processor() or platform.machine(),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
        "command": " ".join(cmd),
    }
    (a.out / "analyze_scale.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"targets: wall ≤ 300 s {'OK' if wall <= 300 else 'MISSED'}, RSS ≤ 1024 MB "
          f"{'OK' if peak_mb <= 1024 else 'MISSED'}")
    if not a.keep:
        survey.unlink()
        shutil.rmtree(a.out / "report", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
