"""The classify job (``npslens classify``): stream an input table → JSONL, CSV or Parquet results.

Two engines share the reading (:func:`batch.tables.read_table`), the batching and the output format
(:mod:`batch.ray_engine`): ``local`` scores in this process, ``ray`` on Ray Data actors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from batch.progress import ProgressOpener, open_progress
from batch.results.writer import CHUNK_ROWS, ResultWriter, result_line, staged_input
from batch.tables import read_table
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, load_taxonomy

ENGINES = ("local", "ray")


def load_analyzer_and_taxonomy(model: str | None, taxonomy: Path | None,
                               backend: str | None = None) -> tuple[Analyzer, Taxonomy | None]:
    """The model and the optional customer taxonomy (validated first: it fails faster than a model load)."""
    tax = load_taxonomy(taxonomy) if taxonomy else None  # validate before the (slower) model load
    return Analyzer.load(model, backend=backend), tax


def note_fit(analyzer: Analyzer, taxonomy: Taxonomy | None, note: Callable[[str], None] | None) -> None:
    """Tell ``note`` which taxonomy fit (``npslens taxonomy fit``) the few-shot head reads, when there is one."""
    if note is None or taxonomy is None:
        return
    fit = analyzer.fit_folder(taxonomy)
    if fit is not None:
        note(f"taxonomy fit: {fit.name} (the few-shot head reads the encoder fine-tuned on this taxonomy's examples)")


def classify_file(input: str, *, text_column: str, output: str, id_column: str | None, taxonomy: Path | None,
                  model: str | None, input_format: str | None, batch_size: int, engine: str = "local",
                  ray_address: str | None = None, num_workers: int | None = None, gpu: bool = False,
                  backend: str | None = None, progress: ProgressOpener | None = None,
                  note: Callable[[str], None] | None = None) -> int:
    """Classify every row of ``input`` and write one result line per row to ``output``; returns the row count.

    ``progress`` opens the callback that gets the rows of each chunk (after the input and engine are checked);
    ``note`` gets a line naming the taxonomy fit used, if any (local engine; Ray workers look it up themselves).

    Raises:
        NPSLensError: a bad input file or column, taxonomy, model, or Ray setup.
    """
    if engine == "ray":
        from batch.ray_engine import classify_with_ray, import_ray

        import_ray()  # a missing install fails before the progress bar shows
        with open_progress(progress) as bar:
            return classify_with_ray(input, output, text_column=text_column, id_column=id_column, model=model,
                                     taxonomy_path=taxonomy, input_format=input_format, batch_size=batch_size,
                                     address=ray_address, num_workers=num_workers, use_gpu=gpu, backend=backend,
                                     progress=bar)
    required = [text_column] + ([id_column] if id_column else [])
    with staged_input(input) as local_in:
        chunks = read_table(local_in, required, input_format, chunksize=max(batch_size, CHUNK_ROWS))
        first = next(chunks, None)  # fail on a bad file/column before loading the model
        analyzer, tax = load_analyzer_and_taxonomy(model, taxonomy, backend)
        note_fit(analyzer, tax, note)
        row = 0
        with ResultWriter.open(output) as out, open_progress(progress) as bar:
            for chunk in _chain(first, chunks) if first is not None else ():
                texts = chunk[text_column].tolist()
                ids = chunk[id_column].tolist() if id_column else [None] * len(texts)
                lines = []
                for cid, res in zip(ids, analyzer.pipe(texts, taxonomy=tax, batch_size=batch_size), strict=True):
                    lines.append(result_line(row, cid, res))
                    row += 1
                out.write(lines)
                bar(len(texts))
    return row


def classify_texts(texts: list[str], *, output: str, taxonomy: Path | None, model: str | None,
                   backend: str | None = None, note: Callable[[str], None] | None = None) -> int:
    """Classify comments given on the command line (``--text``): one result line each, ``row`` 0, 1 …, no id.
    ``note`` gets a line naming the taxonomy fit used, if any.

    Returns:
        The number of comments written.
    """
    analyzer, tax = load_analyzer_and_taxonomy(model, taxonomy, backend)
    note_fit(analyzer, tax, note)
    results = analyzer.pipe(list(texts), taxonomy=tax, batch_size=max(len(texts), 1))
    with ResultWriter.open(output) as out:
        out.write([result_line(row, None, res) for row, res in enumerate(results)])
    return len(texts)


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest
