"""Encoder backends: the one list of backend names, each encoder's default, and the availability check."""

from __future__ import annotations

import importlib.util
from typing import Literal, get_args

from nlp.errors import ConfigError, MissingDependencyError

BackendName = Literal["numpy", "onnx", "onnx-int8", "torch"]
BACKENDS: tuple[str, ...] = get_args(BackendName)
USE_ENCODER = "use-m3.v1"  # the only encoder with several backends
_DEFAULT_BACKENDS = {USE_ENCODER: "onnx-int8", "minilm-l6.v1": "torch"}


def default_backend(encoder: str) -> str:
    """The fastest backend of ``encoder`` within 0.5 points of the reference (docs/benchmarks.md)."""
    return _DEFAULT_BACKENDS.get(encoder, "numpy")


def check_backend(encoder: str, backend: str) -> None:
    """Raise :class:`ConfigError` when ``backend`` cannot run ``encoder``; :class:`MissingDependencyError`
    when its optional packages are not installed."""
    if encoder != USE_ENCODER:
        if backend != default_backend(encoder):
            raise ConfigError(f"encoder {encoder!r} runs on the {default_backend(encoder)!r} backend only, "
                              f"not {backend!r}")
        return
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}; known: {list(BACKENDS)}")
    needs = {"onnx": ("onnxruntime", "onnx"), "onnx-int8": ("onnxruntime",), "torch": ("torch",)}.get(backend, ())
    for mod in needs:
        if importlib.util.find_spec(mod) is None:
            extra = "torch" if mod == "torch" else "onnx"
            raise MissingDependencyError(f"backend {backend!r} needs {mod}: pip install 'npslens[{extra}]'")
