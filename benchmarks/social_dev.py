"""Models side by side on social-media posts, for ``strip_social`` (a post read without its addressing).

    .venv/bin/python benchmarks/social_dev.py --model models/npslens-default-2.8.0 \\
        --model models/npslens-default-2.9.0 [--json benchmarks/results/social_dev.json]

Sets (the model's own decode settings through ``Analyzer.analyze``; a skipped post counts as neutral):

* ``complaint tweets dev``: the fixed dev fifth of the complaint tweets (``benchmarks/sentiment_dev.is_dev``),
  scored as the harness scores the whole set: complaint ⇔ predicted negative, macro-F1 over complaint / other.
  The setting was chosen on this fifth; ``complaint tweets rest`` (the other four fifths) is the check, read once.
  No shipped model trains on these tweets (research licence).
* ``corpus-v1 social dev`` / ``corpus-v1 social heldout``: our generated corpus's social style (@handles, links,
  hashtags, emoji), its frozen dev split and its held-out industries, 3-class.
* ``skytrax-dev`` and ``clothing-dev*``: the dev fifths of two public review sets, to show what the setting does to
  text without addressing (the default build samples clothing ratings for training, so that fifth is partly seen:
  marked ``*``).

Per set: accuracy / macro-F1 of every model, on all posts and on the posts ``nlp.text.strip_social`` changes.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, models_args, require_data
from benchmarks._datasets import complaint_tweets
from benchmarks.negation_dev import review_dev_fifths, score
from benchmarks.sentiment_dev import is_dev
from nlp.artifacts.registry_file import resolve_model_path
from nlp.pipeline import Analyzer
from nlp.text import normalize, strip_social
from training.datasets import load_corpus

CORPUS = ROOT / "training/corpus/generated/corpus-v1.jsonl"


def tweets(data: Path) -> pd.DataFrame:
    """The complaint tweets with text (``_datasets.complaint_tweets``) as (text, sentiment): complaint → ``negative``,
    the rest → ``other``."""
    d = complaint_tweets(data).rename(columns={"gold": "sentiment"})
    d = d[d["text"].map(lambda t: isinstance(t, str) and bool(t.strip()))]
    return d.assign(text=d["text"].astype(str)).reset_index(drop=True)


def dev_sets(data: Path) -> dict[str, pd.DataFrame]:
    out: dict[str, pd.DataFrame] = {}
    tw = tweets(data)
    dev = tw["text"].map(is_dev)
    out["complaint tweets dev"] = tw[dev].reset_index(drop=True)
    out["complaint tweets rest"] = tw[~dev].reset_index(drop=True)
    if CORPUS.is_file():
        for split in ("dev", "heldout_industry"):
            d = load_corpus(CORPUS, [split])
            out[f"corpus-v1 social {split.split('_')[0]}"] = d[d["style"] == "social"].reset_index(drop=True)
    out.update(review_dev_fifths(data))
    return out


def changed(d: pd.DataFrame) -> pd.DataFrame:
    """The rows whose text :func:`nlp.text.strip_social` changes (read as the pipeline reads it: normalised)."""
    keep = [strip_social(n) is not n for n in (normalize(str(t)) for t in d["text"])]
    return d[keep].reset_index(drop=True)


def binary(d: pd.DataFrame, an: Analyzer) -> dict[str, Any]:
    """The tweets as the harness scores them: a predicted ``negative`` is a complaint, anything else ``other``."""
    res = an.analyze(list(d["text"]))
    pred = ["negative" if r.sentiment is not None and r.sentiment.label == "negative" else "other" for r in res]
    gold = list(d["sentiment"])
    right = sum(p == g for p, g in zip(pred, gold, strict=True))
    return {"n": len(d), "accuracy": round(right / len(d), 4),
            "macro_f1": round(float(f1_score(gold, pred, labels=["negative", "other"], average="macro",
                                             zero_division=0)), 4)}


def main(argv: list[str] | None = None) -> int:
    a = models_args(__doc__, argv)
    data = require_data()
    sets = {k: v for k, v in dev_sets(data).items() if len(v)}
    parts = {f"{k} (changed {len(c)})": c for k, v in sets.items() if len(c := changed(v))}
    every = {**{f"{k} (all)": v for k, v in sets.items()}, **parts}
    results: dict[str, dict[str, Any]] = {}
    for m in a.model:
        t0 = time.perf_counter()
        an = Analyzer.load(resolve_model_path(m), threads=2)
        results[m] = {name: (binary(d, an) if name.startswith("complaint") else score(an, d))
                      for name, d in every.items()}
        print(f"{m}: {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    base = a.model[0]
    print(f"{'set':44} {'n':>5} " + " ".join(f"{Path(m).name[-14:]:>15}" for m in a.model) + "   Δ macro-F1")
    for name in sorted(every, key=lambda n: (n.split(" (")[0], "(all)" not in n)):
        cells = [f"{results[m][name]['accuracy']:.3f}/{results[m][name]['macro_f1']:.3f}" for m in a.model]
        d_f1 = results[a.model[-1]][name]["macro_f1"] - results[base][name]["macro_f1"]
        print(f"{name:44} {results[base][name]['n']:>5} " + " ".join(f"{c:>15}" for c in cells) + f"   {d_f1:+.3f}")
    print("cells: accuracy / macro-F1 (complaint tweets: complaint ⇔ predicted negative); Δ: last model − first")
    if a.json:
        Path(a.json).write_text(json.dumps({"command": "python benchmarks/social_dev.py "
                                            + " ".join(f"--model {m}" for m in a.model), "models": a.model,
                                            "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
