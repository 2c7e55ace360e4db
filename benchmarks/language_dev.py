"""Language per comment: how the fastText model is read, side by side on English public sets and our corpus.

Every rule gets the same texts, the same preparation (``nlp.language.language_of``: one line, capitals-only text
lower-cased, too few letters → ``None``) and the same confidence floors; only the reading differs:

* ``as written``: the model's top language of the text as written (NPS Lens up to 2.15.0's code);
* ``lower-cased``: of the text lower-cased;
* ``max of both``: the more confident of the two readings' top languages;
* ``mean of both``: the language with the highest mean probability over both readings (top 5 each):
  ``nlp.language.read_both``, what ``detect_languages`` does now.

Sets: the English public review/post sets of ../shared/data (Amazon Alexa reviews, complaint tweets without their
addressing, UCI Amazon + Yelp sentences; every text is English, so any other code is wrong) and our generated corpora
(``training/corpus/generated``, rows labelled with their language: English and the six others). A code is right,
wrong, or ``None`` (no answer).

    python benchmarks/language_dev.py [--json benchmarks/results/language_dev.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _common import ROOT, md_table, require_data, run_record, write_results

from nlp.language import TOP_K, _model, language_of, read_both
from nlp.text import strip_social

Reading = Callable[[Any, str], tuple[str, float]]


def _one(model: Any, text: str) -> tuple[str, float]:
    labels, probs = model.predict(text, k=1)
    return (labels[0], float(probs[0])) if labels else ("", 0.0)


def _both(model: Any, text: str) -> list[dict[str, float]]:
    return [dict(zip(*model.predict(r, k=TOP_K), strict=True)) for r in (text, text.lower())]


def _max(model: Any, text: str) -> tuple[str, float]:
    return max(((k, float(v)) for d in _both(model, text) for k, v in d.items()), key=lambda kv: kv[1])


RULES: dict[str, Reading] = {"as written": _one, "lower-cased": lambda m, t: _one(m, t.lower()),
                             "max of both": _max, "mean of both": read_both}


def detect(model: Any, text: str, reading: Reading) -> str | None:
    """One text's code under ``reading``, with ``detect_languages``'s preparation and floors."""
    return language_of(model, text, reading)


def sets(data: Path) -> dict[str, list[tuple[str, str]]]:
    """(text, language) per set."""
    alexa = data / "amazon-alexa-reviews" / "amazon_alexa.tsv"
    with alexa.open(encoding="utf-8-sig", newline="") as fh:
        alexa_rows = [(r["verified_reviews"], "en") for r in csv.DictReader(fh, delimiter="\t")
                      if r["verified_reviews"]]
    with (data / "complaints-social-media-tweets" / "complaints-data.csv").open(encoding="utf-8", newline="") as fh:
        tweets = [(strip_social(r[1]), "en") for r in csv.reader(fh) if len(r) > 1]
    uci = data / "uci-sentiment-labelled-sentences"
    uci_rows = [(line.rsplit("\t", 1)[0], "en") for name in ("amazon_cells_labelled.txt", "yelp_labelled.txt")
                for line in (uci / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    ours = [json.loads(line) for name in ("corpus-v1", "corpus-support-v1")
            for line in (ROOT / "training" / "corpus" / "generated" / f"{name}.jsonl").read_text().splitlines()]
    return {"Amazon Alexa reviews": alexa_rows, "complaint tweets": tweets, "UCI Amazon + Yelp": uci_rows,
            "our corpus, English": [(r["text"], r["lang"]) for r in ours if r["lang"] == "en"],
            "our corpus, 6 other languages": [(r["text"], r["lang"]) for r in ours if r["lang"] != "en"]}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    model = _model()
    results: dict[str, dict[str, dict[str, int]]] = {}
    for name, items in sets(require_data()).items():
        for rule, reading in RULES.items():
            c = Counter("right" if d == g else "none" if d is None else "wrong"
                        for d, g in ((detect(model, t, reading), g) for t, g in items))
            results.setdefault(name, {})[rule] = {"n": len(items), **{k: c[k] for k in ("right", "wrong", "none")}}
    rows = [[name, rule, r["n"], r["right"], r["wrong"], r["none"]] for name, by in results.items()
            for rule, r in by.items()]
    print(md_table(["set", "reading", "n", "right", "wrong", "none"], rows))
    if args.json:
        write_results(args.json, run_record("language_dev.py", argv, t0, results=results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
