"""Classify a comment table on Ray Data (``npslens classify --engine ray``), output identical to the local engine.

Both engines share the result IO (:mod:`batch.results.writer`) and differ only in where
:meth:`nlp.pipeline.Analyzer.analyze` runs. Every encoder backend scores a comment independently of its batch;
the Ray engine still scores exactly the local engine's batches, so nothing else can differ either: the driver
reads with the same :func:`batch.tables.read_table` call, cuts each chunk into the same ``batch_size`` slices, and
makes each slice ONE dataset row that ``map_batches(batch_size=1)`` hands whole to an actor. The driver writes
slices strictly in batch order (``preserve_order``, plus a reorder buffer and a count: a gap is an error).
Ray is imported lazily: importing :mod:`nlp` never imports it. See docs/scaling.md.
"""

from __future__ import annotations

import logging
import os
import pickle
import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from batch.results.writer import CHUNK_ROWS, ResultWriter, cell_id, first_line, result_line, staged_input
from batch.tables import read_table
from nlp.errors import ConfigError, DistributedError, MissingDependencyError, NPSLensError
from nlp.taxonomy import Taxonomy, load_taxonomy
from nlp.threads import env_threads, usable_cores

RAY_HINT = "pip install 'npslens[ray]'"


# ---------------------------------------------------------------------------------------------- Ray engine
def import_ray() -> Any:
    """``ray`` with Ray Data, quiet (no usage stats); :class:`MissingDependencyError` when not installed."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
        import ray.data
    except ImportError as err:
        raise MissingDependencyError(f"--engine ray needs Ray Data ({err.name or 'ray'} is not installed): "
                                     f"{RAY_HINT}") from None
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)  # no INFO lines, tips or traces: errors are ours
    return ray


def slice_batches(chunks: Iterable[Any], text_column: str, id_column: str | None,
                  batch_size: int) -> Iterator[tuple[int, int, list[Any], list[str | None]]]:
    """``(batch number, first row, raw text cells, ids)`` for exactly the batches the local engine scores:
    each chunk from :func:`batch.tables.read_table` cut into ``batch_size`` slices from its start."""
    row = 0
    k = 0
    for chunk in chunks:
        texts = chunk[text_column].tolist()
        ids: list[str | None] = [cell_id(v) for v in chunk[id_column].tolist()] if id_column else [None] * len(texts)
        for s in range(0, len(texts), batch_size):
            yield k, row + s, texts[s:s + batch_size], ids[s:s + batch_size]
            k += 1
        row += len(texts)


class ScoreBatches:
    """Ray Data actor: loads the analyzer once, then turns each dataset row (one batch) into its lines."""

    def __init__(self, model: str | None, taxonomy: Taxonomy | None, threads: int, backend: str | None = None) -> None:
        from nlp.pipeline import Analyzer

        self.analyzer = Analyzer.load(model, threads=threads, backend=backend)
        self.taxonomy = taxonomy

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        out: dict[str, list[Any]] = {"batch": [], "row": [], "n": [], "lines": []}
        for k, row, payload in zip(batch["batch"], batch["row"], batch["payload"], strict=True):
            texts, ids = pickle.loads(payload)
            results = self.analyzer.analyze(texts, taxonomy=self.taxonomy, batch_size=max(len(texts), 1))
            lines = [result_line(int(row) + i, cid, res) for i, (cid, res) in enumerate(zip(ids, results,
                                                                                               strict=True))]
            out["batch"].append(int(k))
            out["row"].append(int(row))
            out["n"].append(len(lines))
            out["lines"].append("\n".join(lines))
        return pd.DataFrame(out)


def _threads_per_worker() -> int:
    """``NPSLENS_THREADS`` per Ray worker; 1 when unset (Ray runs one worker per reserved CPU)."""
    return env_threads() or 1


def _probe(address: str) -> None:
    """Fail fast when ``HOST:PORT`` / ``ray://HOST:PORT`` does not answer (Ray itself retries for minutes)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # 'auto', 'local' …: Ray resolves them
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except OSError as err:
        raise DistributedError(f"cannot connect to Ray at {address!r}: {host}:{port} does not answer "
                               f"({err.strerror or err})") from None


