"""Before/after checks of an encoder on DEV data only (never a public test split).

- ``clothing_probe``: logistic-regression probe, 3-class sentiment, trained on clothing train-part rows and
  tested on the clothing dev part (rows the fine-tuning never saw);
- ``cross_domain``: probe trained on our corpus (train split) + clothing train part, tested on the Skytrax
  and UCI dev parts (binary: positive vs negative probability);
- ``zero_shot``: corpus ``heldout_industry`` rows, cosine of the comment to each theme's
  ``label: description`` of its industry, micro-F1 at the threshold that is best on the corpus dev split;
- ``semeval14_8shot``: SemEval-2014 restaurants (the TRAIN file: it has no test split here), 8 examples
  per category, one-vs-rest logistic regression, top category + any other with p ≥ 0.5, micro-F1 on the
  other sentences, mean of 3 seeds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

from training.finetune.data import LABEL_ID, corpus_split, load_corpus, public_sentiment, shared
from training.finetune.tasks import DEV, TRAIN

Log = Callable[[str], None]


class _Cache:
    """Encode each distinct text once per encoder."""

    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder
        self.rows: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.rows]
        if new:
            for t, v in zip(new, self.encoder.encode(new), strict=True):
                self.rows[t] = v
        return np.stack([self.rows[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)


def _probe(x: np.ndarray, y: np.ndarray, seed: int) -> LogisticRegression:
    return LogisticRegression(C=2.0, max_iter=2000, class_weight="balanced", random_state=seed).fit(x, y)


def _sample(df: Any, n: int, seed: int) -> Any:
    return df.sample(min(len(df), n), random_state=seed) if len(df) else df


def sentiment_checks(enc: _Cache, cfg: Any, rows: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    clothing = public_sentiment(cfg, "clothing")
    if len(clothing):
        tr = _sample(clothing[clothing["split"] == TRAIN], 3000, seed)
        dv = _sample(clothing[clothing["split"] == DEV], 2000, seed)
        clf = _probe(enc(tr["text"].tolist()), tr["label"].to_numpy(), seed)
        pred = clf.predict(enc(dv["text"].tolist()))
        out["clothing_probe"] = {"n_test": len(dv), "macro_f1": _r(f1_score(dv["label"], pred, average="macro")),
                                 "accuracy": _r(accuracy_score(dv["label"], pred))}
    corpus = [(str(r["text"]), LABEL_ID[r["sentiment"]]) for r in rows
              if corpus_split(r) == TRAIN and r.get("sentiment") in LABEL_ID]
    corpus = [corpus[i] for i in np.random.default_rng(seed).permutation(len(corpus))[:4000]]
    texts = [t for t, _ in corpus] + (tr["text"].tolist() if len(clothing) else [])
    labels = np.array([y for _, y in corpus] + (tr["label"].tolist() if len(clothing) else []))
    if len(set(labels.tolist())) < 2:
        return out
    clf = _probe(enc(texts), labels, seed)
    cross: dict[str, Any] = {}
    for name in ("skytrax", "uci"):
        df = public_sentiment(cfg, name)
        df = _sample(df[(df["split"] == DEV) & (df["label"] != 1)], 1500, seed) if len(df) else df
        if len(df) == 0:
            continue
        p = clf.predict_proba(enc(df["text"].tolist()))
        cls = list(clf.classes_)
        pred = np.where(p[:, cls.index(2)] >= p[:, cls.index(0)], 2, 0)
        cross[name] = {"n_test": len(df), "accuracy": _r(accuracy_score(df["label"], pred)),
                       "macro_f1": _r(f1_score(df["label"], pred, average="macro"))}
    out["cross_domain"] = cross
    return out


def zero_shot(enc: _Cache, rows: list[dict[str, Any]], themes: list[dict[str, Any]]) -> dict[str, Any]:
    """Description-only theme detection on held-out industries, threshold from the corpus dev split."""
    by_ind: dict[str, list[dict[str, Any]]] = {}
    for t in themes:
        by_ind.setdefault(str(t["industry"]), []).append(t)

    def scores(part: list[dict[str, Any]]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        sims, gold = [], []
        for ind, rs in _group(part).items():
            ths = by_ind.get(ind, [])
            if not ths:
                continue
            t_emb = enc([f"{t['label']}: {t['description']}" for t in ths])
            ids = [t["id"] for t in ths]
            u = enc([str(r["text"]) for r in rs])
            sims.append(u @ t_emb.T)
            gold.append(np.array([[i in (r.get("themes") or {}) for i in ids] for r in rs], dtype=bool))
        return sims, gold

    dev = [r for r in rows if corpus_split(r) == DEV]
    held = [r for r in rows if corpus_split(r) not in (TRAIN, DEV)]
    if not dev or not held:
        return {}
    ds, dg = scores(dev)
    grid = np.round(np.arange(0.05, 0.9, 0.01), 2)
    dev_f1 = [_micro_f1(ds, dg, thr) for thr in grid]
    thr = float(grid[int(np.argmax(dev_f1))])
    hs, hg = scores(held)
    return {"n_heldout": len(held), "threshold": thr, "dev_micro_f1": _r(max(dev_f1)),
            "micro_f1": _r(_micro_f1(hs, hg, thr))}


def _group(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(str(r.get("industry")), []).append(r)
    return out


def _micro_f1(sims: list[np.ndarray], gold: list[np.ndarray], thr: float) -> float:
    tp = sum(int(((s >= thr) & g).sum()) for s, g in zip(sims, gold, strict=True))
    fp = sum(int(((s >= thr) & ~g).sum()) for s, g in zip(sims, gold, strict=True))
    fn = sum(int(((s < thr) & g).sum()) for s, g in zip(sims, gold, strict=True))
    return 2 * tp / max(1, 2 * tp + fp + fn)


def semeval14_8shot(enc: _Cache, cfg: Any, seeds: Sequence[int] = (0, 1, 2)) -> dict[str, Any]:
    root = shared(cfg, "semeval2014-task4")
    if root is None:
        return {}
    sents = ET.parse(root / "Restaurants_Train_v2.xml").getroot().iter("sentence")
    data = [(s.findtext("text") or "", [cat for c in s.iter("aspectCategory") if (cat := c.get("category"))])
            for s in sents]
    data = [(t, c) for t, c in data if t.strip() and c]
    cats = sorted({c for _, cs in data for c in cs})
    x = enc([t for t, _ in data])
    y = np.array([[c in cs for c in cats] for _, cs in data], dtype=bool)
    f1s = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        shots = np.concatenate([rng.choice([i for i, (_, cs) in enumerate(data) if cs == [c]], 8, replace=False)
                                for c in cats])
        labels = np.array([cats.index(data[i][1][0]) for i in shots])
        clf = LogisticRegression(C=10.0, max_iter=2000).fit(x[shots], labels)
        test = np.setdiff1d(np.arange(len(data)), shots)
        p = clf.predict_proba(x[test])
        pred = (p >= 0.5) | (p == p.max(1, keepdims=True))
        f1s.append(f1_score(y[test], pred, average="micro"))
    return {"n_test": int(len(data) - 8 * len(cats)), "micro_f1": _r(float(np.mean(f1s))),
            "seed_std": _r(float(np.std(f1s)))}


def evaluate_encoder(encoder: Any, cfg: Any, log: Log = lambda m: None) -> dict[str, Any]:
    """Every dev check above for one encoder (checks whose data is absent are left out)."""
    enc = _Cache(encoder)
    rows, themes, source = load_corpus(cfg)
    out: dict[str, Any] = {"corpus": source}
    out.update(sentiment_checks(enc, cfg, rows, cfg.seed))
    out["zero_shot"] = zero_shot(enc, rows, themes)
    out["semeval14_8shot"] = semeval14_8shot(enc, cfg)
    log(f"evaluated {encoder.name}: {len(enc.rows)} texts")
    return out


def flatten(m: dict[str, Any], prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in m.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        elif isinstance(v, float) and not k.startswith(("n_", "threshold", "seed_std")):
            out[f"{prefix}{k}"] = v
    return out


def table(before: dict[str, Any], after: dict[str, Any]) -> str:
    """A markdown table: metric, original, fine-tuned, margin."""
    b, a = flatten(before), flatten(after)
    lines = ["| dev metric | original | fine-tuned | margin |", "|---|---|---|---|"]
    for k in b:
        if k in a:
            lines.append(f"| {k} | {b[k]:.4f} | {a[k]:.4f} | {a[k] - b[k]:+.4f} |")
    return "\n".join(lines)


def _r(x: float) -> float:
    return round(float(x), 4)


__all__ = ["evaluate_encoder", "flatten", "table"]
