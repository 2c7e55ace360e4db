"""The four tasks of ``baselines.py``. Each yields ``(dataset name, record)`` as soon as a dataset is done, so
the caller can write partial results; a record holds every method's metrics, n, seeds and seconds."""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from _baseline_data import (
    CategorySet,
    category_sets,
    sentiment_training,
    setfit_sentiment_sample,
    subsample,
)
from _baseline_methods import (
    MULTI_THRESHOLD,
    MiniLM,
    decode_threshold,
    decode_top1_plus,
    fit_multi,
    fit_single,
    mean_sd,
    micro_prf,
    multi_hot,
    pick_threshold,
    setfit_fit,
    setfit_proba,
    tfidf_vectorizer,
    vader_compound,
    vader_label,
)
from _datasets import SEED, Row, sentiment_sets
from accuracy import draw_shots, score, with_examples

from nlp.pipeline import Analyzer

Record = dict[str, Any]
CROSS_DOMAIN = ("Skytrax seat+lounge", "TripAdvisor hotels", "Amazon Alexa", "Complaint tweets")
QUICK_TEST, QUICK_TRAIN = 120, 400
ZERO_SHOT_TUNE_N = 600  # train-split sentences the MiniLM cosine threshold is chosen on


@dataclass
class Context:
    data: Path
    models: dict[str, Analyzer]  # "npslens" or "npslens:<name>" → analyzer
    methods: set[str]
    seeds: list[int]
    threads: int
    quick: bool
    skip_retrain: bool
    log: Callable[[str], None]
    setfit_scope: str = "all"  # "all" or "8shot": SetFit only in the 8-shot taxonomy rows
    setfit_seeds: int | None = None  # SetFit on the first N shot seeds only (None: every seed)
    only: str | None = None  # comma list: run only datasets whose name contains one of these (case-insensitive)
    retrain_also: list[dict[str, str]] = field(default_factory=list)  # extra TrainConfig settings → extra retrain rows
    _minilm: MiniLM | None = None
    _sent: dict[str, Any] = field(default_factory=dict)

    @property
    def minilm(self) -> MiniLM:
        if self._minilm is None:
            self._minilm = MiniLM(self.threads)
        return self._minilm

    def keep(self, name: str) -> bool:
        return self.only is None or any(x.strip().casefold() in name.casefold() for x in self.only.split(","))

    def wants(self, method: str, eight_shot: bool = False) -> bool:
        if method == "setfit" and self.setfit_scope == "8shot" and not eight_shot:
            return False
        return method in self.methods


def _rec(metrics: dict[str, Any], n: int, seeds: Sequence[int], seconds: float, **extra: Any) -> Record:
    return {"metrics": metrics, "n": n, "seeds": list(seeds), "seconds": round(seconds, 2), **extra}


def _add(ctx: Context, out: dict[str, Record], where: str, method: str, fn: Callable[[], Record]) -> None:
    t0 = time.perf_counter()
    try:
        rec = fn()
    except Exception as e:  # one failing method must not lose the others' results in a long run
        ctx.log(f"  {where} · {method}: FAILED {e!r}")
        rec = _rec({}, 0, [], 0, error=repr(e))
    rec["seconds"] = round(time.perf_counter() - t0, 2)
    out[method] = rec
    main = {k: v for k, v in rec["metrics"].items() if k in ("macro_f1", "micro_f1", "accuracy")}
    ctx.log(f"  {where} · {method}: {main} ({rec['seconds']} s)")


# ------------------------------------------------------------------ 1. cross-domain sentiment
def _sentiment_models(ctx: Context) -> dict[str, Any]:
    """Fit the recipe's models once per run (also used by the theme-sentiment task)."""
    s = ctx._sent
    if "texts" not in s:
        texts, labels = sentiment_training(ctx.data)
        if ctx.quick:
            keep = sorted(np.random.default_rng(SEED).choice(len(texts), QUICK_TRAIN, replace=False).tolist())
            texts, labels = [texts[i] for i in keep], [labels[i] for i in keep]
        s.update(texts=texts, labels=labels, fit_seconds={})
    return s


