"""The analyze pipeline (``npslens analyze`` and the API's report jobs): survey export → report files.

Memory stays bounded: the input is read in chunks; each chunk is validated, gets its per-row results from a
*source* (the live model, or a file written by ``npslens classify`` with ``--classified``, see
:mod:`batch.sources`) and is written to comments.csv / rejects.csv straight away, column by column.
Only the compact per-row results (a few bytes per row, see :mod:`nlp.report.collect`) and two bounded text
samples are kept for the aggregation at the end.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal, get_args

import numpy as np
import pandas as pd

from batch.progress import ProgressOpener, open_progress
from batch.sources import ClassifiedSource, LiveSource, ResultSource, open_source
from batch.tables import read_table
from nlp.dates import DateReader
from nlp.errors import InputFileError, InvalidInputError
from nlp.render.html import render_report
from nlp.render.tables import CsvWriter, segment_rows, theme_table, trend_rows, write_rows
from nlp.report.build import build_report
from nlp.report.collect import Collector
from nlp.report.drilldown import DrilldownSampler
from nlp.report.emerging import LEXICAL_DISTANCE, find_emerging, lexical_vectors
from nlp.report.nps import nps_groups
from nlp.report.trends import PERIODS, period_label, period_start
from nlp.report.validate import parse_scores

FIXED_COLUMNS = ("row", "id", "score", "nps_group", "sentiment", "mixed", "themes", "theme_sentiments", "skipped")
SCORE_SAMPLE = 5  # distinct invalid score values quoted when a score column has no valid score
OutputName = Literal["report.html", "report.json", "comments.csv", "themes.csv", "segments.csv", "trends.csv",
                     "rejects.csv"]
OUTPUTS: tuple[str, ...] = get_args(OutputName)  # every file a report run writes: the one list


def _unique(names: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _check_options(*, period: str | None, date_column: str | None, output_dir: Path) -> str | None:
    if period is not None and period not in PERIODS:
        raise InvalidInputError(f"--period must be one of {', '.join(PERIODS)}, got {period!r}")
    if period is not None and date_column is None:
        raise InvalidInputError("--period needs --date-column (the column holding each response's date)")
    if output_dir.exists() and not output_dir.is_dir():
        raise InvalidInputError(f"--output-dir {output_dir} is a file, not a folder")
    return (period or "month") if date_column else None


class _Outputs:
    """comments.csv and rejects.csv written as ``.partial`` files and renamed only when the run succeeds."""

    def __init__(self, out: Path, stack: ExitStack) -> None:
        self.out = out
        self.paths: dict[str, Path] = {}
        self._stack = stack

    def open(self, name: str) -> IO[str]:
        tmp = self.out / f".{name}.partial"
        self.paths[name] = tmp
        return self._stack.enter_context(tmp.open("w", encoding="utf-8", newline=""))

    def commit(self) -> None:
        for name, tmp in self.paths.items():
            tmp.replace(self.out / name)

    def discard(self) -> None:
        for tmp in self.paths.values():
            tmp.unlink(missing_ok=True)


def _chain(first: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    yield first
    yield from rest


class _Layout:
    """Which input columns go where, and the comments.csv / rejects.csv headers."""

    def __init__(self, *, text_column: str, score_column: str, id_column: str | None, segments: Sequence[str],
                 date_column: str | None) -> None:
        self.text, self.score, self.id, self.date = text_column, score_column, id_column, date_column
        self.seg_out = {c: (f"{c} (input)" if c in FIXED_COLUMNS else c) for c in segments}
        self.date_out = None if date_column is None else (
            f"{date_column} (input)" if date_column in (*FIXED_COLUMNS, *self.seg_out.values(), "period")
            else date_column)
        extra = [self.date_out, "period"] if self.date_out else []
        self.comments_header = [*FIXED_COLUMNS, *self.seg_out.values(), *extra, "text"]
        self.rejects_header = ["row", "id", "reason", "score", *self.seg_out.values(),
                               *([self.date_out] if self.date_out else []), "text"]

    def inputs(self, chunk: pd.DataFrame, index: np.ndarray) -> dict[str, pd.Series]:
        """The input cells copied to both CSVs (id, segments, date, text) of the rows at ``index``."""
        def col(name: str) -> pd.Series:
            return chunk[name].iloc[index].reset_index(drop=True)

        out = {"text": col(self.text), **{o: col(c) for c, o in self.seg_out.items()}}
        if self.id:
            out["id"] = col(self.id)
        if self.date and self.date_out:
            out[self.date_out] = col(self.date)
        return out


def run_analyze(input: str, *, text_column: str, score_column: str, id_column: str | None,
                segment_columns: Sequence[str], date_column: str | None, period: str | None,
                taxonomy: Path | None, model: str | None, output_dir: Path,
                classified: str | None = None, chunk_rows: int | None = None, batch_size: int = 256,
                progress: ProgressOpener | None = None, backend: str | None = None,
                input_format: str | None = None, date_order: str | None = None, engine: str = "local",
                ray_address: str | None = None, num_workers: int | None = None) -> dict[str, Any]:
    """Run the whole analysis and write every output file; returns the report dict.

    Args:
        classified: a file written by ``npslens classify`` for this survey (JSONL or Parquet): its results are
            used instead of running the model, joined by ``id_column`` when given, else by row order.
        chunk_rows: survey rows per chunk (default 2,000 with the model, 20,000 with ``classified``).
        progress: opens the progress callback once the input and model are ready (the CLI's bar, the API's
            job progress); the callback gets the number of rows after each chunk.
        backend: the encoder backend (default: the model's own); unused with ``classified``.
        input_format: csv, jsonl, parquet or xlsx (default: from the extension); Qualtrics / SurveyMonkey
            exports are detected from their header rows.
        date_order: ``"day-first"`` or ``"month-first"`` for slash dates (``05/04/2026``); without it a file
            with such ambiguous dates is an error (:mod:`nlp.dates`).
        engine: ``"local"`` (this process) or ``"ray"`` (:mod:`batch.ray_analyze`: the chunks scored and
            aggregated on Ray workers, merged here; ``ray_address`` and ``num_workers`` as for classify).

    Raises:
        NPSLensError: bad options, input file, classified file, taxonomy or model (the CLI prints one
            ``error:`` line).
    """
    if engine == "ray":
        from batch.ray_analyze import analyze_with_ray

        return analyze_with_ray(input, text_column=text_column, score_column=score_column, id_column=id_column,
                                segment_columns=list(segment_columns), date_column=date_column, period=period,
                                taxonomy=taxonomy, model=model, output_dir=output_dir, chunk_rows=chunk_rows,
                                batch_size=batch_size, progress=progress, backend=backend, input_format=input_format,
                                date_order=date_order, address=ray_address, num_workers=num_workers,
                                classified=classified)
    if engine != "local":
        raise InvalidInputError(f"engine must be 'local' or 'ray', got {engine!r}")
    segments = _unique(segment_columns)
    eff_period = _check_options(period=period, date_column=date_column, output_dir=output_dir)
    required = _unique([text_column, score_column, *([id_column] if id_column else []), *segments,
                        *([date_column] if date_column else [])])
    size = chunk_rows or (ClassifiedSource.chunk_rows if classified else LiveSource.chunk_rows)
    chunks = read_table(input, required, fmt=input_format, chunksize=size)
    first = next(chunks)  # a bad file or column fails before the (slower) model load
    while first.empty:
        nxt = next(chunks, None)
        if nxt is None:
            raise InputFileError(f"{input}: no data rows, only a header")
        first = nxt
    source = open_source(classified=classified, model=model, taxonomy=taxonomy, by_id=bool(id_column),
                         batch_size=batch_size, backend=backend)
    labels = {t.id: t.label for t in source.taxonomy.themes}
    output_dir.mkdir(parents=True, exist_ok=True)
    layout = _Layout(text_column=text_column, score_column=score_column, id_column=id_column, segments=segments,
                     date_column=date_column)
    collector = Collector(labels, segments)
    date_reader = DateReader(date_column, date_order) if date_column else None
    drill = DrilldownSampler(collector.theme_ids, segments)
    counts: dict[str, Counter[str]] = {"rejected": Counter(), "skipped": Counter(), "scores": Counter(),
                                       "bad_scores": Counter()}
    total = 0
    with ExitStack() as stack:
        outputs = _Outputs(output_dir, stack)
        try:
            comments = CsvWriter(outputs.open("comments.csv"), layout.comments_header)
            rejects = CsvWriter(outputs.open("rejects.csv"), layout.rejects_header)
            bar = stack.enter_context(open_progress(progress))
            for chunk in _chain(first, chunks):
                chunk = chunk.reset_index(drop=True)
                _analyse_chunk(chunk, total, source=source, layout=layout, collector=collector, comments=comments,
                               rejects=rejects, counts=counts, period=eff_period, date_reader=date_reader,
                               drill=drill)
                total += len(chunk)
                bar(len(chunk))
            _check_some_score(score_column, counts, total)
            source.finish()
        except BaseException:
            outputs.discard()
            raise
    return _finish_report(collector, source, counts, total, eff_period, drill=drill, layout=layout, outputs=outputs,
                          source_name=Path(input).name if input != "-" else "stdin")


def _period_labels(starts: pd.Series, period: str) -> list[str | None]:
    """``period_label`` of each start, computed once per distinct period."""
    uniq = {s: period_label(pd.Timestamp(s), period) for s in starts.dropna().unique()}
    return starts.map(uniq).astype(object).where(starts.notna(), None).tolist()


def _analyse_chunk(chunk: pd.DataFrame, first_row: int, *, source: ResultSource, layout: _Layout,
                   collector: Collector, comments: CsvWriter, rejects: CsvWriter,
                   counts: dict[str, Counter[str]], period: str | None,
                   date_reader: DateReader | None = None, drill: DrilldownSampler | None = None) -> None:
    """Validate one chunk, get its results, add them to the collector and write its CSV rows (all vectorised)."""
    rows = np.arange(first_row, first_row + len(chunk))
    scores, reasons = parse_scores(chunk[layout.score])
    dates = None
    if layout.date:
        dates, d_reasons = (date_reader or DateReader(layout.date)).parse(chunk[layout.date])
        reasons = reasons.where(reasons.notna(), d_reasons)
    bad = reasons.notna().to_numpy()
    counts["scores"]["valid"] += int((scores >= 0).sum())
    if len(counts["bad_scores"]) < SCORE_SAMPLE:  # a few distinct invalid scores, for the "no valid score" error
        raw = chunk[layout.score].iloc[np.flatnonzero(scores < 0)].astype(str).str.strip()
        counts["bad_scores"].update(raw[raw != ""].drop_duplicates().head(SCORE_SAMPLE).tolist())
    bad_idx, good = np.flatnonzero(bad), np.flatnonzero(~bad)
    if len(bad_idx):
        why = reasons.iloc[bad_idx].reset_index(drop=True)
        counts["rejected"].update(why.value_counts().to_dict())
        rejects.write_columns({"row": rows[bad_idx], "reason": why,
                               "score": chunk[layout.score].iloc[bad_idx].reset_index(drop=True),
                               **layout.inputs(chunk, bad_idx)}, len(bad_idx))
    ids = chunk[layout.id] if layout.id else None
    batch = source.results(chunk[layout.text], good, first_row, ids)
    if not len(good):
        return
    starts = None
    if dates is not None and period:
        starts = period_start(dates.iloc[good].reset_index(drop=True), period)
    cells = layout.inputs(chunk, good)
    seg_frame = pd.DataFrame({c: cells[o] for c, o in layout.seg_out.items()}) if layout.seg_out else None
    collector.add_batch(rows=rows[good], scores=scores[good], batch=batch, texts=cells["text"],
                        periods=None if starts is None else starts.to_numpy(),
                        segments=seg_frame, ids=None if ids is None else ids.iloc[good])
    labels = _period_labels(starts, period) if starts is not None and period else None
    if drill is not None:
        drill.add(rows=rows[good], batch=batch, texts=cells["text"], segments=seg_frame, periods=labels,
                  ids=None if ids is None else ids.iloc[good].reset_index(drop=True))
    counts["skipped"].update(pd.Series(batch.skipped, dtype=object).dropna().value_counts().to_dict())
    out: dict[str, Any] = {"row": rows[good], "score": scores[good], "nps_group": nps_groups(scores[good]),
                           **batch.output_columns(collector.theme_ids), **cells}
    if labels is not None:
        out["period"] = labels
    comments.write_columns(out, len(good))


def _check_some_score(score_column: str, counts: dict[str, Counter[str]], total: int) -> None:
    """A score column without one valid 0–10 score is the wrong column: an error, not an empty "NPS –" report.

    Raises:
        InvalidInputError: naming the column and a few of its values.
    """
    if not total or counts["scores"]["valid"]:
        return
    seen = [v for v, _ in counts["bad_scores"].most_common(SCORE_SAMPLE)]
    values = ", ".join(json.dumps(v[:40], ensure_ascii=False) for v in seen) if seen else "every cell is empty"
    raise InvalidInputError(f"score column {score_column!r} has no valid 0–10 score in {total:,} rows "
                            f"(values: {values}); pick the column with the 0–10 likelihood-to-recommend answers "
                            "(--score-column)")


def _build(collector: Collector, source: ResultSource, counts: dict[str, Counter[str]], total: int,
           period: str | None, meta: dict[str, Any], drill: DrilldownSampler | None = None) -> dict[str, Any]:
    data = collector.data()
    cands = collector.quote_candidates()
    cand_emb = source.encode(cands["text"].tolist()) if len(cands) else None
    sample = collector.emerging_sample()
    emerging: list[dict[str, object]] = []
    if len(sample) >= 8:
        emb = source.encode(sample)
        lexical = emb is None
        emerging = find_emerging(sample, lexical_vectors(sample) if lexical else emb,
                                 distance_threshold=LEXICAL_DISTANCE if lexical else 0.6,
                                 scale=collector.emerging_seen / len(sample))
    used = source.taxonomy
    report = build_report(
        data, model=source.model_info, rejected=dict(counts["rejected"]), total_rows=total,
        skipped=dict(counts["skipped"]), period=period, quote_candidates=cands, quote_embeddings=cand_emb,
        emerging=emerging, emerging_pool=collector.emerging_seen, meta=meta,
        contradiction_examples=collector.contradictions(),
        taxonomy={"name": used.name, "themes": len(used.themes), "fingerprint": used.fingerprint(),
                  "source": source.taxonomy_source},
    )
    if drill is not None:  # per theme ≤ 200 PII-masked comments, filtered in the HTML (nlp.report.drilldown)
        report["drilldown"] = drill.data({t.id: t.label for t in used.themes})
    return report


def _finish_report(collector: Collector, source: ResultSource, counts: dict[str, Counter[str]], total: int,
                   period: str | None, *, drill: DrilldownSampler, layout: _Layout, outputs: _Outputs,
                   source_name: str) -> dict[str, Any]:
    """Build the report, write its files into ``outputs.out`` and only then commit comments.csv / rejects.csv
    (discarded if the build or a write fails); both engines' last step. ``source_name`` is the report's
    ``meta.source`` (the input's file or folder name)."""
    try:  # files are closed; comments.csv / rejects.csv appear only next to a finished report
        report = _build(collector, source, counts, total, period, drill=drill,
                        meta={"source": source_name,
                              "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                              "text_column": layout.text, "score_column": layout.score, "date_column": layout.date,
                              **source.meta})
        _write_report(report, outputs.out)
    except BaseException:
        outputs.discard()
        raise
    outputs.commit()
    return report


def _write_report(report: dict[str, Any], out: Path) -> None:
    def atomic(name: str, text: str) -> None:
        tmp = out / f".{name}.partial"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out / name)

    atomic("report.json", json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    atomic("report.html", render_report(report))
    for name, (header, rows) in (("themes.csv", theme_table(report)), ("segments.csv", segment_rows(report)),
                                 ("trends.csv", trend_rows(report))):
        write_rows(out / f".{name}.partial", header, rows)
        os.replace(out / f".{name}.partial", out / name)
