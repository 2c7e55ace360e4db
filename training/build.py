"""Train a full model (sentiment, supervised themes, taxonomy matcher) and write its artefact."""

from __future__ import annotations

import hashlib
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from nlp.artifacts import HeadSpec, ModelConfig, make_meta, write_artifact
from nlp.encoders import Encoder, make_encoder
from nlp.errors import InputFileError
from nlp.lexical import TfidfFeatures
from nlp.pipeline import Analyzer, Units
from nlp.sentiment import SentimentClassifier, sentiment_features, theme_sentiment_features
from nlp.taxonomy import Taxonomy, Theme, default_taxonomy
from nlp.themes import MAX_SHOTS, EncodedTaxonomy, SupervisedThemes, TaxonomyMatcher
from training import fit
from training.card import model_card
from training.config import TrainConfig
from training.data import LICENCES, check_labels, load_public_sentiment, read_seed_corpus
from training.evaluate import mixed_metrics, sentiment_metrics, theme_metrics

Log = Callable[[str], None]


def split_indices(df: pd.DataFrame, dev: float, test: float, seed: int) -> tuple[np.ndarray, ...]:
    """Deterministic split stratified by sentiment and by the rarest theme of each row."""
    rng = np.random.default_rng(seed)
    counts = pd.Series([t for th in df["themes"] for t in th]).value_counts()
    keys = [f"{s}|{min(th, key=lambda t: counts[t]) if th else '-'}" for s, th in zip(df["sentiment"], df["themes"],
                                                                                     strict=True)]
    tr, dv, te = [], [], []
    for _, idx in pd.Series(range(len(df))).groupby(keys):
        idx = rng.permutation(idx.to_numpy())
        n_te, n_dv = round(len(idx) * test), round(len(idx) * dev)
        te += list(idx[:n_te])
        dv += list(idx[n_te : n_te + n_dv])
        tr += list(idx[n_te + n_dv :])
    return np.sort(tr), np.sort(dv), np.sort(te)


def theme_matrix(themes: list[dict[str, Any]], ids: list[str]) -> np.ndarray:
    y = np.zeros((len(themes), len(ids)), dtype=np.int64)
    pos = {t: i for i, t in enumerate(ids)}
    for r, th in enumerate(themes):
        for t in th:
            if t in pos:
                y[r, pos[t]] = 1
    return y


