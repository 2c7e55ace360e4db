"""``python -m training.package``: a new immutable version with another backend or other decode settings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.artifacts.folder import read_artifact
from nlp.classifiers.heads import Head
from nlp.classifiers.themes import SupervisedThemes
from nlp.errors import ArtifactError, ConfigError
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, Theme
from training.package import main, package, parse_settings


def test_set_changes_a_decode_setting_and_nothing_else(models: Path, tmp_path: Path) -> None:
    src = read_artifact(_champion(models))
    out = package(src.path, backend=src.config.backend, version="1.0.1", output=tmp_path / "p",
                  register_model=False, settings={"themes_fallback": 0.5}, log=lambda _: None)
    art = read_artifact(out)
    assert art.config.themes_fallback == 0.5 and src.config.themes_fallback == 0.7  # trained with the default
    assert art.config.model_dump(exclude={"themes_fallback"}) == src.config.model_dump(exclude={"themes_fallback"})
    assert art.thresholds == src.thresholds
    assert json.loads((out / "training_config.json").read_text())["package"]["settings"] == {"themes_fallback": 0.5}
    assert "`themes_fallback` 0.7 → 0.5" in (out / "README.md").read_text()
    assert Analyzer.load(out).themes.fallback == 0.5


def test_conflict_threshold_is_a_decode_setting(models: Path, tmp_path: Path) -> None:
    src = read_artifact(_champion(models))
    assert src.config.conflict_threshold == 0.8  # written by the build from TrainConfig
    out = package(src.path, backend=src.config.backend, version="1.0.2", output=tmp_path / "c",
                  register_model=False, settings={"conflict_threshold": 0.9}, log=lambda _: None)
    assert Analyzer.load(out).conflict_threshold == 0.9
    assert "`conflict_threshold` 0.8 → 0.9" in (out / "README.md").read_text()
    with pytest.raises(ConfigError, match="--set conflict_threshold: Input should be less than or equal to 1"):
        package(src.path, backend=src.config.backend, version="1.0.5", output=tmp_path / "d", register_model=False,
                settings={"conflict_threshold": 1.5}, log=lambda _: None)


def test_fewshot_settings_are_decode_settings(models: Path, tmp_path: Path, tiny_model_dir: Path) -> None:
    src = read_artifact(_champion(models))
    # written by the build from TrainConfig
    assert (src.config.fewshot_balance, src.config.fewshot_threshold, src.config.fewshot_split,
            src.config.fewshot_lexical) == (0.75, 0.35, True, 0.3)
    out = package(src.path, backend=src.config.backend, version="1.0.6", output=tmp_path / "f", register_model=False,
                  settings=parse_settings(["fewshot_split=false", "fewshot_balance=1", "fewshot_threshold=0.4",
                                           "fewshot_lexical=0"]),
                  log=lambda _: None)
    m = Analyzer.load(out).matcher
    assert (m.fewshot_split, m.fewshot_balance, m.fewshot_threshold, m.fewshot_lexical) == (False, 1.0, 0.4, 0.0)
    card = (out / "README.md").read_text()
    assert "`fewshot_split` True → False" in card and "`fewshot_balance` 0.75 → 1.0" in card
    assert "`fewshot_lexical` 0.3 → 0.0" in card
    # a trained model's card states the few-shot rules it was built with
    trained_card = (tiny_model_dir / "README.md").read_text()
    assert "blends in a TF-IDF twin fitted on the same examples (weight 0.3)" in trained_card
    tiny = read_artifact(tiny_model_dir).config
    assert tiny.zeroshot_blend == 0.5 and tiny.zeroshot_threshold == round(0.9 * tiny.matcher_threshold, 4)
    assert f"(matcher weight 0.5, cut {tiny.zeroshot_threshold})" in trained_card
    out = package(src.path, backend=src.config.backend, version="1.0.8", output=tmp_path / "z", register_model=False,
                  settings=parse_settings(["zeroshot_blend=1", "zeroshot_threshold=0.25"]), log=lambda _: None)
    m = Analyzer.load(out).matcher
    assert (m.zeroshot_blend, m.zeroshot_threshold) == (1.0, 0.25)
    with pytest.raises(ConfigError, match="--set fewshot_balance: Input should be less than or equal to 1"):
        package(src.path, backend=src.config.backend, version="1.0.7", output=tmp_path / "g", register_model=False,
                settings={"fewshot_balance": 2.0}, log=lambda _: None)


def test_card_notes_are_appended_to_the_model_card(models: Path, tmp_path: Path) -> None:
    src = _champion(models)
    notes = tmp_path / "notes.md"
    notes.write_text("## Public benchmarks\n\n| task | figure |\n|---|---|\n| x | 0.5 |\n", encoding="utf-8")
    out = package(src, backend="numpy", version="1.0.3", output=tmp_path / "n", register_model=False,
                  card_notes=notes, log=lambda _: None)
    card = (out / "README.md").read_text()
    assert card.rstrip().endswith("| x | 0.5 |") and "## Packaging" in card
    # the card carries the packaged version's title and says which part is the source's
    source = read_artifact(src).meta
    assert card.splitlines()[0] == f"# {source.name} 1.0.3" and card.count(f"# {source.name} ") == 1
    assert f"Packaged from {source.name} {source.version} by `python -m training.package`" in card
    read_artifact(out)  # the card is checksummed with the rest
    with pytest.raises(ConfigError, match=r"--card-notes .*cannot read it"):
        package(src, backend="numpy", version="1.0.4", output=tmp_path / "m", register_model=False,
                card_notes=tmp_path / "missing.md", log=lambda _: None)
    assert not (tmp_path / "m").exists()


def _champion(models: Path) -> Path:
    return next(p for p in models.iterdir() if (p / "config.json").is_file())


def test_bad_settings_are_refused_with_the_fix(models: Path, tmp_path: Path) -> None:
    src = _champion(models)
    with pytest.raises(ConfigError, match="not a decode setting; choose from mixed_threshold"):
        package(src, backend="numpy", version="1.0.1", output=tmp_path / "a", register_model=False,
                settings={"themes_C": 2.0}, log=lambda _: None)
    with pytest.raises(ConfigError, match="--set themes_fallback: Input should be less than 1"):
        package(src, backend="numpy", version="1.0.1", output=tmp_path / "b", register_model=False,
                settings={"themes_fallback": 1.5}, log=lambda _: None)
    with pytest.raises(ArtifactError, match="immutable"):
        package(src, backend="numpy", version=read_artifact(src).meta.version, output=tmp_path / "c",
                register_model=False, log=lambda _: None)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert parse_settings(["themes_fallback=0.7", " matcher_fallback =0.1"]) == {"themes_fallback": 0.7,
                                                                                 "matcher_fallback": 0.1}
    assert parse_settings(["fewshot_encoder=base", "fewshot_blend=0.3"]) == {"fewshot_encoder": "base",
                                                                             "fewshot_blend": 0.3}
    for bad in (["themes_fallback"], ["=0.3"], ["themes_fallback="]):
        with pytest.raises(ConfigError, match="expected NAME=VALUE"):
            parse_settings(bad)
    with pytest.raises(ConfigError, match="--set themes_fallback: Input should be a valid number"):
        package(src, backend="numpy", version="1.0.1", output=tmp_path / "e", register_model=False,
                settings=parse_settings(["themes_fallback=high"]), log=lambda _: None)
    with pytest.raises(ConfigError, match="--set fewshot_encoder: Input should be 'model' or 'base'"):
        package(src, backend="numpy", version="1.0.1", output=tmp_path / "f", register_model=False,
                settings=parse_settings(["fewshot_encoder=wheel"]), log=lambda _: None)
    assert main(["--model", str(src), "--backend", "numpy", "--version", "1.0.2", "--set", "x=1",
                 "--output", str(tmp_path / "d"), "--no-register"]) == 2


def test_themes_fallback_keeps_the_theme_nearest_its_threshold_for_comments_without_one() -> None:
    tax = Taxonomy(name="t", themes=tuple(Theme(id=i, label=i, description=i) for i in ("a", "b", "c")))
    head = Head((np.eye(3, dtype=np.float32),), (np.zeros(3, np.float32),), "sigmoid")
    thr = np.array([0.8, 0.9, 0.6], dtype=np.float32)
    comment = np.array([[0.85, 0.1, 0.1],    # a passes: unchanged
                        [0.70, 0.5, 0.3],    # none passes; a at 0.875 of its threshold → a
                        [0.50, 0.5, 0.45],   # none; best ratio c 0.75 → c
                        [0.10, 0.2, 0.3]])   # none; best ratio 0.5 < 0.7 → nothing
    off = SupervisedThemes(tax, head, thr)
    on = SupervisedThemes(tax, head, thr, fallback=0.7)
    assert off.select(comment).tolist() == [[True, False, False], [False] * 3, [False] * 3, [False] * 3]
    assert on.select(comment).tolist() == [[True, False, False], [True, False, False], [False, False, True],
                                           [False] * 3]