def _sent_probs(ctx: Context, method: str, texts: list[str]) -> tuple[list[str], np.ndarray]:
    s = _sentiment_models(ctx)
    t0 = time.perf_counter()
    if method == "tfidf_lr":
        if "tfidf" not in s:
            vec = tfidf_vectorizer().fit(s["texts"])
            s["tfidf"] = (vec, vec.transform(s["texts"]))
        vec, xtr = s["tfidf"]
        out = fit_single(xtr, s["labels"], vec.transform(texts), c=4.0)
    elif method == "minilm_lr":
        out = fit_single(ctx.minilm.encode(s["texts"]), s["labels"], ctx.minilm.encode(texts), c=1.0)
    else:  # setfit: tuned once on the few-shot sample, then reused for every test set
        if "setfit" not in s:
            st, sl = setfit_sentiment_sample(s["texts"], s["labels"])
            s["setfit"] = setfit_fit(st, sl, SEED, multi=False, threads=ctx.threads)
            s["fit_seconds"]["setfit"] = round(time.perf_counter() - t0, 1)
        model = s["setfit"]
        out = [str(c) for c in model.labels], setfit_proba(model, texts)
    return out


def _sent_record(kind: str, gold: list[str], classes: list[str], proba: np.ndarray) -> dict[str, Any]:
    """Same decoding for every trained model: the arg-max class; binary sets P(positive) ≥ P(negative)."""
    label = [classes[int(i)] for i in proba.argmax(1)]
    p = {c: proba[:, classes.index(c)] if c in classes else np.zeros(len(gold)) for c in ("negative", "positive")}
    return score(kind, gold, label, p["positive"], p["negative"])


def _sentiment_set(ctx: Context, ds: Any) -> Record:
    rows = [(str(t), g) for t, g in zip(ds.texts, ds.gold, strict=True) if isinstance(t, str)]
    rows = [r for r in rows if r[0].strip() and _usable(r[0])]
    rows = subsample(rows, QUICK_TEST) if ctx.quick else rows  # type: ignore[arg-type]
    texts, gold = [t for t, _ in rows], [g for _, g in rows]
    methods: dict[str, Record] = {}
    n, seeds = len(texts), [SEED]
    if ctx.wants("majority"):
        major = Counter(gold).most_common(1)[0][0]
        _add(ctx, methods, ds.name, "majority",
             lambda: _rec(score(ds.kind, gold, [major] * n) | {"label": major}, n, seeds, 0))
    if ctx.wants("vader"):
        def vader() -> Record:
            comp = vader_compound(texts)
            return _rec(score(ds.kind, gold, [vader_label(c) for c in comp], (comp >= 0).astype(float),
                              (comp < 0).astype(float)), n, seeds, 0)
        _add(ctx, methods, ds.name, "vader", vader)
    for m in ("tfidf_lr", "minilm_lr", "setfit"):
        if ctx.wants(m):
            _add(ctx, methods, ds.name, m,
                 lambda m=m: _rec(_sent_record(ds.kind, gold, *_sent_probs(ctx, m, texts)), n, seeds, 0))
    for key, an in ctx.models.items():
        def ours(an: Analyzer = an) -> Record:
            res = an.analyze(texts)
            classes = ["negative", "neutral", "positive"]
            proba = np.array([[r.sentiment.scores[c] for c in classes] for r in res])  # type: ignore[union-attr]
            return _rec(_sent_record(ds.kind, gold, classes, proba), n, seeds, 0)
        _add(ctx, methods, ds.name, key, ours)
    return {"n": n, "kind": ds.kind, "note": ds.note, "gold_dist": dict(Counter(gold)), "primary": "macro_f1",
            "methods": methods}


def run_sentiment(ctx: Context) -> Iterator[tuple[str, Record]]:
    from nlp.artifacts.registry_file import resolve_model_path

    first = Path(str(next(iter(ctx.models.values())).path)) if ctx.models else resolve_model_path(None)
    sets = [s for s in sentiment_sets(ctx.data, first, 1000) if s.name in CROSS_DOMAIN]
    for ds in (d for d in sets if ctx.keep(d.name)):
        yield ds.name, _sentiment_set(ctx, ds)


def _usable(text: str) -> bool:
    from nlp.text import skip_reason

    return skip_reason(text, symbols=False) is None


# ------------------------------------------------------------------ 2. customer taxonomy, zero- and 8-shot
def _gold(rows: Sequence[Row]) -> list[set[str]]:
    return [set(g) for _, g in rows]


def _ours_themes(an: Analyzer, texts: list[str], tax: Any) -> list[set[str]]:
    return [{h.id for h in r.themes} for r in an.analyze(texts, taxonomy=tax)]


