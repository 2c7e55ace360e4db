"""Accuracy of NPS Lens on public data it never trained on, next to simple baselines, in one run.

A. Category detection + category sentiment, each dataset's categories given as a customer taxonomy
   (written below: id, label, one-sentence description). Zero-shot (descriptions only) and 8-shot
   (8 train sentences per category as theme examples) through the taxonomy matcher; baselines:
   TF-IDF + one-vs-rest logistic regression on the same 8 shots (sentence sentiment from VADER) and
   the most frequent train category (with the most frequent train polarity).
B. Overall sentiment with the default model; baselines: majority class, VADER, TF-IDF + LR trained
   on the UCI sentences.

    python benchmarks/accuracy.py [--quick] [--json out.json] [--seeds N]

Reads ../shared/data (relative to the repo root); nothing from it is written into the repo.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from _common import code_fingerprint, machine_info, md_table, require_data, write_results
from _datasets import SEED, Row, read_categories, sentiment_sets
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from nlp.metrics import theme_metrics
from nlp.pipeline import Analyzer
from nlp.schema import CommentResult, SentimentResult, ThemeHit
from nlp.taxonomy import Taxonomy, Theme, parse_taxonomy
from nlp.text import skip_reason

SHOTS = 8
QUICK_N = 300

# ------------------------------------------------------------------ taxonomies (written for this benchmark)
SEMEVAL_EA = """
name: semeval-restaurants-entity-attribute
themes:
  - {id: restaurant_general, label: Restaurant overall, description: "The restaurant as a whole, the overall experience and whether the reviewer would come back or recommend it."}
  - {id: restaurant_prices, label: Restaurant prices, description: "How expensive the restaurant is overall and whether a meal there is worth the money."}
  - {id: restaurant_miscellaneous, label: Restaurant miscellaneous, description: "Other things about the restaurant such as reservations, opening hours, crowds, takeaway or suitability for groups and occasions."}
  - {id: food_quality, label: Food quality, description: "Taste, freshness, cooking and quality of the dishes."}
  - {id: food_style_options, label: Food style and options, description: "Portion sizes, presentation, variety and choice of dishes on the menu."}
  - {id: food_prices, label: Food prices, description: "Prices of the dishes and whether the food is good value for money."}
  - {id: drinks_quality, label: Drinks quality, description: "Taste and quality of the wine, beer, cocktails, coffee, tea and other drinks."}
  - {id: drinks_style_options, label: Drinks style and options, description: "Choice of wines, beers and cocktails, drink sizes and how drinks are served."}
  - {id: drinks_prices, label: Drinks prices, description: "Prices of wine, beer, cocktails and other drinks."}
  - {id: ambience_general, label: Ambience, description: "Atmosphere, decor, music, noise level, seating comfort and feel of the dining room."}
  - {id: service_general, label: Service, description: "Attentiveness, friendliness, speed and professionalism of the waiters and other staff."}
  - {id: location_general, label: Location, description: "Where the restaurant is, its neighbourhood, views and how easy it is to get to."}
"""  # noqa: E501
SEMEVAL_ENTITY = """
name: semeval-restaurants-entity
themes:
  - {id: restaurant, label: Restaurant, description: "The restaurant as a whole: overall experience, overall prices, reservations, crowds and whether to return."}
  - {id: food, label: Food, description: "The dishes: taste, quality, portions, presentation, choice and prices of the food."}
  - {id: drinks, label: Drinks, description: "Wine, beer, cocktails, coffee and other drinks: their quality, selection and prices."}
  - {id: ambience, label: Ambience, description: "Atmosphere, decor, music, noise level, seating comfort and feel of the dining room."}
  - {id: service, label: Service, description: "Attentiveness, friendliness, speed and professionalism of the waiters and other staff."}
  - {id: location, label: Location, description: "Where the restaurant is, its neighbourhood, views and how easy it is to get to."}
"""  # noqa: E501
SEMEVAL14 = """
name: semeval14-restaurants
themes:
  - {id: food, label: Food, description: "Taste, quality, freshness, portions and choice of the dishes and drinks."}
  - {id: service, label: Service, description: "Attentiveness, friendliness, speed and professionalism of the waiters and other staff."}
  - {id: price, label: Price, description: "How expensive the meal is and whether it is worth the money."}
  - {id: ambience, label: Ambience, description: "Atmosphere, decor, music, noise level and comfort of the dining room."}
  - {id: anecdotes_miscellaneous, label: Anecdotes and miscellaneous, description: "Stories about the visit and anything else, such as the occasion, the company, reservations or the restaurant in general."}
