"""What language detection costs on the classify path: ``Analyzer.analyze`` with and without it, same process.

The same comments as ``speed.py`` (clothing reviews of 10–40 words from ../shared/data), 2 threads, rounds
interleaved (off, on, off, on …) so machine load hits both alike; reports the median per variant and the
ratio. The language step alone is also timed.

    python benchmarks/language_cost.py [--n 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from _common import machine_info, require_data
from speed import load_comments

from nlp.language import detect_languages
from nlp.pipeline import Analyzer


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    texts = load_comments(require_data(), args.n)
    analyzer = Analyzer.load(None, threads=2)
    analyzer.analyze(texts[:64])
    detect_languages(texts[:8])
    times: dict[str, list[float]] = {"off": [], "on": [], "language only": []}
    for _ in range(args.rounds):
        for variant in ("off", "on"):
            analyzer.detect_language = variant == "on"
            t0 = time.perf_counter()
            analyzer.analyze(texts)
            times[variant].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        detect_languages(texts)
        times["language only"].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    per_s = {k: round(len(texts) / v) for k, v in med.items()}
    cost = med["on"] / med["off"] - 1
    print(f"{len(texts)} comments: classify {per_s['off']}/s without language, {per_s['on']}/s with "
          f"(+{100 * cost:.1f}% time); language detection alone {per_s['language only']}/s "
          f"({100 * med['language only'] / med['off']:.1f}% of the classify time)")
    if args.json:
        args.json.write_text(json.dumps({"command": " ".join(["python benchmarks/language_cost.py",
                                                              *(argv if argv is not None else sys.argv[1:])]),
                                         "machine": machine_info(), "n": len(texts), "seconds": times,
                                         "comments_per_s": per_s, "cost": round(cost, 4)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
