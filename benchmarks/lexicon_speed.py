"""VADER scoring on the classify path: reference ``vaderSentiment`` against ``nlp.classifiers.vader.FastVader``.

Scores the units the classify path scores (each comment and each of its clauses, ``nlp.units.Units``) of real
clothing reviews, both scorers interleaved in one process, best of ``--rounds`` passes each, and checks that every
score is equal. Prints seconds per pass, the ratio, and what the saving is per 1,000 comments.

    python benchmarks/lexicon_speed.py [--n 2000] [--words 13-23] [--rounds 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from _common import md_table, require_data, run_record, write_results
from speed import load_comments, parse_words
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from nlp.classifiers.vader import FastVader
from nlp.text import normalize
from nlp.units import Units


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="comments (default 2000)")
    ap.add_argument("--words", type=parse_words, default=(13, 23), metavar="LO-HI",
                    help="comment length band in words (default 13-23, issue 12's 18-word comments)")
    ap.add_argument("--rounds", type=int, default=5, help="passes per scorer, interleaved (default 5)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    comments = load_comments(require_data(), args.n, args.words)
    units = Units.build([normalize(c) for c in comments]).texts
    scorers = {"vaderSentiment 3.3.2": SentimentIntensityAnalyzer(), "FastVader": FastVader()}
    best = dict.fromkeys(scorers, float("inf"))
    scores = {}
    for _ in range(args.rounds):
        for name, sia in scorers.items():
            start = time.perf_counter()
            scores[name] = [sia.polarity_scores(u) for u in units]
            best[name] = min(best[name], time.perf_counter() - start)
    ref, fast = scores.values()
    mismatches = sum(a != b for a, b in zip(ref, fast, strict=True))
    ref_s, fast_s = best.values()
    per_1000 = (ref_s - fast_s) * 1000 / len(comments)
    print(f"{len(comments)} comments ({args.words[0]}-{args.words[1]} words), {len(units)} units scored per pass")
    print(md_table(["scorer", "best pass s", "units/s"],
                   [[k, round(v, 3), round(len(units) / v)] for k, v in best.items()]))
    print(f"FastVader / reference speed: {ref_s / fast_s:.2f}x; saves {per_1000:.3f} s per 1,000 comments; "
          f"scores that differ: {mismatches}")
    if args.json:
        write_results(args.json, run_record("lexicon_speed.py", argv, t0, comments=len(comments), units=len(units),
                                            best_seconds=best, ratio=round(ref_s / fast_s, 3),
                                            saved_s_per_1000_comments=round(per_1000, 4), mismatches=mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
