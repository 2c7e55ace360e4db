"""One encoder pass per comment (clause vectors from token spans) vs encoding the comment and each clause.

    python benchmarks/encoder_passes.py [--n 2000] [--backend onnx-int8]

Same 2,000 clothing reviews as benchmarks/speed.py, 2 threads, median of 3 rounds of each way, in one
run: the shipped path (``encode_groups``: comment + clause rows from one pass), the comment alone (no
clause evidence) and comment + clauses encoded separately. Also prints how far the one-pass comment
vector is from encoding the comment alone (clause rows are identical by construction).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from _common import require_data
from speed import load_comments

from nlp.encoders.factory import make_encoder
from nlp.units import Units


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--backend", default="onnx-int8")
    args = ap.parse_args()
    texts = load_comments(require_data(), args.n)
    units = Units.build(texts)
    enc = make_encoder("use-m3.v1", threads=2, backend=args.backend)
    enc.encode(["warm up"])
    ways = {"one pass: comment + clause spans (shipped)": lambda: enc.encode_groups(units.groups),  # type: ignore[attr-defined]
            "comment only (no clause evidence)": lambda: enc.encode(texts),
            "comment and each clause encoded separately": lambda: enc.encode(units.texts)}
    secs: dict[str, list[float]] = {k: [] for k in ways}
    for _ in range(3):
        for k, fn in ways.items():
            t = time.perf_counter()
            fn()
            secs[k].append(time.perf_counter() - t)
    multi = sum(len(g) > 1 for g in units.groups)
    print(f"{len(texts)} comments, {len(units.texts)} units ({multi} comments with several clauses), "
          f"backend {args.backend}\n\n| way | comments/s |\n|---|---|")
    for k, v in secs.items():
        print(f"| {k} | {len(texts) / statistics.median(v):.0f} |")
    one, sep = enc.encode_groups(units.groups), enc.encode(units.texts)  # type: ignore[attr-defined]
    cos = (one[units.starts] * sep[units.starts]).sum(axis=1)
    clause = np.setdiff1d(np.arange(len(units.texts)), units.starts)
    print(f"\ncomment vector, one pass vs encoded alone: mean cosine {cos.mean():.3f} (min {cos.min():.3f}); "
          f"clause vectors: max abs difference {np.abs(one[clause] - sep[clause]).max():.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
