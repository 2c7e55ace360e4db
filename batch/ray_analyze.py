"""``npslens analyze --engine ray``: the survey read, scored and aggregated block by block on Ray workers.

Each read task parses one input file with the local engine's reader (:mod:`batch.ray_io`); each 2,000-row chunk is
one unit that a :class:`AnalyzeUnits` actor (one model load each) runs through the local engine's own chunk step
(:func:`batch.analyze._analyse_chunk`) into a *fresh* :class:`~nlp.report.collect.Collector`, drill-down sampler
and counters, plus the chunk's comments.csv / rejects.csv rows as CSV text. The driver receives these partial
states in row order and merges them (:meth:`Collector.merge`): the per-row compact results — hence NPS, theme
counts, impacts, segments and trends — are exactly the local engine's; the quote, emerging-theme and drill-down
samples are merged samples, seeded by each chunk's first row (reproducible, not the local engine's draw). The
driver then builds and writes the report as the local engine does (it loads the model once, to embed the sampled
quotes and emerging-theme texts). With ``--classified`` (a classify folder output or a Parquet file) the workers
read the classified rows of their chunk instead of loading the model (:mod:`batch.ray_classified`).
"""

from __future__ import annotations

import io
import os
import pickle
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from batch.analyze import (
    _analyse_chunk,
    _check_options,
    _check_some_score,
    _finish_report,
    _Layout,
    _Outputs,
    _unique,
)
from batch.progress import ProgressOpener, open_progress
from batch.ray_io import frame_units, list_inputs, number_inputs, table_source
from batch.results.writer import _is_uri
from batch.sources import ClassifiedSource, LiveSource, ResultSource
from batch.tables import read_table
from nlp.dates import DateReader
from nlp.errors import ConfigError, DistributedError, InputFileError
from nlp.render.tables import CsvWriter
from nlp.report.collect import Collector
from nlp.report.drilldown import DrilldownSampler

COUNTERS = ("rejected", "skipped", "scores", "bad_scores")


class AnalyzeUnits:
    """Ray Data actor: loads the model once, then runs each unit (one survey chunk) through the local engine's chunk
    step into a fresh collector and returns the pickled partial state."""

    def __init__(self, plan: dict[str, Any], threads: int) -> None:
        os.environ["NPSLENS_THREADS"] = str(threads)
        self.plan = plan
        self.source: Any
        if plan["classified"]:
            from batch.ray_classified import RangeSource

            self.source = RangeSource(plan["classified"], plan["theme_ids"], plan["by_id"])
        else:
            self.source = LiveSource(plan["model"], plan["taxonomy"], plan["batch_size"], plan["backend"])
        self.layout = _Layout(**plan["layout"])

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        out: dict[str, list[Any]] = {"row": [], "n": [], "state": []}
        for row, n, payload in zip(batch["row"], batch["n"], batch["payload"], strict=True):
            out["row"].append(int(row))
            out["n"].append(int(n))
            out["state"].append(pickle.dumps(self.unit(pickle.loads(payload), int(row))))
        return pd.DataFrame(out)

    def unit(self, chunk: Any, first_row: int) -> dict[str, Any]:
        p, layout = self.plan, self.layout
        collector = Collector(p["labels"], p["segments"], seed=first_row)
        drill = DrilldownSampler(collector.theme_ids, p["segments"], seed=first_row)
        counts: dict[str, Counter[str]] = {k: Counter() for k in COUNTERS}
        reader = DateReader(layout.date, p["date_order"]) if layout.date else None
        bufs = {name: io.StringIO() for name in ("comments", "rejects")}
        comments = CsvWriter(bufs["comments"], layout.comments_header)
        rejects = CsvWriter(bufs["rejects"], layout.rejects_header)
        heads = {name: len(b.getvalue()) for name, b in bufs.items()}
        _analyse_chunk(chunk, first_row, source=self.source, layout=layout, collector=collector, comments=comments,
                       rejects=rejects, counts=counts, period=p["period"], date_reader=reader, drill=drill)
        return {"collector": collector, "drill": drill, "counts": counts,
                "dates": reader.evidence if reader else {},
                **{name: b.getvalue()[heads[name]:] for name, b in bufs.items()}}


