import json
import shutil

import pytest
from train_helpers import tiny_config

from nlp.artifacts.folder import read_artifact, write_artifact
from nlp.artifacts.registry_file import resolve_model_path
from nlp.errors import ArtifactError, ModelNotFoundError
from nlp.pipeline import Analyzer
from training.build import train_model

FILES = {"meta.json", "config.json", "training_config.json", "taxonomy.yaml", "thresholds.json", "vocabulary.json",
         "weights.safetensors", "metrics.json", "README.md", "checksums.sha256"}


def test_artifact_describes_itself(tiny_model_dir):
    assert {p.name for p in tiny_model_dir.iterdir()} == FILES
    art = read_artifact(tiny_model_dir)
    assert art.meta.name == "tiny" and art.meta.version == "0.0.1"
    assert art.meta.base_encoder == "hashing.v1"
    assert "numpy" in art.meta.libraries
    assert set(art.thresholds) == set(art.taxonomy.ids)
    assert json.loads((tiny_model_dir / "training_config.json").read_text())["encoder"] == "hashing.v1"
    assert "sentiment" in art.metrics and "themes" in art.metrics
    assert "# tiny 0.0.1" in (tiny_model_dir / "README.md").read_text()
    assert not list(tiny_model_dir.glob("*.pkl"))


def test_tampered_artifact_is_refused(tiny_model_dir, tmp_path):
    copy = tmp_path / "m"
    shutil.copytree(tiny_model_dir, copy)
    (copy / "thresholds.json").write_text(json.dumps(dict.fromkeys(read_artifact(copy).thresholds, 0.1)))
    with pytest.raises(ArtifactError, match=r"checksum mismatch for thresholds\.json"):
        read_artifact(copy)


def test_unknown_format_version_is_refused(tiny_model_dir, tmp_path):
    copy = tmp_path / "m"
    shutil.copytree(tiny_model_dir, copy)
    meta = json.loads((copy / "meta.json").read_text())
    meta["format_version"] = 99
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ArtifactError, match="format 99"):
        read_artifact(copy, verify=False)


def test_artifacts_are_immutable(tiny_model_dir):
    with pytest.raises(ArtifactError, match="immutable"):
        train_model(tiny_config(), tiny_model_dir, log=lambda _: None)


def test_missing_model_is_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(tmp_path))
    with pytest.raises(ModelNotFoundError, match="no registry"):
        resolve_model_path("9.9.9")
    with pytest.raises(ModelNotFoundError):
        Analyzer.load(tmp_path / "nothing-here")


def test_registry_resolves_champion_and_versions(tiny_model_dir, tmp_path, monkeypatch):
    shutil.copytree(tiny_model_dir, tmp_path / "tiny-0.0.1")
    (tmp_path / "registry.json").write_text(json.dumps(
        {"champion": "0.0.1", "models": [{"name": "tiny", "version": "0.0.1", "path": "tiny-0.0.1"}]}))
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(tmp_path))
    assert resolve_model_path(None) == tmp_path / "tiny-0.0.1"
    assert resolve_model_path("0.0.1") == tmp_path / "tiny-0.0.1"
    with pytest.raises(ModelNotFoundError, match=r"registry knows \['0.0.1'\]"):
        resolve_model_path("2.0.0")


def test_missing_file_without_checksum_check_is_an_artifact_error(tiny_model_dir, tmp_path):
    copy = tmp_path / "m"
    shutil.copytree(tiny_model_dir, copy)
    (copy / "vocabulary.json").unlink()
    with pytest.raises(ArtifactError, match="incomplete model folder"):
        read_artifact(copy, verify=False)
    with pytest.raises(ArtifactError, match=r"vocabulary\.json is missing"):
        read_artifact(copy)


def test_theme_vocabulary_and_its_config_flag_must_agree(tiny_model_dir, tmp_path):
    art = read_artifact(tiny_model_dir)
    args = dict(meta=art.meta, training_config={}, taxonomy=art.taxonomy, thresholds=art.thresholds,
                tensors=art.tensors, vocabulary=art.vocabulary, metrics={}, card="")
    with pytest.raises(ArtifactError, match="themes_tfidf"):
        write_artifact(tmp_path / "a", config=art.config, themes_vocabulary=["car park"], **args)
    with pytest.raises(ArtifactError, match="themes_tfidf"):
        write_artifact(tmp_path / "b", config=art.config.model_copy(update={"themes_tfidf": True}), **args)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