def _fitted_themes(ctx: Context, an: Analyzer, texts: list[str], tax: Any) -> list[set[str]]:
    """``npslens taxonomy fit``'s code on the drawn examples (default FitConfig, a temporary fits folder), then the
    same ``analyze`` call as the plain row; the fit time is part of the row's seconds."""
    from training.taxonomy_fit import FitConfig, fit_taxonomy

    with tempfile.TemporaryDirectory(prefix="npslens-fit-") as tmp:
        fit_taxonomy(an, tax, FitConfig(threads=ctx.threads), root=Path(tmp), log=lambda m: None)
        an.fits_dir = Path(tmp)
        try:
            return _ours_themes(an, texts, tax)
        finally:
            an.fits_dir = None


def _zero_shot(ctx: Context, cs: CategorySet, test: list[Row]) -> Record:
    texts, gold, ids = [t for t, _ in test], _gold(test), cs.taxonomy.ids
    methods: dict[str, Record] = {}
    where = f"{cs.name} · zero-shot"
    if ctx.wants("minilm_cosine"):
        def cosine() -> Record:
            desc = ctx.minilm.encode([f"{t.label}: {t.description}" for t in cs.taxonomy.themes])
            tune = subsample(cs.train, QUICK_TRAIN if ctx.quick else ZERO_SHOT_TUNE_N, SEED + 100)
            thr = pick_threshold(ctx.minilm.encode([t for t, _ in tune]) @ desc.T, _gold(tune), ids)
            pred = decode_top1_plus(ctx.minilm.encode(texts) @ desc.T, ids, thr)
            return _rec(micro_prf(gold, pred), len(texts), [SEED], 0, threshold_from_train=thr,
                        threshold_rows=len(tune))
        _add(ctx, methods, where, "minilm_cosine", cosine)
    for key, an in ctx.models.items():
        _add(ctx, methods, where, key, lambda an=an: _rec(micro_prf(gold, _ours_themes(an, texts, cs.taxonomy)),
                                                          len(texts), [], 0))
    return {"n": len(texts), "note": cs.note, "categories": len(ids), "primary": "micro_f1", "methods": methods}


def _shot_preds(ctx: Context, method: str, shots: dict[str, list[Row]], ids: list[str], texts: list[str],
                seed: int) -> list[set[str]]:
    uniq = {t: set(g) for rows in shots.values() for t, g in rows}
    tr, labels = list(uniq), list(uniq.values())
    if method == "tfidf_lr":
        vec = tfidf_vectorizer().fit(tr)
        proba = fit_multi(vec.transform(tr), labels, ids, vec.transform(texts))
    elif method == "minilm_lr":
        proba = fit_multi(ctx.minilm.encode(tr), labels, ids, ctx.minilm.encode(texts))
    else:
        model = setfit_fit(tr, multi_hot(labels, ids).tolist(), seed, multi=True, threads=ctx.threads)
        proba = setfit_proba(model, texts)
    return decode_top1_plus(proba, ids, MULTI_THRESHOLD)


def _seeded(runs: list[dict[str, float]], n: int, seeds: Sequence[int]) -> Record:
    """Mean ± sd over the shot draws, with each draw's micro-F1 (``by_seed``: margins against a method that ran on
    fewer draws, such as SetFit, are taken on the draws both ran on)."""
    return _rec(mean_sd(runs), n, seeds, 0, by_seed={str(s): r["micro_f1"] for s, r in zip(seeds, runs, strict=True)})


def _eight_shot(ctx: Context, cs: CategorySet, test: list[Row]) -> Record:
    texts, gold, ids = [t for t, _ in test], _gold(test), cs.taxonomy.ids
    shots = {s: draw_shots(cs.train, ids, s) for s in ctx.seeds}
    methods: dict[str, Record] = {}
    where = f"{cs.name} · 8-shot"
    if ctx.wants("majority"):
        top = Counter(c for _, g in cs.train for c in g).most_common(1)[0][0]
        _add(ctx, methods, where, "majority", lambda: _rec(micro_prf(gold, [{top}] * len(texts)), len(texts), [], 0,
                                                           label=top, note="most frequent train-split category"))
    for m in ("tfidf_lr", "minilm_lr", "setfit"):
        seeds = ctx.seeds[:ctx.setfit_seeds] if m == "setfit" and ctx.setfit_seeds else ctx.seeds
        if ctx.wants(m, eight_shot=True):
            _add(ctx, methods, where, m, lambda m=m, seeds=seeds: _seeded(
                [micro_prf(gold, _shot_preds(ctx, m, shots[s], ids, texts, s)) for s in seeds], len(texts), seeds))
    for key, an in ctx.models.items():
        _add(ctx, methods, where, key, lambda an=an: _seeded(
            [micro_prf(gold, _ours_themes(an, texts, with_examples(cs.taxonomy, shots[s]))) for s in ctx.seeds],
            len(texts), ctx.seeds))
        if ctx.wants("npslens_fit"):
            _add(ctx, methods, where, f"{key} [taxonomy fit]", lambda an=an: _seeded(
                [micro_prf(gold, _fitted_themes(ctx, an, texts, with_examples(cs.taxonomy, shots[s])))
                 for s in ctx.seeds], len(texts), ctx.seeds))
    shot_n = {c: len(v) for c, v in shots[ctx.seeds[0]].items()}
    return {"n": len(texts), "note": cs.note, "categories": len(ids), "primary": "micro_f1",
            "shots_per_category_first_seed": shot_n, "methods": methods}


