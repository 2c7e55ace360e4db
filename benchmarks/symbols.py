"""Sentiment on the public comments that carry emoji, emoticons or ratings, side by side.

Every public sentiment set of ``baselines.py`` (the same rows: comments with letters), cut to the comments where
``nlp.symbols.gloss_symbols`` would change what the model reads (an emoji, an emoticon, a star run or a rating such
as "4/5"). On that slice: majority class (of the slice), VADER (which reads emoji itself) and each ``--model``,
scored with the set's own metric and decoding (``accuracy.score``: 3-class macro-F1, binary P(pos) ≥ P(neg),
complaint = negative vs the rest); the whole set too, for each model. A model with ``gloss_symbols`` reads only
comments of symbols only as words (``read_as_words``), so on these rows it equals its base; the row ``… glossing
inside text`` runs it with every comment glossed (``gloss_symbols``), the variant that was measured and not kept.
The comments of symbols only (no letters; older models skip them) are scored separately, for the models that read
them.

    python benchmarks/symbols.py --model models/npslens-default-2.7.0 --model models/npslens-default-2.8.0 \\
        [--json benchmarks/results/symbols.json]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from _baseline_methods import vader_compound, vader_label
from _common import md_table, require_data, run_record, write_results
from _datasets import sentiment_sets
from accuracy import score

import nlp.pipeline
from nlp.pipeline import Analyzer
from nlp.symbols import gloss_symbols, has_symbol_content, read_as_words
from nlp.text import skip_reason


def _ours(an: Analyzer, texts: list[str], inside: bool = False) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Labels, P(positive) and P(negative) of ``an`` for ``texts``; ``inside``: every comment glossed (the variant
    not kept), by swapping the pipeline's ``read_as_words`` for ``gloss_symbols`` during the call."""
    nlp.pipeline.read_as_words = gloss_symbols if inside else read_as_words  # type: ignore[attr-defined]
    try:
        res = an.analyze(texts)
    finally:
        nlp.pipeline.read_as_words = read_as_words  # type: ignore[attr-defined]
    probs = np.array([[r.sentiment.scores[k] for k in ("negative", "positive")]  # type: ignore[union-attr]
                      for r in res])
    return [r.sentiment.label for r in res], probs[:, 1], probs[:, 0]  # type: ignore[union-attr]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--model", action="append", help="model folder or registry version; repeat to compare")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    data = require_data()
    t0 = time.perf_counter()
    models = {str(m): Analyzer.load(m) for m in (args.model or [None])}
    first = next(iter(models.values()))
    sets = sentiment_sets(data, Path(str(first.path)), 5000)  # baselines.py's sets and clothing sample
    # (results key, table name, analyzer, every comment glossed)
    variants = [(n, Path(n).name, an, False) for n, an in models.items()]
    variants += [(f"{n} glossing inside text", f"{Path(n).name} glossing inside text", an, True)
                 for n, an in models.items() if an.gloss_symbols]
    out: dict[str, Any] = {}
    rows = []
    for ds in sets:
        texts = [str(t) for t in ds.texts if isinstance(t, str)]
        gold_all = [g for t, g in zip(ds.texts, ds.gold, strict=True) if isinstance(t, str)]
        keep = [i for i, t in enumerate(texts) if skip_reason(t, symbols=False) is None]
        only = [i for i, t in enumerate(texts) if skip_reason(t, symbols=False) == "not_text"
                and has_symbol_content(t)]
        sl = [j for j, i in enumerate(keep) if gloss_symbols(texts[i]) is not texts[i]]  # positions within keep
        if not sl:
            continue
        kg = [gold_all[i] for i in keep]
        st, sg = [texts[keep[j]] for j in sl], [kg[j] for j in sl]
        top = Counter(sg).most_common(1)[0][0]
        rec: dict[str, Any] = {"kind": ds.kind, "n_set": len(keep), "n_slice": len(sl), "symbols_only": len(only),
                               "gold_slice": dict(Counter(sg)), "methods": {}}
        rec["methods"]["majority"] = {"slice": score(ds.kind, sg, [top] * len(sg))}
        rec["methods"]["vader"] = {"slice": score(ds.kind, sg, [vader_label(c) for c in vader_compound(st)])}
        for key, _, an, inside in variants:
            label, p_pos, p_neg = _ours(an, [texts[i] for i in keep], inside)  # the slice is read from these
            rec["methods"][key] = {"slice": score(ds.kind, sg, [label[j] for j in sl], p_pos[sl], p_neg[sl]),
                                   "set": score(ds.kind, kg, label, p_pos, p_neg)}
            if only and an.gloss_symbols and not inside:
                og = [gold_all[i] for i in only]
                res = an.analyze([texts[i] for i in only])
                rec["methods"][key]["symbols_only"] = {
                    "gold": og, "predicted": [r.sentiment.label for r in res],  # type: ignore[union-attr]
                    "vader": [vader_label(c) for c in vader_compound([texts[i] for i in only])]}
        out[ds.name] = rec
        row: list[object] = [ds.name, len(sl), len(only)]
        row += [rec["methods"][m]["slice"]["macro_f1"] for m in ("majority", "vader", *[v[0] for v in variants])]
        row += [rec["methods"][v[0]]["set"]["macro_f1"] for v in variants]
        rows.append(row)
        print(f"{ds.name}: slice {len(sl)} of {len(keep)}, symbols only {len(only)}", flush=True)
    names = [v[1] for v in variants]
    print(md_table(["set", "slice n", "symbols only", "majority", "VADER", *[f"{n} (slice)" for n in names],
                    *[f"{n} (set)" for n in names]], rows))
    for name, rec in out.items():
        for m, r in rec["methods"].items():
            if "symbols_only" in r:
                so = r["symbols_only"]
                right = sum(g == p for g, p in zip(so["gold"], so["predicted"], strict=True))
                vright = sum(g == p for g, p in zip(so["gold"], so["vader"], strict=True))
                print(f"{name}, symbols only: {m} {right}/{len(so['gold'])} right, VADER {vright}/{len(so['gold'])}")
    if args.json:
        write_results(args.json, run_record("symbols.py", argv, t0, metric="macro_f1 (the set's decoding)",
                                            results=out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
