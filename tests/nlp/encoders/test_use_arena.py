"""onnxruntime's CPU arena is handed back on demand (release_arenas) without changing any result."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
import pytest

from nlp.encoders.use import onnx as use_onnx
from nlp.encoders.use.encoder import USEEncoder
from nlp.pipeline import Analyzer

pytest.importorskip("onnxruntime")

# written for these tests
SHORT = [
    "The staff were lovely but we waited forty minutes for a table",
    "App keeps logging me out, really annoying",
    "ok",
    "Le service était rapide et le personnel très aimable",
    "The nurse explained everything clearly; the parking was a nightmare though",
]


def long_comment(i: int, chars: int = 5000) -> str:
    """A comment of ``chars`` characters: far over one micro-batch's token budget, so its activations are the
    biggest the arena has to hold."""
    words = " ".join(f"{SHORT[(i + k) % len(SHORT)]} (visit {k})." for k in range(200))
    return words[:chars]


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def encoder() -> USEEncoder:
    return USEEncoder(threads=1, backend="onnx-int8")


def test_embeddings_are_the_same_bytes_after_a_release(encoder: USEEncoder) -> None:
    texts = [*SHORT, long_comment(0), long_comment(1)]
    before = encoder.encode(texts)
    assert use_onnx.release_arenas() >= 1
    after = encoder.encode(texts)
    assert after.tobytes() == before.tobytes()
    fresh = USEEncoder(threads=1, backend="onnx-int8").encode(texts)  # a new session, an empty arena
    assert fresh.tobytes() == before.tobytes()


def test_analyze_results_are_unchanged_by_a_release(default_analyzer: Analyzer) -> None:
    texts = [*SHORT, long_comment(2)]
    before = [r.to_dict() for r in default_analyzer.analyze(texts)]
    use_onnx.release_arenas()
    assert [r.to_dict() for r in default_analyzer.analyze(texts)] == before


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS from /proc")
def test_release_gives_back_what_long_comments_grew(encoder: USEEncoder) -> None:
    encoder.encode(SHORT)
    use_onnx.release_arenas()
    base = rss_mib()
    encoder.encode([long_comment(i) for i in range(20)])  # measured: the arena grows by ~40 MB
    grown = rss_mib()
    use_onnx.release_arenas()
    released = rss_mib()
    assert grown - released > 15, (base, grown, released)
    assert released - base < 10, (base, grown, released)


def test_only_live_sessions_are_released() -> None:
    enc = USEEncoder(threads=1, backend="onnx-int8")
    enc.encode(SHORT[:1])
    sess = enc._load()[2]  # the dense callable holds its session
    n = use_onnx.release_arenas()
    del enc, sess
    gc.collect()
    assert use_onnx.release_arenas() == n - 1


def test_the_float32_graph_is_released_too() -> None:
    enc = USEEncoder(threads=1, backend="onnx")  # a session of build_graph: the same inputs as the int8 one
    before = enc.encode(SHORT)
    assert use_onnx.release_arenas() >= 1  # raises if the one-token feed did not fit the float32 graph
    assert np.array_equal(enc.encode(SHORT), before)