def analyze_with_ray(input: str, *, text_column: str, score_column: str, id_column: str | None,
                     segment_columns: list[str], date_column: str | None, period: str | None, taxonomy: Path | None,
                     model: str | None, output_dir: Path, chunk_rows: int | None = None, batch_size: int = 256,
                     progress: ProgressOpener | None = None, backend: str | None = None,
                     input_format: str | None = None, date_order: str | None = None, address: str | None = None,
                     num_workers: int | None = None, classified: str | None = None) -> dict[str, Any]:
    """:func:`batch.analyze.run_analyze` on Ray (see the module doc); ``input`` may be a file, folder, glob or URI.
    ``classified``: a classify folder output or Parquet file whose rows the workers read range by range
    (:mod:`batch.ray_classified`) instead of running the model.

    Raises:
        NPSLensError: as the local engine; DistributedError when the cluster or a worker fails.
    """
    from batch.ray_engine import _threads_per_worker, import_ray, ray_session
    from batch.ray_folder import IO_CPUS, quiet_context, worker_error

    ray = import_ray()
    if (address or os.environ.get("RAY_ADDRESS") or "").startswith("ray://"):
        raise ConfigError("analyze --engine ray streams partial results to its driver, which Ray Client (ray://) "
                          "cannot do: submit it as a Ray job (ray job submit … -- npslens analyze …) instead")
    segments = _unique(segment_columns)
    eff_period = _check_options(period=period, date_column=date_column, output_dir=output_dir)
    required = _unique([text_column, score_column, *([id_column] if id_column else []), *segments,
                        *([date_column] if date_column else [])])
    files = list_inputs(input, input_format)
    if not _is_uri(files[0].path):  # a bad file or column fails before the model load
        next(read_table(files[0].path, required, files[0].fmt, chunksize=1), None)
    source: ResultSource
    classified_total = 0
    if classified:
        from batch.ray_classified import classified_rows

        classified = os.path.abspath(classified)
        classified_total = classified_rows(classified)
        source = ClassifiedSource(classified, model=model, taxonomy=taxonomy, by_id=False)  # taxonomy, model info
        source.meta["join"] = "id (row by row)" if id_column else "row order"
    else:
        source = LiveSource(model, taxonomy, batch_size, backend)  # the driver's: embeddings of the samples
    labels = {t.id: t.label for t in source.taxonomy.themes}
    layout_args: dict[str, Any] = {"text_column": text_column, "score_column": score_column, "id_column": id_column,
                   "segments": segments, "date_column": date_column}
    layout = _Layout(**layout_args)
    if not classified and not (address or os.environ.get("RAY_ADDRESS")):  # absolute: workers start elsewhere
        from nlp.artifacts.registry_file import resolve_model_path

        model = str(resolve_model_path(model).resolve())
    plan = {"model": model,
            "taxonomy": taxonomy, "batch_size": batch_size, "backend": backend, "layout": layout_args,
            "labels": labels, "segments": segments, "period": eff_period, "date_order": date_order,
            "classified": classified, "theme_ids": list(labels), "by_id": bool(id_column)}
    collector, drill = Collector(labels, segments), DrilldownSampler(list(labels), segments)
    counts: dict[str, Counter[str]] = {k: Counter() for k in COUNTERS}
    dates = DateReader(date_column, date_order) if date_column else None  # the chunks' inferred orders must agree
    output_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    threads = _threads_per_worker()
    with ray_session(address, num_workers, threads, False) as workers, ExitStack() as stack:
        outputs = _Outputs(output_dir, stack)
        try:
            comments, rejects = outputs.open("comments.csv"), outputs.open("rejects.csv")
            CsvWriter(comments, layout.comments_header)
            CsvWriter(rejects, layout.rejects_header)
            numbered = number_inputs(ray, files, required)
            bar = stack.enter_context(open_progress(progress))
            quiet_context()
            import ray.data

            size = chunk_rows or (ClassifiedSource.chunk_rows if classified else LiveSource.chunk_rows)
            ds = ray.data.read_datasource(table_source(numbered, required, size, frame_units, 1),
                                          num_cpus=IO_CPUS).map_batches(
                AnalyzeUnits, batch_size=1, batch_format="pandas", compute=ray.data.ActorPoolStrategy(size=workers),
                fn_constructor_kwargs={"plan": plan, "threads": threads}, num_cpus=threads)
            for block in ds.iter_batches(batch_size=None, batch_format="pandas"):
                for row, n, state in zip(block["row"], block["n"], block["state"], strict=True):
                    if int(row) != total:
                        raise DistributedError(f"internal: a chunk starts at row {int(row)}, expected {total}")
                    part = pickle.loads(state)
                    comments.write(part["comments"])
                    rejects.write(part["rejects"])
                    collector.merge(part["collector"])
                    drill.merge(part["drill"])
                    for k in ("rejected", "skipped", "scores"):
                        counts[k].update(part["counts"][k])
                    if len(counts["bad_scores"]) < 5:
                        counts["bad_scores"].update(part["counts"]["bad_scores"])
                    if dates is not None:
                        dates.merge(part["dates"])
                    total += int(n)
                    bar(int(n))
            if not total:
                raise InputFileError(f"{input}: no data rows, only a header")
            if classified and classified_total != total:
                raise InputFileError(f"{classified} has {classified_total:,} rows but the survey has {total:,}: it "
                                     "does not belong to this survey (run `npslens classify` on this survey file)")
            _check_some_score(score_column, counts, total)
        except BaseException as err:
            outputs.discard()
            raise worker_error(err) from None
    return _finish_report(collector, source, counts, total, eff_period, drill=drill, layout=layout, outputs=outputs,
                          source_name=Path(input.rstrip("/")).name)
