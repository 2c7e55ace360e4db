"""``npslens suggest-labels``: the comments worth labelling next, in the training input format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console

from batch.tables import read_table
from nlp.artifacts.folder import read_artifact
from nlp.artifacts.registry_file import resolve_model_path
from nlp.labelled import read_labelled, write_labelled
from nlp.pipeline import Analyzer
from training.active import suggest
from training.console import no_progress, rich_progress


def _flat(rec: dict[str, Any]) -> dict[str, Any]:
    s = rec.pop("suggested")
    th = s["themes"]
    return {**rec, "suggested_sentiment": s["sentiment"],
            "suggested_themes": ";".join(f"{k}:{v}" for k, v in th.items())}


def run_suggest(input: str, *, text_column: str, n: int, output: Path, id_column: str | None, model: str | None,
                exclude: list[Path], input_format: str | None, quiet: bool) -> int:
    console = Console(stderr=True, quiet=quiet)
    required = [text_column] + ([id_column] if id_column else [])
    df = pd.concat(list(read_table(input, required, input_format, chunksize=50_000)), ignore_index=True)
    seen = {str(t) for f in exclude for t in read_labelled(f)["text"]}
    path = resolve_model_path(model)
    analyzer = Analyzer.load(path)
    metrics = read_artifact(path, verify=False).metrics
    recs = suggest(analyzer, df[text_column].tolist(), n, metrics=metrics, exclude=seen,
                   ids=df[id_column].tolist() if id_column else None,
                   progress=no_progress if quiet else rich_progress(console))
    if output.suffix.lower() == ".csv":
        recs = [_flat(r) for r in recs]
    write_labelled(recs, output)
    console.print(f"wrote {len(recs)} comments to label to {output} (fill in sentiment and themes, then "
                  f"`npslens train --data {output}`)", highlight=False)
    return len(recs)