def run_taxonomy(ctx: Context) -> Iterator[tuple[str, Record]]:
    for cs in (c for c in category_sets(ctx.data) if ctx.keep(c.name)):
        test = subsample(cs.test, QUICK_TEST) if ctx.quick else cs.test
        yield f"{cs.name} · zero-shot", _zero_shot(ctx, cs, test)
        yield f"{cs.name} · 8-shot", _eight_shot(ctx, cs, test)


# ------------------------------------------------------------------ 3. theme sentiment on found themes
def _theme_sentiment_set(ctx: Context, cs: CategorySet) -> Record:
    test = subsample(cs.test, QUICK_TEST) if ctx.quick else cs.test
    texts, gold = [t for t, _ in test], [g for _, g in test]
    tax = with_examples(cs.taxonomy, draw_shots(cs.train, cs.taxonomy.ids, ctx.seeds[0]))
    t0 = time.perf_counter()
    results = {k: an.analyze(texts, taxonomy=tax) for k, an in ctx.models.items()}
    ours_seconds = round(time.perf_counter() - t0, 2)
    found = {k: {(i, h.id): h.sentiment for i, r in enumerate(res) for h in r.themes if h.id in gold[i]}
             for k, res in results.items()}
    pairs = sorted(set.intersection(*(set(f) for f in found.values()))) if found else \
        sorted((i, c) for i, g in enumerate(gold) for c in g)
    want = [gold[i][c] for i, c in pairs]
    pair_texts = [texts[i] for i, _ in pairs]
    methods: dict[str, Record] = {}
    where = f"{cs.name} · theme sentiment"

    def acc(pred: Sequence[str]) -> Record:
        ok = [p == g for p, g in zip(pred, want, strict=True)]
        return _rec({"accuracy": round(float(np.mean(ok)), 4) if ok else None}, len(pairs), ctx.seeds[:1], 0)

    if ctx.wants("vader"):
        _add(ctx, methods, where, "vader", lambda: acc([vader_label(c) for c in vader_compound(pair_texts)]))
    if ctx.wants("minilm_lr"):
        def minilm() -> Record:
            classes, proba = _sent_probs(ctx, "minilm_lr", pair_texts)
            return acc([classes[int(j)] for j in proba.argmax(1)])
        _add(ctx, methods, where, "minilm_lr", minilm)
    for k, res in results.items():
        _add(ctx, methods, where, f"npslens_sentence{k[len('npslens'):]}",
             lambda res=res: acc([res[i].sentiment.label for i, _ in pairs]))  # type: ignore[union-attr]
        _add(ctx, methods, where, k, lambda k=k: acc([found[k][p] for p in pairs]))
        methods[k]["seconds"] = ours_seconds  # the 8-shot analyze call that gave both NPS Lens rows
    return {"n": len(pairs), "note": f"{cs.note}; pairs found correctly by NPS Lens 8-shot (seed {ctx.seeds[0]})",
            "primary": "accuracy", "gold_polarity": dict(Counter(want)), "methods": methods}


def run_theme_sentiment(ctx: Context) -> Iterator[tuple[str, Record]]:
    """Polarity accuracy on the (sentence, category) pairs every NPS Lens model found correctly in 8-shot mode
    (first seed's shots); the sentence-level predictors are scored on exactly the same pairs (all gold pairs
    when no NPS Lens model is run)."""
    for cs in category_sets(ctx.data):
        if cs.name in ("MAMS-ACSA val", "SemEval-16 rest (E#A)") and ctx.keep(cs.name):
            yield f"{cs.name} · theme sentiment", _theme_sentiment_set(ctx, cs)


# ------------------------------------------------------------------ 4. retrained, train split → test split
RETRAIN_SETS = ("SemEval-16 rest (E#A)", "SemEval-16 laptops (entity)", "MAMS-ACSA val")


