"""``npslens classify`` printing: :func:`batch.classify.classify_file` behind a progress bar."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

from batch.classify import classify_file
from cli.progress import progress_bar

err = Console(stderr=True)


def run_classify(input: str, *, quiet: bool, engine: str = "local", output_format: str | None = None,
                 **options: Any) -> int:
    """Classify ``input`` with a progress bar on stderr (none with ``quiet``); returns the row count.
    ``output_format`` (``parquet-dir`` / ``jsonl-dir``, --engine ray) writes a folder (:mod:`batch.ray_folder`)."""
    label = "classifying (ray)" if engine == "ray" else "classifying"
    if engine == "ray" and output_format:
        from batch.progress import open_progress
        from batch.ray_engine import classify_with_ray, import_ray

        import_ray()
        with open_progress(lambda: progress_bar(label, quiet)) as bar:
            return classify_with_ray(input, options.pop("output"), taxonomy_path=options.pop("taxonomy"),
                                     address=options.pop("ray_address"), use_gpu=options.pop("gpu"),
                                     output_format=output_format, progress=bar, **options)
    return classify_file(input, engine=engine, progress=lambda: progress_bar(label, quiet),
                         note=None if quiet else note, **options)


def note(message: str) -> None:
    """A line on stderr (which taxonomy fit a run uses)."""
    err.print(escape(message), highlight=False)
