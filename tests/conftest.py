"""Shared fixtures: a tiny model trained in seconds with the hashing encoder (no model files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.pipeline import Analyzer
from training.build import train_model
from training.config import TrainConfig

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def tiny_config(**overrides: object) -> TrainConfig:
    base = dict(name="tiny", version="0.0.1", encoder="hashing.v1", seed_corpus=str(FIXTURES), dev_fraction=0.2,
                test_fraction=0.2, matcher_episodes=4, matcher_hidden=0, eval_cross_domain=False)
    base.update(overrides)
    return TrainConfig(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("models") / "tiny-0.0.1"
    return train_model(tiny_config(), out, log=lambda _: None)


@pytest.fixture(scope="session")
def tiny_analyzer(tiny_model_dir: Path) -> Analyzer:
    return Analyzer.load(tiny_model_dir)


@pytest.fixture(scope="session")
def default_analyzer() -> Analyzer:
    """The shipped default model (loads the real encoder, ~1 s)."""
    return Analyzer.load(None)
