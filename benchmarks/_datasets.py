"""Readers for the public sets in ../shared/data used by ``accuracy.py`` (labels only, nothing is copied)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SEED = 13
Gold = dict[str, str]
Row = tuple[str, Gold]


def cat_id(raw: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", raw.lower()).strip("_")


def read_categories(path: Path, tag: str, entity_only: bool = False) -> list[Row]:
    """Sentences with ``{category id: polarity}``; several opinions on one category with both signs → conflict."""
    rows: list[Row] = []
    for s in ET.parse(path).getroot().iter("sentence"):
        if s.get("OutOfScope") == "TRUE":
            continue
        pols: dict[str, set[str]] = {}
        for o in s.iter(tag):
            raw = o.get("category", "")
            pols.setdefault(cat_id(raw.split("#")[0] if entity_only else raw), set()).add(o.get("polarity", ""))
        gold = {}
        for c, p in pols.items():
            p = p - {"neutral"} if len(p) > 1 else p
            gold[c] = next(iter(p)) if len(p) == 1 else "conflict"
        rows.append(((s.findtext("text") or "").strip(), gold))
    return rows



@dataclass
class SentimentSet:
    name: str
    texts: list[str]
    gold: list[str]
    kind: str  # "binary" (negative/positive), "3class", "complaint" (negative/other)
    note: str


def _rating3(r: float) -> str:
    return "negative" if r <= 2 else "neutral" if r == 3 else "positive"


def _first_words(text: str, n: int = 80) -> str:
    return " ".join(str(text).split()[:n])


def public_training_sets(model_dir: Path) -> tuple[dict[str, dict], int]:
    """The public sets the model trained on (``training_config.json``: name → spec) and its sampling seed."""
    cfg = json.loads((model_dir / "training_config.json").read_text())
    return {p["name"]: p for p in cfg.get("public_sets", [])}, int(cfg.get("seed", SEED))


def clothing_training_texts(data: Path, model_dir: Path) -> set[str]:
    """The clothing rows the model trained on, re-drawn exactly as ``training.datasets`` draws them."""
    sets, seed = public_training_sets(model_dir)
    if "clothing" not in sets:
        return set()
    from training.datasets import load_public_sentiment

    return set(load_public_sentiment("clothing", data, sets["clothing"]["max_per_class"], seed)["text"])


def complaint_tweets(data: Path) -> pd.DataFrame:
    """The complaint tweets as ``text`` and ``gold``: complaint=1 → ``negative``, the rest → ``other``."""
    d = pd.read_csv(data / "complaints-social-media-tweets" / "complaints-data.csv", header=None,
                    names=["id", "text", "complaint", "industry"])
    return pd.DataFrame({"text": d["text"], "gold": ["negative" if c == 1 else "other" for c in d["complaint"]]})


def sentiment_sets(data: Path, model_dir: Path, max_clothing: int) -> list[SentimentSet]:
    sky = data / "skytrax-reviews"
    seat = pd.read_csv(sky / "seat.csv").dropna(subset=["content", "overall_rating"])
    lounge = pd.read_csv(sky / "lounge.csv").dropna(subset=["content", "overall_rating"])
    lounge = lounge[lounge["overall_rating"] <= 5]  # a few lounge rows use a 1-10 scale
    seat = seat[(seat["overall_rating"] <= 3) | (seat["overall_rating"] >= 8)]
    lounge = lounge[(lounge["overall_rating"] <= 2) | (lounge["overall_rating"] >= 4)]
    sky_texts = seat["content"].tolist() + lounge["content"].tolist()
    sky_gold = (["negative" if r <= 3 else "positive" for r in seat["overall_rating"]]
                + ["negative" if r <= 2 else "positive" for r in lounge["overall_rating"]])
    trip = pd.read_csv(data / "tripadvisor-hotel-reviews-subset" / "tripadvisor_hotel_reviews_first2000.csv")
    alexa = pd.read_csv(data / "amazon-alexa-reviews" / "amazon_alexa.tsv", sep="\t", encoding="utf-8-sig")
    tweets = complaint_tweets(data)
    cloth = pd.read_csv(data / "womens-ecommerce-clothing-reviews" / "Womens Clothing E-Commerce Reviews.csv")
    cloth = cloth.dropna(subset=["Review Text"])
    seen = clothing_training_texts(data, model_dir)
    cloth = cloth[~cloth["Review Text"].map(_first_words).isin(seen)]
    cloth = cloth.sample(min(max_clothing, len(cloth)), random_state=SEED)
    trained, _ = public_training_sets(model_dir)

    def note(name: str, text: str) -> str:
        return text + ("; IN THE MODEL'S TRAINING DATA" if name in trained else "; not in the model's training data")

    uci = pd.concat([pd.read_csv(f, sep="\t", quoting=3, header=None, names=["text", "y"])
                     for f in sorted((data / "uci-sentiment-labelled-sentences").glob("*_labelled.txt"))])
    return [
        SentimentSet("Skytrax seat+lounge", sky_texts, sky_gold, "binary",
                     note("skytrax", "seat ≤3 neg / ≥8 pos, lounge ≤2 neg / ≥4 pos")),
        SentimentSet("TripAdvisor hotels", trip["Review"].tolist(), [_rating3(r) for r in trip["Rating"]], "3class",
                     "rating 1-2 neg / 3 neu / 4-5 pos; lower-cased, no punctuation"),
        SentimentSet("Amazon Alexa", alexa["verified_reviews"].tolist(), [_rating3(r) for r in alexa["rating"]],
                     "3class", "rating 1-2 neg / 3 neu / 4-5 pos"),
        SentimentSet("Complaint tweets", tweets["text"].tolist(), tweets["gold"].tolist(), "complaint",
                     "complaint=1 → negative vs not"),
        SentimentSet("Clothing (in-domain)", cloth["Review Text"].tolist(), [_rating3(r) for r in cloth["Rating"]],
                     "3class", note("clothing", f"the {len(seen)} rows the model trained on removed, "
                                     f"≤{max_clothing} of the rest sampled")),
        SentimentSet("UCI sentences (in-domain)", uci["text"].tolist(),
                     ["positive" if y == 1 else "negative" for y in uci["y"]], "binary",
                     note("uci", "all 3,000 sentences (Amazon, Yelp, IMDb)")),
    ]

