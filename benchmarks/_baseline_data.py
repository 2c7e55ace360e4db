"""Data for ``baselines.py``: the sentiment training recipe, the cross-domain test sets and the customer
taxonomies (restaurant ones from ``accuracy.py``; the laptop one written here). Reads ../shared/data only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from _datasets import SEED, Row, read_categories
from accuracy import MAMS, SEMEVAL_EA

from nlp.taxonomy import Taxonomy, parse_taxonomy
from nlp.text import skip_reason

# ENTITY level for laptops: 22 entities (the ~80 E#A combinations leave most with < 8 train sentences).
LAPTOP_ENTITY = """
name: semeval-laptops-entity
themes:
  - {id: laptop, label: Laptop overall, description: "The laptop as a whole: overall quality, design, performance, price, portability and whether the reviewer recommends it."}
  - {id: display, label: Display, description: "The screen: size, resolution, brightness, colours and viewing angles."}
  - {id: keyboard, label: Keyboard, description: "The keyboard: key feel, layout, backlight and typing comfort."}
  - {id: mouse, label: Touchpad and mouse, description: "The touchpad, trackpad, pointing stick or mouse and its buttons and gestures."}
  - {id: battery, label: Battery, description: "Battery life, charge time and how long it lasts away from the plug."}
  - {id: power_supply, label: Power supply, description: "The charger, power adapter and power cord."}
  - {id: cpu, label: Processor, description: "The processor: its speed and model."}
  - {id: memory, label: Memory, description: "RAM: how much memory it has and upgrading it."}
  - {id: hard_disc, label: Storage, description: "The hard drive or SSD: capacity, speed and noise."}
  - {id: graphics, label: Graphics, description: "The graphics card or chip and gaming or video performance."}
  - {id: motherboard, label: Motherboard, description: "The motherboard or logic board and its failures."}
  - {id: hardware, label: Hardware in general, description: "The internal hardware and components in general."}
  - {id: ports, label: Ports, description: "USB, HDMI and other ports and connectors."}
  - {id: optical_drives, label: Optical drive, description: "The CD, DVD or Blu-ray drive."}
  - {id: fans_cooling, label: Fans and cooling, description: "Fans, fan noise, heat and how hot the laptop gets."}
  - {id: multimedia_devices, label: Multimedia devices, description: "Speakers, sound, microphone, webcam and other audio or video devices."}
  - {id: os, label: Operating system, description: "The operating system such as Windows or macOS: how it works, updates and ease of use."}
  - {id: software, label: Software, description: "Programs and apps that come with or run on the laptop, including preinstalled software."}
  - {id: support, label: Customer support, description: "Customer service, technical support, repairs and how problems were handled."}
  - {id: warranty, label: Warranty, description: "The warranty, its length and what it covers."}
  - {id: shipping, label: Shipping, description: "Delivery, shipping time and the condition the laptop arrived in."}
  - {id: company, label: Brand and company, description: "The manufacturer or brand as a company and its reputation."}