"""  # noqa: E501
MAMS = """
name: mams-restaurants
themes:
  - {id: food, label: Food, description: "Taste, quality, freshness and portions of the dishes and drinks."}
  - {id: service, label: Service, description: "The service as a whole: speed, attentiveness, and waiting for a table or for the food."}
  - {id: staff, label: Staff, description: "Behaviour and attitude of particular people such as waiters, hosts, bartenders and managers."}
  - {id: price, label: Price, description: "Prices, the bill and whether the meal was worth the money."}
  - {id: ambience, label: Ambience, description: "Atmosphere, decor, music, noise and comfort of the dining room."}
  - {id: menu, label: Menu, description: "The menu itself: the choice of dishes, specials and options offered."}
  - {id: place, label: Place, description: "The restaurant's location, building, size, seating, tables and surroundings."}
  - {id: miscellaneous, label: Miscellaneous, description: "Anything else about the visit, such as reservations, the occasion or the evening in general."}
"""  # noqa: E501



@dataclass
class CategorySet:
    name: str
    taxonomy: Taxonomy
    train: list[Row]  # the pool the shots are drawn from
    test: list[Row]
    note: str


def category_sets(data: Path) -> list[CategorySet]:
    s16, s15, mams = data / "semeval2016-task5", data / "semeval2015-task12", data / "mams-acsa"
    r16 = (s16 / "ABSA16_Restaurants_Train_SB1_v2.xml", s16 / "EN_REST_SB1_TEST.xml.gold")
    r15 = (s15 / "ABSA-15_Restaurants_Train_Final.xml", s15 / "ABSA15_Restaurants_Test.xml")
    s14 = read_categories(data / "semeval2014-task4" / "Restaurants_Train_v2.xml", "aspectCategory")
    pool = set(np.random.default_rng(SEED).choice(len(s14), 600, replace=False).tolist())
    return [
        CategorySet("SemEval-16 rest (E#A)", parse_taxonomy(SEMEVAL_EA), read_categories(r16[0], "Opinion"),
                    read_categories(r16[1], "Opinion"), "gold test; 12 ENTITY#ATTRIBUTE categories"),
        CategorySet("SemEval-16 rest (entity)", parse_taxonomy(SEMEVAL_ENTITY),
                    read_categories(r16[0], "Opinion", True), read_categories(r16[1], "Opinion", True),
                    "gold test; 6 entities (E#A labels collapsed)"),
        CategorySet("SemEval-15 rest (E#A)", parse_taxonomy(SEMEVAL_EA), read_categories(r15[0], "Opinion"),
                    read_categories(r15[1], "Opinion"), "test; 12 ENTITY#ATTRIBUTE categories"),
        CategorySet("MAMS-ACSA val", parse_taxonomy(MAMS), read_categories(mams / "train.xml", "aspectCategory"),
                    read_categories(mams / "val.xml", "aspectCategory"),
                    "val; every sentence has ≥2 categories, so shots are 2-category sentences"),
        CategorySet("SemEval-14 rest", parse_taxonomy(SEMEVAL14), [r for i, r in enumerate(s14) if i in pool],
                    [r for i, r in enumerate(s14) if i not in pool],
                    "train file only: 600 sentences (seed 13) are the shot pool, the rest is the eval set"),
    ]


def draw_shots(train: Sequence[Row], ids: Sequence[str], seed: int, k: int = SHOTS) -> dict[str, list[Row]]:
    """k train sentences per category: single-category sentences first (random order), topped up with the
    sentences that have the fewest other categories."""
    rng = np.random.default_rng(seed)
    shots: dict[str, list[Row]] = {}
    for c in ids:
        cands = [r for r in train if c in r[1] and 0 < len(r[0]) <= 500]
        order = sorted(rng.permutation(len(cands)).tolist(), key=lambda i: len(cands[i][1]))
        shots[c] = [cands[i] for i in order[:k]]
    return shots


def with_examples(tax: Taxonomy, shots: dict[str, list[Row]]) -> Taxonomy:
    """``tax`` with the drawn shots as examples: each shot is listed under every category it carries (the
    information the baselines' multi-hot training labels hold), the shots drawn for a category first."""
    examples: dict[str, list[str]] = {t.id: [text for text, _ in shots.get(t.id, [])] for t in tax.themes}
    for rows in shots.values():
        for text, gold in rows:
            for c in gold:
                if c in examples and text not in examples[c]:
                    examples[c].append(text)
    themes = [Theme(id=t.id, label=t.label, description=t.description, examples=tuple(examples[t.id]))
              for t in tax.themes]
    return Taxonomy(name=f"{tax.name}-{SHOTS}shot", themes=tuple(themes))


# ------------------------------------------------------------------ baselines
_VADER = SentimentIntensityAnalyzer()


def vader_compound(texts: Sequence[str]) -> np.ndarray:
    return np.array([_VADER.polarity_scores(t)["compound"] for t in texts])


def vader_label(compound: float) -> str:
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


def as_results(pred: Sequence[dict[str, str]], texts: Sequence[str]) -> list[CommentResult]:
    """Wrap baseline predictions ``{category: sentiment}`` so ``theme_metrics`` can score them."""
    none = SentimentResult("neutral", {"negative": 0.0, "neutral": 1.0, "positive": 0.0}, False)
    return [CommentResult(none, tuple(ThemeHit(c, c, 1.0, s, t) for c, s in p.items()))  # type: ignore[arg-type]
            for p, t in zip(pred, texts, strict=True)]


def tfidf_shots(shots: dict[str, list[Row]], ids: Sequence[str], texts: Sequence[str]) -> list[dict[str, str]]:
    """One-vs-rest LR (balanced class weights) on the shot sentences: the top category plus any other with
    p ≥ 0.5 (p ≥ 0.5 alone found almost nothing: 8 shots give flat probabilities). Sentiment = VADER on the sentence."""
    uniq = {text: gold for rows in shots.values() for text, gold in rows}
    y = np.array([[c in gold for c in ids] for gold in uniq.values()], dtype=int)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    clf = OneVsRestClassifier(LogisticRegression(class_weight="balanced", max_iter=2000))
    clf.fit(vec.fit_transform(list(uniq)), y)
    proba = clf.predict_proba(vec.transform(texts))
    sent = [vader_label(c) for c in vader_compound(texts)]
    picked = [sorted({int(p.argmax()), *np.flatnonzero(p >= 0.5).tolist()}) for p in proba]
    return [{ids[j]: s for j in js} for js, s in zip(picked, sent, strict=True)]


def most_frequent(train: Sequence[Row], n: int) -> list[dict[str, str]]:
    cat = Counter(c for _, g in train for c in g).most_common(1)[0][0]
    pol = Counter(p for _, g in train for p in g.values()).most_common(1)[0][0]
    return [{cat: pol}] * n


# ------------------------------------------------------------------ part A
def theme_row(m: dict[str, Any]) -> dict[str, Any]:
    keep = ("micro_precision", "micro_recall", "micro_f1", "macro_f1", "theme_sentiment_accuracy", "theme_sentiment_n")
    return {k: m[k] for k in keep}


def diagnostics(results: Sequence[CommentResult]) -> dict[str, Any]:
    """How the predictions look: empty rate, themes per sentence, theme-sentiment labels used."""
    n_themes = [len(r.themes) for r in results]
    return {"empty_rate": round(float(np.mean([k == 0 for k in n_themes])), 4),
            "themes_per_sentence": round(float(np.mean(n_themes)), 3),
            "theme_sentiments": dict(Counter(h.sentiment for r in results for h in r.themes)),
            "themes_predicted": dict(Counter(h.id for r in results for h in r.themes))}


def mean_std(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in runs[0]:
        vals = [r[k] for r in runs if r[k] is not None]
        mean = float(np.mean(vals)) if vals else None
        out[k] = None if mean is None else round(mean) if k == "theme_sentiment_n" else round(mean, 4)
        if len(runs) > 1 and vals and k != "theme_sentiment_n":
            out[k + "_std"] = round(float(np.std(vals)), 4)
    return out


def run_categories(analyzer: Analyzer, data: Path, quick: bool, seeds: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for ds in category_sets(data):
        t0 = time.perf_counter()
        test = ds.test
        if quick and len(test) > QUICK_N:
            test = [test[i] for i in sorted(np.random.default_rng(SEED).choice(len(test), QUICK_N, replace=False))]
        texts, golds, ids = [t for t, _ in test], [g for _, g in test], ds.taxonomy.ids
        zero = analyzer.analyze(texts, taxonomy=ds.taxonomy)
        res: dict[str, Any] = {"n": len(test), "note": ds.note, "gold_categories": sum(len(g) for g in golds),
                               "gold_sentiments": dict(Counter(p for g in golds for p in g.values()))}
        res["ours_zero_shot"] = theme_row(theme_metrics(golds, zero, ids)) | {"diagnostics": diagnostics(zero)}
        ours, base, shot_counts = [], [], []
        per_theme: dict[str, Any] = {}
        for seed in seeds:
            shots = draw_shots(ds.train, ids, seed)
            shot_counts.append({c: len(v) for c, v in shots.items()})
            few = analyzer.analyze(texts, taxonomy=with_examples(ds.taxonomy, shots))
            m = theme_metrics(golds, few, ids)
            ours.append(theme_row(m))
            if seed == seeds[0]:
                per_theme, few_diag = m["per_theme"], diagnostics(few)
            base.append(theme_row(theme_metrics(golds, as_results(tfidf_shots(shots, ids, texts), texts), ids)))
        res["ours_8_shot"] = mean_std(ours) | {"per_theme_seed0": per_theme, "diagnostics_seed0": few_diag}
        res["tfidf_lr_8_shot"] = mean_std(base)
        res["most_frequent"] = theme_row(theme_metrics(golds, as_results(most_frequent(ds.train, len(texts)), texts),
                                                       ids))
        res["shots_per_category_seed0"] = shot_counts[0]
        res["seconds"] = round(time.perf_counter() - t0, 1)
        out[ds.name] = res
        print(f"  {ds.name}: {len(test)} sentences, {res['seconds']} s", flush=True)
    return out



# ------------------------------------------------------------------ part B
def score(kind: str, gold: Sequence[str], label: Sequence[str], p_pos: np.ndarray | None = None,
          p_neg: np.ndarray | None = None) -> dict[str, Any]:
    """kind-specific metrics; for binary gold, P(pos) vs P(neg) decides when given, else the label."""
    g = np.array(gold)
    lab = np.array(label)
    out: dict[str, Any] = {"pred_dist": dict(Counter(lab.tolist()))}
    if kind == "complaint":
        pred = np.where(lab == "negative", "negative", "other")
        classes = ["negative", "other"]
    elif kind == "binary":
        pred = np.where(p_pos >= p_neg, "positive", "negative") if p_pos is not None else lab  # type: ignore[operator]
        classes = ["negative", "positive"]
        out["exact_3class_accuracy"] = round(float((lab == g).mean()), 4)
    else:
        pred, classes = lab, ["negative", "neutral", "positive"]
        polar = g != "neutral"
        bp = np.where(p_pos >= p_neg, "positive", "negative") if p_pos is not None else lab  # type: ignore[operator]
        out["polar_binary_accuracy"] = round(float((bp[polar] == g[polar]).mean()), 4)
    out["accuracy"] = round(float((pred == g).mean()), 4)
    out["macro_f1"] = round(float(f1_score(g, pred, labels=classes, average="macro", zero_division=0)), 4)
    out["per_class_f1"] = dict(zip(classes, np.round(f1_score(g, pred, labels=classes, average=None,
                                                              zero_division=0), 4).tolist(), strict=True))
    return out


def run_sentiment(analyzer: Analyzer, data: Path, quick: bool) -> dict[str, Any]:
    sets = sentiment_sets(data, Path(str(analyzer.path)), 1000 if quick else 5000)
    uci = next(s for s in sets if s.name.startswith("UCI"))
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    lr = LogisticRegression(max_iter=2000, C=4.0)
    lr.fit(vec.fit_transform(uci.texts), uci.gold)
    out: dict[str, Any] = {}
    for ds in sets:
        t0 = time.perf_counter()
        keep = [i for i, t in enumerate(ds.texts) if skip_reason(t, symbols=False) is None]
        dropped = len(ds.texts) - len(keep)
        if quick and len(keep) > QUICK_N:
            keep = sorted(np.random.default_rng(SEED).choice(keep, QUICK_N, replace=False).tolist())
        texts, gold = [str(ds.texts[i]) for i in keep], [ds.gold[i] for i in keep]
        res = analyzer.analyze(texts)
        probs = np.array([[r.sentiment.scores[k] for k in ("negative", "positive")] for r in res])  # type: ignore[union-attr]
        row: dict[str, Any] = {"n": len(texts), "dropped_no_text": dropped,
                               "note": ds.note, "gold_dist": dict(Counter(gold))}
        row["ours"] = score(ds.kind, gold, [r.sentiment.label for r in res], probs[:, 1], probs[:, 0])  # type: ignore[union-attr]
        row["ours"]["mixed_rate"] = round(float(np.mean([r.sentiment.mixed for r in res])), 4)  # type: ignore[union-attr]
        major = Counter(gold).most_common(1)[0][0]
        row["majority"] = score(ds.kind, gold, [major] * len(gold)) | {"label": major}
        comp = vader_compound(texts)
        vlab = [vader_label(c) for c in comp]
        row["vader"] = score(ds.kind, gold, vlab, (comp >= 0).astype(float), (comp < 0).astype(float))
        if ds.name.startswith("UCI"):  # trained on these very sentences: 5-fold cross-validated predictions
            from sklearn.pipeline import make_pipeline

            lab = cross_val_predict(make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                                                  LogisticRegression(max_iter=2000, C=4.0)), texts, gold, cv=5)
        else:
            lab = lr.predict(vec.transform(texts))
        row["tfidf_lr_uci"] = score(ds.kind, gold, list(lab))
        row["seconds"] = round(time.perf_counter() - t0, 1)
        out[ds.name] = row
        print(f"  {ds.name}: {len(texts)} texts, {row['seconds']} s", flush=True)
    return out


# ------------------------------------------------------------------ report
def print_tables(cats: dict[str, Any], sent: dict[str, Any]) -> None:
    rows = []
    names = {"ours_zero_shot": "NPS Lens zero-shot", "ours_8_shot": "NPS Lens 8-shot",
             "tfidf_lr_8_shot": "TF-IDF+LR 8-shot (+VADER)", "most_frequent": "most frequent category"}
    for ds, r in cats.items():
        for key, label in names.items():
            m = r[key]
            std = f" ±{m['micro_f1_std']:.3f}" if "micro_f1_std" in m else ""
            rows.append([ds, r["n"], label, m["micro_precision"], m["micro_recall"], f"{m['micro_f1']:.3f}{std}",
                         m["macro_f1"], m["theme_sentiment_accuracy"], m["theme_sentiment_n"]])
    print("\n## A. Category detection + category sentiment (customer taxonomy)\n")
    print(md_table(["dataset", "n", "system", "micro-P", "micro-R", "micro-F1", "macro-F1", "cat-sent acc",
                    "cat-sent n"], rows))
    print("\n" + "\n".join(f"- {ds}: {r['note']}" for ds, r in cats.items()))
    rows = []
    sysnames = {"ours": "NPS Lens default", "majority": "majority", "vader": "VADER", "tfidf_lr_uci": "TF-IDF+LR (UCI)"}
    for ds, r in sent.items():
        for key, label in sysnames.items():
            m = r[key]
            extra = m.get("polar_binary_accuracy", m.get("exact_3class_accuracy"))
            dist = " ".join(f"{k[:3]} {v}" for k, v in sorted(m["pred_dist"].items()))
            rows.append([ds, r["n"], label, m["accuracy"], m["macro_f1"], extra, dist])
    print("\n## B. Overall sentiment (default model)\n")
    print("extra = binary accuracy on polar gold (3-class sets) or exact 3-class label accuracy (binary sets)\n")
    print(md_table(["dataset", "n", "system", "accuracy", "macro-F1", "extra", "predicted labels"], rows))
    print("\n" + "\n".join(f"- {ds}: {r['note']}" for ds, r in sent.items()))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # type: ignore[union-attr]
    ap.add_argument("--quick", action="store_true", help=f"≤{QUICK_N} items per set, one shot seed")
    ap.add_argument("--json", type=Path, help="write all results here")
    ap.add_argument("--seeds", type=int, default=3, help="shot draws averaged for the 8-shot rows (default 3)")
    ap.add_argument("--model", default=None, help="model folder or registry version (default: champion)")
    ap.add_argument("--backend", default=None, help="encoder backend (default: the model's)")
    args = ap.parse_args(argv)
    data = require_data()
    t0 = time.perf_counter()
    analyzer = Analyzer.load(args.model, backend=args.backend)
    seeds = [SEED + i for i in range(1 if args.quick else args.seeds)]
    print("categories …", flush=True)
    results = {"categories": run_categories(analyzer, data, args.quick, seeds)}
    print("sentiment …", flush=True)
    results["sentiment"] = run_sentiment(analyzer, data, args.quick)
    print_tables(results["categories"], results["sentiment"])
    out = {"command": " ".join(["python benchmarks/accuracy.py", *(argv if argv is not None else sys.argv[1:])]),
           "quick": args.quick, "seeds": seeds, "model": analyzer.model_info,
           "backend": args.backend, "machine": machine_info(),
           "code": code_fingerprint(),
           "seconds": round(time.perf_counter() - t0, 1), **results}
    if args.json:
        write_results(args.json, out, ensure_ascii=False, lead="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
