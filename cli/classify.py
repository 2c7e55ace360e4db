"""``npslens classify`` printing: :func:`batch.classify.classify_file` behind a progress bar."""

from __future__ import annotations

from typing import Any

from batch.classify import classify_file
from cli.progress import progress_bar


def run_classify(input: str, *, quiet: bool, engine: str = "local", **options: Any) -> int:
    """Classify ``input`` with a progress bar on stderr (none with ``quiet``); returns the row count."""
    label = "classifying (ray)" if engine == "ray" else "classifying"
    return classify_file(input, engine=engine, progress=lambda: progress_bar(label, quiet), **options)
