"""8-shot theme micro-F1 without and with ``npslens taxonomy fit``, on DEV data only.

Never reads a public test split: the train files of SemEval-2014 restaurants, SemEval-2016 restaurants (E#A),
SemEval-2015 and SemEval-2016 laptops (entity) and MAMS-ACSA, each cut (seed 13) into a 600-sentence shot pool and
up to 700 evaluation sentences, as ``fewshot_blend_dev.py`` cuts them; 8 shots per theme drawn as in
``baselines.py`` (same seeds). Per draw, ``plain`` is ``Analyzer.analyze`` with the taxonomy of descriptions + the
drawn examples; ``fit`` runs ``training.taxonomy_fit.fit_taxonomy`` (the command's code; ``--steps``,
``--example-as-theme``, ``--distill`` and ``--lr`` override its defaults) into a temporary folder and repeats the same
call, which then reads the fit.

    python benchmarks/taxonomy_fit_dev.py [--model PATH] [--seeds 3] [--sets laptops,MAMS] [--steps N]
        [--example-as-theme P] [--distill W] [--lr LR] [--json benchmarks/results/taxonomy_fit_dev.json]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from _baseline_data import usable
from _common import md_table, require_data, run_record, write_results
from _datasets import SEED
from accuracy import draw_shots, with_examples
from fewshot_blend_dev import EVAL_MAX, dev_sets
from fewshot_dev import _cut, _zero

from nlp.pipeline import Analyzer
from training.taxonomy_fit import FitConfig, fit_taxonomy


def prf(pred: Sequence[set[str]], gold: Sequence[dict[str, str]]) -> dict[str, float]:
    tp = sum(len(p & set(g)) for p, g in zip(pred, gold, strict=True))
    n_pred, n_gold = sum(len(p) for p in pred), sum(len(g) for g in gold)
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--model", default=None, help="model folder or registry version (default: champion)")
    ap.add_argument("--seeds", type=int, default=3, help="shot draws (default 3)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sets", default="", help="comma list: only dev sets whose name contains one of these")
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--example-as-theme", type=float, default=None)
    ap.add_argument("--distill", type=float, default=None)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    over = {k: v for k, v in (("steps", args.steps), ("example_as_theme", args.example_as_theme),
                              ("distill", args.distill), ("learning_rate", args.lr)) if v is not None}
    cfg = FitConfig(threads=args.threads, **over)
    data = require_data()
    t0 = time.perf_counter()
    an = Analyzer.load(args.model, threads=args.threads)
    an.fits_dir = None
    seeds = [SEED + i for i in range(args.seeds)]
    results: dict[str, Any] = {}
    for name, tax, rows in dev_sets(data):
        if args.sets and not any(s.strip().casefold() in name.casefold() for s in args.sets.split(",")):
            continue
        tax = _zero(tax)
        ids = list(tax.ids)
        pool, evals = _cut([r for r in usable(rows) if all(c in ids for c in r[1])], SEED)
        evals = evals[:EVAL_MAX]
        texts, gold = [t for t, _ in evals], [g for _, g in evals]
        runs: dict[str, list[dict[str, float]]] = {"plain": [], "fit": []}
        fit_s: list[float] = []
        for sd in seeds:
            shots = with_examples(tax, draw_shots(pool, ids, sd))
            runs["plain"].append(prf([{h.id for h in r.themes} for r in an.analyze(texts, taxonomy=shots)], gold))
            with tempfile.TemporaryDirectory(prefix="npslens-fit-dev-") as tmp:
                t1 = time.perf_counter()
                fit_taxonomy(an, shots, cfg, root=Path(tmp), log=lambda m: None)
                fit_s.append(time.perf_counter() - t1)
                an.fits_dir = Path(tmp)
                runs["fit"].append(prf([{h.id for h in r.themes} for r in an.analyze(texts, taxonomy=shots)], gold))
                an.fits_dir = None
            print(f"  {name} seed {sd}: plain {runs['plain'][-1]['f1']}  fit {runs['fit'][-1]['f1']} "
                  f"({fit_s[-1]:.0f} s fit)", flush=True)
        r: dict[str, Any] = {"n": len(gold), "themes": len(ids), "fit_seconds_mean": round(float(np.mean(fit_s)), 1),
                             "by_seed": {k: [x["f1"] for x in v] for k, v in runs.items()}}
        for k, rr in runs.items():
            r[k] = {m: round(float(np.mean([x[m] for x in rr])), 4) for m in ("p", "r", "f1")}
        results[name] = r
    table = md_table(["dev set", "n", "plain P/R", "plain F1", "fit P/R", "fit F1", "margin", "draws up",
                      "fit s"], [
        [n, r["n"], f"{r['plain']['p']}/{r['plain']['r']}", r["plain"]["f1"], f"{r['fit']['p']}/{r['fit']['r']}",
         r["fit"]["f1"], f"{r['fit']['f1'] - r['plain']['f1']:+.4f}",
         f"{sum(b > a for a, b in zip(r['by_seed']['plain'], r['by_seed']['fit'], strict=True))}/{len(seeds)}",
         r["fit_seconds_mean"]] for n, r in results.items()])
    print("\n" + table)
    means = {k: round(float(np.mean([r[k]["f1"] for r in results.values()])), 4) for k in ("plain", "fit")}
    print(f"\nmean 8-shot micro-F1 over {len(results)} dev sets × {len(seeds)} draws: plain {means['plain']}, "
          f"fit {means['fit']} ({means['fit'] - means['plain']:+.4f}); fit config {cfg.model_dump()}")
    if args.json:
        write_results(args.json, run_record("taxonomy_fit_dev.py", argv, t0, seeds=seeds, model=an.model_info,
                                            fit_config=cfg.model_dump(), mean_f1=means, results=results),
                      ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
