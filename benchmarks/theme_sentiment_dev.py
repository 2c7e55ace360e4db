"""Theme sentiment on found themes vs the weight of the whole comment (``Analyzer.theme_context``), DEV data only.

Sets: the seed corpus dev split (model's own taxonomy), MAMS-ACSA train (every sentence has ≥ 2 categories,
often of opposite polarity) and SemEval-2016 restaurants train (entities), the last two 8-shot with the
benchmark taxonomies of ``accuracy.py`` (first 1,000 sentences after the shot pool, as in ``fewshot_dev.py``).
With ``--retrain``, the theme-sentiment head is also refitted on the seed train split (the shipped theme head
picks the evidence clauses) from the pairs as before and with the clause-alone pairs
(``training.trainer._theme_sentiment_pairs(alone=True)``), each measured at every weight.

With ``--conflict T ...`` the shipped head is measured instead at each conflict threshold (a theme is ``conflict``
when one of its clauses is ≥ T positive and another ≥ T negative; 1 never), with how many conflicts it predicts
and how many of those the gold labels share.

    python benchmarks/theme_sentiment_dev.py [--weights 1 0.5 0.25 0] [--retrain]
    python benchmarks/theme_sentiment_dev.py --conflict 0.6 0.7 0.8 0.9 1 --json benchmarks/results/conflict_dev.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from _common import machine_info, md_table, require_data
from _datasets import SEED, read_categories
from accuracy import MAMS, SEMEVAL_ENTITY, draw_shots, with_examples
from fewshot_dev import _cut

from nlp.classifiers.heads import Head
from nlp.classifiers.sentiment import lexicon_features, theme_sentiment_features
from nlp.metrics import theme_metrics
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, parse_taxonomy
from training import estimators
from training.config import TrainConfig, load_config
from training.datasets import read_seed_corpus
from training.matcher import Encoded
from training.split import split_indices
from training.trainer import _theme_sentiment_pairs


def refit(analyzer: Analyzer, cfg: TrainConfig, seed: object, tr: np.ndarray, alone: bool) -> Head:
    """The theme-sentiment head as ``training.trainer.train_theme_sentiment`` fits it, on the seed train split."""
    enc = Encoded(seed["text"].astype(str).tolist(), analyzer.encoder)  # type: ignore[index]
    c, w, labels = _theme_sentiment_pairs(analyzer.taxonomy, seed, enc, analyzer.themes.head, tr,  # type: ignore[arg-type]
                                          alone=alone)
    x = theme_sentiment_features(enc.emb[c], enc.emb[w], lexicon_features([enc.units.texts[u] for u in c]))
    return estimators.fit_sentiment(x, labels, np.ones(len(labels)), cfg.sentiment_C, cfg.seed)


DevSet = tuple[str, Taxonomy | None, list[str], list[dict[str, str]], tuple[str, ...]]


def dev_sets(analyzer: Analyzer, data: Path, cfg: TrainConfig) -> tuple[Any, np.ndarray, list[DevSet]]:
    """The seed corpus (deduplicated), its train-split rows and the dev sets: (name, taxonomy — None for the
    model's own —, texts, gold theme labels, theme ids) for the seed dev split, MAMS-ACSA train and SemEval-16
    restaurants train (entities), the last two 8-shot."""
    seed = read_seed_corpus(cfg.seed_corpus)
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    tr, dv, _ = split_indices(seed, cfg.dev_fraction, cfg.test_fraction, cfg.seed)
    sets: list[DevSet] = [("seed dev split", None, seed["text"].astype(str).iloc[dv].tolist(),
                           list(seed["themes"].iloc[dv]), tuple(analyzer.taxonomy.ids))]
    r16 = data / "semeval2016-task5" / "ABSA16_Restaurants_Train_SB1_v2.xml"
    for name, yaml_text, rows in (("MAMS-ACSA train", MAMS, read_categories(data / "mams-acsa" / "train.xml",
                                                                             "aspectCategory")),
                                  ("SemEval-16 rest train (entity)", SEMEVAL_ENTITY,
                                   read_categories(r16, "Opinion", True))):
        tax = parse_taxonomy(yaml_text)
        pool, evals = _cut(rows, SEED)
        sets.append((name, with_examples(tax, draw_shots(pool, tax.ids, SEED)), [t for t, _ in evals],
                     [g for _, g in evals], tuple(tax.ids)))
    return seed, tr, sets


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--model", default=None)
    ap.add_argument("--weights", type=float, nargs="+", default=[1.0, 0.5, 0.25, 0.0])
    ap.add_argument("--retrain", action="store_true", help="also refit the head with/without clause-alone pairs")
    ap.add_argument("--conflict", type=float, nargs="+", metavar="T",
                    help="measure these conflict thresholds (shipped head, context 1) instead of the weights")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    data = require_data()
    analyzer = Analyzer.load(args.model)
    cfg = load_config("training/configs/default.toml")
    seed, tr, sets = dev_sets(analyzer, data, cfg)
    heads = {"shipped head": analyzer.theme_sentiment}
    if args.retrain:
        heads["refit, pairs as before"] = refit(analyzer, cfg, seed, tr, alone=False)
        heads["refit, + clause-alone pairs"] = refit(analyzer, cfg, seed, tr, alone=True)
    if args.conflict:
        return conflict_sweep(analyzer, sets, args.conflict, args.json, argv)
    out: dict[str, dict[str, object]] = {}
    for name, tax, texts, gold, ids in sets:
        for hname, head in heads.items():
            analyzer.theme_sentiment = head
            for w in args.weights:
                analyzer.theme_context = w
                m = theme_metrics(gold, analyzer.analyze(texts, taxonomy=tax), ids)
                out.setdefault(name, {})[f"{hname}, context {w}"] = {
                    k: m[k] for k in ("theme_sentiment_accuracy", "theme_sentiment_n", "micro_f1")}
        print(f"  {name} done", flush=True)
    rows = [[ds, k, v["theme_sentiment_accuracy"], v["theme_sentiment_n"]] for ds, r in out.items()
            for k, v in r.items()]
    print(md_table(["dev set", "head, whole-comment weight", "theme-sentiment acc", "n"], rows))
    if args.json:
        write_json(args.json, out, argv)
    return 0


def conflict_sweep(analyzer: Analyzer, sets: list[Any], thresholds: Sequence[float], json_path: Path | None,
                   argv: Sequence[str] | None) -> int:
    """Theme-sentiment accuracy on found themes at each conflict threshold, with predicted / right conflicts."""
    out: dict[str, dict[str, object]] = {}
    for name, tax, texts, gold, ids in sets:
        for t in thresholds:
            analyzer.conflict_threshold = t
            res = analyzer.analyze(texts, taxonomy=tax)
            m = theme_metrics(gold, res, ids)
            hits = [(h, g) for r, g in zip(res, gold, strict=True) for h in r.themes if h.sentiment == "conflict"]
            out.setdefault(name, {})[f"conflict {t:g}"] = {
                "theme_sentiment_accuracy": m["theme_sentiment_accuracy"], "theme_sentiment_n": m["theme_sentiment_n"],
                "conflicts_predicted": len(hits), "conflicts_right": sum(g.get(h.id) == "conflict" for h, g in hits),
                "gold_conflicts": sum(v == "conflict" for g in gold for v in g.values())}
        print(f"  {name} done", flush=True)
    rows = [[ds, k, v["theme_sentiment_accuracy"], v["conflicts_right"], v["conflicts_predicted"], v["gold_conflicts"]]
            for ds, r in out.items() for k, v in r.items()]
    print(md_table(["dev set", "threshold", "theme-sentiment acc", "conflicts right", "predicted", "gold"], rows))
    if json_path:
        write_json(json_path, out, argv)
    return 0


def write_json(path: Path, results: dict[str, dict[str, object]], argv: Sequence[str] | None) -> None:
    """The results with the command that made them and the machine."""
    command = " ".join(["python benchmarks/theme_sentiment_dev.py", *(argv if argv is not None else sys.argv[1:])])
    path.write_text(json.dumps({"command": command, "machine": machine_info(), "results": results}, indent=2))


if __name__ == "__main__":
    raise SystemExit(main())
