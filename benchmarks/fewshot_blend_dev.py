"""8-shot theme micro-F1 with and without the per-taxonomy logistic head blended into the matcher, on DEV data only.

Never reads a public test split: the train files of SemEval-2014 restaurants, SemEval-2016 restaurants (E#A),
SemEval-2015 and SemEval-2016 laptops (entity) and MAMS-ACSA, each cut (seed 13) into a 600-sentence shot pool and
up to 700 evaluation sentences; 8 shots per theme drawn as in ``baselines.py`` (same seeds). Both rows score the
same encoded sentences with the same matcher; ``blend`` is the shipped rule (``nlp.classifiers.themes``:
the model's ``fewshot_blend`` × matcher + the rest × logistic head, cut ``FEWSHOT_THRESHOLD``, top-1 fallback
``FEWSHOT_FALLBACK``; the head reads the model's ``fewshot_encoder``), ``matcher`` the matcher alone with its own
threshold and fallback.

    python benchmarks/fewshot_blend_dev.py [--model PATH] [--seeds 3] [--json benchmarks/results/fewshot_blend_dev.json]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from _baseline_data import LAPTOP_ENTITY, usable
from _common import code_fingerprint, machine_info, md_table, require_data, write_results
from _datasets import SEED, Row, read_categories
from accuracy import MAMS, SEMEVAL14, SEMEVAL_EA, draw_shots, with_examples
from fewshot_dev import _cut, _zero, micro_f1

from nlp.classifiers.themes import FEWSHOT_FALLBACK, FEWSHOT_THRESHOLD, EncodedTaxonomy
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, parse_taxonomy
from training.matcher import Encoded

EVAL_MAX = 700


def dev_sets(data: Path) -> list[tuple[str, Taxonomy, list[Row]]]:
    s15, s16 = data / "semeval2015-task12", data / "semeval2016-task5"
    lap = parse_taxonomy(LAPTOP_ENTITY)
    return [
        ("SemEval-14 rest train", parse_taxonomy(SEMEVAL14),
         read_categories(data / "semeval2014-task4" / "Restaurants_Train_v2.xml", "aspectCategory")),
        ("SemEval-16 rest train (E#A)", parse_taxonomy(SEMEVAL_EA),
         read_categories(s16 / "ABSA16_Restaurants_Train_SB1_v2.xml", "Opinion")),
        ("SemEval-15 laptops train (entity)", lap,
         read_categories(s15 / "ABSA-15_Laptops_Train_Data.xml", "Opinion", True)),
        ("SemEval-16 laptops train (entity)", lap,
         read_categories(s16 / "ABSA16_Laptops_Train_SB1_v2.xml", "Opinion", True)),
        ("MAMS-ACSA train", parse_taxonomy(MAMS), read_categories(data / "mams-acsa" / "train.xml", "aspectCategory")),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--model", default=None, help="model folder or registry version (default: champion)")
    ap.add_argument("--seeds", type=int, default=3, help="shot draws (default 3)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    data = require_data()
    t0 = time.perf_counter()
    analyzer = Analyzer.load(args.model, threads=args.threads)
    seeds = [SEED + i for i in range(args.seeds)]
    results: dict[str, dict[str, object]] = {}
    for name, tax, rows in dev_sets(data):
        tax = _zero(tax)
        ids = list(tax.ids)
        pool, evals = _cut([r for r in usable(rows) if all(c in ids for c in r[1])], SEED)
        evals = evals[:EVAL_MAX]
        gold = [g for _, g in evals]
        enc = Encoded([t for t, _ in evals], analyzer.encoder)
        fs_emb = None if analyzer.fewshot_encoder is analyzer.encoder else enc.units.embed(analyzer.fewshot_encoder)
        runs: dict[str, list[dict[str, float]]] = {"matcher": [], "blend": []}
        for sd in seeds:
            shots = with_examples(tax, draw_shots(pool, ids, sd))
            for key, logistic in (("matcher", False), ("blend", True)):
                et = EncodedTaxonomy.build(shots, analyzer.encoder, logistic=logistic,
                                           fewshot_encoder=analyzer.fewshot_encoder if logistic else None)
                sel = analyzer.matcher.score(enc.emb, enc.units.texts, enc.units.starts, et,
                                             fs_emb if et.own_space else None).selected
                runs[key].append(micro_f1(sel, gold, ids))
        r: dict[str, object] = {"n": len(gold), "themes": len(ids)}
        for key, rr in runs.items():
            r[key] = {m: round(float(np.mean([x[m] for x in rr])), 4) for m in ("p", "r", "f1")}
        results[name] = r
        print(f"  {name}: matcher {r['matcher']['f1']}  blend {r['blend']['f1']}", flush=True)  # type: ignore[index]
    rows = [[n, r["n"], k, r[k]["p"], r[k]["r"], r[k]["f1"]]  # type: ignore[index]
            for n, r in results.items() for k in ("matcher", "blend")]
    print(md_table(["dev set", "n", "system", "micro-P", "micro-R", "micro-F1"], rows))
    means = {k: round(float(np.mean([r[k]["f1"] for r in results.values()])), 4)  # type: ignore[index]
             for k in ("matcher", "blend")}
    print(f"\nmean 8-shot micro-F1 over {len(results)} dev sets: matcher {means['matcher']}, blend {means['blend']} "
          f"(margin {means['blend'] - means['matcher']:+.4f})")
    cmd = ["python benchmarks/fewshot_blend_dev.py", *(argv if argv is not None else sys.argv[1:])]
    out = {"command": " ".join(cmd),
           "rule": {"blend": analyzer.matcher.blend, "threshold": FEWSHOT_THRESHOLD, "fallback": FEWSHOT_FALLBACK,
                    "logistic_encoder": "base" if fs_emb is not None else "model"},
           "seeds": seeds, "model": analyzer.model_info, "machine": machine_info(), "code": code_fingerprint(),
           "seconds": round(time.perf_counter() - t0, 1), "mean_f1": means, "results": results}
    if args.json:
        write_results(args.json, out, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
