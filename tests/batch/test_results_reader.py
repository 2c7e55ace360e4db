"""Reading ``npslens classify`` output with Arrow and joining it with its survey (no model)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import batch.results.join as nj
import batch.results.reader as nc
from batch.tables import count_rows
from nlp.artifacts.folder import model_identity
from nlp.errors import InputFileError

IDS = ["wait_time", "price", "app"]


def _rec(i: int, themes: dict[str, str] | None = None, *, skipped: str | None = None) -> dict[str, object]:
    if skipped:
        return {"row": i, "id": f"r{i}", "sentiment": None, "themes": [], "skipped": skipped}
    return {"row": i, "id": f"r{i}", "skipped": None,
            "sentiment": {"label": "negative", "scores": {"negative": 0.9, "neutral": 0.05, "positive": 0.05},
                          "mixed": i % 2 == 0},
            "themes": [{"id": t, "label": t.title(), "confidence": 0.8, "sentiment": s, "evidence": f"{t} {i}"}
                       for t, s in (themes or {}).items()]}


RECORDS = [_rec(i, {IDS[i % 3]: "negative", **({"wait_time": "conflict"} if i % 5 == 0 else {})})
           if i % 4 else _rec(i, skipped="empty") for i in range(40)]


def _jsonl(path: Path, records: list[dict[str, object]], blank_lines: bool = False) -> Path:
    sep = "\n\n" if blank_lines else "\n"
    path.write_text(sep.join(json.dumps(r) for r in records) + "\n")
    return path


def _flat(chunks: list[nc.ClassifiedChunk]) -> dict[str, list[object]]:
    rows = np.concatenate([c.rows for c in chunks]).tolist()
    res = nc.ResultBatch.concat([c.results for c in chunks])
    return {"rows": rows, **res.output_columns(IDS), "evidence": res.evidence.to_pylist()}


@pytest.mark.parametrize("block", [nc.BLOCK_BYTES, 97, 1000])
def test_jsonl_in_any_block_size_reads_every_row_in_order(tmp_path, monkeypatch, block):
    monkeypatch.setattr(nc, "BLOCK_BYTES", block)
    path = _jsonl(tmp_path / "c.jsonl", RECORDS, blank_lines=True)
    chunks = list(nc.read_classified(str(path), IDS))
    got = _flat(chunks)
    assert got["rows"] == list(range(40)) and (len(chunks) > 1) == (block < path.stat().st_size)
    assert got["themes"][1] == "price" and got["themes"][5] == "app;wait_time"
    assert got["theme_sentiments"][5] == "app:negative;wait_time:conflict"
    assert got["skipped"][0] == "empty" and got["sentiment"][0] is None and got["mixed"][2] is True
    assert got["evidence"][:2] == ["price 1", "app 2"]


def test_parquet_and_csv_with_the_same_columns(tmp_path):
    pq.write_table(pa.Table.from_pylist(RECORDS), tmp_path / "c.parquet")
    _jsonl(tmp_path / "c.jsonl", RECORDS)
    with (tmp_path / "c.csv").open("w", newline="", encoding="utf-8") as f:  # classify's CSV: nested as JSON
        w = csv.writer(f)
        w.writerow(["row", "id", "sentiment", "themes", "skipped"])
        w.writerows([r["row"], r["id"], json.dumps(r["sentiment"]) if r["sentiment"] else "", json.dumps(r["themes"]),
                     r["skipped"] or ""] for r in RECORDS)
    want = _flat(list(nc.read_classified(str(tmp_path / "c.jsonl"), IDS)))
    assert _flat(list(nc.read_classified(str(tmp_path / "c.parquet"), IDS, chunksize=7))) == want
    assert _flat(list(nc.read_classified(str(tmp_path / "c.csv"), IDS, chunksize=7))) == want
    assert count_rows(str(tmp_path / "c.parquet")) == 40 and count_rows(str(tmp_path / "c.jsonl")) == 40


@pytest.mark.parametrize(("records", "message"), [
    ([{"text": "hi"}], "is not a classified file"),
    ([_rec(0), {**_rec(1), "sentiment": {"label": "great", "mixed": False}}], "row 1 has sentiment 'great'"),
    ([_rec(0, {"wait_time": "angry"})], "row 0 has theme sentiment 'angry'"),
    ([_rec(0, {"parking": "negative"})], "which is not in the report's taxonomy"),
    ([{**_rec(0), "sentiment": None}], "row 0 has neither a sentiment nor a 'skipped' reason"),
])
def test_invalid_classified_files(tmp_path, records, message):
    path = _jsonl(tmp_path / "c.jsonl", records)
    with pytest.raises(InputFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(nc.read_classified(str(path), IDS))


def test_broken_json_line_is_an_input_error(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(_rec(0)) + "\n{not json\n")
    with pytest.raises(InputFileError, match="is not a classified file"):
        list(nc.read_classified(str(path), IDS))


def test_row_join_across_blocks_and_its_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(nc, "BLOCK_BYTES", 120)
    path = str(_jsonl(tmp_path / "c.jsonl", RECORDS))
    join = nj.open_join(path, IDS, by_id=False)
    got = [join.take(a, n, None) for a, n in ((0, 13), (13, 13), (26, 14))]
    assert nc.ResultBatch.concat(got).output_columns(IDS)["themes"] == _flat(
        list(nc.read_classified(path, IDS)))["themes"]
    join.finish()
    short = nj.open_join(path, IDS, by_id=False)
    with pytest.raises(InputFileError, match="has 40 rows but the survey has more"):
        short.take(0, 41, None)


def test_id_join_finds_rows_in_any_order():
    recs = [RECORDS[i] for i in (3, 1, 2, 0)]
    chunks = iter([nc.results_from_arrow(pa.RecordBatch.from_pylist(recs[:2], schema=nc.SCHEMA), IDS, "f"),
                   nc.results_from_arrow(pa.RecordBatch.from_pylist(recs[2:], schema=nc.SCHEMA), IDS, "f")])
    join = nj.IdJoin(chunks, "f")
    got = join.take(0, 4, pd.Series(["r0", "r1", "r2", "r3"]))
    assert got.output_columns(IDS)["themes"] == ["", "price", "app", "wait_time"]
    join.finish()
    with pytest.raises(InputFileError, match="appears more than once in the survey"):
        join.take(4, 1, pd.Series(["r2"]))


def test_check_texts_spots_a_misaligned_file():
    res = nc.results_from_arrow(pa.RecordBatch.from_pylist(RECORDS[:4], schema=nc.SCHEMA), IDS, "f").results
    nj.check_texts(pd.Series(["", "a", "b", "c"]), res, 0, "f")
    nj.check_texts(pd.Series([None, "a", "b", "c"], dtype=object), res, 0, "f")
    with pytest.raises(InputFileError, match="survey row 11: the comment has a comment but it was skipped"):
        nj.check_texts(pd.Series(["x", "a", "b", "c"]), res, 11, "f")


def test_model_card_reads_meta_and_taxonomy_only(tiny_model_dir):
    info, tax = model_identity(str(tiny_model_dir))
    assert info == {"name": "tiny", "version": "0.0.1"} and len(tax.ids) >= 3


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_language_round_trips_through_the_writer_and_reader(tmp_path, suffix):
    """classify's writer puts ``language`` in every format; the reader carries it; older files have none."""
    from batch.results.writer import ResultWriter, result_line
    from nlp.schema import CommentResult, SentimentResult

    sent = SentimentResult("negative", {"negative": 0.8, "neutral": 0.1, "positive": 0.1}, False)
    results = [CommentResult(sent, (), language="fr"), CommentResult(sent, (), language=None),
               CommentResult.skip("empty")]
    path = str(tmp_path / f"out{suffix}")
    with ResultWriter.open(path) as w:
        w.write([result_line(i, f"r{i}", r) for i, r in enumerate(results)])
    got = nc.ResultBatch.concat([c.results for c in nc.read_classified(path, IDS)])
    assert got.language is not None and got.language.tolist() == ["fr", None, None]
    old = _jsonl(tmp_path / "old.jsonl", RECORDS[:3])
    assert nc.ResultBatch.concat([c.results for c in nc.read_classified(str(old), IDS)]).language is None
