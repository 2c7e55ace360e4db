"""Matcher episode sources: the generated-corpus reader (train/dev rows only, industries as groups) and sampling."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.encoders.factory import make_encoder
from nlp.errors import InputFileError
from training.config import TrainConfig
from training.episodes import corpus_source

INDUSTRIES = {"gym": ["equipment", "classes", "price"], "hotel": ["room", "staff", "breakfast"]}


def _write_corpus(folder: Path, n_per_theme: int = 6) -> TrainConfig:
    themes, rows = [], []
    for ind, names in INDUSTRIES.items():
        for t in names:
            themes.append({"id": f"{ind}.{t}", "industry": ind, "label": t.title(),
                           "description": f"Everything about the {t} at the {ind}.", "examples": [f"nice {t}"]})
            for i in range(n_per_theme):
                split = "dev" if i == 0 else "heldout_industry" if i == 1 else "train"
                rows.append({"id": f"{ind}-{t}-{i}", "text": f"the {t} at this {ind} was fine number {i}", "lang": "en",
                             "industry": ind, "style": "plain", "sentiment": "positive", "mixed": False,
                             "themes": {f"{ind}.{t}": "positive"}, "clauses": [], "split": split})
    (folder / "themes.jsonl").write_text("\n".join(json.dumps(t) for t in themes) + "\n")
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return TrainConfig(matcher_sources=["seed", "corpus"], matcher_corpus=str(folder / "corpus.jsonl"),
                       matcher_corpus_themes=str(folder / "themes.jsonl"), matcher_min_themes=2)


def test_corpus_source_reads_train_and_dev_rows_grouped_by_industry(tmp_path: Path) -> None:
    cfg = _write_corpus(tmp_path)
    src = corpus_source(cfg, make_encoder("hashing.v1"), np.random.default_rng(0))
    assert len(src.texts) == 6 * 5  # per theme 4 train + 1 dev; heldout_industry rows are never read
    assert not any("number 1" in t for t in src.texts)
    assert len(src.train) == 24 and len(src.dev) == 6
    assert sorted(t.id for t in src.taxonomy.themes)[:2] == ["gym_classes", "gym_equipment"]
    assert src.theme_group.tolist() == [0, 0, 0, 1, 1, 1]
    sub, examples, score = src.sample(np.random.default_rng(3), cfg, 2, dev=False)
    groups = {src.theme_group[[t.id for t in src.taxonomy.themes].index(th.id)] for th in sub.themes}
    assert all(int(src.row_group[i]) in groups for i in score)  # comments only of the episode's industries
    shot_texts = {t for ex in examples for t in ex}
    assert not shot_texts & {src.texts[i] for i in score}  # examples never among the scored comments
    assert all(len(ex) <= 2 for ex in examples)


def test_missing_corpus_names_the_fix(tmp_path: Path) -> None:
    cfg = TrainConfig(matcher_sources=["corpus"], matcher_corpus=str(tmp_path / "nope.jsonl"),
                      matcher_corpus_themes=str(tmp_path / "nope-themes.jsonl"))
    with pytest.raises(InputFileError, match="drop 'corpus' from matcher_sources"):
        corpus_source(cfg, make_encoder("hashing.v1"), np.random.default_rng(0))


def test_a_build_with_corpus_episodes_trains_a_matcher(tmp_path: Path) -> None:
    from nlp.classifiers.themes import MATCHER_FEATURES
    from nlp.pipeline import Analyzer
    from training.build import train_model

    cfg = _write_corpus(tmp_path)
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"  # the tiny labelled corpus of tests/conftest.py
    tiny = TrainConfig(name="tiny", version="0.0.1", encoder="hashing.v1", seed_corpus=str(fixtures),
                       dev_fraction=0.2, test_fraction=0.2, matcher_episodes=6, matcher_hidden=0,
                       eval_cross_domain=False, matcher_sources=cfg.matcher_sources, matcher_corpus=cfg.matcher_corpus,
                       matcher_corpus_themes=cfg.matcher_corpus_themes)
    out = train_model(tiny, tmp_path / "model", log=lambda _: None)
    analyzer = Analyzer.load(out)
    assert analyzer.matcher.features == MATCHER_FEATURES
