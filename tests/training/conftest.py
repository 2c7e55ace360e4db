"""Training fixtures: a models folder with a registry and a small base model (hashing encoder, fast)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from train_helpers import build_small_base, models_folder, write_jsonl


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
