"""``npslens classify --engine ray`` into a folder: reading, scoring and writing all on the workers.

The driver lists and numbers the input files (:mod:`batch.ray_io`), builds one streaming Ray Data pipeline —
read tasks (one per file) → :class:`ScoreRows` actors → :func:`batch.ray_sink.result_sink` write tasks — and,
once every part is written, checks that the parts tile the rows and writes ``_manifest.json``. Nothing per row
passes through the driver (no ``ray.put`` of the input, no result rows), so its memory does not grow with the
input. The results are the local engine's, row for row: the workers read with the same reader and score the same
``batch_size`` slices of each chunk (see :mod:`batch.ray_engine`).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from batch.ray_io import InputFile, classify_units, list_inputs, number_inputs, table_source
from batch.ray_sink import MIN_ROWS_PER_PART, PART_FORMATS, Staging, check_tiling, manifest, result_sink
from batch.results.writer import CHUNK_ROWS, _is_uri, result_line
from batch.tables import read_table
from nlp.errors import ConfigError, DistributedError, NPSLensError
from nlp.taxonomy import Taxonomy

UNITS_PER_BLOCK = 8  # slices per read block: the unit of work an actor gets at a time
IO_CPUS = 0  # read and write tasks reserve no CPU: the actors hold every CPU, and I/O must still run beside them


def folder_format(output: str, output_format: str | None) -> str | None:
    """The part format when ``output`` is a folder output, else ``None`` (one file, as today).

    A folder output is asked for with ``--output-format parquet-dir|jsonl-dir``, or by an output path ending in
    ``/`` or naming an existing folder (Parquet parts).
    """
    if output_format:
        fmt = output_format.removesuffix("-dir")
        if not output_format.endswith("-dir") or fmt not in PART_FORMATS:
            raise ConfigError(f"--output-format must be parquet-dir or jsonl-dir, got {output_format!r}")
        return fmt
    if output == "-":
        return None
    if output.endswith("/") or (not _is_uri(output) and Path(output).is_dir()):
        return "parquet"
    return None


class ScoreRows:
    """Ray Data actor: loads the analyzer once, then turns each unit (one slice of comments) into
    ``{"row", "line"}`` rows, the lines the local engine writes."""

    def __init__(self, model: str | None, taxonomy: Taxonomy | None, threads: int, backend: str | None = None) -> None:
        from nlp.pipeline import Analyzer

        self.analyzer = Analyzer.load(model, threads=threads, backend=backend)
        self.taxonomy = taxonomy

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        rows: list[int] = []
        lines: list[str] = []
        for row, payload in zip(batch["row"], batch["payload"], strict=True):
            texts, ids = pickle.loads(payload)
            results = self.analyzer.analyze(texts, taxonomy=self.taxonomy, batch_size=max(len(texts), 1))
            for i, (cid, res) in enumerate(zip(ids, results, strict=True)):
                rows.append(int(row) + i)
                lines.append(result_line(int(row) + i, cid, res))
        return pd.DataFrame({"row": pd.Series(rows, dtype="int64"), "line": pd.Series(lines, dtype=object)})


def quiet_context() -> None:
    """Ray Data quiet and in order (no progress bars, no stats, ``preserve_order``)."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.enable_auto_log_stats = False


def write_folder(files: list[InputFile], folder: str, fmt: str, *, required: list[str], text_column: str,
                 id_column: str | None, batch_size: int, model: str | None, taxonomy: Taxonomy | None,
                 workers: int, threads: int, use_gpu: bool, backend: str | None,
                 min_rows: int = MIN_ROWS_PER_PART) -> list[dict[str, Any]]:
    """The Ray Data pipeline (runs where a full Ray driver is); returns the parts written."""
    import ray.data

    quiet_context()
    source = table_source(files, required, max(batch_size, CHUNK_ROWS),
                          classify_units(text_column, id_column, batch_size), UNITS_PER_BLOCK)
    sink = result_sink(folder, fmt, min_rows)
    ds = ray.data.read_datasource(source, num_cpus=IO_CPUS).map_batches(
        ScoreRows, batch_size=1, batch_format="pandas", compute=ray.data.ActorPoolStrategy(size=workers),
        fn_constructor_kwargs={"model": model, "taxonomy": taxonomy, "threads": threads, "backend": backend},
        num_cpus=threads, num_gpus=1 if use_gpu else None)
    ds.write_datasink(sink, ray_remote_args={"num_cpus": IO_CPUS})
    return list(sink.parts)


