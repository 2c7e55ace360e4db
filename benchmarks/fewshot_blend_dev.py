"""8-shot theme micro-F1 with and without the per-taxonomy logistic head blended into the matcher, on DEV data only.

Never reads a public test split: the train files of SemEval-2014 restaurants, SemEval-2016 restaurants (E#A),
SemEval-2015 and SemEval-2016 laptops (entity) and MAMS-ACSA, each cut (seed 13) into a 600-sentence shot pool and
up to 700 evaluation sentences; 8 shots per theme drawn as in ``baselines.py`` (same seeds). Every row scores the
same encoded sentences with the same matcher; ``blend`` is the shipped rule (``nlp.classifiers.themes``:
the model's ``fewshot_blend`` × matcher + the rest × logistic head, cut ``fewshot_threshold``, top-1 fallback
``FEWSHOT_FALLBACK``; the head reads the model's ``fewshot_encoder`` and is fitted with its ``fewshot_balance``),
``matcher`` the matcher alone with its own threshold and fallback. ``--balance``, ``--threshold`` and ``--split``
compare other class balances, cuts and example handling (``split``: an example listed under several themes is split
into the clause that speaks of each) and ``--lexical`` weights of the head's TF-IDF twin side by side;
``--listing single`` lists each shot only under the category it was drawn for instead of under every category it
carries.

    python benchmarks/fewshot_blend_dev.py [--model PATH] [--seeds 3] [--balance B ...] [--threshold T ...]
        [--split no yes] [--lexical W ...] [--listing all single] [--json benchmarks/results/fewshot_blend_dev.json]
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
from _datasets import SEED, Row, read_categories
from accuracy import MAMS, SEMEVAL14, SEMEVAL_EA, draw_shots, with_examples
from fewshot_dev import _cut, _zero, micro_f1

from nlp.classifiers.themes import FEWSHOT_FALLBACK, EncodedTaxonomy
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, Theme, parse_taxonomy
from training.matcher import Encoded

EVAL_MAX = 700


def dev_sets(data: Path) -> list[tuple[str, Taxonomy, list[Row]]]:
    lap = parse_taxonomy(LAPTOP_ENTITY)
    return [
        ("SemEval-14 rest train", parse_taxonomy(SEMEVAL14),
         read_categories(data / "semeval2014-task4" / "Restaurants_Train_v2.xml", "aspectCategory")),
        ("SemEval-16 rest train (E#A)", parse_taxonomy(SEMEVAL_EA),
         read_categories(data / "semeval2016-task5" / "ABSA16_Restaurants_Train_SB1_v2.xml", "Opinion")),
        *((name, lap, read_categories(path, "Opinion", True)) for name, path in laptop_train_files(data).items()),
        ("MAMS-ACSA train", parse_taxonomy(MAMS), read_categories(data / "mams-acsa" / "train.xml", "aspectCategory")),
    ]


def single_listing(tax: Taxonomy, shots: dict[str, list[Row]]) -> Taxonomy:
    """``tax`` with each drawn shot listed only under the category it was drawn for (as a user's YAML often
    lists an example under one theme), the counterpart of ``accuracy.with_examples``."""
    ex = {t.id: tuple(text for text, _ in shots.get(t.id, [])) for t in tax.themes}
    return Taxonomy(name=f"{tax.name}-single", themes=tuple(
        Theme(id=t.id, label=t.label, description=t.description, examples=ex[t.id]) for t in tax.themes))


LISTINGS = {"all": with_examples, "single": single_listing}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--model", default=None, help="model folder or registry version (default: champion)")
    ap.add_argument("--seeds", type=int, default=3, help="shot draws (default 3)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--balance", type=float, nargs="+", default=None,
                    help="class balance(s) of the logistic head to compare (default: the model's fewshot_balance)")
    ap.add_argument("--threshold", type=float, nargs="+", default=None,
                    help="cut(s) of the blend to compare (default: the model's fewshot_threshold)")
    ap.add_argument("--split", nargs="+", choices=["no", "yes"], default=None,
                    help="fit the logistic head on whole examples (no) or split multi-theme examples into clauses "
                         "(yes); default: the model's fewshot_split")
    ap.add_argument("--lexical", type=float, nargs="+", default=None,
                    help="weight(s) of the logistic head's TF-IDF twin to compare (0: none; default: the model's "
                         "fewshot_lexical)")
    ap.add_argument("--mix", type=float, nargs="+", default=None,
                    help="weight(s) of the matcher against the logistic head to compare (default: the model's "
                         "fewshot_blend)")
    ap.add_argument("--listing", nargs="+", choices=sorted(LISTINGS), default=["all"],
                    help="all: a shot is an example of every category it carries; single: only of the one it was "
                         "drawn for (default: all)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    if args.mix and any(not 0 <= x <= 1 for x in args.mix):
        ap.error("--mix takes weights in [0, 1]")
    data = require_data()
    t0 = time.perf_counter()
    analyzer = Analyzer.load(args.model, threads=args.threads)
    m = analyzer.matcher
    balances = args.balance or [m.fewshot_balance]
    cuts = args.threshold or [m.fewshot_threshold]
    splits = [v == "yes" for v in args.split] if args.split else [m.fewshot_split]
    lexicals = args.lexical or [m.fewshot_lexical]
    if any(w > 0 for w in lexicals) and analyzer.tfidf is None:
        ap.error("--lexical above 0 needs a model with TF-IDF features (this one has none)")
    mixes = args.mix or [m.blend]
    weighted = {(w, x): copy.copy(m) for w in lexicals for x in mixes}
    for (w, x), mm in weighted.items():
        mm.fewshot_lexical, mm.blend = w, x
    seeds = [SEED + i for i in range(args.seeds)]

    def blend_key(lst: str, b: float, c: float, sp: bool, w: float, x: float) -> str:
        return (f"{lst}: blend b={b:g} cut={c:g}" + (" split" if sp else "") + (f" lex={w:g}" if w > 0 else "")
                + (f" mix={x:g}" if len(mixes) > 1 else ""))

    systems = [f"{lst}: matcher" for lst in args.listing] + [
        blend_key(lst, b, c, sp, w, x) for lst in args.listing for sp in splits for b in balances for w in lexicals
        for x in mixes for c in cuts]
    results: dict[str, dict[str, object]] = {}
    for name, tax, rows in dev_sets(data):
        tax = _zero(tax)
        ids = list(tax.ids)
        pool, evals = _cut([r for r in usable(rows) if all(c in ids for c in r[1])], SEED)
        evals = evals[:EVAL_MAX]
        gold = [g for _, g in evals]
        enc = Encoded([t for t, _ in evals], analyzer.encoder)
        fs_emb = None if analyzer.fewshot_encoder is analyzer.encoder else enc.units.embed(analyzer.fewshot_encoder)
        lex = analyzer.tfidf.transform(enc.units.texts) if analyzer.tfidf is not None else None
        runs: dict[str, list[dict[str, float]]] = {k: [] for k in systems}
        for sd in seeds:
            drawn = draw_shots(pool, ids, sd)
            for lst in args.listing:
                shots = LISTINGS[lst](tax, drawn)
                et = EncodedTaxonomy.build(shots, analyzer.encoder, logistic=False)
                sel = m.score(enc.emb, enc.units.texts, enc.units.starts, et).selected
                runs[f"{lst}: matcher"].append(micro_f1(sel, gold, ids))
                for sp in splits:
                    for b in balances:
                        et = EncodedTaxonomy.build(shots, analyzer.encoder, fewshot_encoder=analyzer.fewshot_encoder,
                                                   balance=b, splitter=m if sp else None,
                                                   lexical=analyzer.tfidf if any(lexicals) else None)
                        for (w, x), mm in weighted.items():
                            comment = mm.score(enc.emb, enc.units.texts, enc.units.starts, et,
                                               fs_emb if et.own_space else None, lex).comment
                            for c in cuts:
                                sel = m.select(comment, c, FEWSHOT_FALLBACK)
                                runs[blend_key(lst, b, c, sp, w, x)].append(micro_f1(sel, gold, ids))
        r: dict[str, object] = {"n": len(gold), "themes": len(ids)}
        for key, rr in runs.items():
            r[key] = {k: round(float(np.mean([x[k] for x in rr])), 4) for k in ("p", "r", "f1")}
        results[name] = r
        print(f"  {name}: " + "  ".join(f"{k} {r[k]['f1']}" for k in systems), flush=True)  # type: ignore[index]
    rows = [[n, r["n"], k, r[k]["p"], r[k]["r"], r[k]["f1"]]  # type: ignore[index]
            for n, r in results.items() for k in systems]
    print(md_table(["dev set", "n", "system", "micro-P", "micro-R", "micro-F1"], rows))
    means = {k: round(float(np.mean([r[k]["f1"] for r in results.values()])), 4)  # type: ignore[index]
             for k in systems}
    print(f"\nmean 8-shot micro-F1 over {len(results)} dev sets (model {analyzer.model_info['version']}: "
          f"balance {m.fewshot_balance:g}, cut {m.fewshot_threshold:g}, blend {m.blend:g}, split {m.fewshot_split}, "
          f"lexical {m.fewshot_lexical:g}):")
    print(md_table(["system", "mean micro-F1"], [[k, v] for k, v in means.items()]))
    rule = {"blend": m.blend, "fallback": FEWSHOT_FALLBACK, "model_balance": m.fewshot_balance,
            "model_threshold": m.fewshot_threshold, "model_split": m.fewshot_split, "model_lexical": m.fewshot_lexical,
            "logistic_encoder": "base" if analyzer.fewshot_encoder is not analyzer.encoder else "model"}
    if args.json:
        write_results(args.json, run_record("fewshot_blend_dev.py", argv, t0, rule=rule, seeds=seeds,
                                            model=analyzer.model_info, mean_f1=means, results=results),
                      ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
