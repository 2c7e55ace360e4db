"""Implementation of ``npslens classify`` (streams input → JSONL output)."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from cli.progress import progress_bar
from nlp.io import read_table
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, load_taxonomy


def _id(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


@contextmanager
def open_output(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.partial")
    with tmp.open("w", encoding="utf-8") as fh:
        yield fh
    tmp.replace(out)


def load_analyzer_and_taxonomy(model: str | None, taxonomy: Path | None) -> tuple[Analyzer, Taxonomy | None]:
    tax = load_taxonomy(taxonomy) if taxonomy else None  # validate before the (slower) model load
    return Analyzer.load(model), tax


def run_classify(input: str, *, text_column: str, output: str, id_column: str | None, taxonomy: Path | None,
                 model: str | None, input_format: str | None, batch_size: int, quiet: bool) -> int:
    required = [text_column] + ([id_column] if id_column else [])
    chunks = read_table(input, required, input_format, chunksize=max(batch_size, 1000))
    first = next(chunks)  # fail on a bad file/column before loading the model
    analyzer, tax = load_analyzer_and_taxonomy(model, taxonomy)
    row = 0
    with open_output(output) as fh, progress_bar("classifying", quiet) as bar:
        for chunk in _chain(first, chunks):
            texts = chunk[text_column].tolist()
            ids = chunk[id_column].tolist() if id_column else [None] * len(texts)
            for cid, res in zip(ids, analyzer.pipe(texts, taxonomy=tax, batch_size=batch_size), strict=True):
                fh.write(json.dumps({"row": row, "id": _id(cid), **res.to_dict()}, ensure_ascii=False) + "\n")
                row += 1
            bar(len(texts))
    return row


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest
