"""Implementation of ``npslens analyze``: stream a survey export → report.html/json + CSV tables.

Memory stays bounded: the input is read in chunks, each chunk is validated, classified and written to
comments.csv / rejects.csv straight away, and only the compact per-row results (a few bytes per row,
see :mod:`nlp.report.collect`) are kept for the aggregation at the end.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from cli.progress import progress_bar
from nlp.errors import InputFileError, InvalidInputError
from nlp.io import read_table
from nlp.pipeline import Analyzer
from nlp.render.html import render_report
from nlp.render.tables import CsvWriter, segment_rows, theme_table, trend_rows, write_rows
from nlp.report.build import build_report
from nlp.report.collect import Collector
from nlp.report.emerging import find_emerging
from nlp.report.nps import nps_groups
from nlp.report.trends import PERIODS, period_label, period_start
from nlp.report.validate import parse_dates, parse_scores
from nlp.taxonomy import Taxonomy, load_taxonomy

CHUNK_ROWS = 2000
FIXED_COLUMNS = ("row", "id", "score", "nps_group", "sentiment", "mixed", "themes", "theme_sentiments", "skipped")
OUTPUTS = ("report.html", "report.json", "comments.csv", "themes.csv", "segments.csv", "trends.csv", "rejects.csv")


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value if isinstance(value, int | float | str) else str(value)


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


def run_analyze(input: str, *, text_column: str, score_column: str, id_column: str | None,
                segment_columns: Sequence[str], date_column: str | None, period: str | None,
                taxonomy: Path | None, model: str | None, output_dir: Path, quiet: bool,
                chunk_rows: int = CHUNK_ROWS, batch_size: int = 256) -> dict[str, Any]:
    """Run the whole analysis and write every output file; returns the report dict.

    Raises:
        NPSLensError: bad options, input file, taxonomy or model (the CLI prints one ``error:`` line).
    """
    segments = _unique(segment_columns)
    eff_period = _check_options(period=period, date_column=date_column, output_dir=output_dir)
    required = _unique([text_column, score_column, *([id_column] if id_column else []), *segments,
                        *([date_column] if date_column else [])])
    chunks = read_table(input, required, chunksize=chunk_rows)
    first = next(chunks)  # a bad file or column fails before the (slower) model load
    while first.empty:
        nxt = next(chunks, None)
        if nxt is None:
            raise InputFileError(f"{input}: no data rows, only a header")
        first = nxt
    tax: Taxonomy | None = load_taxonomy(taxonomy) if taxonomy else None
    analyzer = Analyzer.load(model)
    used = tax or analyzer.taxonomy
    labels = {t.id: t.label for t in used.themes}
    output_dir.mkdir(parents=True, exist_ok=True)

    seg_out = {c: (f"{c} (input)" if c in FIXED_COLUMNS else c) for c in segments}
    date_out = None if date_column is None else (f"{date_column} (input)" if date_column in (*FIXED_COLUMNS,
                                                 *seg_out.values(), "period") else date_column)
    com_header = [*FIXED_COLUMNS, *seg_out.values(), *([date_out, "period"] if date_out else []), "text"]
    rej_header = ["row", "id", "reason", "score", *seg_out.values(), *([date_out] if date_out else []), "text"]

    collector = Collector(labels, segments)
    rejected: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    total = 0
    with ExitStack() as stack:
        outputs = _Outputs(output_dir, stack)
        try:
            comments = CsvWriter(outputs.open("comments.csv"), com_header)
            rejects = CsvWriter(outputs.open("rejects.csv"), rej_header)
            bar = stack.enter_context(progress_bar("analysing", quiet))
            for chunk in _chain(first, chunks):
                chunk = chunk.reset_index(drop=True)
                rows = np.arange(total, total + len(chunk))
                total += len(chunk)
                scores, reasons = parse_scores(chunk[score_column])
                dates = None
                if date_column:
                    dates, d_reasons = parse_dates(chunk[date_column])
                    reasons = reasons.where(reasons.notna(), d_reasons)
                bad = reasons.notna().to_numpy()
                ids = chunk[id_column] if id_column else pd.Series([None] * len(chunk))
                for i in np.flatnonzero(bad):
                    rejected[reasons.iloc[i]] += 1
                    rejects.write({"row": int(rows[i]), "id": _cell(ids.iloc[i]), "reason": reasons.iloc[i],
                                   "score": _cell(chunk[score_column].iloc[i]),
                                   "text": _cell(chunk[text_column].iloc[i]),
                                   **{seg_out[c]: _cell(chunk[c].iloc[i]) for c in segments},
                                   **({date_out: _cell(chunk[date_column].iloc[i])} if date_out else {})})
                good = np.flatnonzero(~bad)
                if len(good):
                    _analyse_valid(chunk.iloc[good].reset_index(drop=True), rows[good], scores[good],
                                   None if dates is None else dates.iloc[good].reset_index(drop=True),
                                   analyzer=analyzer, tax=tax, collector=collector, writer=comments,
                                   skipped=skipped, text_column=text_column, id_column=id_column, seg_out=seg_out,
                                   date_column=date_column, date_out=date_out, period=eff_period,
                                   batch_size=batch_size)
                bar(len(chunk))
        except BaseException:
            outputs.discard()
            raise
    try:  # files are closed; comments.csv / rejects.csv appear only next to a finished report
        report = _build(collector, analyzer, used, tax, rejected, skipped, total, eff_period,
                        meta={"source": Path(input).name if input != "-" else "stdin",
                              "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                              "text_column": text_column, "score_column": score_column, "date_column": date_column})
        _write_report(report, output_dir)
    except BaseException:
        outputs.discard()
        raise
    outputs.commit()
    return report


def _analyse_valid(chunk: pd.DataFrame, rows: np.ndarray, scores: np.ndarray, dates: pd.Series | None, *,
                   analyzer: Analyzer, tax: Taxonomy | None, collector: Collector, writer: CsvWriter,
                   skipped: Counter[str], text_column: str, id_column: str | None, seg_out: dict[str, str],
                   date_column: str | None, date_out: str | None, period: str | None, batch_size: int) -> None:
    texts = chunk[text_column].tolist()
    results = list(analyzer.pipe(texts, taxonomy=tax, batch_size=batch_size))
    starts = period_start(dates, period) if dates is not None and period else None
    collector.add(rows=rows, scores=scores, results=results, texts=texts, periods=starts,
                  segments=chunk[list(seg_out)] if seg_out else None)
    groups = nps_groups(scores).tolist()
    ids = chunk[id_column].tolist() if id_column else [None] * len(texts)
    segs = {out: chunk[c].tolist() for c, out in seg_out.items()}
    raw_dates = chunk[date_column].tolist() if date_column else None
    labels = [period_label(s, period) if period and not pd.isna(s) else None for s in starts] \
        if starts is not None else None
    for i, res in enumerate(results):
        if res.skipped:
            skipped[res.skipped] += 1
        rec: dict[str, Any] = {
            "row": int(rows[i]), "id": _cell(ids[i]), "score": int(scores[i]), "nps_group": groups[i],
            "sentiment": res.sentiment.label if res.sentiment else None,
            "mixed": res.sentiment.mixed if res.sentiment else None,
            "themes": ";".join(h.id for h in res.themes),
            "theme_sentiments": ";".join(f"{h.id}:{h.sentiment}" for h in res.themes),
            "skipped": res.skipped, "text": _cell(texts[i]),
            **{out: _cell(v[i]) for out, v in segs.items()},
        }
        if date_out and raw_dates is not None and labels is not None:
            rec[date_out] = _cell(raw_dates[i])
            rec["period"] = labels[i]
        writer.write(rec)


def _build(collector: Collector, analyzer: Analyzer, used: Taxonomy, tax: Taxonomy | None, rejected: Counter[str],
           skipped: Counter[str], total: int, period: str | None, meta: dict[str, Any]) -> dict[str, Any]:
    data = collector.data()
    cands = collector.quote_candidates()
    cand_emb = analyzer.encoder.encode(cands["text"].tolist()) if len(cands) else None
    sample = collector.emerging_sample()
    emerging: list[dict[str, object]] = []
    if len(sample) >= 8:
        emerging = find_emerging(sample, analyzer.encoder.encode(sample),
                                 scale=collector.emerging_seen / len(sample))
    return build_report(
        data, model=analyzer.model_info, rejected=dict(rejected), total_rows=total, skipped=dict(skipped),
        period=period, quote_candidates=cands, quote_embeddings=cand_emb, emerging=emerging,
        emerging_pool=collector.emerging_seen, meta=meta,
        taxonomy={"name": used.name, "themes": len(used.themes), "fingerprint": used.fingerprint(),
                  "source": "file" if tax else "model"},
    )


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


def print_summary(report: dict[str, Any], output_dir: Path) -> None:
    """NPS and the top-5 drivers (by absolute impact) as rich tables on stdout."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    nps = report["nps"]

    def fmt(x: float | None) -> str:
        return "–" if x is None else f"{x:+.1f}"

    ci = nps["ci95"] or [None, None]
    head = Table(title="Net Promoter Score", show_header=False)
    head.add_column(style="bold")
    head.add_column()
    head.add_row("NPS", f"{fmt(nps['score'])}  (95% CI {fmt(ci[0])} to {fmt(ci[1])})")
    head.add_row("respondents", f"{nps['n']:,}: {nps['promoters']:,} promoters, {nps['passives']:,} passives, "
                 f"{nps['detractors']:,} detractors")
    head.add_row("rejected rows", f"{report['rejected']['count']:,} of {report['data_quality']['rows']:,}")
    console.print(head)
    ranked = [t for t in report["themes"] if not t["low_mentions"] and t["mentions"] and t["impact"] is not None]
    top = sorted(ranked, key=lambda t: -abs(t["impact"]))[:5]
    drivers = Table(title="Top drivers (impact on NPS, points)", show_header=True, header_style="bold")
    for col, just in (("theme", "left"), ("mentions", "right"), ("impact", "right"), ("95% CI", "right"),
                      ("p", "right"), ("key-driver", "right")):
        drivers.add_column(col, justify=just)  # type: ignore[arg-type]
    for t in top:
        lo, hi = t["impact_ci95"]
        drivers.add_row(t["label"], f"{t['mentions']:,}", fmt(t["impact"]), f"{fmt(lo)} to {fmt(hi)}",
                        "<0.001" if (t["p_value"] or 1) < 0.001 else f"{t['p_value']:.3f}", fmt(t["key_driver_impact"]))
    if top:
        console.print(drivers)
    else:
        console.print("no theme has enough mentions to rank")
    console.print(f"wrote {', '.join(OUTPUTS)} to {output_dir}")
