"""Helpers for training tests: a small taxonomy, labelled files, fast retraining settings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from lifecycle.registry import promote, register
from nlp.taxonomy import default_taxonomy
from training.config import TrainConfig

FIXTURES = Path(__file__).parent / "fixtures"

#: a few-shot taxonomy with examples for three themes (taxonomy fits: CLI, Analyzer, API)
SHOP = {"name": "shop", "themes": [
    {"id": "delivery", "label": "Delivery", "description": "How fast and reliably orders arrive.",
     "examples": ["the parcel came two days late", "delivery was quick", "arrived next morning"]},
    {"id": "price", "label": "Price", "description": "Prices, value for money and discounts.",
     "examples": ["far too expensive", "great value for the money", "the discount code did not work"]},
    {"id": "support", "label": "Support", "description": "Customer service by phone, chat or email.",
     "examples": ["support never replied", "the agent on chat was lovely", "waited an hour on the phone"]}]}

SMALL_IDS = ["wait_time", "staff_attitude", "price_value", "digital", "delivery"]
PARKING = {"id": "parking", "label": "Parking", "description": "Car parks, parking spaces and parking fees."}
PARKING_ROWS = [
    ("could not find a parking space anywhere", "negative"), ("the car park was full again", "negative"),
    ("parking is a nightmare at this branch", "negative"), ("no parking spaces left by nine", "negative"),
    ("parking fees are a rip off", "negative"), ("drove round the car park for twenty minutes", "negative"),
    ("plenty of free parking right outside", "positive"), ("easy parking close to the door", "positive"),
    ("loads of parking spaces at the weekend", "positive"), ("the car park is big and well lit", "positive"),
    ("free parking made the visit easy", "positive"), ("parking was simple and cheap", "positive"),
]


def small_taxonomy(extra: list[dict[str, str]] | None = None) -> dict[str, Any]:
    d = default_taxonomy().model_dump(mode="json")
    d["name"] = "small"
    d["themes"] = [t for t in d["themes"] if t["id"] in SMALL_IDS] + (extra or [])
    return d


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def retrain_config(**overrides: Any) -> TrainConfig:
    """Fast retraining settings (the encoder comes from the base model)."""
    base: dict[str, Any] = dict(dev_fraction=0.2, test_fraction=0.2, min_examples_warn=5, min_examples_error=3,
                                base_public_sets=False)
    base.update(overrides)
    return TrainConfig(**base)


def parking_rows() -> list[dict[str, Any]]:
    return [{"text": t, "sentiment": s, "themes": {"parking": s}} for t, s in PARKING_ROWS]


def build_small_base(folder: Path, tiny_model_dir: Path) -> Path:
    """The tiny model retrained on a 5-theme taxonomy (the tiny seed corpus covers exactly these themes)."""
    from training.retrain import retrain

    tax = write_yaml(folder / "small.yaml", small_taxonomy())
    data = write_jsonl(folder / "seed-extra.jsonl", [{"text": "the queue at the till was short today",
                                                       "sentiment": "positive", "themes": {"wait_time": "positive"}}])
    res = retrain([data], output=folder / "small-1.0.0", taxonomy=tax, base_model=str(tiny_model_dir),
                  config=retrain_config(name="small", version="1.0.0", base_data="always"), register_model=False,
                  log=lambda _: None)
    assert res.path is not None
    return res.path


def models_folder(root: Path, small_base_dir: Path) -> Path:
    """``root`` as a models folder whose champion is the small base model, version 1.0.0."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(small_base_dir, root / "small-1.0.0")
    register(root / "small-1.0.0", root=root)
    promote("1.0.0", root=root)
    return root


def tiny_config(**overrides: object) -> TrainConfig:
    base = dict(name="tiny", version="0.0.1", encoder="hashing.v1", seed_corpus=str(FIXTURES), dev_fraction=0.2,
                test_fraction=0.2, matcher_episodes=4, matcher_hidden=0, eval_cross_domain=False)
    base.update(overrides)
    return TrainConfig(**base)  # type: ignore[arg-type]
