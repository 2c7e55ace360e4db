"""Overall-sentiment candidates side by side on DEV data only (never the public test tasks).

    .venv/bin/python benchmarks/sentiment_dev.py [--corpus training/corpus/generated/corpus-v1.jsonl]
        [--candidates lr,lr+corpus,...] [--json benchmarks/results/sentiment_dev.json]
        [--encoder-weights models/encoders/use-m3-ft-v1]

Dev sets (none is TripAdvisor, Alexa, tweets, SemEval or MAMS, which are final test tasks):
* ``seed-dev``: the default config's seed-corpus dev split (3-class);
* ``corpus-dev`` / ``corpus-heldout``: the generated corpus's frozen dev split (also per style) and its
  held-out industries (3-class);
* ``clothing-dev`` (rating 1–2 / 3 / 4–5, 3-class), ``uci-dev`` and ``skytrax-dev`` (binary; accuracy counts
  a neutral answer as wrong, macro-F1 is over the two gold classes): a fixed fifth of each public set (by a
  hash of the text) that no candidate trains on. The shipped 1.1.0 was trained on all of UCI and on part of
  clothing, so its numbers there are marked ``*`` (seen in training).

Every candidate is the default build's sentiment recipe (seed train split × ``seed_weight`` + public sets +
optionally the corpus's train split; embedding [+ VADER] features; temperature on seed dev; TF-IDF twin
blended by ``sentiment_lex_weight``) with one thing changed. Embeddings are those 1.1.0 serves with
(use-m3.v1, onnx-int8), cached under ``--cache``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, require_data
from nlp.artifacts.folder import read_artifact
from nlp.artifacts.registry_file import resolve_model_path
from nlp.classifiers.sentiment import SentimentClassifier, lexicon_features, sentiment_features
from nlp.classifiers.tfidf import TfidfFeatures
from nlp.encoders.base import Encoder
from nlp.encoders.factory import encoder_weights, make_artifact_encoder, make_encoder
from nlp.pipeline import Analyzer
from nlp.schema import SENTIMENTS
from training import estimators
from training.config import TrainConfig, load_config
from training.datasets import load_corpus, load_public_sentiment, read_seed_corpus
from training.matcher import Encoded
from training.split import split_indices
from training.trainer import fit_sentiment_head

DEV_PER_CLASS = 400


def is_dev(text: str) -> bool:
    """The fixed dev fifth of a public set (stable across runs and machines)."""
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16) % 5 == 0


@dataclass
class Pool:
    """Texts with labels, training weights and cached whole-comment embeddings."""

    texts: list[str]
    labels: list[str]
    weights: np.ndarray
    emb: np.ndarray = field(default_factory=lambda: np.zeros((0, 512), np.float32))
    shipped_emb: np.ndarray | None = None  # the shipped model's own embeddings when candidates use other weights


def embed(texts: list[str], encoder: Encoder, cache: Path) -> np.ndarray:
    """Whole-comment rows as the build computes them (clause-aware pass), cached by the texts' hash."""
    key = hashlib.sha256("\x1e".join(texts).encode()).hexdigest()[:20]
    path = cache / f"{key}.npy"
    if path.exists():
        return np.load(path)
    out = Encoded(texts, encoder).whole() if texts else np.zeros((0, encoder.dim), np.float32)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


def public(name: str, data: Path, per_class: int, seed: int, dev: bool) -> pd.DataFrame:
    """A public set's train part (``dev=False``, balanced to ``per_class``) or its fixed dev part."""
    df = load_public_sentiment(name, data, 10**9, seed)
    df = df[df["text"].map(is_dev) == dev]
    parts = [g.sample(min(len(g), per_class), random_state=seed) for _, g in df.groupby("sentiment")]
    return pd.concat(parts, ignore_index=True)


def scores(gold: list[str], pred: list[str]) -> tuple[float, float]:
    labels = [s for s in SENTIMENTS if s in set(gold)]
    acc = float(np.mean([a == b for a, b in zip(gold, pred, strict=True)]))
    return acc, float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0))


@dataclass
class Candidate:
    name: str
    cfg: TrainConfig
    corpus: bool
    extra_public: list[str] = field(default_factory=list)


