#!/usr/bin/env python3
"""Build the bundled sample survey ``nlp/resources/sample_survey.csv`` from our own seed corpus.

    python scripts/make_sample_survey.py                       # default: 1,250 rows, seed 7
    python scripts/make_sample_survey.py --rows 2000 --out /tmp/s.csv

Every comment and score comes from ``training/data/seed/*.jsonl`` (written by the NPS Lens team), plus a
few lines written here (an e-waste topic our taxonomy lacks, and fake contact details to show masking).
One coherent business is picked from the industries present: an online telecom provider (telecom
comments, plus on-topic software and e-commerce comments) when telecom exists, else the largest industry.
Works with any number of seed files; reproducible for a given seed and corpus.

Stories built in, so the report has something to find:
* North region, last two months: waiting-time and reliability complaints rise (an outage + call backlog).
* From August, price complaints rise everywhere (a price rise).
* The app channel praises the app.
* From August, comments about old routers / recycling / packaging waste appear (no theme covers them).
* About 12% empty comments (they still count for NPS), a few invalid scores and dates (rejected rows).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO / "training" / "data" / "seed"
OUT = REPO / "nlp" / "resources" / "sample_survey.csv"

MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
MONTH_WEIGHT = [0.12, 0.13, 0.14, 0.14, 0.15, 0.16, 0.16]
REGIONS = {"North": 0.28, "South": 0.30, "East": 0.20, "West": 0.22}
STAGES = ("sign-up & purchase", "delivery & setup", "everyday use", "billing", "support")
THEME_STAGE = {
    "price_value": STAGES[0], "offers_loyalty": STAGES[0], "availability": STAGES[0], "trust_security": STAGES[0],
    "ease_of_process": STAGES[0], "delivery": STAGES[1], "reliability": STAGES[2], "product_quality": STAGES[2],
    "digital": STAGES[2], "convenience": STAGES[2], "facilities": STAGES[2], "billing": STAGES[3],
    "returns_refunds": STAGES[3], "wait_time": STAGES[4], "staff_attitude": STAGES[4], "staff_knowledge": STAGES[4],
    "issue_resolution": STAGES[4], "communication": STAGES[4],
}
EMPTY_SHARE = 0.12

# An online telecom provider: telecom comments, plus software / e-commerce comments that fit (apps, billing,
# support, deliveries of kit) and do not mention another kind of business.
TELECOM_OFF_TOPIC = re.compile(
    r"\b(restaurants?|food|meals?|takeaway|steak|pizza|burger|recipes?|cook\w*|dress\w*|shoes?|jeans|shirts?|"
    r"sizes?|sizing|fabric|furniture|sofa|garden\w*|washing machine|fridge|music|songs?|playlists?|kids?|"
    r"daughter|son|school|learning|maths|conference|venue|game|course|lessons?|meter|energy|gas|electricity|"
    r"plants?|flowers?|books?|novel|groceries|grocery|basket|restaurant|chef|drivers?|clothes|clothing|"
    r"trainers|sandals|toys?|pet|dog|cat|vet|patient|doctor|flight|hotel|holiday|booking|trip|bank|mortgage|"
    r"loan|pharmacy|prescription|dentist|invoice\w*|API|webhook|integration|migration|licen[cs]es?|seats?|"
    r"tasty|delicious|flavou?r|portions?|menu|curry|veg|rider|sellers?|knock-?offs?|toothpaste|shopping|"
    r"analytics|marketing|kanban|payroll|HR|podcasts?|audiobooks?|hosting|software|tool|dashboards?|reports?|"
    r"reporting|sites|display model|dimensions|items?|products?|brand|users?|team|staff rota|trial|mattress|"
    r"blender|glass|table|coworking|desk|readings?|calendar|portal|export|features?|shop|seller|order)\b",
    re.IGNORECASE,
)
TELECOM_WORDS = re.compile(
    r"\b(router|hub|broadband|signal|wi-?fi|sim|contract|engineer|mobile|data|tariff|line|internet|connection|"
    r"outages?|bills?|billing|charged|app|website|account|phone|calls?|coverage|speed|speeds|upgrade|plan|"
    r"direct debit|support|helpline|chat)\b", re.IGNORECASE)
BRAND = re.compile(r"\b[A-Z][a-z]+[A-Z][A-Za-z]+\b|@\w+")
BRAND_OK = {"WhatsApp", "YouTube", "iPhone", "iPad", "FaceTime"}

# Written for this sample: a topic the default taxonomy has no theme for (e-waste and packaging).
EWASTE = [
    ("Please stop sending a new router wrapped in plastic every upgrade, I have three old ones in a drawer", 6),
    ("Would be great if you took old routers back for recycling", 8),
    ("Is there a recycling scheme for old handsets? I could not find one anywhere on the site", 7),
    ("Every upgrade comes with a new charger and cable I do not need, such a waste", 6),
    ("I asked what to do with the old router and nobody knew if it could be recycled", 5),
    ("The box the SIM came in was massive for a tiny card, so much cardboard waste", 7),
    ("Three old routers and a hub sitting in my cupboard because there is no take back option", 6),
    ("No idea how to dispose of the old modem responsibly, a prepaid returns bag would help", 7),
    ("Love the idea of refurbished phones, wish you sold them", 8),
    ("An eSIM option would save all this plastic", 8),
    ("The packaging for a SIM card is ridiculous, a whole cardboard box and a plastic tray", 5),
    ("Got a new hub this month and the old one just sits in a drawer, what am I supposed to do with it", 6),
    ("Would love a trade-in or recycling option for the old router when you send a new one", 7),
    ("Too much packaging for one small router, the box was half empty", 6),
    ("Please take the old equipment back, it feels wasteful to bin it", 5),
    ("Good service but the amount of plastic in the router box was a shock", 7),
    ("Happy with the upgrade, just wish the old hub could be recycled somewhere local", 8),
    ("Sent me a second router by mistake and said keep it, that's more e-waste", 4),
    ("Any plans for a greener tariff or recycling old devices? It matters to me", 7),
    ("Third router in two years and no way to return the old ones", 4),
]
PII_TAILS = [
    " You can reach me on 07700 900482 if you want to discuss.",
    " My email is sam.taylor@example.com, please follow up.",
    " The card 4111 1111 1111 1111 was charged twice.",
    " Call me back on +44 161 496 0873 please.",
    " Contact: jordan.b@example.org",
    " Account holder number 0161 496 0519, ring any time after 5.",
]
BAD_SCORES = ["", "N/A", "11", "7.5", "ten", "-1", " ", "10/10", "not sure", "99"]
BAD_DATES = ["2026-02-30", "tbc", ""]


def load_seed(seed_dir: Path) -> list[dict]:
    rows = []
    for path in sorted(seed_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                r = json.loads(line)
                if isinstance(r.get("text"), str) and isinstance(r.get("score"), int) and 0 <= r["score"] <= 10:
                    r.setdefault("industry", path.stem)
                    r.setdefault("channel", "web")
                    r["themes"] = r.get("themes") or {}
                    rows.append(r)
    return rows


def choose_business(corpus: list[dict]) -> tuple[str, list[dict]]:
    """The comments of one coherent business and its description."""
    by = Counter(r["industry"] for r in corpus)
    if by.get("telecom", 0) >= 100:
        def fits(r: dict) -> bool:
            text = r["text"]
            brands = {b for b in BRAND.findall(text) if b not in BRAND_OK}
            on_topic = len(text.split()) <= 12 or bool(TELECOM_WORDS.search(text))
            return on_topic and not TELECOM_OFF_TOPIC.search(text) and not brands

        pool = [r for r in corpus if r["industry"] == "telecom"]
        pool += [r for r in corpus if r["industry"] in ("software", "ecommerce") and fits(r)]
        return "an online telecom provider (mobile, broadband and its app)", pool
    industry, _ = by.most_common(1)[0]
    return f"a {industry} business", [r for r in corpus if r["industry"] == industry]


def stage_of(r: dict, rng: np.random.Generator) -> str:
    for t in r["themes"]:
        if t in THEME_STAGE:
            return THEME_STAGE[t]
    return str(rng.choice(STAGES, p=[0.2, 0.1, 0.4, 0.1, 0.2]))


def _negative(r: dict, themes: set[str]) -> bool:
    return any(t in themes and s in ("negative", "conflict") for t, s in r["themes"].items())


def _draw(candidates: list[int], weights: np.ndarray, uses: np.ndarray, rng: np.random.Generator) -> int:
    """One comment index; each earlier use makes a comment 3× less likely (few repeats, never impossible)."""
    w = weights[candidates] * 0.3 ** uses[candidates]
    j = candidates[int(rng.choice(len(candidates), p=w / w.sum()))]
    uses[j] += 1
    return j


def build(n_rows: int, seed: int, seed_dir: Path) -> tuple[str, list[dict]]:
    rng = np.random.default_rng(seed)
    corpus = load_seed(seed_dir)
    if not corpus:
        sys.exit(f"no seed comments in {seed_dir}/*.jsonl")
    business, pool = choose_business(corpus)
    everyone = list(range(len(pool)))
    outage = [i for i, r in enumerate(pool) if _negative(r, {"wait_time", "reliability"})] or everyone
    price = [i for i, r in enumerate(pool) if _negative(r, {"price_value"})] or everyone
    app_praise = {i for i, r in enumerate(pool) if r.get("channel") == "app"
                  and any(t in ("digital", "ease_of_process") and s == "positive" for t, s in r["themes"].items())}
    base = np.ones(len(pool))
    base[outage] = 0.6  # story comments are rarer outside their story
    base[price] = 0.6
    base[list(app_praise)] = 2.5
    uses = np.zeros(len(pool))
    month_idx = np.sort(rng.choice(len(MONTHS), size=n_rows, p=MONTH_WEIGHT))
    regions = list(REGIONS)
    ewaste = list(EWASTE)
    rng.shuffle(ewaste)  # type: ignore[arg-type]
    last = len(MONTHS) - 1
    out = []
    for i in range(n_rows):
        m = int(month_idx[i])
        region = str(rng.choice(regions, p=list(REGIONS.values())))
        date = f"{MONTHS[m]}-{int(rng.integers(1, 29)):02d}"
        u = rng.random()
        outage_rate = {last - 1: 0.3, last: 0.55}.get(m, 0.0) if region == "North" else 0.0
        if m >= 4 and ewaste and u < 0.045:
            text, score = ewaste.pop()
            r = {"text": text, "score": score, "channel": str(rng.choice(["web", "app", "phone"])), "themes": {}}
            stage = STAGES[1]
        else:
            if u < 0.045 + outage_rate:
                j = _draw(outage, base, uses, rng)
            elif m >= 4 and rng.random() < 0.12:
                j = _draw(price, base, uses, rng)
            else:
                j = _draw(everyone, base, uses, rng)
            r = pool[j]
            text, score = r["text"], r["score"]
            stage = stage_of(r, rng)
            if rng.random() < EMPTY_SHARE:
                text = ""
        out.append({"response_id": f"R{100001 + i}", "date": date, "score": str(score), "comment": text,
                    "channel": r.get("channel", "web"), "region": region, "journey_stage": stage,
                    "_negative": any(s == "negative" for s in r["themes"].values())})
    # fake contact details in a few negative comments, to show masking in quotes
    negatives = [k for k, row in enumerate(out) if row["_negative"] and row["comment"]]
    for k, tail in zip(rng.choice(negatives, size=min(len(PII_TAILS), len(negatives)), replace=False), PII_TAILS,
                       strict=False):
        out[int(k)]["comment"] = out[int(k)]["comment"].rstrip() + tail
    # a few rows a real export would have: invalid scores and dates
    bad = rng.choice(n_rows, size=len(BAD_SCORES) + len(BAD_DATES), replace=False)
    for k, value in zip(bad[: len(BAD_SCORES)], BAD_SCORES, strict=True):
        out[int(k)]["score"] = value
    for k, value in zip(bad[len(BAD_SCORES):], BAD_DATES, strict=True):
        out[int(k)]["date"] = value
    for row in out:
        del row["_negative"]
    return business, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1250)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seed-dir", type=Path, default=SEED_DIR)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    business, rows = build(a.rows, a.seed, a.seed_dir)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    empty = sum(1 for r in rows if not r["comment"])
    sys.stdout.write(f"wrote {len(rows)} rows ({empty} without comment) for {business} to {a.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
