"""Compare two ``benchmarks/accuracy.py --json`` results headline by headline (e.g. two backends).

    python benchmarks/compare_accuracy.py benchmarks/results/accuracy-1.0.0-numpy.json \\
        benchmarks/results/accuracy-1.1.0-onnx-int8.json

Prints each headline metric (category micro-F1 and theme-sentiment accuracy zero-/8-shot, overall
sentiment accuracy and macro-F1), the change in points, and the mean and worst change.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def headlines(r: dict[str, Any]) -> dict[tuple[str, str, str], float]:
    out: dict[tuple[str, str, str], float] = {}
    for ds, modes in r["categories"].items():
        for mode in ("ours_zero_shot", "ours_8_shot"):
            for k in ("micro_f1", "theme_sentiment_accuracy"):
                out[(ds, mode, k)] = float(modes[mode][k])
    for ds, res in r["sentiment"].items():
        for k in ("accuracy", "macro_f1"):
            if res["ours"].get(k) is not None:
                out[(ds, "sentiment", k)] = float(res["ours"][k])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    args = ap.parse_args()
    a, b = headlines(json.loads(args.before.read_text())), headlines(json.loads(args.after.read_text()))
    deltas = []
    print("| data | mode | metric | before | after | Δ points |\n|---|---|---|---|---|---|")
    for key in a:
        if key in b:
            d = (b[key] - a[key]) * 100
            deltas.append(d)
            print(f"| {key[0]} | {key[1]} | {key[2]} | {a[key]:.4f} | {b[key]:.4f} | {d:+.2f} |")
    if not deltas:
        raise SystemExit("no common headline metrics")
    worse = sum(d < -0.5 for d in deltas)
    print(f"\n{len(deltas)} headline metrics: mean change {sum(deltas) / len(deltas):+.2f} points, worst "
          f"{min(deltas):+.2f}; {worse} lose more than 0.5 points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
