"""Small numpy inference heads (linear or one-hidden-layer MLP) stored as safetensors tensors.

Training happens in scikit-learn (``training/``); these classes only hold weights and run
``predict_proba`` with numpy, so loading a model never unpickles anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import sparse

from nlp.errors import ArtifactError, InvalidInputError

Activation = Literal["softmax", "sigmoid"]


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


@dataclass(frozen=True)
class Head:
    """``x -> act(relu(x W0 + b0) … W_last + b_last / temperature)``.

    ``weights[i]`` has shape ``(in, out)``. With ``softmax`` the output columns are exclusive
    classes; with ``sigmoid`` each column is an independent probability.
    """

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    activation: Activation
    temperature: float = 1.0

    @property
    def n_features(self) -> int:
        return int(self.weights[0].shape[0])

    @property
    def n_outputs(self) -> int:
        return int(self.weights[-1].shape[1])

    def logits(self, x: np.ndarray | sparse.spmatrix) -> np.ndarray:
        """Raw scores; ``x`` may be a dense array or a scipy sparse matrix (n, n_features)."""
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise InvalidInputError(f"head expects (n, {self.n_features}) features, got {x.shape}")
        h = x if sparse.issparse(x) else x.astype(np.float32, copy=False)
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = np.asarray(h @ w) + b
            if i < len(self.weights) - 1:
                np.maximum(h, 0, out=h)
        return h / self.temperature

    def predict_proba(self, x: np.ndarray | sparse.spmatrix) -> np.ndarray:
        z = self.logits(x)
        return softmax(z) if self.activation == "softmax" else sigmoid(z)

    # --- (de)serialisation: flat dict of tensors + a small JSON-able spec ---
    def to_tensors(self, prefix: str) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            out[f"{prefix}.w{i}"] = np.ascontiguousarray(w, dtype=np.float32)
            out[f"{prefix}.b{i}"] = np.ascontiguousarray(b, dtype=np.float32)
        return out

    def spec(self) -> dict[str, object]:
        return {"layers": len(self.weights), "activation": self.activation, "temperature": self.temperature}

    @classmethod
    def from_tensors(cls, tensors: dict[str, np.ndarray], prefix: str, spec: dict[str, Any]) -> Head:
        try:
            n = int(spec["layers"])
            ws = tuple(tensors[f"{prefix}.w{i}"] for i in range(n))
            bs = tuple(tensors[f"{prefix}.b{i}"] for i in range(n))
            return cls(ws, bs, spec["activation"], float(spec.get("temperature", 1.0)))
        except (KeyError, TypeError, ValueError) as err:
            raise ArtifactError(f"head {prefix!r} is incomplete or malformed in the artefact: {err}") from None

    @classmethod
    def from_sklearn(cls, est: Any, activation: Activation, temperature: float = 1.0) -> Head:
        """Copy the weights of a fitted ``LogisticRegression`` or ``MLPClassifier``."""
        if hasattr(est, "coefs_"):
            ws = tuple(np.asarray(w, dtype=np.float32) for w in est.coefs_)
            bs = tuple(np.asarray(b, dtype=np.float32) for b in est.intercepts_)
        else:
            ws = (np.asarray(est.coef_, dtype=np.float32).T,)
            bs = (np.asarray(est.intercept_, dtype=np.float32),)
        if activation == "softmax" and ws[-1].shape[1] == 1:
            raise InvalidInputError("softmax head needs ≥3 classes or two logit columns")
        return cls(ws, bs, activation, temperature)