def candidates(cfg: TrainConfig) -> list[Candidate]:
    """The candidates; each names its head kind (the config's own ``sentiment_head`` does not leak in)."""
    base = cfg.model_copy(update={"sentiment_head": "lr"})
    return [
        Candidate("lr", base, corpus=False),
        Candidate("lr+corpus", base, corpus=True),
        Candidate("lr+corpus-vader", base.model_copy(update={"use_lexicon": False}), corpus=True),
        Candidate("lr+corpus,twin0.3", base.model_copy(update={"sentiment_lex_weight": 0.3}), corpus=True),
        Candidate("mlp+corpus", base.model_copy(update={"sentiment_head": "mlp"}), corpus=True),
        Candidate("lr+corpus+skytrax", base, corpus=True, extra_public=["skytrax"]),
    ]


def train_candidate(c: Candidate, train: dict[str, Pool], seed_dev: Pool, tfidf_texts: list[str]
                    ) -> Callable[[Pool], list[str]]:
    """Fit the candidate's heads; returns a predictor over pools."""
    names = ["seed", *[p.name for p in c.cfg.public_sets], *c.extra_public] + (["corpus"] if c.corpus else [])
    pools = [train[n] for n in names]
    texts = [t for p in pools for t in p.texts]
    y = [lab for p in pools for lab in p.labels]
    w = np.concatenate([p.weights for p in pools])
    x = np.vstack([sentiment_features(p.emb, p.texts, c.cfg.use_lexicon) for p in pools])
    head = fit_sentiment_head(c.cfg, x, y, w)
    head = estimators.calibrate_temperature(head, sentiment_features(seed_dev.emb, seed_dev.texts, c.cfg.use_lexicon),
                                     seed_dev.labels)
    tfidf = TfidfFeatures.fit(tfidf_texts + [t for p in pools[1:] for t in p.texts], min_df=c.cfg.lexical_min_df)
    lex = estimators.fit_sentiment(sparse.csr_matrix(tfidf.transform(texts)), y, w, c.cfg.lexical_C, c.cfg.seed)
    lex = estimators.calibrate_temperature(lex, tfidf.transform(seed_dev.texts), seed_dev.labels)
    clf = SentimentClassifier(head, c.cfg.use_lexicon, lex, c.cfg.sentiment_lex_weight)

    def predict(p: Pool) -> list[str]:
        proba = clf.predict_proba(p.emb, p.texts, tfidf.transform(p.texts))
        return [SENTIMENTS[i] for i in proba.argmax(axis=1)]

    return predict


