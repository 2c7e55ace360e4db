"""Retraining options side by side on DEV data only: encoder fine-tuning and threshold shrinking.

Never reads a public test split. Each set is a train file (SemEval-2014 restaurants, SemEval-2016 restaurants
E#A, SemEval-2016 laptops entity, MAMS-ACSA) cut by a hash of the sentence (crc32 % 4 == 0 → held out, 25%);
`npslens train`'s code (``training.retrain.retrain``) trains on the rest, warm-started from the base model,
once per variant, and every variant is scored on the same held-out sentences with the same rule (the retrained
model's own stored thresholds). Variants are ``TrainConfig`` settings:

- ``never``: the encoder is kept (``encoder_finetune="never"``), per-theme thresholds (``threshold_shrink=0``);
- ``always``: the encoder is fine-tuned on the train rows first (``encoder_finetune="always"``);
- ``+shrinkN``: per-theme thresholds pulled toward one shared threshold with weight N (``threshold_shrink=N``);
- ``+key=value``: any other ``TrainConfig`` setting (e.g. ``+themes_lex_weight=0.5``; a list as
  ``+themes_lex_weight_grid=0.2/0.3/0.5``).

    python benchmarks/retrain_dev.py [--model PATH] [--variants never,always,...] [--sets S14,S16,LAP16,MAMS]
                                     [--json benchmarks/results/retrain_dev.json]

The research-licensed sentences and the trained models stay in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
import typing
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from _baseline_data import LAPTOP_ENTITY, usable
from _common import code_fingerprint, machine_info, md_table, require_data, write_results
from _datasets import Row, read_categories
from accuracy import MAMS, SEMEVAL14, SEMEVAL_EA
from retrain import dedupe, write

from nlp.metrics import theme_metrics
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, parse_taxonomy
from training.config import TrainConfig
from training.retrain import retrain

VARIANTS = ("never", "always", "never+shrink20", "always+shrink20")


def dev_sets(data: Path) -> dict[str, tuple[str, Taxonomy, list[Row]]]:
    s16 = data / "semeval2016-task5"
    return {
        "S14": ("SemEval-14 rest train", parse_taxonomy(SEMEVAL14),
                read_categories(data / "semeval2014-task4" / "Restaurants_Train_v2.xml", "aspectCategory")),
        "S16": ("SemEval-16 rest train (E#A)", parse_taxonomy(SEMEVAL_EA),
                read_categories(s16 / "ABSA16_Restaurants_Train_SB1_v2.xml", "Opinion")),
        "LAP16": ("SemEval-16 laptops train (entity)", parse_taxonomy(LAPTOP_ENTITY),
                  read_categories(s16 / "ABSA16_Laptops_Train_SB1_v2.xml", "Opinion", True)),
        "MAMS": ("MAMS-ACSA train", parse_taxonomy(MAMS),
                 read_categories(data / "mams-acsa" / "train.xml", "aspectCategory")),
    }


def held_out(text: str) -> bool:
    """The frozen 25% dev cut: a hash of the sentence, so it does not move when rows are added or reordered."""
    return zlib.crc32(text.strip().casefold().encode()) % 4 == 0


def config(variant: str) -> TrainConfig:
    """``never|always|auto`` then ``+``-joined extras: ``shrinkN`` (threshold_shrink N) or any ``key=value`` TrainConfig
    setting, e.g. ``always+shrink20+themes_lex_weight=0.5``; ``/`` separates the items of a list setting
    (``themes_lex_weight_grid=0.2/0.3/0.5``)."""
    ft, *extras = variant.split("+")
    if ft not in ("never", "always", "auto"):
        raise SystemExit(f"unknown variant {variant!r}: start with never|always|auto, then +shrinkN or +key=value")
    settings: dict[str, Any] = {"threshold_shrink": 0.0}
    for x in extras:
        if x.startswith("shrink") and "=" not in x:
            settings["threshold_shrink"] = float(x[len("shrink"):])
        elif "=" in x:
            key, _, value = x.partition("=")
            field = TrainConfig.model_fields.get(key)
            is_list = field is not None and typing.get_origin(field.annotation) is list
            settings[key] = value.split("/") if is_list else value  # a/b/c: a list setting; paths stay whole
        else:
            raise SystemExit(f"unknown part {x!r} of variant {variant!r}: use shrinkN or key=value")
    try:
        return TrainConfig(base_public_sets=False, min_examples_warn=10, min_examples_error=3, encoder_finetune=ft,
                           **settings)
    except ValueError as e:
        raise SystemExit(f"variant {variant!r}: {e}") from e


def keep_cols(m: dict[str, Any]) -> dict[str, Any]:
    return {k: m[k] for k in ("micro_precision", "micro_recall", "micro_f1", "macro_f1", "theme_sentiment_accuracy",
                              "theme_sentiment_n")}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--model", default=None, help="base model folder or registry version (default: champion)")
    ap.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated (default {','.join(VARIANTS)})")
    ap.add_argument("--sets", default="S14,S16,LAP16,MAMS", help="comma-separated set keys (default all four)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    for v in variants:
        config(v)
    data = require_data()
    t0 = time.perf_counter()
    base = Analyzer.load(args.model)
    sets = dev_sets(data)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="npslens-retrain-dev-") as tmp:
        for key in [k.strip() for k in args.sets.split(",")]:
            name, tax, rows = sets[key]
            ids = set(tax.ids)
            rows = [r for r in usable(rows) if set(r[1]) <= ids]
            train, dropped = dedupe([r for r in rows if not held_out(r[0])])
            dev = [r for r in rows if held_out(r[0])]
            texts, gold = [t for t, _ in dev], [g for _, g in dev]
            work = Path(tmp) / key
            work.mkdir()
            (work / "taxonomy.yaml").write_text(tax.to_yaml())
            write(train, work / "train.jsonl")
            write(dev, work / "dev.jsonl")
            res_set: dict[str, Any] = {"name": name, "train": len(train), "dev": len(dev), "themes": len(ids),
                                       "train_dropped_conflicting_duplicates": dropped, "variants": {}}
            for v in variants:
                print(f"{name}: {v} …", flush=True)
                t1 = time.perf_counter()
                res = retrain([work / "train.jsonl"], taxonomy=work / "taxonomy.yaml", base_model=str(base.path),
                              config=config(v), eval_data=work / "dev.jsonl", output=work / v, version="0.0.0",
                              register_model=False, log=lambda m: None)
                seconds = time.perf_counter() - t1
                assert res.analyzer is not None
                m = keep_cols(theme_metrics(gold, res.analyzer.analyze(texts), tax.ids))
                ft = res.metrics.get("encoder_finetune") or {}
                lex_weight = res.analyzer.themes.lex_weight
                res_set["variants"][v] = m | {"seconds": round(seconds, 1), "themes_lex_weight": lex_weight,
                                              "finetune_seconds": ft.get("seconds"), "finetune_steps": ft.get("steps")}
                print(f"  micro-F1 {m['micro_f1']:.4f}  theme-sent {m['theme_sentiment_accuracy']}  "
                      f"themes_lex_weight {lex_weight}  ({seconds:.0f} s)", flush=True)
            results[key] = res_set
    rows_out = [[r["name"], r["train"], r["dev"], v, m["micro_precision"], m["micro_recall"], f"{m['micro_f1']:.4f}",
                 m["theme_sentiment_accuracy"], m["seconds"]]
                for r in results.values() for v, m in r["variants"].items()]
    table = md_table(["dev set", "train", "dev", "variant", "micro-P", "micro-R", "micro-F1", "theme-sent acc",
                      "train s"], rows_out)
    means = {v: round(float(np.mean([r["variants"][v]["micro_f1"] for r in results.values()])), 4) for v in variants}
    first = variants[0]
    margins = {v: round(means[v] - means[first], 4) for v in variants[1:]}
    wins = {v: f"{sum(r['variants'][v]['micro_f1'] > r['variants'][first]['micro_f1'] for r in results.values())}"
               f"/{len(results)}" for v in variants[1:]}
    print("\n" + table)
    print(f"\nmean micro-F1 over {len(results)} dev sets: "
          + ", ".join(f"{v} {means[v]}" + (f" ({margins[v]:+.4f} vs {first}, wins {wins[v]})" if v in margins else "")
                      for v in variants))
    command = "python benchmarks/retrain_dev.py" + "".join(f" {shlex.quote(a)}" for a in (argv or sys.argv[1:]))
    out = {"command": command, "model": base.model_info, "machine": machine_info(), "code": code_fingerprint(),
           "split": "crc32(casefolded sentence) % 4 == 0 held out", "seconds": round(time.perf_counter() - t0, 1),
           "mean_micro_f1": means, "margin_vs_first": margins, "wins_vs_first": wins, "sets": results}
    if args.json:
        write_results(args.json, out, ensure_ascii=False)
    else:
        print(json.dumps({"mean_micro_f1": means}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
