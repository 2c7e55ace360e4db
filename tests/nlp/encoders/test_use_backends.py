"""Encoder backends of use-m3.v1: parity, the shipped int8 file, clear errors, a torch-free cold start."""

import hashlib
import importlib.util
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from nlp.artifacts.folder import read_artifact
from nlp.artifacts.names import ENCODER_DENSE, ENCODER_ONNX
from nlp.artifacts.registry_file import resolve_model_path
from nlp.encoders.factory import make_artifact_encoder, make_encoder
from nlp.errors import ConfigError, MissingDependencyError
from nlp.pipeline import Analyzer
from nlp.units import Units

ROOT = Path(__file__).resolve().parents[3]

# written for these tests: short NPS comments, several multi-clause, two languages, emoji
COMMENTS = [
    "The staff were lovely but we waited forty minutes for a table",
    "App keeps logging me out, really annoying",
    "Great value for money, will definitely come back",
    "billing was wrong twice and nobody called me back",
    "ok",
    "Delivery arrived a day early and the packaging was neat",
    "Prices went up again while the quality went down",
    "The nurse explained everything clearly; the parking was a nightmare though",
    "Le service était rapide et le personnel très aimable",
    "Support chat answered in two minutes 👍👍",
    "Checkout crashed on my phone so I ordered in store instead",
    "Room was clean, bed comfortable, breakfast average",
    "Too many emails from you, please stop spamming me",
    "Honestly the best customer service I have had from any bank",
    "Waited on hold for an hour, then the line dropped",
    "Fresh food, friendly faces, fair prices",
]


@pytest.fixture(scope="module")
def units() -> Units:
    return Units.build(COMMENTS)


@pytest.fixture(scope="module")
def reference(units: Units) -> np.ndarray:
    return make_encoder("use-m3.v1", threads=1, backend="numpy").encode_groups(units.groups)


@pytest.mark.slow
@pytest.mark.parametrize("backend,min_cos", [("onnx", 0.9999), ("onnx-int8", 0.998)])
def test_backend_embeddings_match_the_numpy_reference(units: Units, reference: np.ndarray, backend: str,
                                                      min_cos: float) -> None:
    enc = make_encoder("use-m3.v1", threads=1, backend=backend)
    got = enc.encode_groups(units.groups)
    assert got.shape == reference.shape
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1, atol=1e-4)
    cos = (got * reference).sum(axis=1)
    assert cos.min() >= min_cos, f"{backend}: min cosine {cos.min():.4f}"
    # encode() is the one-clause case of the same path
    single = enc.encode(units.texts[:3])
    assert ((single * make_encoder("use-m3.v1", threads=1).encode(units.texts[:3])).sum(axis=1) >= min_cos).all()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["numpy", "onnx", "onnx-int8"])
def test_a_comment_scores_the_same_whatever_else_is_in_its_batch(units: Units, backend: str) -> None:
    """Micro-batches (API batching, Ray slices, --batch-size) must not change a comment's result."""
    from nlp.encoders.use.spans import encode_groups

    enc = make_encoder("use-m3.v1", threads=1, backend=backend)
    tokenize, b, dense = enc._load()
    small = encode_groups(tokenize, b, dense, units.groups, token_budget=32)
    large = encode_groups(tokenize, b, dense, units.groups, token_budget=4096)
    alone = encode_groups(tokenize, b, dense, units.groups[3:4])
    np.testing.assert_allclose(small, large, atol=2e-5)
    start = sum(1 if len(g) == 1 else 1 + len(g) for g in units.groups[:3])
    np.testing.assert_allclose(alone, large[start : start + len(alone)], atol=2e-5)


@pytest.mark.slow
def test_int8_backend_gives_the_same_labels_on_a_fixed_set() -> None:
    numpy_an = Analyzer.load(None, threads=1, backend="numpy")
    int8_an = Analyzer.load(None, threads=1, backend="onnx-int8")
    a, b = numpy_an.analyze(COMMENTS), int8_an.analyze(COMMENTS)
    assert [r.sentiment.label for r in a] == [r.sentiment.label for r in b]
    assert [{h.id for h in r.themes} for r in a] == [{h.id for h in r.themes} for r in b]
    conf = np.array([r.sentiment.scores[r.sentiment.label] for r in a])
    conf_b = np.array([r.sentiment.scores[r.sentiment.label] for r in b])
    assert np.abs(conf - conf_b).max() < 0.05


@pytest.mark.slow
def test_champion_ships_a_checksummed_int8_encoder_that_rebuilds_byte_for_byte() -> None:
    art = read_artifact(resolve_model_path(None))  # verifies checksums, the ONNX file included
    assert art.config.backend == "onnx-int8"
    assert ENCODER_ONNX in (art.path / "checksums.sha256").read_text()
    shipped = (art.path / ENCODER_ONNX).read_bytes()
    enc = make_artifact_encoder(art, threads=1)
    assert enc.onnx_path == art.path / ENCODER_ONNX  # runs the shipped file, not a rebuild
    built_with = {k: art.meta.libraries.get(k) for k in ("onnx",)}  # the graph is written with onnx.helper only
    if built_with != {k: metadata.version(k) for k in built_with}:
        pytest.skip(f"artefact built with {built_with}; byte-for-byte rebuild needs the same versions")
    dense = art.path / ENCODER_DENSE  # a champion with fine-tuned weights rebuilds its graph from them
    rebuilt = make_encoder("use-m3.v1", threads=1, backend="onnx-int8",
                           dense_path=dense if dense.is_file() else None).int8_model()
    assert hashlib.sha256(rebuilt).hexdigest() == hashlib.sha256(shipped).hexdigest()


def test_unknown_backend_and_wrong_encoder_are_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"unknown backend 'tensorrt'.*onnx-int8"):
        make_encoder("use-m3.v1", backend="tensorrt")
    with pytest.raises(ConfigError, match="runs on the 'numpy' backend only"):
        make_encoder("hashing.v1", backend="onnx-int8")


def test_missing_optional_dependency_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    with pytest.raises(MissingDependencyError) as err:
        make_encoder("use-m3.v1", backend="torch")
    assert "\n" not in str(err.value) and "pip install 'npslens[torch]'" in str(err.value)


@pytest.mark.slow
def test_cold_start_on_the_onnx_backend_imports_no_torch() -> None:
    code = ("import sys; from nlp.pipeline import Analyzer; a = Analyzer.load(None, threads=1); "
            "r = a.analyze(['the wait was long but staff were kind']); "
            "assert r[0].sentiment is not None; "
            "print(a.encoder.backend, sorted(m for m in ('torch', 'transformers', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    backend, _, loaded = out.stdout.strip().partition(" ")
    assert backend == "onnx-int8"
    assert "torch" not in loaded and "transformers" not in loaded