def shipped(model: str) -> Callable[[Pool], list[str]]:
    an = Analyzer.load(resolve_model_path(model), threads=1)

    def predict(p: Pool) -> list[str]:
        lex = an.tfidf.transform(p.texts) if an.tfidf is not None else None
        proba = an.sentiment.predict_proba(p.shipped_emb if p.shipped_emb is not None else p.emb, p.texts, lex)
        return [SENTIMENTS[i] for i in proba.argmax(axis=1)]

    return predict


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default=str(ROOT / "training/configs/default.toml"))
    ap.add_argument("--corpus", default=str(ROOT / "training/corpus/generated/corpus-v1.jsonl"))
    ap.add_argument("--model", default="1.1.0", help="the shipped model to compare against")
    ap.add_argument("--candidates", default="", help="comma-separated subset of candidate names")
    ap.add_argument("--cache", default="/tmp/npslens-sentiment-dev-cache")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--encoder-weights", help="a fine-tuned encoder folder: candidates train and run on its "
                    "embeddings (the shipped model keeps its own)")
    ap.add_argument("--json", help="write the results here too")
    a = ap.parse_args(argv)
    t0 = time.time()
    data = require_data()
    cfg = load_config(a.config).model_copy(update={"shared_data": str(data)})
    art = read_artifact(resolve_model_path(a.model))
    encoder = make_artifact_encoder(art, threads=a.threads)
    cache = Path(a.cache)
    ft: Encoder | None = None
    if a.encoder_weights:  # candidates on fine-tuned embeddings (the shipped model keeps its own encoder)
        dense = Path(a.encoder_weights) / "dense.safetensors"
        ft = make_encoder("use-m3.v1", threads=a.threads, backend="onnx-int8", dense_path=dense)
        cache = cache / str(encoder_weights(ft)[1])[:16]

    def pool(df: pd.DataFrame, weight: float = 1.0) -> Pool:
        texts = df["text"].astype(str).tolist()
        emb = embed(texts, encoder, Path(a.cache))
        return Pool(texts, df["sentiment"].tolist(), np.full(len(texts), weight),
                    embed(texts, ft, cache) if ft is not None else emb, emb)

    seed = read_seed_corpus(ROOT / cfg.seed_corpus)
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    tr, dv, _ = split_indices(seed, cfg.dev_fraction, cfg.test_fraction, cfg.seed)
    lab = seed["sentiment"].isin(SENTIMENTS).to_numpy()
    train: dict[str, Pool] = {"seed": pool(seed.iloc[tr[lab[tr]]], cfg.seed_weight)}
    seed_dev = pool(seed.iloc[dv[lab[dv]]])
    dev: dict[str, Pool] = {"seed-dev": seed_dev}
    specs = {p.name: p for p in cfg.public_sets}
    for name in ("clothing", "uci", "cfpb", "skytrax"):
        per_class, weight = (specs[name].max_per_class, specs[name].weight) if name in specs else (1500, 0.5)
        train[name] = pool(public(name, data, per_class, cfg.seed, dev=False), weight)
        if name != "cfpb":
            dev[f"{name}-dev"] = pool(public(name, data, DEV_PER_CLASS, cfg.seed, dev=True))
    styles: dict[str, np.ndarray] = {}
    corpus_path = Path(a.corpus)
    if corpus_path.is_file():
        train["corpus"] = pool(load_corpus(corpus_path, ["train"]))
        cdev = load_corpus(corpus_path, ["dev"])
        dev["corpus-dev"] = pool(cdev)
        dev["corpus-heldout"] = pool(load_corpus(corpus_path, ["heldout_industry"]))
        styles = {str(s): np.asarray(idx) for s, idx in cdev.groupby(cdev["style"].fillna("?")).groups.items()}
    else:
        print(f"(no corpus at {corpus_path}: corpus candidates skipped)", file=sys.stderr)
    print(f"data encoded in {time.time() - t0:.0f} s: train {({k: len(v.texts) for k, v in train.items()})}, "
          f"dev {({k: len(v.texts) for k, v in dev.items()})}", file=sys.stderr)
    lexicon_features([t for p in [*train.values(), *dev.values()] for t in p.texts])  # warm VADER's import

    wanted = set(filter(None, a.candidates.split(",")))
    seed_train_texts = train["seed"].texts
    predictors: dict[str, Callable[[Pool], list[str]]] = {a.model: shipped(a.model)}
    for c in candidates(cfg):
        if (wanted and c.name not in wanted) or (c.corpus and "corpus" not in train):
            continue
        t1 = time.time()
        predictors[c.name] = train_candidate(c, train, seed_dev, seed_train_texts)
        print(f"fitted {c.name} in {time.time() - t1:.0f} s", file=sys.stderr)

    results: dict[str, dict[str, Any]] = {}
    for name, predict in predictors.items():
        r: dict[str, Any] = {}
        for d, p in dev.items():
            pred = predict(p)
            r[d] = scores(p.labels, pred)
            if d == "corpus-dev":
                for s, idx in styles.items():
                    r[f"  style {s}"] = scores([p.labels[i] for i in idx], [pred[i] for i in idx])
        results[name] = r
    print_table(results, a.model, list(dev))
    if a.json:
        Path(a.json).write_text(json.dumps({"command": " ".join(["benchmarks/sentiment_dev.py", *(argv or
                                            sys.argv[1:])]), "results": results}, indent=2) + "\n")
    print(f"\n{time.time() - t0:.0f} s in all", file=sys.stderr)
    return 0


def print_table(results: dict[str, dict[str, Any]], shipped_name: str, seen: list[str]) -> None:
    names = list(results)
    rows = list(results[names[0]])
    print("| dev set | " + " | ".join(f"{n} acc / mF1" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for row in rows:
        cells = []
        for n in names:
            acc, f1 = results[n].get(row, (float("nan"), float("nan")))
            mark = "*" if n == shipped_name and row in ("uci-dev", "clothing-dev") else ""
            cells.append(f"{acc:.3f} / {f1:.3f}{mark}")
        print(f"| {row} | " + " | ".join(cells) + " |")
    main_rows = [r for r in rows if not r.startswith("  ")]
    print("| mean macro-F1 (dev sets) | " + " | ".join(
        f"{np.mean([results[n][r][1] for r in main_rows]):.3f}" for n in names) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
