"""Zero-shot and 8-shot theme micro-F1 of taxonomy matchers, side by side, on DEV data only.

Never reads a public test split: SemEval-2014 restaurants (train file), SemEval-2016 restaurants (train file),
MAMS-ACSA (train file) are each cut into a shot pool and an evaluation part; plus the seed corpus's test
split (never in matcher episodes) and, when the generated corpus exists, its ``heldout_industry`` rows.

Matchers compared on the same encoded sentences, taxonomies, shots (same seeds) and decode rule:

* ``shipped``: the matcher head of the model as shipped (16 features);
* ``v1-retrained``: the 16 old features, re-meta-trained by today's episode code on the seed corpus;
* ``fewshot-retrained``: 16 + 4 few-shot-head features (:mod:`nlp.classifiers.fewshot`), same episodes;
* one more ``fewshot-retrained`` row per extra episode source given with ``--sources`` (e.g. cfpb, corpus);
* the last of these once more without the top-1 fallback of the decode rule (threshold only);
* ``fewshot-head-only`` (8-shot only): the per-taxonomy head alone, top-1 plus any theme over its LOO threshold.

    python benchmarks/fewshot_dev.py [--seeds 3] [--sources cfpb] [--json benchmarks/results/fewshot_dev.json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from _common import ROOT, md_table, require_data, run_record, write_results
from _datasets import SEED, Row, read_categories
from accuracy import MAMS, SEMEVAL14, SEMEVAL_EA, SEMEVAL_ENTITY, draw_shots, with_examples

from nlp.classifiers.heads import Head
from nlp.classifiers.themes import MATCHER_FEATURES_V1, EncodedTaxonomy, TaxonomyMatcher, segment_max
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, Theme, default_taxonomy, parse_taxonomy
from training import estimators
from training.config import load_config
from training.datasets import read_seed_corpus
from training.episodes import extra_sources
from training.matcher import MATCHER_FALLBACK_SHARE, Encoded, _episodes, seed_source, tune_decode
from training.split import split_indices

POOL = 600  # sentences of each train file kept as the shot pool
EVAL_MAX = 1000  # evaluation sentences per set (random, seeded)


class DevSet:
    """Sentences of one dev set, encoded once, with a taxonomy and a shot pool."""

    def __init__(self, name: str, tax: Taxonomy, pool: list[Row], evals: list[Row], analyzer: Analyzer) -> None:
        self.name, self.tax, self.pool = name, tax, pool
        self.gold = [g for _, g in evals]
        self.enc = Encoded([t for t, _ in evals], analyzer.encoder)


def _cut(rows: list[Row], seed: int) -> tuple[list[Row], list[Row]]:
    rows = [r for r in rows if r[0]]
    order = np.random.default_rng(seed).permutation(len(rows))
    pool = [rows[i] for i in order[:POOL]]
    evals = [rows[i] for i in sorted(order[POOL : POOL + EVAL_MAX])]
    return pool, evals


def dev_sets(data: Path, analyzer: Analyzer, seed_rows: tuple[list[Row], list[Row]]) -> list[DevSet]:
    s14 = read_categories(data / "semeval2014-task4" / "Restaurants_Train_v2.xml", "aspectCategory")
    r16 = data / "semeval2016-task5" / "ABSA16_Restaurants_Train_SB1_v2.xml"
    mams = read_categories(data / "mams-acsa" / "train.xml", "aspectCategory")
    sets = [("SemEval-14 rest train", parse_taxonomy(SEMEVAL14), _cut(s14, SEED)),
            ("SemEval-16 rest train (E#A)", parse_taxonomy(SEMEVAL_EA), _cut(read_categories(r16, "Opinion"), SEED)),
            ("SemEval-16 rest train (entity)", parse_taxonomy(SEMEVAL_ENTITY),
             _cut(read_categories(r16, "Opinion", True), SEED)),
            ("MAMS-ACSA train", parse_taxonomy(MAMS), _cut(mams, SEED)),
            ("seed corpus test split", default_taxonomy(), seed_rows)]
    corpus = ROOT / "training" / "corpus" / "generated"
    if (corpus / "corpus-v1.jsonl").is_file() and (corpus / "themes-v1.jsonl").is_file():
        sets += heldout_sets(corpus)
    out = []
    for name, tax, (pool, evals) in sets:
        t0 = time.perf_counter()
        out.append(DevSet(name, _zero(tax), pool, evals, analyzer))
        print(f"  encoded {name}: {len(evals)} sentences, {time.perf_counter() - t0:.0f} s", flush=True)
    return out


def heldout_sets(folder: Path) -> list[tuple[str, Taxonomy, tuple[list[Row], list[Row]]]]:
    """One taxonomy per held-out industry of the generated corpus (its themes' descriptions)."""
    from training.episodes import _theme_id

    themes = {str(t.get("id") or t.get("theme")): t for t in map(json.loads, (folder / "themes-v1.jsonl").open())}
    rows = [r for r in map(json.loads, (folder / "corpus-v1.jsonl").open()) if r.get("split") == "heldout_industry"]
    out = []
    for ind in sorted({str(r.get("industry")) for r in rows}):
        keys = sorted({k for r in rows if r.get("industry") == ind for k in r.get("themes", {})})
        if len(keys) < 2:
            continue
        tax = Taxonomy(name=f"heldout-{ind}", themes=tuple(
            Theme(id=_theme_id(k), label=str(themes.get(k, {}).get("label") or k.split(".")[-1].replace("_", " ")),
                  description=str(themes.get(k, {}).get("description") or k)) for k in keys))
        ind_rows = [(str(r["text"]), {_theme_id(k): str(v) for k, v in r.get("themes", {}).items()})
                    for r in rows if r.get("industry") == ind]
        order = np.random.default_rng(SEED).permutation(len(ind_rows))
        n_pool = min(POOL, len(ind_rows) // 3)
        out.append((f"corpus heldout: {ind}", tax, ([ind_rows[i] for i in order[:n_pool]],
                                                    [ind_rows[i] for i in sorted(order[n_pool:])])))
    return out


def _zero(tax: Taxonomy) -> Taxonomy:
    return Taxonomy(name=tax.name, themes=tuple(Theme(id=t.id, label=t.label, description=t.description)
                                                for t in tax.themes))


def micro_f1(selected: np.ndarray, gold: Sequence[dict[str, str]], ids: Sequence[str]) -> dict[str, float]:
    y = np.array([[t in g for t in ids] for g in gold], dtype=bool)
    tp = float((selected & y).sum())
    p = tp / max(float(selected.sum()), 1.0)
    r = tp / max(float(y.sum()), 1.0)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def score_matcher(m: TaxonomyMatcher, ds: DevSet, et: EncodedTaxonomy) -> dict[str, float]:
    return micro_f1(m.score(ds.enc.emb, ds.enc.units.texts, ds.enc.units.starts, et).selected, ds.gold, ds.tax.ids)


def score_head_only(ds: DevSet, et: EncodedTaxonomy) -> dict[str, float]:
    """The few-shot head alone: per comment (max over its units), top theme + any over its LOO threshold."""
    assert et.fewshot is not None
    s = segment_max(et.fewshot.scores(ds.enc.emb), ds.enc.units.starts)
    sel = s >= et.fewshot.thresholds[None, :]
    sel[np.arange(len(s)), s.argmax(axis=1)] = True
    return micro_f1(sel, ds.gold, ds.tax.ids)


def retrain(analyzer: Analyzer, cfg_path: str, sources: list[str], features: int) -> TaxonomyMatcher:
    """Re-meta-train the matcher exactly as ``training.build`` does (same config, seed, seed-corpus split)."""
    cfg = load_config(cfg_path).model_copy(update={"matcher_sources": ["seed", *sources]})
    seed = read_seed_corpus(cfg.seed_corpus)
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    tr, dv, _ = split_indices(seed, cfg.dev_fraction, cfg.test_fraction, cfg.seed)
    enc = _seed_encoded(analyzer, seed)
    src = [seed_source(default_taxonomy(), seed, enc, tr, dv)]
    src += extra_sources(cfg, analyzer.encoder, lambda m: print("   ", m, flush=True))
    rng = np.random.default_rng(cfg.seed)
    train = _episodes(src, rng, cfg, analyzer.encoder, cfg.matcher_episodes, dev=False)
    dev = _episodes(src, rng, cfg, analyzer.encoder, max(10, cfg.matcher_episodes // 4), dev=True)
    if features != len(train[0][0][0, 0]):
        train = [(f[..., :features], y) for f, y in train]
        dev = [(f[..., :features], y) for f, y in dev]
    x = np.vstack([f.reshape(-1, features) for f, _ in train])
    y = np.concatenate([yy.reshape(-1) for _, yy in train])
    head: Head = estimators.fit_matcher(x, y, cfg.matcher_hidden, cfg.seed)
    thr, f1 = tune_decode(head, dev, MATCHER_FALLBACK_SHARE)
    print(f"    matcher ({features} features, sources seed+{sources}): dev-episode micro-F1 {f1:.3f} at {thr}",
          flush=True)
    return TaxonomyMatcher(head, thr, round(MATCHER_FALLBACK_SHARE * thr, 4))


_SEED_ENC: dict[int, Encoded] = {}


def _seed_encoded(analyzer: Analyzer, seed: Any) -> Encoded:
    if id(analyzer) not in _SEED_ENC:
        _SEED_ENC[id(analyzer)] = Encoded(seed["text"].astype(str).tolist(), analyzer.encoder)
    return _SEED_ENC[id(analyzer)]


def seed_test_rows(cfg_path: str) -> tuple[list[Row], list[Row]]:
    """(shot pool = seed train split, evaluation = seed test split) of the default build's split."""
    cfg = load_config(cfg_path)
    seed = read_seed_corpus(cfg.seed_corpus)
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    tr, _, te = split_indices(seed, cfg.dev_fraction, cfg.test_fraction, cfg.seed)
    rows = [(str(t), {k: str(v) for k, v in th.items()}) for t, th in zip(seed["text"], seed["themes"], strict=True)]
    return [rows[i] for i in tr], [rows[i] for i in te]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--model", default=None, help="model folder or registry version (default: champion)")
    ap.add_argument("--config", default="training/configs/default.toml", help="training config for re-training")
    ap.add_argument("--seeds", type=int, default=3, help="shot draws for the 8-shot rows (default 3)")
    ap.add_argument("--sources", nargs="*", default=["cfpb"], help="extra episode sources, each a further row")
    ap.add_argument("--json", type=Path, help="write all results here")
    args = ap.parse_args(argv)
    data = require_data()
    t0 = time.perf_counter()
    analyzer = Analyzer.load(args.model)
    print("encoding dev sets …", flush=True)
    sets = dev_sets(data, analyzer, seed_test_rows(args.config))
    print("re-training matchers …", flush=True)
    v1 = len(MATCHER_FEATURES_V1)
    matchers: dict[str, TaxonomyMatcher] = {"shipped": analyzer.matcher,
                                            "v1-retrained": retrain(analyzer, args.config, [], v1),
                                            "fewshot-retrained": retrain(analyzer, args.config, [], 20)}
    for s in args.sources:
        matchers[f"fewshot-retrained +{s}"] = retrain(analyzer, args.config, [s], 20)
    last = list(matchers)[-1]  # the decode rule's check: the same matcher without the top-1 fallback
    m = matchers[last]
    matchers[f"{last} (no top-1 fallback)"] = TaxonomyMatcher(m.head, m.threshold, 0.0, m.features)
    seeds = [SEED + i for i in range(args.seeds)]
    results: dict[str, Any] = {}
    for ds in sets:
        zero = EncodedTaxonomy.build(ds.tax, analyzer.encoder)
        r: dict[str, Any] = {"n": len(ds.gold), "themes": len(ds.tax.themes)}
        for name, m in matchers.items():
            r[f"{name} zero-shot"] = score_matcher(m, ds, zero)
        few: dict[str, list[dict[str, float]]] = {}
        for sd in seeds:
            shots = draw_shots(ds.pool, ds.tax.ids, sd)
            et = EncodedTaxonomy.build(with_examples(ds.tax, shots), analyzer.encoder)
            for name, m in matchers.items():
                few.setdefault(f"{name} 8-shot", []).append(score_matcher(m, ds, et))
            few.setdefault("fewshot-head-only 8-shot", []).append(score_head_only(ds, et))
        for k, runs in few.items():
            r[k] = {m: round(float(np.mean([x[m] for x in runs])), 4) for m in ("p", "r", "f1")}
            r[k]["f1_std"] = round(float(np.std([x["f1"] for x in runs])), 4)
        results[ds.name] = r
    systems = [k for k in next(iter(results.values())) if k not in ("n", "themes")]
    rows = [[ds, r["n"], k, r[k]["p"], r[k]["r"], r[k]["f1"]] for ds, r in results.items() for k in systems]
    print(md_table(["dev set", "n", "matcher / mode", "micro-P", "micro-R", "micro-F1"], rows))
    means = {k: round(float(np.mean([r[k]["f1"] for r in results.values()])), 4) for k in systems}
    print("\nmean micro-F1 over dev sets: " + "; ".join(f"{k} {v}" for k, v in means.items()))
    if args.json:
        write_results(args.json, run_record("fewshot_dev.py", argv, t0, seeds=seeds, model=analyzer.model_info,
                                            mean_f1=means, results=results), ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
