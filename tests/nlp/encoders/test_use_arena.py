"""onnxruntime's CPU arena is handed back on demand (release_arenas) without changing any result."""

from __future__ import annotations

import ctypes
import gc
import json
import os
import subprocess
import sys
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


# Run in a fresh interpreter: in the long test process glibc's heap already holds freed memory from earlier tests,
# so the arena's growth may reuse it (no RSS change) and its release may stay in glibc's free lists (CI run of
# 78ba825: base = grown = released). The server releases the arenas and then calls malloc_trim (api.core.memory.trim);
# this script does the same, with malloc_trim alone first as the control: it cannot free what the arena still holds.
_RSS_SCRIPT = """
import ctypes, importlib.util, json, sys
sys.path.insert(0, sys.argv[1])
spec = importlib.util.spec_from_file_location("arena_test", sys.argv[2])  # this file, by path (no 'tests' package)
t = importlib.util.module_from_spec(spec)
spec.loader.exec_module(t)
SHORT, long_comment, rss_mib = t.SHORT, t.long_comment, t.rss_mib
from nlp.encoders.use import onnx as use_onnx
from nlp.encoders.use.encoder import USEEncoder
trim = ctypes.CDLL(None).malloc_trim
enc = USEEncoder(threads=1, backend="onnx-int8")
enc.encode(SHORT)
use_onnx.release_arenas(); trim(0)
base = rss_mib()
enc.encode([long_comment(i) for i in range(20)])  # measured: the arena grows by ~40 MB
grown = rss_mib()
trim(0)
trimmed_only = rss_mib()
use_onnx.release_arenas(); trim(0)
print(json.dumps({"base": base, "grown": grown, "trimmed_only": trimmed_only, "released": rss_mib()}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists() or not hasattr(ctypes.CDLL(None), "malloc_trim"),
                    reason="reads VmRSS from /proc, calls glibc's malloc_trim")
def test_release_gives_back_what_long_comments_grew() -> None:
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(root), __file__], capture_output=True, text=True,
                         timeout=300, cwd=root, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr[-2000:]
    m = json.loads(out.stdout.strip().splitlines()[-1])
    assert m["grown"] - m["base"] > 15, m  # the long comments grew the arena
    assert m["grown"] - m["trimmed_only"] < 10, m  # malloc_trim alone: the arena still holds its regions
    assert m["trimmed_only"] - m["released"] > 15, m  # release_arenas hands them to malloc, trim to the OS
    assert m["released"] - m["base"] < 10, m


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
