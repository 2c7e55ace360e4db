#!/usr/bin/env python3
"""Build a food-delivery survey whose story is planted, to check that the report tells it.

    python scripts/make_story_survey.py                     # 1,200 rows, seed 13 → tests/fixtures/story_survey.csv
    python scripts/make_story_survey.py --rows 2000 --out /tmp/story.csv

Every comment is written here (short phrases combined at random; no outside text). Columns: ``id, score,
comment, city, channel, date`` (ISO dates, January–August 2026). The planted facts, by construction:

* **Late delivery is the top cost**: the most common complaint, and complaining about it makes a
  detractor likely. Some customers also praise fast deliveries, so its overall impact mixes praise and
  complaints; the cost is in its negative mentions.
* **Late delivery worsens in one city from month 5**: in Lyon, late-delivery complaints go from about 15%
  to about 60% of comments from 2026-05 (other cities stay near 12%).
* **App crashes spike after an app release in month 5**: about 3% of comments before 2026-05, about 30% from
  2026-05 (all cities; the app channel most).
* **Friendly drivers are the top lift**: praise for drivers comes with high scores.
* **NPS falls about 35 points in month 5** (from about +35 to about 0), through the two problems above.
* About 8% empty comments (they count for NPS) and a handful of comments whose tone contradicts the score.

``build()`` also returns the planted labels of each row (themes with their tone, overall sentiment), so
tests can fake classifier results from them and check the report functions alone.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "fixtures" / "story_survey.csv"
COLUMNS = ("id", "score", "comment", "city", "channel", "date")
MONTHS = [f"2026-{m:02d}" for m in range(1, 9)]
BREAK = 4  # index of 2026-05
CITIES = {"Lyon": 0.3, "Porto": 0.25, "Leeds": 0.25, "Graz": 0.2}
HOTSPOT = "Lyon"
CHANNELS = {"app": 0.6, "web": 0.3, "phone": 0.1}
DAYS = [28, 28, 31, 30, 31, 30, 31, 31]

# theme id (default taxonomy) → tone → phrases written for this survey
PHRASES: dict[tuple[str, str], list[str]] = {
    ("delivery", "negative"): [
        "the order arrived forty minutes late", "delivery took over an hour again", "the courier was very late",
        "food came cold because it was so late", "waited ages for the delivery", "late again, dinner was ruined",
        "the delivery slot was missed by half an hour", "my lunch turned up an hour after the promised time"],
    ("delivery", "positive"): [
        "arrived ten minutes early", "delivery was quick", "the food came fast and hot", "super fast delivery"],
    ("digital", "negative"): [
        "the app crashed at checkout", "since the update the app keeps crashing", "the app froze when I paid",
        "app crashes every time I open the menu", "the new app version logs me out and crashes"],
    ("staff_attitude", "positive"): [
        "the driver was really friendly", "lovely courier, very polite", "the rider was kind and careful with the bag",
        "friendly driver who called ahead", "the delivery man was cheerful and helpful"],
    ("product_quality", "positive"): ["the food was tasty", "great burgers", "fresh and well packed"],
    ("product_quality", "negative"): ["the pizza was soggy", "my noodles were bland", "the salad was wilted"],
    ("price_value", "negative"): ["delivery fees are too high", "too expensive for what you get"],
}
NEUTRAL = ["ordered dinner for the family", "used it on a Friday night", "second order this month"]
CONTRADICTING = ["great food, love it, thanks", "brilliant service as always"]


def _p(month: int, city: str, channel: str) -> dict[tuple[str, str], float]:
    """Chance of each (theme, tone) mention for a comment of this month, city and channel."""
    after = month >= BREAK
    late = 0.60 if (after and city == HOTSPOT) else (0.15 if city == HOTSPOT else 0.12)
    crash = (0.45 if channel == "app" else 0.20) if after else 0.03
    return {("delivery", "negative"): late, ("delivery", "positive"): 0.10, ("digital", "negative"): crash,
            ("staff_attitude", "positive"): 0.22, ("product_quality", "positive"): 0.20,
            ("product_quality", "negative"): 0.06, ("price_value", "negative"): 0.07}


def _score(rng: np.random.Generator, themes: dict[str, str]) -> int:
    """A score consistent with the comment: complaints pull towards detractor, praise towards promoter."""
    neg = sum(t == "negative" for t in themes.values())
    pos = sum(t == "positive" for t in themes.values())
    if "delivery" in themes and themes["delivery"] == "negative":
        neg += 1  # late delivery weighs most
    if themes.get("staff_attitude") == "positive":
        pos += 1  # friendly drivers lift most
    logit = 1.0 + 1.3 * pos - 2.0 * neg
    p_pro = 1 / (1 + np.exp(-(logit - 0.3)))
    p_det = 1 / (1 + np.exp(logit + 0.9))
    u = rng.random()
    if u < p_det:
        return int(rng.integers(0, 7))
    if u < p_det + p_pro:
        return int(rng.integers(9, 11))
    return int(rng.integers(7, 9))


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    w = np.array([weights[k] for k in keys])
    return keys[int(rng.choice(len(keys), p=w / w.sum()))]


def build(n_rows: int = 1200, seed: int = 13) -> list[dict[str, Any]]:
    """The survey rows with their planted labels: ``id, score, comment, city, channel, date`` plus
    ``themes`` ({theme id: tone}) and ``sentiment`` (overall: positive / negative / neutral, ``None`` when
    the comment is empty). Reproducible for a given ``n_rows`` and ``seed``."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_rows):
        month = int(rng.integers(0, len(MONTHS)))
        city, channel = _pick(rng, CITIES), _pick(rng, CHANNELS)
        date = f"{MONTHS[month]}-{int(rng.integers(1, DAYS[month] + 1)):02d}"
        themes: dict[str, str] = {}
        for (theme, tone), p in _p(month, city, channel).items():
            if theme not in themes and rng.random() < p:
                themes[theme] = tone
        score = _score(rng, themes)
        phrases = [PHRASES[(t, s)][int(rng.integers(0, len(PHRASES[(t, s)])))] for t, s in themes.items()]
        if not phrases:
            phrases = [NEUTRAL[int(rng.integers(0, len(NEUTRAL)))]]
        comment = ", ".join(phrases)
        comment = comment[0].upper() + comment[1:] + "."
        neg = sum(s == "negative" for s in themes.values())
        pos = sum(s == "positive" for s in themes.values())
        sentiment: str | None = "negative" if neg > pos else "positive" if pos > neg else (
            "neutral" if not themes else ("negative" if score <= 6 else "positive"))
        if i % 150 == 7:  # a misread scale: glowing comment, score 1
            comment, themes, sentiment, score = CONTRADICTING[i % 2].capitalize() + ".", {}, "positive", 1
        if rng.random() < 0.08:
            comment, themes, sentiment = "", {}, None
        rows.append({"id": f"R{10001 + i}", "score": score, "comment": comment, "city": city, "channel": channel,
                     "date": date, "themes": themes, "sentiment": sentiment})
    rows.sort(key=lambda r: (r["date"], r["id"]))
    return rows


def write(rows: list[dict[str, Any]], path: Path) -> None:
    """The survey as CSV (``COLUMNS`` only; the labels stay out)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows([[r[c] for c in COLUMNS] for r in rows])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows = build(args.rows, args.seed)
    write(rows, args.out)
    sys.stdout.write(f"wrote {len(rows):,} rows to {args.out}\n")


if __name__ == "__main__":
    main()