"""  # noqa: E501

SENT_CLOTHING_PER_CLASS = 1000  # clothing reviews 3-class (rating 1-2 / 3 / 4-5), balanced, seed 13
SENT_UCI_PER_CLASS = 1500  # all 3,000 UCI sentences (binary)
SETFIT_SENT_PER_CLASS = 48  # SetFit is a few-shot method: its sentiment body is tuned on 48 per class


def usable(rows: list[Row]) -> list[Row]:
    """Rows NPS Lens would analyse (a few sentences have no letters: every method skips them)."""
    return [r for r in rows if r[0].strip() and skip_reason(r[0], symbols=False) is None]


def subsample(rows: list[Row], n: int | None, seed: int = SEED) -> list[Row]:
    if n is None or len(rows) <= n:
        return rows
    keep = sorted(np.random.default_rng(seed).choice(len(rows), n, replace=False).tolist())
    return [rows[i] for i in keep]


@dataclass
class CategorySet:
    name: str
    taxonomy: Taxonomy
    train: list[Row]
    test: list[Row]
    note: str


def category_sets(data: Path) -> list[CategorySet]:
    """The five sentence-level taxonomy sets (test splits; MAMS val), with their train splits."""
    s15, s16, mams = data / "semeval2015-task12", data / "semeval2016-task5", data / "mams-acsa"
    ea, lap, mm = parse_taxonomy(SEMEVAL_EA), parse_taxonomy(LAPTOP_ENTITY), parse_taxonomy(MAMS)

    def cs(name: str, tax: Taxonomy, train: Path, test: Path, tag: str, entity: bool, note: str) -> CategorySet:
        return CategorySet(name, tax, usable(read_categories(train, tag, entity)),
                           usable(read_categories(test, tag, entity)), note)

    return [
        cs("SemEval-15 rest (E#A)", ea, s15 / "ABSA-15_Restaurants_Train_Final.xml",
           s15 / "ABSA15_Restaurants_Test.xml", "Opinion", False, "test split; 12 ENTITY#ATTRIBUTE categories"),
        cs("SemEval-15 laptops (entity)", lap, s15 / "ABSA-15_Laptops_Train_Data.xml",
           s15 / "ABSA15_Laptops_Test.xml", "Opinion", True, "test split; 22 entities (E#A collapsed)"),
        cs("SemEval-16 rest (E#A)", ea, s16 / "ABSA16_Restaurants_Train_SB1_v2.xml", s16 / "EN_REST_SB1_TEST.xml.gold",
           "Opinion", False, "gold test split; 12 ENTITY#ATTRIBUTE categories"),
        cs("SemEval-16 laptops (entity)", lap, s16 / "ABSA16_Laptops_Train_SB1_v2.xml",
           s16 / "EN_LAPT_SB1_TEST_.xml.gold", "Opinion", True, "gold test split; 22 entities (E#A collapsed)"),
        cs("MAMS-ACSA val", mm, mams / "train.xml", mams / "val.xml", "aspectCategory", False,
           "val split; 8 categories; every sentence has ≥2 categories"),
    ]


def laptop_train_files(data: Path) -> dict[str, Path]:
    """The SemEval-2015 / -2016 laptops *train* files, by the name the dev scripts give them (read at entity level)."""
    return {"SemEval-15 laptops train (entity)": data / "semeval2015-task12" / "ABSA-15_Laptops_Train_Data.xml",
            "SemEval-16 laptops train (entity)": data / "semeval2016-task5" / "ABSA16_Laptops_Train_SB1_v2.xml"}


def sentiment_training(data: Path, seed: int = SEED) -> tuple[list[str], list[str]]:
    """The fixed cross-domain recipe: 1,000 clothing reviews per class (3-class by rating; first 80 words)
    + all 3,000 UCI sentences (binary). Neither is near a test domain (hotels, smart speakers, tweets, airlines)."""
    from training.datasets import load_public_sentiment

    clothing = load_public_sentiment("clothing", data, SENT_CLOTHING_PER_CLASS, seed)
    uci = load_public_sentiment("uci", data, SENT_UCI_PER_CLASS, seed)
    texts = [str(t) for t in clothing["text"]] + [str(t) for t in uci["text"]]
    labels = [str(s) for s in clothing["sentiment"]] + [str(s) for s in uci["sentiment"]]
    keep = [i for i, t in enumerate(texts) if skip_reason(t, symbols=False) is None]
    return [texts[i] for i in keep], [labels[i] for i in keep]


def setfit_sentiment_sample(texts: list[str], labels: list[str], seed: int = SEED) -> tuple[list[str], list[str]]:
    """``SETFIT_SENT_PER_CLASS`` examples per class from the recipe, seeded."""
    rng = np.random.default_rng(seed)
    idx: list[int] = []
    for c in sorted(set(labels)):
        pool = [i for i, y in enumerate(labels) if y == c]
        idx += rng.choice(pool, min(SETFIT_SENT_PER_CLASS, len(pool)), replace=False).tolist()
    idx.sort()
    return [texts[i] for i in idx], [labels[i] for i in idx]
