"""Zero-shot (descriptions only) theme micro-F1 of the matcher alone and blended with the taxonomy's description
head, side by side, on DEV data only.

Never reads a public test split. The dev sets are those of ``fewshot_dev.py``: the train files of SemEval-2014
restaurants, SemEval-2016 restaurants (E#A and entity) and MAMS-ACSA (up to 1,000 sentences each), the seed
corpus's test split with the default taxonomy's descriptions, and the generated corpus's held-out industries; plus
the SemEval-2015 and SemEval-2016 laptops train files with the harness's 22-entity laptop taxonomy (cut the same way).
Means are printed separately for the public restaurant train files ("public train files", as before the laptops were
added), the laptop train files and our own text (seed corpus and generated corpus), because an improvement that only
shows on our own text, or on one domain, is not one.

Every row scores the same encoded sentences with the model's matcher and the same top-1 fallback; ``blend=W
share=S`` blends it ``W × matcher + (1 − W) × description head`` (``nlp.classifiers.themes``: a logistic head on
each theme's "label: description" row and its description phrases, fitted when the taxonomy is encoded) and cuts at
``S × matcher threshold``; ``matcher share=S`` is the matcher alone at that cut.

    python benchmarks/zeroshot_dev.py [--model PATH] [--blend W ...] [--share S ...] [--description-phrases N]
        [--json out.json]

``--description-phrases N`` cuts every dev taxonomy's descriptions to their first N phrases (0: the label alone), to
see how a setting fares when a customer writes shorter descriptions than the benchmark taxonomies do.
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from _baseline_data import LAPTOP_ENTITY, laptop_train_files, usable
from _common import md_table, require_data, run_record, write_results
from _datasets import SEED, read_categories
from fewshot_dev import DevSet, _cut, dev_sets, micro_f1, seed_test_rows

from nlp.classifiers.themes import EncodedTaxonomy, TaxonomyMatcher, description_phrases
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, Theme, parse_taxonomy


def _own(name: str) -> bool:
    """Whether a dev set is text written by us (seed corpus, generated corpus)."""
    return name.startswith(("seed corpus", "corpus heldout"))


def _group(name: str) -> str:
    return "our own text" if _own(name) else "public laptops train files" if "laptops" in name else "public train files"


def cut_descriptions(tax: Taxonomy, n: int) -> Taxonomy:
    """``tax`` with each description cut to its first ``n`` phrases (``description_phrases``' split; 0: the label)."""
    def cut(t: Theme) -> str:
        return ", ".join(description_phrases(t.label, t.description)[1:n + 1]) or t.label
    return Taxonomy(name=f"{tax.name}-{n}-phrases", themes=tuple(
        Theme(id=t.id, label=t.label, description=cut(t)) for t in tax.themes))


def laptop_sets(data: Path, analyzer: Analyzer) -> list[DevSet]:
    """The SemEval-2015 / -2016 laptops train files at entity level (22 themes), cut as ``fewshot_dev`` cuts."""
    lap = parse_taxonomy(LAPTOP_ENTITY)
    out = []
    for name, path in laptop_train_files(data).items():
        pool, evals = _cut(usable(read_categories(path, "Opinion", True)), SEED)
        out.append(DevSet(name, lap, pool, evals, analyzer))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--model", default=None, help="model folder or registry version (default: champion)")
    ap.add_argument("--config", default="training/configs/default.toml", help="training config (seed corpus split)")
    ap.add_argument("--blend", type=float, nargs="+", default=[1.0, 0.9, 0.8, 0.7],
                    help="matcher weights to compare (1: the matcher alone)")
    ap.add_argument("--share", type=float, nargs="+", default=[1.0, 0.9, 0.8],
                    help="cuts to compare, as shares of the matcher's threshold")
    ap.add_argument("--description-phrases", type=int, default=None, metavar="N",
                    help="cut every description to its first N phrases (0: the label alone; default: as written)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    if any(not 0 <= w <= 1 for w in args.blend) or any(not 0 < s <= 2 for s in args.share):
        ap.error("--blend takes weights in [0, 1] and --share shares in (0, 2]")
    if args.description_phrases is not None and args.description_phrases < 0:
        ap.error("--description-phrases takes a count ≥ 0")
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
    sets = dev_sets(data, analyzer, seed_test_rows(args.config)) + laptop_sets(data, analyzer)
    results: dict[str, dict[str, object]] = {}
    for ds in sets:
        tax = ds.tax if args.description_phrases is None else cut_descriptions(ds.tax, args.description_phrases)
        et = EncodedTaxonomy.build(tax, analyzer.encoder, balance=base.fewshot_balance)
        r: dict[str, object] = {"n": len(ds.gold), "themes": len(ds.tax.themes)}
        for key, m in systems.items():
            r[key] = micro_f1(m.score(ds.enc.emb, ds.enc.units.texts, ds.enc.units.starts, et).selected,
                              ds.gold, ds.tax.ids)
        results[ds.name] = r
        print(f"  {ds.name}: " + "  ".join(f"{k} {r[k]['f1']}" for k in systems), flush=True)  # type: ignore[index]
    rows = [[n, r["n"], k, r[k]["p"], r[k]["r"], r[k]["f1"]]  # type: ignore[index]
            for n, r in results.items() for k in systems]
    print(md_table(["dev set", "n", "system", "micro-P", "micro-R", "micro-F1"], rows))
    groups = {g: [n for n in results if _group(n) == g]
              for g in ("public train files", "public laptops train files", "our own text")}
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
