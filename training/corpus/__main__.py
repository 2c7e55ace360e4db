"""``python -m training.corpus --seed 1 --out training/corpus/generated``: rebuild the corpus byte for byte."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from training.corpus import VERSION
from training.corpus.generate import write


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, build the corpus and print a summary to stderr."""
    ap = argparse.ArgumentParser(prog="python -m training.corpus",
                                 description=f"Generate the labelled feedback corpus ({VERSION}): sentiment and "
                                             "themes per clause, 10 styles, 7 languages, deterministic per seed.")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1, the committed corpus)")
    ap.add_argument("--out", default="training/corpus/generated", help="output folder")
    ap.add_argument("--rows", type=int, default=22000, help="total comments (default 22000)")
    ap.add_argument("--per-lang", type=int, default=330, help="comments per non-English language (default 330)")
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    if not a.quiet:
        sys.stderr.write(f"corpus {VERSION}: {a.rows} comments, seed {a.seed} → {a.out}\n")
    st = write(Path(a.out), a.seed, a.rows, a.per_lang, a.quiet)
    if not a.quiet:
        sys.stderr.write(f"done in {time.perf_counter() - t0:.1f}s: {st['rows']} comments, {st['industries']} "
                         f"industries, {st['themes']} themes, distinct {st['distinct_text_ratio']}, near-duplicates "
                         f"{st['near_duplicate_rate']}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