class Encoded:
    """Units and embeddings of a set of comments, with per-comment slicing."""

    def __init__(self, texts: list[str], encoder: Encoder, clauses: bool = True) -> None:
        self.texts = texts
        self.units = Units.build(texts) if clauses else Units(texts, np.arange(len(texts)), np.ones(len(texts), int),
                                                              [[t] for t in texts])
        self.emb = self.units.embed(encoder)

    def whole(self) -> np.ndarray:
        return self.emb[self.units.starts]

    def subset(self, idx: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
        rows = np.concatenate([np.arange(self.units.starts[i], self.units.starts[i] + self.units.n_units[i])
                               for i in idx]) if len(idx) else np.zeros(0, dtype=np.int64)
        sizes = self.units.n_units[idx]
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if len(idx) else sizes
        return self.emb[rows], [self.units.texts[r] for r in rows], starts


def sample_episode(rng: np.random.Generator, tax: Taxonomy, themes: list[dict[str, Any]], pool: np.ndarray,
                   cfg: TrainConfig, shots: int) -> tuple[Taxonomy, list[list[str]], np.ndarray, list[str]]:
    """A random sub-taxonomy, ``shots`` examples per theme drawn from ``pool``, and comments to score."""
    m = int(rng.integers(cfg.matcher_min_themes, len(tax.themes) + 1))
    chosen = sorted(rng.choice(len(tax.themes), size=m, replace=False).tolist())
    sub = Taxonomy(name="episode", themes=tuple(Theme(id=t.id, label=t.label, description=t.description)
                                                for t in (tax.themes[i] for i in chosen)))
    used: set[int] = set()
    examples: list[list[str]] = []
    for t in sub.ids:
        cands = [i for i in pool if t in themes[i] and len(themes[i]) == 1 and i not in used]
        pick = rng.choice(cands, size=min(shots, len(cands)), replace=False).tolist() if shots and cands else []
        used.update(pick)
        examples.append(pick)
    score_pool = np.array([i for i in pool if i not in used])
    score = np.sort(rng.choice(score_pool, size=min(400, len(score_pool)), replace=False))
    return sub, examples, score, sub.ids  # examples hold indices; caller maps to text


def train_model(cfg: TrainConfig, out_dir: str | Path, log: Log = print, overwrite: bool = False) -> Path:
    t0 = time.time()
    rng = np.random.default_rng(cfg.seed)
    tax = default_taxonomy()
    seed = read_seed_corpus(cfg.seed_corpus)
    problems = check_labels(seed, tax.ids)
    if problems:
        raise InputFileError("seed corpus: " + "; ".join(problems))
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    tr, dv, te = split_indices(seed, cfg.dev_fraction, cfg.test_fraction, cfg.seed)
    log(f"seed corpus: {len(seed)} comments (train {len(tr)}, dev {len(dv)}, test {len(te)})")

    public = []
    for ps in cfg.public_sets:
        if not Path(cfg.shared_data).exists():
            raise InputFileError(f"config lists public set {ps.name!r} but {cfg.shared_data} does not exist")
        d = load_public_sentiment(ps.name, cfg.shared_data, ps.max_per_class, cfg.seed)
        d["weight"] = ps.weight
        public.append(d)
        log(f"public set {ps.name}: {len(d)} texts {d['sentiment'].value_counts().to_dict()}")
    pub = pd.concat(public, ignore_index=True) if public else pd.DataFrame(columns=["text", "sentiment", "weight"])

    encoder = make_encoder(cfg.encoder)
    log(f"encoding with {cfg.encoder} …")
    seed_texts = seed["text"].astype(str).tolist()
    enc_seed = Encoded(seed_texts, encoder)
    enc_pub = Encoded(pub["text"].astype(str).tolist(), encoder) if len(pub) else None
    log(f"encoded {len(enc_seed.units.texts) + (len(enc_pub.units.texts) if enc_pub else 0)} units "
        f"in {time.time() - t0:.0f}s")

    # ---- sentiment
    whole = enc_seed.whole()
    x_seed = sentiment_features(whole, seed_texts, cfg.use_lexicon)
    xs, ys, ws = [x_seed[tr]], list(seed["sentiment"].iloc[tr]), [np.full(len(tr), cfg.seed_weight)]
    if enc_pub is not None:
        xs.append(sentiment_features(enc_pub.whole(), enc_pub.texts, cfg.use_lexicon))
        ys += list(pub["sentiment"])
        ws.append(pub["weight"].to_numpy(dtype=float))
    s_head = fit.fit_sentiment(np.vstack(xs), ys, np.concatenate(ws), cfg.sentiment_C, cfg.seed)
    s_head = fit.calibrate_temperature(s_head, x_seed[dv], list(seed["sentiment"].iloc[dv]))
    log(f"sentiment head fitted (temperature {s_head.temperature})")
    tfidf, s_lex, t_lex, lex_seed = None, None, None, None
    if cfg.lexical:
        pub_texts = enc_pub.texts if enc_pub is not None else []
        tfidf = TfidfFeatures.fit([seed_texts[i] for i in tr] + pub_texts, min_df=cfg.lexical_min_df)
        lex_seed = tfidf.transform(seed_texts)
        x_lex = sparse.vstack([lex_seed[tr]] + ([tfidf.transform(pub_texts)] if pub_texts else []))
        s_lex = fit.fit_sentiment(x_lex, ys, np.concatenate(ws), cfg.lexical_C, cfg.seed)
        s_lex = fit.calibrate_temperature(s_lex, lex_seed[dv], list(seed["sentiment"].iloc[dv]))
        log(f"TF-IDF sentiment twin fitted on {len(tfidf.vocabulary)} n-grams (temperature {s_lex.temperature})")

    # ---- supervised themes
    y = theme_matrix(list(seed["themes"]), tax.ids)
    t_head = fit.fit_themes(whole[tr], y[tr], cfg.themes_C, cfg.seed)
    if tfidf is not None:
        t_lex = fit.fit_themes(lex_seed[tr], y[tr], cfg.lexical_C, cfg.seed)
    u, ut, st = enc_seed.subset(dv)
    dev_lex = tfidf.transform(ut) if tfidf is not None else None
    dev_scores = SupervisedThemes(tax, t_head, np.full(len(tax.ids), 0.5, np.float32), t_lex,
                                  cfg.themes_lex_weight).score(u, ut, st, dev_lex)
    thresholds = fit.tune_thresholds(dev_scores.comment, y[dv], cfg.threshold_floor, cfg.threshold_ceiling)
    log(f"theme head fitted; thresholds {np.round(thresholds, 2).tolist()}")

    ts_head = _train_theme_sentiment(cfg, tax, seed, enc_seed, t_head, tr)
    log("theme-sentiment head fitted")

    # ---- taxonomy matcher (meta-trained on sampled sub-taxonomies and shot counts)
    m_head, m_threshold = _train_matcher(cfg, rng, tax, seed, enc_seed, encoder, tr, dv, log)

    # ---- assemble, tune the mixed threshold on dev, evaluate on test through the real predict path
    config = ModelConfig(encoder=cfg.encoder, use_lexicon=cfg.use_lexicon, mixed_threshold=0.6,
                         matcher_threshold=m_threshold, sentiment=HeadSpec(**s_head.spec()),
                         themes=HeadSpec(**t_head.spec()), matcher=HeadSpec(**m_head.spec()),
                         theme_sentiment=HeadSpec(**ts_head.spec()),
                         sentiment_lex=HeadSpec(**s_lex.spec()) if s_lex else None,
                         themes_lex=HeadSpec(**t_lex.spec()) if t_lex else None,
                         sentiment_lex_weight=cfg.sentiment_lex_weight if s_lex else 0.0,
                         themes_lex_weight=cfg.themes_lex_weight if t_lex else 0.0)
    analyzer = Analyzer(encoder=encoder,
                        sentiment=SentimentClassifier(s_head, cfg.use_lexicon, s_lex, config.sentiment_lex_weight),
                        themes=SupervisedThemes(tax, t_head, thresholds, t_lex, config.themes_lex_weight),
                        matcher=TaxonomyMatcher(m_head, m_threshold), theme_sentiment=ts_head, tfidf=tfidf)
    config.mixed_threshold = _tune_mixed(analyzer, [seed_texts[i] for i in dv], list(seed["mixed"].iloc[dv]))
    analyzer.mixed_threshold = config.mixed_threshold
    metrics = evaluate_on_seed(analyzer, seed, te, tr, rng)
    metrics["data"] = {"seed_train": len(tr), "seed_dev": len(dv), "seed_test": len(te), "public": len(pub)}
    if cfg.eval_cross_domain and "skytrax" not in {p.name for p in cfg.public_sets} and Path(cfg.shared_data).exists():
        sky = load_public_sentiment("skytrax", cfg.shared_data, 100000, cfg.seed)
        res = analyzer.analyze(sky["text"].tolist())
        metrics["cross_domain_skytrax_binary"] = _binary_accuracy(sky["sentiment"].tolist(), res)
    metrics["train_seconds"] = round(time.time() - t0, 1)
    metrics["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    log(f"test metrics: {_headline(metrics)}")

    tensors = {**s_head.to_tensors("sentiment"), **t_head.to_tensors("themes"), **m_head.to_tensors("matcher"),
               **ts_head.to_tensors("theme_sentiment")}
    if tfidf is not None and s_lex is not None and t_lex is not None:
        tensors.update({**s_lex.to_tensors("sentiment_lex"), **t_lex.to_tensors("themes_lex"),
                        "tfidf.idf": tfidf.idf.astype(np.float32)})
    sources = [{"name": LICENCES["seed"][0], "licence": LICENCES["seed"][1], "rows": len(seed),
                "sha256": hashlib.sha256("\n".join(seed_texts).encode()).hexdigest()[:16]}]
    sources += [{"name": LICENCES[p.name][0], "licence": LICENCES[p.name][1],
                 "rows": int((pub["source"] == p.name).sum())} for p in cfg.public_sets]
    meta = make_meta(name=cfg.name, version=cfg.version, encoder=cfg.encoder, taxonomy=tax, data_sources=sources,
                     description="Sentiment, themes and theme sentiment for NPS comments.")
    card = model_card(meta, config, cfg, metrics, tax)
    return write_artifact(out_dir, meta=meta, config=config, training_config=cfg.model_dump(), taxonomy=tax,
                          thresholds={t: float(v) for t, v in zip(tax.ids, thresholds, strict=True)},
                          tensors=tensors, vocabulary=tfidf.vocabulary if tfidf else [], metrics=metrics,
                          card=card, overwrite=overwrite)


def _train_theme_sentiment(cfg: TrainConfig, tax: Taxonomy, seed: pd.DataFrame, enc: Encoded, t_head: Any,
                           idx: np.ndarray) -> Any:
    """Sentiment towards a theme from its evidence clause (picked by the theme head) and the whole comment."""
    pos = {t: i for i, t in enumerate(tax.ids)}
    clause_rows, whole_rows, labels = [], [], []
    for i in idx:
        s, n = int(enc.units.starts[i]), int(enc.units.n_units[i])
        ids = list(range(s + 1, s + n)) if n > 1 else [s]
        probs = t_head.predict_proba(enc.emb[ids]) if n > 1 else None
        for t, lab in seed["themes"].iloc[i].items():
            if lab not in ("positive", "neutral", "negative") or t not in pos:
                continue
            best = ids[int(probs[:, pos[t]].argmax())] if probs is not None else s
            clause_rows.append(best)
            whole_rows.append(s)
            labels.append(lab)
    x = theme_sentiment_features(enc.emb[clause_rows], enc.emb[whole_rows], [enc.units.texts[u] for u in clause_rows])
    return fit.fit_sentiment(x, labels, np.ones(len(labels)), cfg.sentiment_C, cfg.seed)


def _train_matcher(cfg: TrainConfig, rng: np.random.Generator, tax: Taxonomy, seed: pd.DataFrame, enc: Encoded,
                   encoder: Encoder, tr: np.ndarray, dv: np.ndarray, log: Log) -> tuple[Any, float]:
    themes = list(seed["themes"])
    texts = seed["text"].astype(str).tolist()

    def episodes(pool: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = [], []
        for e in range(n):
            shots = cfg.matcher_shots[e % len(cfg.matcher_shots)]
            sub, ex_idx, score, ids = sample_episode(rng, tax, themes, pool, cfg, shots)
            et = EncodedTaxonomy.build(sub, encoder, [[texts[i] for i in ex] for ex in ex_idx])
            u, ut, st = enc.subset(score)
            x, yy = fit.matcher_episode(u, ut, st, theme_matrix([themes[i] for i in score], ids), et)
            xs.append(x)
            ys.append(yy)
        return np.vstack(xs), np.concatenate(ys)

    x, y = episodes(tr, cfg.matcher_episodes)
    head = fit.fit_matcher(x, y, cfg.matcher_hidden, cfg.seed)
    xd, yd = episodes(dv, max(10, cfg.matcher_episodes // 4))
    p = head.predict_proba(xd)[:, 0]
    grid = np.arange(0.1, 0.9, 0.025)
    f1s = [fit._f1(p >= g, yd == 1) for g in grid]
    thr = float(round(grid[int(np.argmax(f1s))], 3))
    log(f"matcher fitted on {len(y)} pairs; dev micro-F1 {max(f1s):.3f} at threshold {thr}")
    return head, thr


def _tune_mixed(analyzer: Analyzer, texts: list[str], gold: list[Any]) -> float:
    if not any(isinstance(g, bool) and g for g in gold):
        return 0.6
    best, best_f1 = 0.6, -1.0
    for t in np.arange(0.4, 0.91, 0.05):
        analyzer.mixed_threshold = float(t)
        f1 = mixed_metrics([g if isinstance(g, bool) else None for g in gold], analyzer.analyze(texts))["f1"]
        if f1 > best_f1:
            best, best_f1 = float(round(t, 2)), f1
    return best


def evaluate_on_seed(analyzer: Analyzer, seed: pd.DataFrame, te: np.ndarray, tr: np.ndarray,
                     rng: np.random.Generator) -> dict[str, Any]:
    tax = analyzer.taxonomy
    texts = seed["text"].astype(str).iloc[te].tolist()
    gold_themes = list(seed["themes"].iloc[te])
    res = analyzer.analyze(texts)
    out: dict[str, Any] = {
        "sentiment": sentiment_metrics(list(seed["sentiment"].iloc[te]), res),
        "themes": theme_metrics(gold_themes, res, tax.ids),
        "mixed": mixed_metrics([m if isinstance(m, bool) else None for m in seed["mixed"].iloc[te]], res),
    }
    zero = Taxonomy(name="zero-shot", themes=tuple(Theme(id=t.id, label=t.label, description=t.description)
                                                   for t in tax.themes))
    out["themes_zero_shot"] = theme_metrics(gold_themes, analyzer.analyze(texts, taxonomy=zero), tax.ids)
    train_themes = list(seed["themes"].iloc[tr])
    train_texts = seed["text"].astype(str).iloc[tr].tolist()
    few = []
    for t in tax.themes:
        cands = [i for i, th in enumerate(train_themes) if list(th) == [t.id]]
        pick = rng.choice(cands, size=min(MAX_SHOTS, len(cands)), replace=False) if cands else []
        few.append(Theme(id=t.id, label=t.label, description=t.description,
                         examples=tuple(train_texts[i] for i in pick)))
    out["themes_8_shot"] = theme_metrics(gold_themes, analyzer.analyze(texts, taxonomy=Taxonomy(
        name="8-shot", themes=tuple(few))), tax.ids)
    for k in ("themes", "themes_zero_shot", "themes_8_shot"):
        out[k].pop("per_theme") if k != "themes" else None
    return out


def _binary_accuracy(gold: list[str], res: list[Any]) -> dict[str, Any]:
    """Binary accuracy: positive vs negative by the larger of the two scores (neutral ignored)."""
    pred = ["positive" if r.sentiment.scores["positive"] >= r.sentiment.scores["negative"] else "negative"
            for r in res]
    acc = float(np.mean([a == b for a, b in zip(gold, pred, strict=True)]))
    three = float(np.mean([a == r.sentiment.label for a, r in zip(gold, res, strict=True)]))
    return {"n": len(gold), "binary_accuracy": round(acc, 4), "exact_label_accuracy": round(three, 4)}


def _headline(m: dict[str, Any]) -> str:
    s, t, z, f = m["sentiment"], m["themes"], m["themes_zero_shot"], m["themes_8_shot"]
    return (f"sentiment acc {s['accuracy']} macro-F1 {s['macro_f1']}; themes micro-F1 {t['micro_f1']} "
            f"(theme sentiment acc {t['theme_sentiment_accuracy']}); zero-shot {z['micro_f1']}; "
            f"8-shot {f['micro_f1']}; mixed F1 {m['mixed'].get('f1')}; "
            f"skytrax {m.get('cross_domain_skytrax_binary', {}).get('binary_accuracy')}")


def main(argv: list[str] | None = None) -> int:
    """``python -m training.build --config training/configs/default.toml --output models/NAME``."""
    import argparse

    from nlp.errors import NPSLensError
    from training.config import load_config

    ap = argparse.ArgumentParser(description="Train the default NPS Lens model from a TOML config.")
    ap.add_argument("--config", default="training/configs/default.toml")
    ap.add_argument("--output", required=True, help="new model folder (must not exist unless --overwrite)")
    ap.add_argument("--overwrite", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.time()

    def log(message: str) -> None:
        sys.stderr.write(f"[{time.time() - t0:6.1f}s] {message}\n")

    try:
        out = train_model(load_config(a.config), a.output, overwrite=a.overwrite, log=log)
    except NPSLensError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    sys.stdout.write(f"wrote {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
