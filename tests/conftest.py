"""Shared fixtures: a tiny model trained in seconds with the hashing encoder (no model files), and a
models folder with a registry whose champion is a small base model (training and CLI tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from train_helpers import build_small_base, models_folder, tiny_config, write_jsonl

from nlp.pipeline import Analyzer
from training.build import train_model

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


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


@pytest.fixture(scope="session")
def small_base_dir(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Path:
    return build_small_base(tmp_path_factory.mktemp("small"), tiny_model_dir)


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_base_dir: Path) -> Path:
    """A fresh models folder (NPSLENS_MODELS_DIR) whose champion is the small 5-theme base model, 1.0.0."""
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(tmp_path / "models"))
    return models_folder(tmp_path / "models", small_base_dir)


@pytest.fixture
def labelled(tmp_path: Path) -> Callable[[list[dict[str, Any]], str], Path]:
    def make(rows: list[dict[str, Any]], name: str = "data.jsonl") -> Path:
        return write_jsonl(tmp_path / name, rows)

    return make


@pytest.fixture
def tiny_champion_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path) -> Path:
    """A models folder (``NPSLENS_MODELS_DIR``) whose champion is tiny 0.0.1 and whose fixed evaluation set is the
    40-comment fixture corpus: the gate and promote run in seconds."""
    import shutil

    from lifecycle.registry import promote, register, update_registry
    from nlp.artifacts.registry_file import EvalSet
    from nlp.digest import file_sha256

    r = tmp_path / "models"
    r.mkdir()
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(r))
    shutil.copytree(tiny_model_dir, r / "tiny-0.0.1")
    register(r / "tiny-0.0.1")
    promote("0.0.1")
    shutil.copy(FIXTURES / "tiny_corpus.jsonl", r / "fixed.jsonl")
    update_registry(lambda reg: setattr(reg, "eval_set", EvalSet(path="fixed.jsonl",
                                                                   sha256=file_sha256(r / "fixed.jsonl"))))
    return r