@contextmanager
def ray_session(address: str | None, num_workers: int | None, threads: int, use_gpu: bool) -> Iterator[int]:
    """Connect to ``address`` (``auto``, ``ray://host:10001``; default ``$RAY_ADDRESS``) or start a private
    local Ray sized for the workers; yields the worker count; disconnects/stops what it started."""
    ray = import_ray()
    started = not ray.is_initialized()
    address = address or os.environ.get("RAY_ADDRESS") or None
    if started:
        if address:
            _probe(address)
        local = {} if address else {"num_cpus": (num_workers or max(1, usable_cores() // threads)) * threads}
        try:
            ray.init(address=address or "local", include_dashboard=False, log_to_driver=False, ignore_reinit_error=True,
                     logging_level=logging.ERROR, **local)
        except (ConnectionError, RuntimeError, ValueError) as err:
            raise DistributedError(f"cannot connect to Ray at {address!r}: {first_line(err)}") from None
    try:
        if num_workers is None:
            res = ray.cluster_resources()
            num_workers = int(res.get("GPU", 0)) if use_gpu else int(res.get("CPU", 1) // threads)
            if num_workers < 1:
                need, fix = ("a GPU", "add GPU nodes or drop --gpu") if use_gpu else \
                    (f"{threads} CPUs", "add nodes or lower NPSLENS_THREADS")
                raise ConfigError(f"the Ray cluster has no room for one worker ({need}): {fix}")
        yield num_workers
    finally:
        if started:
            ray.shutdown()


def _last_line(err: BaseException) -> str:
    """The last line of a Ray error (the worker's own exception), ``nlp.errors.X: `` prefix dropped."""
    lines = [ln for ln in str(err).strip().splitlines() if ln.strip()]
    last = lines[-1].strip() if lines else type(err).__name__
    return last.split(": ", 1)[1] if last.startswith("nlp.errors.") and ": " in last else last[:300]


def _root_error(err: BaseException) -> BaseException:
    """The first NPS Lens error inside Ray's wrappers (``cause``/``__cause__`` chains), else ``err``."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [err]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, NPSLensError):
            return e
        todo += [getattr(e, "cause", None), e.__cause__, e.__context__]
    return err


def classify_with_ray(input_path: str, output_path: str, *, text_column: str, id_column: str | None = None,
                      model: str | None = None, taxonomy_path: str | Path | None = None,
                      input_format: str | None = None, batch_size: int = 256, address: str | None = None,
                      num_workers: int | None = None, use_gpu: bool = False, backend: str | None = None,
                      progress: Callable[[int], None] | None = None, output_format: str | None = None) -> int:
    """Classify ``input_path`` on Ray Data actors (one model load each) and write ``output_path``.

    ``output_path`` is one file (the driver reads the input and writes the rows in order, as below), or a folder
    (``output_format`` ``parquet-dir`` / ``jsonl-dir``, or a path ending in ``/`` or naming a folder): then the
    workers read the input (a file, folder, glob or URI) and write the parts themselves, the driver only the
    manifest (:mod:`batch.ray_folder`).

    Returns the number of rows written. ``num_workers`` defaults to one per core (local Ray) or per
    CPU/GPU of the cluster; each worker reserves ``NPSLENS_THREADS`` (default 1) CPUs, plus a GPU with
    ``use_gpu`` (whose actors then run the ``torch`` backend on CUDA unless ``backend`` says otherwise).

    Raises:
        MissingDependencyError: ray is not installed.
        InputFileError, InvalidTaxonomyError, ModelNotFoundError: as the local engine.
        DistributedError: the cluster cannot be reached or a worker failed for another reason.
    """
    from batch.ray_folder import classify_folder, folder_format

    ray = import_ray()
    if num_workers is not None and num_workers < 1:
        raise ConfigError(f"--num-workers must be ≥ 1, got {num_workers}")
    tax = load_taxonomy(taxonomy_path) if taxonomy_path else None
    remote = bool(address or os.environ.get("RAY_ADDRESS"))
    if not remote:  # the driver's model, checked here, by absolute path: workers may start in another folder
        from nlp.artifacts.folder import read_artifact
        from nlp.artifacts.registry_file import resolve_model_path

        model = str(resolve_model_path(model).resolve())
        read_artifact(Path(model))
    threads = _threads_per_worker()
    part_format = folder_format(output_path, output_format)
    if part_format:
        with ray_session(address, num_workers, threads, use_gpu) as workers:
            return classify_folder(ray, input_path, output_path, part_format, text_column=text_column,
                                   id_column=id_column, input_format=input_format, batch_size=batch_size, model=model,
                                   taxonomy=tax, workers=workers, threads=threads, use_gpu=use_gpu,
                                   backend=backend or ("torch" if use_gpu else None),
                                   progress=progress or (lambda n: None))
    required = [text_column] + ([id_column] if id_column else [])
    with staged_input(input_path) as local_in:
        chunks = read_table(local_in, required, input_format, chunksize=max(batch_size, CHUNK_ROWS))
        first = next(chunks, None)  # fail on a bad file/column before starting Ray
        if first is None:  # a Parquet file with a schema and no rows
            with ResultWriter.open(output_path):
                return 0
        with ray_session(address, num_workers, threads, use_gpu) as workers, ResultWriter.open(output_path) as out:
            return _run(ray, _chain(first, chunks), out, text_column=text_column, id_column=id_column,
                        batch_size=batch_size, progress=progress or (lambda n: None), model=model, taxonomy=tax,
                        workers=workers, threads=threads, use_gpu=use_gpu,
                        backend=backend or ("torch" if use_gpu else None))


def scored_blocks(refs: list[Any], *, model: str | None, taxonomy: Taxonomy | None, workers: int, threads: int,
                  use_gpu: bool, backend: str | None = None) -> Iterator[Any]:
    """The Ray Data pipeline: batch rows → :class:`ScoreBatches` actors → output blocks, in input order.
    Runs where a full Ray driver is (this process, or :class:`BlockFeed` in the cluster)."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.enable_auto_log_stats = False
    ds = ray.data.from_pandas_refs(refs).map_batches(
        ScoreBatches, batch_size=1, batch_format="pandas", compute=ray.data.ActorPoolStrategy(size=workers),
        fn_constructor_kwargs={"model": model, "taxonomy": taxonomy, "threads": threads, "backend": backend},
        num_cpus=threads, num_gpus=1 if use_gpu else None, udf_modifying_row_count=False)
    yield from ds.iter_batches(batch_size=None, batch_format="pandas")


class BlockFeed:
    """Runs :func:`scored_blocks` inside the cluster for a Ray Client (``ray://``) driver, whose process cannot
    run Ray Data's streaming executor; the client pulls the output blocks one :meth:`next` call at a time."""

    def __init__(self, refs: list[Any], options: dict[str, Any]) -> None:
        logging.getLogger("ray.data").setLevel(logging.CRITICAL)
        self._blocks = scored_blocks(refs, **options)

    def next(self) -> Any:
        return next(self._blocks, None)


def _blocks(ray: Any, refs: list[Any], options: dict[str, Any]) -> Iterator[Any]:
    if not ray.util.client.ray.is_connected():
        yield from scored_blocks(refs, **options)
        return
    feed = ray.remote(num_cpus=0)(BlockFeed).remote(refs, options)
    while (block := ray.get(feed.next.remote())) is not None:
        yield block


def _run(ray: Any, chunks: Iterator[Any], out: ResultWriter, *, text_column: str, id_column: str | None,
         batch_size: int, progress: Callable[[int], None], **options: Any) -> int:
    import pandas as pd

    refs = [ray.put(pd.DataFrame({"batch": [k], "row": [row], "payload": [pickle.dumps((texts, ids))]}))
            for k, row, texts, ids in slice_batches(chunks, text_column, id_column, batch_size)]
    pending: dict[int, tuple[int, int, str]] = {}
    next_batch, rows = 0, 0
    try:
        for block in _blocks(ray, refs, options):
            for k, row, n, lines in zip(block["batch"], block["row"], block["n"], block["lines"], strict=True):
                pending[int(k)] = (int(row), int(n), str(lines))
            while next_batch in pending:  # write strictly in input order
                row, n, lines = pending.pop(next_batch)
                if row != rows:
                    raise DistributedError(f"internal: batch {next_batch} starts at row {row}, expected {rows}")
                out.write(lines.split("\n"))
                rows += n
                next_batch += 1
                progress(n)
    except NPSLensError:
        raise
    except Exception as err:  # Ray wraps worker errors (RayTaskError, UserCodeException …)
        root = _root_error(err)
        if isinstance(root, NPSLensError):
            raise root from None
        raise DistributedError(f"a Ray worker failed: {_last_line(err)}") from None
    if pending or next_batch != len(refs):
        raise DistributedError(f"internal: got {next_batch} of {len(refs)} batches back from Ray")
    return rows


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest
