#!/usr/bin/env python3
"""Scale benchmark of ``npslens analyze``: wall time, CPU time and peak memory per survey size.

    .venv/bin/python benchmarks/analyze_scale.py                              # 100,000 rows with the model
    .venv/bin/python benchmarks/analyze_scale.py --rows 1000 10000 100000 --classified   # aggregation only
    .venv/bin/python benchmarks/analyze_scale.py --rows 20000 --keep

The survey is generated from the bundled sample survey's comments with varied text (30% of the rows
join two comments, some get a lead-in), so the encoder's de-duplication does not flatter the result;
dates cover 12 months, three segment columns, ~12% empty comments and a few invalid scores.

``--classified`` measures the aggregation alone (``analyze --classified``, no model loaded): the sample
survey is classified once with the model (``npslens classify``, cached in the output folder) and each
generated row gets the classification of the comment(s) it was drawn from (sentiment of the first, the
union of both comments' themes; empty comments are ``skipped``). That is a realistic classified file for
timing, not a measure of the model's accuracy.

Each CLI run is a subprocess; its peak RSS is that child's maximum resident set size (``os.wait4``), the
number ``/usr/bin/time -v`` prints; CPU time (user + system) is recorded next to wall time because wall time
on a shared machine depends on what else runs (the load averages are recorded too).
Targets (issue 4/8): 100k rows in ≤ 5 minutes on 2 cores, ≤ 1 GB RSS; RSS flat as the input grows.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "nlp" / "resources" / "sample_survey.csv"
LEADS = ["", "", "", "Honestly, ", "Overall ", "To be fair, ", "Well, ", "Not sure what to say but ", "As usual, "]
JOINS = [" ", " Also, ", " And ", " On top of that, ", " But "]
JOIN_SHARE = 0.3  # rows that join two comments: varied text at a realistic length (~20 words on average)


def _sample_rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["comment"].strip() and r["score"].strip().isdigit()]


def make_survey(path: Path, rows: int, seed: int = 0, classified: list[dict[str, Any]] | None = None,
                classified_out: Path | None = None) -> float:
    """Write a ``rows``-row CSV drawn from the sample survey's comments and scores; returns the mean words
    per non-empty comment. With ``classified`` (the sample rows' ``npslens classify`` records, aligned with
    :func:`_sample_rows`) also write the matching classified JSONL to ``classified_out``."""
    src = _sample_rows()
    rng = np.random.default_rng(seed)
    channels = ["web", "app", "phone", "email", "in-store", "chat", "social"]
    regions = ["North", "South", "East", "West"]
    stages = ["sign-up & purchase", "delivery & setup", "everyday use", "billing", "support"]
    out_cls = classified_out.open("w", encoding="utf-8") if classified is not None and classified_out else None
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["response_id", "date", "score", "comment", "channel", "region", "journey_stage"])
        picks = rng.integers(0, len(src), size=(rows, 2))
        words, texts = 0, 0
        for i in range(rows):
            a, b = src[picks[i, 0]], src[picks[i, 1]]
            text = a["comment"]
            joined = rng.random() < JOIN_SHARE
            if joined:
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
            if out_cls is not None and classified is not None:
                out_cls.write(json.dumps(_derived(i, text, classified[picks[i, 0]],
                                                  classified[picks[i, 1]] if joined else None)) + "\n")
    if out_cls is not None:
        out_cls.close()
    return words / max(texts, 1)


def _derived(i: int, text: str, a: dict[str, Any], b: dict[str, Any] | None) -> dict[str, Any]:
    if not text or a["sentiment"] is None:
        reason = "empty" if not text else a["skipped"]
        return {"row": i, "id": f"B{i:06d}", "sentiment": None, "themes": [], "skipped": reason}
    themes = {t["id"]: t for t in a["themes"]}
    for t in (b or {}).get("themes", []):
        themes.setdefault(t["id"], t)
    return {"row": i, "id": f"B{i:06d}", "sentiment": a["sentiment"], "themes": list(themes.values()),
            "skipped": None}


def classify_sample(cli: str, out: Path) -> list[dict[str, Any]]:
    """The sample survey's (kept) rows classified by the model, cached in ``out``."""
    path = out / "sample_classified.jsonl"
    if not path.exists():
        keep = out / "sample_kept.csv"
        with keep.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["comment"])
            w.writerows([r["comment"]] for r in _sample_rows())
        subprocess.run([cli, "classify", str(keep), "--text-column", "comment", "-o", str(path), "--quiet"],
                       check=True)
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def run_measured(cmd: list[str]) -> tuple[int, float, float, float, str]:
    """Run ``cmd``; returns ``(exit code, wall s, CPU s, peak RSS MB, stderr tail)`` of that child alone."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, err[-2000:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000])
    ap.add_argument("--classified", action="store_true", help="aggregation only: analyze --classified")
    ap.add_argument("--by-row", action="store_true", help="with --classified: join by row order, not by id")
    ap.add_argument("--out", type=Path, default=REPO / "out" / "bench")
    ap.add_argument("--cli", default=str(REPO / ".venv" / "bin" / "npslens"))
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--json", type=Path, help="also write {'runs': [...]} here (benchmarks/run_all.py reads it)")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    sample_cls = classify_sample(a.cli, a.out) if a.classified else None
    results = []
    for rows in a.rows:
        survey = a.out / f"survey_{rows}.csv"
        cls_path = a.out / f"survey_{rows}.classified.jsonl"
        t0 = time.perf_counter()
        mean_words = make_survey(survey, rows, classified=sample_cls, classified_out=cls_path)
        print(f"generated {rows:,} rows ({survey.stat().st_size / 1e6:.1f} MB, {mean_words:.1f} words per comment) "
              f"in {time.perf_counter() - t0:.1f} s", flush=True)
        by_id = not (a.classified and a.by_row)
        cmd = [a.cli, "analyze", str(survey), "--text-column", "comment", "--score-column", "score",
               *(["--id-column", "response_id"] if by_id else []), "--segment-column", "channel",
               "--segment-column", "region",
               "--segment-column", "journey_stage", "--date-column", "date", "--period", "month",
               "--output-dir", str(a.out / "report"), "--quiet",
               *(["--classified", str(cls_path)] if a.classified else [])]
        print("running:", " ".join(cmd), flush=True)
        load_before = os.getloadavg()
        code, wall, cpu_s, peak_mb, err = run_measured(cmd)
        if code != 0:
            print(err, file=sys.stderr)
            return code
        rep = json.loads((a.out / "report" / "report.json").read_text())
        results.append({
            "rows": rows, "mode": ("classified, by " + ("id" if by_id else "row")) if a.classified else "model",
            "mean_words": round(mean_words, 1),
            "wall_s": round(wall, 1), "rows_per_s": round(rows / wall), "cpu_s": round(cpu_s, 1),
            "peak_rss_mb": round(peak_mb),
            "nps": rep["nps"]["score"], "analysed": rep["data_quality"]["analysed"],
            "rejected": rep["rejected"]["count"],
            "cores": len(os.sched_getaffinity(0)), "cpu": platform.processor() or platform.machine(),
            "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
            "command": " ".join(cmd),
        })
        print(json.dumps(results[-1], indent=2), flush=True)
        if not a.keep:
            survey.unlink()
            cls_path.unlink(missing_ok=True)
            shutil.rmtree(a.out / "report", ignore_errors=True)
    name = f"analyze_scale_classified{'_by_row' if a.by_row else ''}.json" if a.classified else "analyze_scale.json"
    (a.out / name).write_text(json.dumps(results, indent=2) + "\n")
    if a.json:
        a.json.write_text(json.dumps({"runs": results}, indent=2) + "\n")
    print("\n| rows | mode | wall s | CPU s | rows/s | peak RSS MB |\n|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['rows']:,} | {r['mode']} | {r['wall_s']} | {r['cpu_s']} | {r['rows_per_s']:,} | "
              f"{r['peak_rss_mb']} |")
    for r in results:
        if r["rows"] >= 100_000:
            print(f"targets at {r['rows']:,} rows: wall ≤ 300 s {'OK' if r['wall_s'] <= 300 else 'MISSED'}, "
                  f"RSS ≤ 1024 MB {'OK' if r['peak_rss_mb'] <= 1024 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
