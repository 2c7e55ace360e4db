"""Models side by side on DEV data for the negation supplement (never the public test tasks).

    .venv/bin/python benchmarks/negation_dev.py --model models/npslens-default-2.8.0 --model /tmp/b1 \\
        [--json benchmarks/results/negation_dev.json]

Overall sentiment (accuracy, 3-class macro-F1) and theme sentiment on gold themes the model found, per dev set:

* ``corpus-v1 dev`` (all, and its ``negation``, ``plain``, ``mixed``, ``fact``, ``question`` styles) and
  ``negation-v1 dev`` (per style): our generated corpora's frozen dev splits;
* ``skytrax-dev``: the fixed dev fifth of Skytrax (``benchmarks/sentiment_dev.is_dev``; no shipped model trains
  on Skytrax), binary (a neutral answer counts as wrong), all of it and its comments containing "never"/"n't"/"no";
* ``clothing-dev``: the dev fifth of clothing ratings (3-class; the default build samples clothing for training,
  so part of it is seen: marked ``*``).

Every model answers with its own decode settings through ``Analyzer.analyze``; a skipped comment counts as neutral.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, models_args, require_data
from benchmarks.sentiment_dev import is_dev
from nlp.artifacts.registry_file import resolve_model_path
from nlp.pipeline import Analyzer
from training.corpus.compose import themes_of
from training.datasets import load_corpus, load_public_sentiment

CORPORA = {"corpus-v1": ROOT / "training/corpus/generated/corpus-v1.jsonl",
           "negation-v1": ROOT / "training/corpus/generated/corpus-negation-v1.jsonl"}
#: Corpus cross-industry theme key → the default taxonomy's themes that cover it (theme sentiment is scored when
#: the model finds any of them).
KEY_TO_DEFAULT = {"support": ("issue_resolution", "communication"), "billing": ("billing", "returns_refunds"),
                  "wait_time": ("wait_time", "delivery"), "digital": ("digital",), "staff": ("staff_attitude",),
                  "price_value": ("price_value",)}
NEG_WORD = re.compile(r"\b(never|no|nobody|nothing|not|\w+n't)\b", re.I)


def review_dev_fifths(data: Path) -> dict[str, pd.DataFrame]:
    """The fixed dev fifths (``sentiment_dev.is_dev``) of Skytrax (binary) and of clothing ratings (3-class; the
    default build samples clothing for training, so part of it is seen: marked ``*``)."""
    sky = load_public_sentiment("skytrax", data, 10**9, 0)
    clo = load_public_sentiment("clothing", data, 10**9, 0)
    return {"skytrax-dev": sky[sky["text"].map(is_dev)].reset_index(drop=True),
            "clothing-dev*": clo[clo["text"].map(is_dev)].reset_index(drop=True)}


def dev_sets(data: Path) -> dict[str, pd.DataFrame]:
    out: dict[str, pd.DataFrame] = {}
    for name, path in CORPORA.items():
        if not path.is_file():
            continue
        d = load_corpus(path, ["dev"]).reset_index(drop=True)
        out[f"{name} dev"] = d
        styles = sorted(d["style"].unique()) if name != "corpus-v1" else ["negation", "plain", "mixed", "fact",
                                                                          "question", "short", "social"]
        for s in styles:
            out[f"{name} dev: {s}"] = d[d["style"] == s].reset_index(drop=True)
    reviews = review_dev_fifths(data)
    sky = out["skytrax-dev"] = reviews["skytrax-dev"]
    out["skytrax-dev: negation words"] = sky[sky["text"].map(lambda t: bool(NEG_WORD.search(t)))].reset_index(
        drop=True)
    out["clothing-dev*"] = reviews["clothing-dev*"]
    return out


def score(an: Analyzer, d: pd.DataFrame) -> dict[str, Any]:
    res = an.analyze(list(d["text"]))
    pred = [r.sentiment.label if r.sentiment else "neutral" for r in res]
    gold = list(d["sentiment"])
    labels = sorted(set(gold))
    right = sum(p == g for p, g in zip(pred, gold, strict=True))
    out: dict[str, Any] = {"n": len(d), "accuracy": round(right / len(d), 4),
                           "macro_f1": round(float(f1_score(gold, pred, labels=labels, average="macro",
                                                            zero_division=0)), 4)}
    if "clauses" in d:  # theme sentiment where the gold theme was found, against the gold theme polarity
        hit = right = 0
        for r, clauses in zip(res, d["clauses"], strict=True):
            gold_t = themes_of(clauses)
            found = {t.id: t.sentiment for t in r.themes}
            for tid, pol in gold_t.items():
                ids = [i for i in KEY_TO_DEFAULT.get(tid.split(".", 1)[-1], ()) if i in found]
                if ids and pol in ("positive", "negative", "neutral"):
                    hit += 1
                    right += found[ids[0]] == pol
        out["theme_sentiment"] = round(right / hit, 4) if hit else None
        out["theme_hits"] = hit
    return out


def main(argv: list[str] | None = None) -> int:
    a = models_args(__doc__, argv)
    data = require_data()
    sets = dev_sets(data)
    results: dict[str, dict[str, Any]] = {}
    for m in a.model:
        t0 = time.perf_counter()
        an = Analyzer.load(resolve_model_path(m), threads=2)
        results[m] = {name: score(an, d) for name, d in sets.items() if len(d)}
        print(f"{m}: {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    base = a.model[0]
    print(f"{'dev set':34} {'n':>5} " + " ".join(f"{Path(m).name[-14:]:>22}" for m in a.model) + "   Δ last−first")
    for name in sets:
        if name not in results[base]:
            continue
        cells = [f"{results[m][name]['accuracy']:.3f}/{results[m][name]['macro_f1']:.3f}"
                 + (f"/{results[m][name]['theme_sentiment']:.3f}" if results[m][name].get("theme_sentiment")
                    is not None else "") for m in a.model]
        d_f1 = results[a.model[-1]][name]["macro_f1"] - results[base][name]["macro_f1"]
        print(f"{name:34} {results[base][name]['n']:>5} " + " ".join(f"{c:>22}" for c in cells) + f"   {d_f1:+.3f}")
    print("cells: accuracy / macro-F1 [/ theme sentiment on found gold themes]")
    if a.json:
        Path(a.json).write_text(json.dumps({"models": a.model, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