def _model_identity(model: str | None) -> dict[str, str]:
    from nlp.artifacts.folder import model_identity

    return model_identity(model)[0]


def classify_folder(ray: Any, input_path: str, output: str, fmt: str, *, text_column: str, id_column: str | None,
                    input_format: str | None, batch_size: int, model: str | None, taxonomy: Taxonomy | None,
                    workers: int, threads: int, use_gpu: bool, backend: str | None,
                    progress: Callable[[int], None], min_rows: int = MIN_ROWS_PER_PART) -> int:
    """Classify ``input_path`` (file, folder, glob, URI) into the folder ``output``; returns the row count.
    Ray must be initialised (:func:`batch.ray_engine.ray_session`)."""
    required = [text_column] + ([id_column] if id_column else [])
    files = list_inputs(input_path, input_format)
    if not _is_uri(files[0].path):  # a bad file or column fails before any work starts
        next(read_table(files[0].path, required, files[0].fmt, chunksize=1), None)
    staging = Staging(output)
    parts: list[dict[str, Any]] = []
    try:
        numbered = number_inputs(ray, files, required)
        identity = ray.get(ray.remote(num_cpus=0)(_model_identity).remote(model))
        options: dict[str, Any] = {"required": required, "text_column": text_column, "id_column": id_column,
                   "batch_size": batch_size, "model": model, "taxonomy": taxonomy, "workers": workers,
                   "threads": threads, "use_gpu": use_gpu, "backend": backend, "min_rows": min_rows}
        if ray.util.client.ray.is_connected():  # Ray Client: Ray Data runs in a task inside the cluster
            parts = ray.get(ray.remote(num_cpus=0)(write_folder).remote(numbered, staging.where, fmt, **options))
        else:
            parts = write_folder(numbered, staging.where, fmt, **options)
        known = [f.rows for f in numbered]
        parts = check_tiling(parts, None if None in known else sum(r for r in known if r is not None))
        staging.commit(manifest(parts=parts, fmt=fmt, model=identity, input_path=input_path, inputs=len(files),
                                taxonomy=taxonomy.fingerprint() if taxonomy else None))
    except BaseException as err:
        staging.abort(parts or None)
        raise worker_error(err) from None
    rows = sum(int(p["rows"]) for p in parts)
    progress(rows)
    return rows


def worker_error(err: BaseException) -> BaseException:
    """The error to raise for ``err`` from a Ray pipeline: NPS Lens errors unwrapped from Ray's task errors (which
    may also be instances of their cause's class), anything else from a worker as one DistributedError line."""
    from batch.ray_engine import _last_line, _root_error

    cause = getattr(err, "cause", None)
    if not isinstance(err, Exception) or (isinstance(err, NPSLensError) and not isinstance(cause, BaseException)):
        return err
    root = _root_error(cause if isinstance(cause, BaseException) else err)
    if isinstance(root, NPSLensError):
        return root
    named = _named_error(str(err))
    return named or DistributedError(f"a Ray worker failed: {_last_line(err)}")


def _named_error(text: str) -> NPSLensError | None:
    """The NPS Lens error a worker raised, rebuilt from the traceback text Ray's wrappers carry (Ray Data's
    ``UserCodeException`` keeps only the text, not the exception object)."""
    import re

    from nlp import errors

    found = re.findall(r"^nlp\.errors\.(\w+): (.+)$", text, flags=re.MULTILINE)
    if not found:
        return None
    name, message = found[-1]
    cls = getattr(errors, name, None)
    return cls(message) if isinstance(cls, type) and issubclass(cls, NPSLensError) else None


def local_folder_hint(output: str) -> str:
    """The usage error for a folder output with the local engine."""
    where = output if output.endswith(os.sep) or output.endswith("/") else f"{output}/"
    return f"a folder output ({where}) is written by --engine ray; pass --engine ray, or name a file (.jsonl, " \
           ".parquet, .csv)"