def run_retrain(ctx: Context) -> Iterator[tuple[str, Record]]:
    """Train split → test split (MAMS: val) on SemEval-16 restaurants (12 E#A categories, as ``retrain.py``),
    SemEval-16 laptops (22 entities) and MAMS (8 categories)."""
    for cs in category_sets(ctx.data):
        if cs.name in RETRAIN_SETS and ctx.keep(cs.name):
            yield f"{cs.name} · retrained", _retrain_set(ctx, cs)


def _retrain_set(ctx: Context, cs: CategorySet) -> Record:
    """p ≥ 0.5 per category for the baselines (one-vs-rest, balanced class weights: on the four train files' 25 %
    dev cuts of ``retrain_dev.py`` they beat unweighted LR on 7 of 8 (method, file) pairs, e.g. TF-IDF + LR on
    SemEval-16 0.409 → 0.650); NPS Lens retrained with ``npslens train``'s code from each model."""
    from retrain import dedupe, write

    train, dropped = dedupe(cs.train)
    test = cs.test
    if ctx.quick:
        train, test = subsample(train, QUICK_TRAIN), subsample(test, QUICK_TEST)
    texts, gold, ids = [t for t, _ in test], _gold(test), cs.taxonomy.ids
    tr, labels = [t for t, _ in train], _gold(train)
    methods: dict[str, Record] = {}
    where = f"{cs.name} · retrained"

    def lr(x_train: Any, x_test: Any) -> Record:
        proba = fit_multi(x_train, labels, ids, x_test, balanced=True)
        return _rec(micro_prf(gold, decode_threshold(proba, ids, MULTI_THRESHOLD)), len(texts), [SEED], 0)

    if ctx.wants("tfidf_lr"):
        def tfidf() -> Record:
            vec = tfidf_vectorizer().fit(tr)
            return lr(vec.transform(tr), vec.transform(texts))
        _add(ctx, methods, where, "tfidf_lr", tfidf)
    if ctx.wants("minilm_lr"):
        _add(ctx, methods, where, "minilm_lr", lambda: lr(ctx.minilm.encode(tr), ctx.minilm.encode(texts)))
    if ctx.wants("setfit"):
        def setfit() -> Record:
            model = setfit_fit(tr, multi_hot(labels, ids).tolist(), SEED, multi=True, threads=ctx.threads)
            pred = decode_threshold(setfit_proba(model, texts), ids, MULTI_THRESHOLD)
            return _rec(micro_prf(gold, pred), len(texts), [SEED], 0)
        _add(ctx, methods, where, "setfit", setfit)
    if ctx.skip_retrain:
        ctx.log("  NPS Lens retraining skipped (--skip-retrain)")
    variants: list[tuple[str, dict[str, str]]] = [("", {})] + [
        (" [" + ",".join(f"{k}={v}" for k, v in extra.items()) + "]", extra) for extra in ctx.retrain_also]
    for key, an in ({} if ctx.skip_retrain else ctx.models).items():
        for suffix, extra in variants:
            def ours(an: Analyzer = an, extra: dict[str, str] = extra) -> Record:
                from training.config import TrainConfig
                from training.retrain import retrain

                settings: dict[str, Any] = {"base_public_sets": False, "min_examples_warn": 10,
                                            "min_examples_error": 1 if ctx.quick else 3, **extra}
                with tempfile.TemporaryDirectory(prefix="npslens-baselines-") as tmp:
                    work = Path(tmp)
                    tax_path = work / "taxonomy.yaml"
                    tax_path.write_text(cs.taxonomy.to_yaml())
                    res = retrain([write(train, work / "train.jsonl")], taxonomy=tax_path, base_model=str(an.path),
                                  config=TrainConfig(**settings), eval_data=write(test, work / "test.jsonl"),
                                  output=work / "model", version="0.0.0", register_model=False, log=lambda m: None)
                    assert res.analyzer is not None
                    pred = [{h.id for h in r.themes} for r in res.analyzer.analyze(texts)]
                    tuned = res.metrics.get("encoder_finetune")
                return _rec(micro_prf(gold, pred), len(texts), [SEED], 0, settings=settings,
                            encoder_finetune=tuned)
            _add(ctx, methods, where, key + suffix, ours)
    return {"n": len(texts), "train": len(train), "train_dropped_conflicting_duplicates": dropped,
            "note": f"train split → {cs.note}; sentences without opinions kept", "primary": "micro_f1",
            "methods": methods}


TASKS: dict[str, Callable[[Context], Iterator[tuple[str, Record]]]] = {
    "sentiment": run_sentiment, "taxonomy": run_taxonomy, "theme_sentiment": run_theme_sentiment,
    "retrain": run_retrain,
}
