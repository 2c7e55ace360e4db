"""Zero-shot (descriptions only) theme micro-F1 of the matcher alone and blended with the taxonomy's description
head, side by side, on DEV data only.

Never reads a public test split. The dev sets are those of ``fewshot_dev.py``: the train files of SemEval-2014
restaurants, SemEval-2016 restaurants (E#A and entity) and MAMS-ACSA (up to 1,000 sentences each), the seed
corpus's test split with the default taxonomy's descriptions, and the generated corpus's held-out industries.
Means are printed separately for the public train files (real text) and for our own text (seed corpus and generated
corpus), because an improvement that only shows on our own text is not one.

Every row scores the same encoded sentences with the model's matcher and the same top-1 fallback; ``blend=W
share=S`` blends it ``W × matcher + (1 − W) × description head`` (``nlp.classifiers.themes``: a logistic head on
each theme's "label: description" row and its description phrases, fitted when the taxonomy is encoded) and cuts at
``S × matcher threshold``; ``matcher share=S`` is the matcher alone at that cut.

    python benchmarks/zeroshot_dev.py [--model PATH] [--blend W ...] [--share S ...] [--json out.json]
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from _common import md_table, require_data, run_record, write_results
from fewshot_dev import dev_sets, micro_f1, seed_test_rows

from nlp.classifiers.themes import EncodedTaxonomy, TaxonomyMatcher
from nlp.pipeline import Analyzer


def _own(name: str) -> bool:
    """Whether a dev set is text written by us (seed corpus, generated corpus)."""
    return name.startswith(("seed corpus", "corpus heldout"))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--model", default=None, help="model folder or registry version (default: champion)")
    ap.add_argument("--config", default="training/configs/default.toml", help="training config (seed corpus split)")
    ap.add_argument("--blend", type=float, nargs="+", default=[1.0, 0.9, 0.8, 0.7],
                    help="matcher weights to compare (1: the matcher alone)")
    ap.add_argument("--share", type=float, nargs="+", default=[1.0, 0.9, 0.8],
                    help="cuts to compare, as shares of the matcher's threshold")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    if any(not 0 <= w <= 1 for w in args.blend) or any(not 0 < s <= 1 for s in args.share):
        ap.error("--blend takes weights in [0, 1] and --share shares in (0, 1]")
    data = require_data()
    t0 = time.perf_counter()
    analyzer = Analyzer.load(args.model)
    base = analyzer.matcher
    systems: dict[str, TaxonomyMatcher] = {}
    for w in args.blend:
        for s in args.share:
            m = copy.copy(base)
            m.zeroshot_blend, m.zeroshot_threshold = w, round(s * base.threshold, 4)
            systems[f"matcher share={s:g}" if w == 1 else f"blend={w:g} share={s:g}"] = m
    print("encoding dev sets …", flush=True)
    sets = dev_sets(data, analyzer, seed_test_rows(args.config))
    results: dict[str, dict[str, object]] = {}
    for ds in sets:
        et = EncodedTaxonomy.build(ds.tax, analyzer.encoder, balance=base.fewshot_balance)
        r: dict[str, object] = {"n": len(ds.gold), "themes": len(ds.tax.themes)}
        for key, m in systems.items():
            r[key] = micro_f1(m.score(ds.enc.emb, ds.enc.units.texts, ds.enc.units.starts, et).selected,
                              ds.gold, ds.tax.ids)
        results[ds.name] = r
        print(f"  {ds.name}: " + "  ".join(f"{k} {r[k]['f1']}" for k in systems), flush=True)  # type: ignore[index]
    rows = [[n, r["n"], k, r[k]["p"], r[k]["r"], r[k]["f1"]]  # type: ignore[index]
            for n, r in results.items() for k in systems]
    print(md_table(["dev set", "n", "system", "micro-P", "micro-R", "micro-F1"], rows))
    groups = {"public train files": [n for n in results if not _own(n)],
              "our own text": [n for n in results if _own(n)]}
    means = {g: {k: round(float(np.mean([results[n][k]["f1"] for n in names])), 4)  # type: ignore[index]
                 for k in systems} for g, names in groups.items() if names}
    print(f"\nmean zero-shot micro-F1 (model {analyzer.model_info['version']}, matcher threshold {base.threshold:g}):")
    print(md_table(["system", *means], [[k, *(means[g][k] for g in means)] for k in systems]))
    if args.json:
        write_results(args.json, run_record("zeroshot_dev.py", argv, t0, model=analyzer.model_info, mean_f1=means,
                                            results=results), ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
